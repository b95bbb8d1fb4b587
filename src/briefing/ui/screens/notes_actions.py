"""The notes actions of the main screen: add, edit and delete the open article's notes, in workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from briefing.errors import BriefingError
from briefing.notes import Note, NotesFile
from briefing.ui import messages
from briefing.ui.screens.dialogs import ConfirmDialog, NoteDraft, NoteEditor
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.timeline_pane import TimelinePane

if TYPE_CHECKING:
    from briefing.ui.context import Context, MainHost


class NotesActions:
    """Mixed into MainScreen (a Screen): `self` has query_one, notify, app, focused, open_id, context, host."""

    open_id: str | None
    context: Context
    host: MainHost

    # -- notes ---------------------------------------------------------------------------------------
    def _notes_ready(self) -> bool:
        if self.open_id is None:
            self.notify("Open an article first.", markup=False)
            return False
        notes_pane = self.query_one("#notes", NotesPane)
        if notes_pane.error:
            self.notify(
                f"Notes cannot be changed until the file is fixed: {notes_pane.error}",
                severity="error",
                markup=False,
                timeout=10,
            )
            return False
        return True

    def action_add_note(self) -> None:
        if not self._notes_ready():
            return
        event = self.query_one("#timeline", TimelinePane).selected_event
        timeline_focused = self.focused is self.query_one("#timeline")
        draft = NoteDraft(
            text="",
            tags=(),
            quote=event.sentence if event and timeline_focused else None,
            event=event.date if event and event.resolved and timeline_focused else None,
        )
        base = self.query_one("#notes", NotesPane).notes_file
        article_id = self.open_id

        def save(result: NoteDraft | None) -> None:
            if result is not None and article_id is not None:
                self.save_note(article_id, None, result, base)

        self.app.push_screen(NoteEditor("New note", draft), save)

    def _chosen_note(self) -> tuple[NotesPane, Note] | None:
        if not self._notes_ready():
            return None
        notes_pane = self.query_one("#notes", NotesPane)
        note = notes_pane.selected_note
        if note is None:
            self.notify("Choose a note in the notes pane first.", markup=False)
            return None
        return notes_pane, note

    def action_edit_note(self) -> None:
        chosen = self._chosen_note()
        if chosen is None:
            return
        notes_pane, note = chosen
        draft = NoteDraft(note.text, note.tags, note.quote, note.event)
        base, article_id = notes_pane.notes_file, self.open_id

        def save(result: NoteDraft | None) -> None:
            if result is not None and article_id is not None and result != draft:
                self.save_note(article_id, note.id, result, base)

        self.app.push_screen(NoteEditor("Edit note", draft), save)

    def action_delete_note(self) -> None:
        chosen = self._chosen_note()
        if chosen is None:
            return
        notes_pane, note = chosen
        base, article_id = notes_pane.notes_file, self.open_id

        def decided(yes: bool | None) -> None:
            if yes and article_id is not None:
                self.delete_worker(article_id, note.id, base)

        first_line = note.text.strip().splitlines()[0][:60] if note.text.strip() else note.id
        self.app.push_screen(ConfirmDialog(f"Delete the note “{first_line}”?"), decided)

    @work(thread=True, group="notes", exit_on_error=False)
    def save_note(self, article_id: str, note_id: str | None, draft: NoteDraft, base: NotesFile | None) -> None:
        from briefing import services

        clear = "" if note_id is not None else None  # on an edit, an emptied quote or event is cleared
        try:
            saved = services.save_note(
                self.context.paths,
                article_id,
                draft.text,
                note_id=note_id,
                tags=draft.tags,
                quote=draft.quote or clear,
                event=draft.event or clear,
                base=base,
                index=self.context.index,
            )
        except BriefingError as exc:
            self.app.call_from_thread(self._note_failed, str(exc), article_id, note_id, draft, base)
            return
        self.host.index_problem(saved.index.problem)
        result = saved.result
        warning = result.merged or bool(result.conflicts)
        self.post_message(
            messages.NotesChanged(article_id, result.notes, result.message if warning else "note saved", warning)
        )

    def _note_failed(
        self, error: str, article_id: str, note_id: str | None, draft: NoteDraft, base: NotesFile | None
    ) -> None:
        """Keep what was typed: the editor comes back with it, as the same new note or the same edit."""
        self.notify(f"Note not saved: {error}", severity="error", markup=False, timeout=10)

        def save(result: NoteDraft | None) -> None:
            if result is not None:
                self.save_note(article_id, note_id, result, base)

        title = "New note (not saved yet)" if note_id is None else "Edit note (not saved yet)"
        self.app.push_screen(NoteEditor(title, draft, unsaved=True), save)

    @work(thread=True, group="notes", exit_on_error=False)
    def delete_worker(self, article_id: str, note_id: str, base: NotesFile | None) -> None:
        from briefing import services

        try:
            saved = services.delete_note(
                self.context.paths,
                article_id,
                note_id,
                base=base,
                index=self.context.index,
            )
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, f"Note not deleted: {exc}", severity="error", markup=False)
            return
        self.host.index_problem(saved.index.problem)
        result = saved.result
        if result.conflicts:
            self.post_message(
                messages.NotesChanged(article_id, result.notes, "the note changed meanwhile and was kept", True)
            )
        else:
            self.post_message(messages.NotesChanged(article_id, result.notes, "note deleted"))

    def on_notes_changed(self, message: messages.NotesChanged) -> None:
        if message.article_id == self.open_id:
            self.query_one("#notes", NotesPane).show(message.notes)
        self.query_one("#results", ResultsList).mark_notes(message.article_id, bool(message.notes.notes))
        self.notify(message.message, severity="warning" if message.warning else "information", markup=False)
