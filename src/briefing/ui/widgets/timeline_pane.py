"""The open article's timeline: its events by date, as written ("Jul 2016", "2016-07-18").

A date the text states in full is shown plain; one completed from the publication date (or counted from
another date of the text) is marked "~", an inferred one "≈". The highlighted event's explanation ("Thursday
→ the Thursday before publication (2022-01-07), 2022-01-06") is the pane's bottom line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.timeline import ArticleTimeline, Event, format_period
from briefing.ui.safe import safe, safe_text
from briefing.ui.widgets.lists import KeyList

# How each kind of date looks: stated dates plainly bold, others marked and dimmer.
BASIS_STYLES = {
    "corrected": "bold green",
    "stated": "bold cyan",
    "completed": "cyan",
    "relative": "cyan",
    "inferred": "italic yellow",
}


def event_prompt(event: Event) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    when = event.as_written() if event.resolved else f"{event.date} ?"
    if event.dismissed:  # shown only when asked for (X), greyed: r brings it back
        text.append("x", style="dim")
        # a range ("2022-01-06 – 2022-01-07") longer than the column never runs into the text: a space at least
        text.append(f"{when:<15} ", style="dim strike")
        text.append_text(safe(event.sentence, "dim"))
        return safe_text(text)
    text.append(f"{event.mark or ' '}", style="yellow" if event.mark else "")
    text.append(f"{when:<15} ", style=BASIS_STYLES.get(event.basis, "cyan") if event.resolved else "yellow")
    where = event.sentence.find(event.mention) if event.mention else -1
    marks = [(where, where + len(event.mention), "bold")] if where >= 0 else []
    text.append_text(safe(event.sentence, marks=marks))
    return safe_text(text)


class TimelinePane(KeyList):
    """Choosing an event (enter) posts OptionList.OptionSelected; the screen scrolls the article to it.

    The analyst has the last word: `c` corrects the selected event's date, `x` dismisses it, `r` restores it
    (the tagger's date again; on a dismissed event, brings it back; on another, the last event dismissed
    here). `X` shows the dismissed events, greyed, whenever they were dismissed, so that any can be restored.
    The pane asks with messages (AskDate, Correct); its screen runs the correction and hands the new timeline
    to `corrected`."""

    @dataclass
    class AskDate(Message):
        """`c` on an event: the screen asks for the right date, then corrects the event."""

        article_id: str
        number: int

    @dataclass
    class Correct(Message):
        """Correct an event's date (`date`), dismiss it, or restore the tagger's date (neither)."""

        article_id: str
        number: int
        date: str | None
        dismiss: bool

    @dataclass
    class Explained(Message):
        """How the highlighted event's date was obtained, whole (the pane's border shows as much as fits),
        or None when the pane loses the focus: the screen shows it in its status line."""

        text: str | None

    BINDINGS = [
        Binding("c", "correct_date", "Correct date", id="correct_date"),
        Binding("x", "dismiss_event", "Dismiss event", id="dismiss_event"),
        Binding("r", "restore_event", "Restore event", id="restore_event"),
        Binding("X", "toggle_dismissed", "Show/hide dismissed events", id="toggle_dismissed"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.events: tuple[Event, ...] = ()
        self.article_id: str | None = None
        self.show_dismissed = False
        self._timeline: ArticleTimeline | None = None
        self._dismissed: list[tuple[str, int]] = []

    @property
    def timeline(self) -> ArticleTimeline | None:
        """The timeline shown (None: no article)."""
        return self._timeline

    def show(self, timeline: ArticleTimeline | None) -> None:
        """Show an article's timeline; its dismissed events (when the timeline carries them) only with X."""
        self._timeline = timeline
        events = timeline.events if timeline else ()
        self.events = tuple(e for e in events if self.show_dismissed or not e.dismissed)
        self.article_id = timeline.article_id if timeline else None
        options: list[Option] = [Option(event_prompt(e), id=f"e{i}") for i, e in enumerate(self.events)]
        if timeline and timeline.anchor_inferred:
            note = safe(f"dates resolved against {timeline.anchor_note}", "dim italic")
            options.insert(0, Option(note, id="anchor-note", disabled=True))
        if timeline is not None and not self.events:
            options = [Option(Text("no dated events in this article", style="dim"), id="empty", disabled=True)]
        hidden = sum(e.dismissed for e in events) if not self.show_dismissed else 0
        if hidden:
            said = f"{hidden} dismissed event{'s' if hidden > 1 else ''} hidden (X shows, r restores)"
            options.append(Option(Text(said, style="dim italic"), id="dismissed-note", disabled=True))
        self.set_options(options)
        self.border_subtitle = None
        if timeline is not None and timeline.corrections_error:
            self.notify(f"corrections not applied: {timeline.corrections_error}", severity="error", markup=False)

    # ------------------------------------------------------------------------------------------ corrections
    def _chosen(self) -> Event | None:
        """The selected event; when there is none, one line says why `c`/`x`/`r` do nothing."""
        event = self.selected_event
        if event is None:
            self.notify("choose an event first (j/k)" if self.events else "no dated events here", markup=False)
        return event

    def action_correct_date(self) -> None:
        event = self._chosen()
        if event is not None:
            self.post_message(self.AskDate(event.article_id, event.number))

    def action_dismiss_event(self) -> None:
        event = self._chosen()
        if event is not None:
            self._dismissed.append((event.article_id, event.number))
            self._correct(event.article_id, event.number, None, True)

    def action_restore_event(self) -> None:
        event = self.selected_event
        if event is not None and (event.basis == "corrected" or event.dismissed):
            if (event.article_id, event.number) in self._dismissed:
                self._dismissed.remove((event.article_id, event.number))
            self._correct(event.article_id, event.number, None, False)
            return
        last = next((n for a, n in reversed(self._dismissed) if a == self.article_id), None)
        if self.article_id is not None and last is not None:
            self._dismissed.remove((self.article_id, last))
            self._correct(self.article_id, last, None, False)
            return
        # nothing to restore: one line says why, and where the dismissed events are
        hidden = self._timeline is not None and any(e.dismissed for e in self._timeline.events)
        if event is None and not hidden:
            self._chosen()
            return
        said = [f"event {event.number} is neither corrected nor dismissed: nothing to restore"] if event else []
        if hidden:
            said.append("X shows the dismissed events, r on one brings it back")
        self.notify("; ".join(said), markup=False)

    def action_toggle_dismissed(self) -> None:
        shown, at = self.events, self._selected_index()
        self.show_dismissed = not self.show_dismissed
        self.show(self._timeline)
        self._stay_near(shown, at)
        dismissed = sum(e.dismissed for e in self._timeline.events) if self._timeline else 0
        if self.show_dismissed:
            self.notify(f"{dismissed} dismissed event{'s' if dismissed != 1 else ''} shown greyed", markup=False)

    def choose(self, number: int, *, dismissed: bool = False) -> bool:
        """Choose event `number` (picked elsewhere, e.g. in the corpus timeline); a dismissed one is shown with
        the other dismissed events, and one line says how to bring it back. False when it is not here."""
        if dismissed and not self.show_dismissed:
            self.show_dismissed = True
            self.show(self._timeline)
        if self._highlight(number) is None:
            return False
        if dismissed:
            self.notify(f"event {number} was dismissed: r brings it back, X hides the dismissed events", markup=False)
        return True

    def _highlight(self, number: int) -> int | None:
        at = next((i for i, e in enumerate(self.events) if e.number == number), None)
        if at is not None:
            self.highlighted = self.get_option_index(f"e{at}")
        return at

    def _selected_index(self) -> int | None:
        option = self.highlighted_option
        return int(option.id[1:]) if option is not None and option.id and option.id.startswith("e") else None

    def _stay_near(self, before: tuple[Event, ...], at: int | None) -> None:
        """After the list changed (dismissed events shown or hidden, one dismissed): the cursor stays on the event
        it was on, or, if that one is hidden now, on the next one still shown (else the one before), never back
        at the top."""
        if at is None:
            return
        for event in (*before[at:], *reversed(before[:at])):
            if self._highlight(event.number) is not None:
                return

    def _correct(self, article_id: str, number: int, date: str | None, dismiss: bool) -> None:
        self.post_message(self.Correct(article_id, number, date, dismiss))

    def corrected(self, timeline: ArticleTimeline, number: int) -> None:
        """The correction of event `number` is saved: show the article's new timeline with the event chosen."""
        if timeline.article_id != self.article_id:
            return  # another article was opened meanwhile: it is shown as it is
        before = self.events
        position = next((i for i, e in enumerate(before) if e.number == number), self._selected_index())
        self.show(timeline)
        self._stay_near(before, position)
        at = next((i for i, e in enumerate(self.events) if e.number == number), None)
        if at is not None and not self.events[at].dismissed:
            self.notify(safe(self.events[at].explanation), markup=False)
        else:
            self.notify(f"event {number} dismissed (r brings it back; X shows dismissed events)", markup=False)

    @on(OptionList.OptionHighlighted)
    def _explain_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        self._explain(self.event_of(message.option.id), self.has_focus)

    def _explain(self, event: Event | None, focused: bool) -> None:
        if event is not None and event.dismissed:
            by = f" by {event.correction_by} on {event.correction_at[:10]}" if event.correction_by else ""
            kept = " with its corrected date" if event.basis == "corrected" else ""
            explanation: str | None = f"dismissed{by}; r restores it{kept}"
        else:
            explanation = event.explanation if event is not None and event.explanation else None
        self.border_subtitle = safe(explanation) if explanation else None
        if focused:
            self.post_message(self.Explained(explanation))

    def on_focus(self) -> None:
        self._explain(self.selected_event, focused=True)  # (runs before Widget's own handler sets has_focus)

    def on_blur(self) -> None:
        self.post_message(self.Explained(None))

    @property
    def selected_event(self) -> Event | None:
        option = self.highlighted_option
        if option is None or not option.id or not option.id.startswith("e"):
            return None
        return self.events[int(option.id[1:])]

    def event_of(self, option_id: str | None) -> Event | None:
        if not option_id or not option_id.startswith("e"):
            return None
        return self.events[int(option_id[1:])]


__all__ = ["TimelinePane", "event_prompt", "format_period"]
