"""`briefing note` and `briefing notes`: adding, editing, deleting and listing notes (a thin shell over
`briefing.services` and `briefing.notes`).

rich is imported inside the functions, so importing this module (as `briefing.cli` does) stays cheap.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing import terminal
from briefing.terminal import CliError

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


def cmd_note(args: argparse.Namespace) -> int:
    from briefing import notes, services
    from briefing.corpus import get_article

    paths = terminal.paths_of(args)
    article_id = get_article(paths.corpus, args.id).id
    if args.delete:
        saved = services.delete_note(paths, article_id, args.delete)
        terminal.out(f"deleted note {args.delete} from {article_id}")
    elif args.edit:
        current = notes.load_notes(paths.corpus, article_id)
        note = current.get(args.edit)
        if note is None:
            raise CliError(f"no note {args.edit!r} on {article_id} (see `briefing notes {article_id}`)")
        text = _edit_in_editor(note.text)
        if text is None or text == note.text:
            terminal.out("note unchanged")
            return EXIT_OK
        saved = services.save_note(paths, article_id, text, note_id=args.edit, base=current)
        terminal.out(f"updated note {saved.result.note_id} on {article_id}")
    else:
        if args.text is None:
            raise CliError("give the note's TEXT (or - to read it from standard input)")
        text = sys.stdin.read() if args.text == "-" else args.text
        saved = services.save_note(paths, article_id, text, tags=args.tag or (), quote=args.quote, event=args.event)
        terminal.out(f"added note {saved.result.note_id} to {article_id}")
    if saved.result.merged or saved.result.conflicts:
        terminal.warn(saved.result.message)
    if saved.index.problem:
        terminal.warn(saved.index.problem)
    return EXIT_OK


def _edit_in_editor(text: str) -> str | None:
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", encoding="utf-8", delete=False) as handle:
        handle.write(text)
        name = handle.name
    try:
        completed = subprocess.run([*shlex.split(editor), name])
        if completed.returncode != 0:
            raise CliError(f"the editor ({editor}) exited with status {completed.returncode}; the note is unchanged")
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"cannot run the editor {editor!r}: set $EDITOR") from None
    finally:
        os.unlink(name)


def cmd_notes(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing import notes

    paths = terminal.paths_of(args)
    from briefing.corpus import load_corpus

    loaded = load_corpus(paths.corpus)  # its skipped files are for `briefing list` to report
    titles = {a.id: a.title for a in loaded.articles}
    if args.id:
        from briefing.corpus import get_article

        get_article(paths.corpus, args.id)
    listed, errors = notes.all_notes(paths.corpus, [args.id] if args.id else None)
    for error in errors:
        terminal.warn(error)
    if args.tag:
        wanted = {t.casefold() for t in args.tag}
        listed = [item for item in listed if wanted & {t.casefold() for t in item.note.tags}]
    if args.json:
        from briefing.services import note_row

        rows = [note_row(item.article_id, item.note, titles.get(item.article_id, "")) for item in listed]
        terminal.print_json(rows)
        return EXIT_ERROR if errors else EXIT_OK if rows else EXIT_NOTHING
    out = terminal.console()
    for item in listed:
        note = item.note
        head = Text()
        head.append(note.updated or note.created or "", style="cyan")
        head.append("  ")
        head.append(titles.get(item.article_id, item.article_id), style="bold")
        head.append(f"  [{item.article_id}]", style="dim")
        out.print(head)
        meta = Text(f"  {note.id}", style="dim")
        if note.tags:
            meta.append("  #" + " #".join(note.tags), style="magenta")
        if note.event:
            meta.append(f"  event {note.event}", style="cyan")
        out.print(meta)
        if note.quote:
            quote = Text(f"  “{note.quote}”", style="italic")
            if note.detached:
                quote.append("  (detached: no longer found in the article)", style="red")
            out.print(quote)
        for line in note.text.splitlines() or [""]:
            out.print(Text("  " + line))
        out.print()
    if errors:  # notes there may be, but they cannot be read: saying "no notes" would contradict the error
        return EXIT_ERROR
    if not listed:
        terminal.warn("no notes" + (f" on {args.id}" if args.id else "") + (" with those tags" if args.tag else ""))
        return EXIT_NOTHING
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- parser
def register(sub: Any, common: Callable[..., None]) -> None:
    note = sub.add_parser(
        "note",
        help="add a note to an article (or --edit / --delete one)",
        description="Notes are saved in "
        "<id>.notes.yaml beside the article, atomically, and merged when another window changed the file.",
    )
    common(note, suppress=True)
    note.add_argument("id", metavar="ID", help="article id")
    note.add_argument("text", nargs="?", metavar="TEXT", help="the note (- reads it from standard input)")
    note.add_argument("--tag", action="append", metavar="T", help="a tag (repeatable, or comma-separated)")
    note.add_argument("--quote", metavar="Q", help="the passage of the article the note is about")
    note.add_argument("--event", metavar="DATE", help="the timeline date the note is about (YYYY[-MM[-DD]])")
    note.add_argument("--edit", metavar="NOTE_ID", help="edit that note's text in $EDITOR")
    note.add_argument("--delete", metavar="NOTE_ID", help="delete that note")
    note.set_defaults(func=cmd_note)

    notes_cmd = sub.add_parser("notes", help="list notes, newest first, with their article titles")
    common(notes_cmd, suppress=True)
    notes_cmd.add_argument("id", nargs="?", metavar="ID", help="only this article's notes")
    notes_cmd.add_argument("--tag", action="append", metavar="T", help="only notes with this tag (repeatable)")
    notes_cmd.add_argument("--json", action="store_true", help="print a JSON list")
    notes_cmd.set_defaults(func=cmd_notes)
