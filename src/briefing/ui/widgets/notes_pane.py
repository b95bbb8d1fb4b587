"""The open article's notes, newest first, with their tags, quotes and dates."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets.option_list import Option

from briefing.notes import Note, NotesFile
from briefing.ui.safe import safe, safe_text, shown
from briefing.ui.widgets.lists import KeyList


def note_prompt(note: Note) -> Text:
    text = Text()
    text.append((note.updated or note.created or "")[:16].replace("T", " "), style="cyan")
    if note.tags:
        text.append(shown("  #" + " #".join(note.tags)), style="magenta")
    if note.event:
        text.append(shown(f"  ⌚ {note.event}"), style="cyan")
    if note.quote:
        text.append("\n“")
        text.append(shown(note.quote), style="italic")
        text.append("”")
        if note.detached:
            text.append("  (detached: no longer in the article)", style="bold red")
    text.append("\n")
    text.append(shown(note.text).rstrip("\n"))
    return safe_text(text)


class NotesPane(KeyList):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notes_file: NotesFile | None = None
        self.error: str | None = None

    def show(self, notes_file: NotesFile | None, error: str | None = None) -> None:
        self.notes_file, self.error = notes_file, error
        if error:
            self.set_options([Option(safe(error, "bold red"), id="error", disabled=True)])
            return
        notes = notes_file.newest_first() if notes_file else []
        if not notes:
            hint = "no notes yet: press a to add one" if notes_file is not None else ""
            self.set_options([Option(Text(hint, style="dim"), id="empty", disabled=True)])
            return
        self.set_options([Option(note_prompt(n), id=n.id) for n in notes])
        self.highlighted = 0

    @property
    def selected_note(self) -> Note | None:
        option = self.highlighted_option
        if option is None or self.notes_file is None or not option.id:
            return None
        return self.notes_file.get(option.id)
