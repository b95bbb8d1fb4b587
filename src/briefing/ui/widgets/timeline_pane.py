"""The open article's timeline: its events by date, as written ("Jul 2016", "2016-07-18").

A date the text states in full is shown plain; one completed from the publication date (or counted from
another date of the text) is marked "~", an inferred one "≈". The highlighted event's explanation ("Thursday
→ the Thursday before publication (2022-01-07), 2022-01-06") is the pane's bottom line."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.timeline import ArticleTimeline, Event, format_period
from briefing.ui.safe import safe, safe_text
from briefing.ui.widgets.lists import KeyList

# How each kind of date looks: stated dates plainly bold, others marked and dimmer.
BASIS_STYLES = {"stated": "bold cyan", "completed": "cyan", "relative": "cyan", "inferred": "italic yellow"}


def event_prompt(event: Event) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    when = event.as_written() if event.resolved else f"{event.date} ?"
    text.append(f"{event.mark or ' '}", style="yellow" if event.mark else "")
    text.append(f"{when:<16}", style=BASIS_STYLES.get(event.basis, "cyan") if event.resolved else "yellow")
    sentence = Text(event.sentence)
    where = event.sentence.find(event.mention)
    if where >= 0:
        sentence.stylize("bold", where, where + len(event.mention))
    text.append_text(sentence)
    return safe_text(text)


class TimelinePane(KeyList):
    """Choosing an event (enter) posts OptionList.OptionSelected; the screen scrolls the article to it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.events: tuple[Event, ...] = ()

    def show(self, timeline: ArticleTimeline | None) -> None:
        self.events = timeline.events if timeline else ()
        options: list[Option] = [Option(event_prompt(e), id=f"e{i}") for i, e in enumerate(self.events)]
        if timeline and timeline.anchor_inferred:
            note = safe_text(Text(f"dates resolved against {timeline.anchor_note}", style="dim italic"))
            options.insert(0, Option(note, id="anchor-note", disabled=True))
        if timeline is not None and not self.events:
            options = [Option(Text("no dated events in this article", style="dim"), id="empty", disabled=True)]
        self.set_options(options)
        self.border_subtitle = None

    @on(OptionList.OptionHighlighted)
    def _explain_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        event = self.event_of(message.option.id)
        self.border_subtitle = safe(event.explanation) if event is not None and event.explanation else None

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
