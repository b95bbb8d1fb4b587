"""Small modal screens: confirm, the note editor, the go-to-date prompt."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from briefing.corrections import parse_date
from briefing.dates import partial_bounds
from briefing.errors import BriefingError
from briefing.safetext import one_line
from briefing.ui.safe import safe, shown
from briefing.ui.widgets.fields import OrderedInput, OrderedTextArea


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe(self.question))
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


@dataclass(frozen=True)
class NoteDraft:
    text: str
    tags: tuple[str, ...]
    quote: str | None
    event: str | None


class NoteEditor(ModalScreen[NoteDraft | None]):
    """Write or edit a note: multi-line text, tags, and optionally the quote and the timeline date."""

    BINDINGS = [
        # not a priority binding: ctrl+s takes its turn behind the keys typed before it (see widgets.fields)
        Binding("ctrl+s", "save", "Save note", id="save_note"),
        Binding("escape", "cancel", "Cancel", id="cancel_note"),
    ]
    SHORT = 24  # terminal rows under which the fields and the text box are drawn without borders
    FOOTER = 20  # terminal rows from which the editor's footer (its keys) is shown

    def __init__(self, title: str, draft: NoteDraft, *, unsaved: bool = False) -> None:
        """`unsaved`: the draft itself is not saved anywhere (a save was refused), so escape asks even untouched."""
        super().__init__()
        self.heading = title
        self.unsaved = unsaved
        # Textual's TextArea and Input show their text raw: a note or quote carrying escapes is shown, and
        # saved, without them, by the sanitiser every pane uses. A field is one line (a newline in an Input
        # would be drawn raw); the quote and tags are saved on one line anyway.
        self.draft = NoteDraft(
            shown(draft.text),
            tuple(one_line(t) for t in draft.tags),
            one_line(draft.quote) if draft.quote else draft.quote,
            one_line(draft.event) if draft.event else draft.event,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Label(safe(self.heading, "bold"))
            text = OrderedTextArea(self.draft.text, id="note-text", soft_wrap=True)
            text.indent_width = 8  # tabs at every 8th column, as the panes (and terminals) draw them
            yield text
            with VerticalScroll(id="note-fields", can_focus=False):
                yield OrderedInput(", ".join(self.draft.tags), placeholder="tags, comma-separated", id="note-tags")
                yield OrderedInput(
                    self.draft.quote or "", placeholder="quote: the passage the note is about", id="note-quote"
                )
                yield OrderedInput(
                    self.draft.event or "", placeholder="event date: YYYY, YYYY-MM or YYYY-MM-DD", id="note-event"
                )
            yield Static(Text("ctrl+s save · escape cancel · tab next field", style="dim"), id="note-hint")
        yield Footer()  # the editor's own keys, over the main screen's footer (its keys do nothing here)

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one("#note-text", TextArea).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """On short terminals the fields lose their borders (one row each) so the note's text keeps the room."""
        short = height < self.SHORT
        self.query_one(Footer).display = height >= self.FOOTER  # below, the hint row names the keys alone
        for field in self.query("#note-fields Input").results(Input):
            field.compact = short
        self.query_one("#note-text", TextArea).compact = short

    def _current(self) -> NoteDraft:
        tags = tuple(t.strip() for t in self.query_one("#note-tags", Input).value.split(",") if t.strip())
        quote = self.query_one("#note-quote", Input).value.strip() or None
        event = self.query_one("#note-event", Input).value.strip() or None
        return NoteDraft(self.query_one("#note-text", TextArea).text, tags, quote, event)

    def action_save(self) -> None:
        draft = self._current()
        if not draft.text.strip():
            self.notify("A note needs some text.", severity="warning", markup=False)
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        if not self.unsaved and self._current() == self.draft:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard this note? What you typed will be lost."), decided)


class GoToDate(ModalScreen[str | None]):
    """Ask a date; one the app cannot read keeps the dialog open, the text as typed and the reason below it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_goto")]
    PROMPT = "Go to date (2022, 2022-01 or 2016-07-18):"
    HINT = "enter go · escape cancel"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.PROMPT, markup=False)
            yield Input(placeholder="YYYY[-MM[-DD]]", id="goto-date")
            yield Static("", id="dialog-error")
            yield Static(Text(self.HINT, style="dim"), id="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#dialog-error", Static).display = False

    def check(self, value: str) -> None:
        """Raise a one-line BriefingError when `value` is no date this dialog takes."""
        partial_bounds(value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        error = self.query_one("#dialog-error", Static)
        if value:
            try:
                self.check(value)
            except BriefingError as exc:
                error.update(safe(one_line(str(exc)), "bold red"))
                error.display = True
                self.query_one(Input).focus()
                return
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CorrectDate(GoToDate):
    """The date the analyst reads in the selected event (the timeline pane's `c`)."""

    PROMPT = "Correct the date (2022, 2022-01, 2016-07-18 or 2016-07-18..2016-07-20):"
    HINT = "enter correct · escape cancel"

    def check(self, value: str) -> None:
        parse_date(value)
