"""The corpus timeline merged: one row per happening with its sources and a conflict marker.

`m` in the corpus timeline opens it with the same filters (and `m` here goes back). Enter on an event shows
its reports side by side, each with its sentence; enter on a report opens that article at the sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.errors import BriefingError
from briefing.events import MergedEvent, Report
from briefing.timeline import period_bounds
from briefing.ui.context import Context
from briefing.ui.safe import cut_at_word, safe, safe_text, shown
from briefing.ui.screens.event_choice import EventChoice
from briefing.ui.widgets.lists import KeyList
from briefing.wording import plural

EVENTS_SHOWN = 1500


def event_line(event: MergedEvent, titles: dict[str, str]) -> Text:
    """One row: date, sources, the conflict marker, then the label."""
    line = Text()
    line.append(event.as_written() if event.resolved else f"{event.date} (year unknown)", style="bold cyan")
    sources = f"{event.sources} source{'s' if event.sources != 1 else ''}"
    if len(event.reports) != event.sources:
        sources += f", {len(event.reports)} reports"
    line.append(f"  {sources}", style="magenta" if len(event.reports) > 1 else "dim")
    if event.conflict:
        line.append("  ⚠ dates differ: ", style="bold red")
        line.append("; ".join(f"{c.value} ({len(c.articles)})" for c in event.values), style="red")
    if len(event.reports) == 1:
        line.append(f"  {cut_at_word(titles.get(event.reports[0].article, event.reports[0].article), 60)}", style="dim")
    line.append("\n  ")
    line.append(shown(event.label))
    return safe_text(line)


class MergedTimelineScreen(Screen[EventChoice | None]):
    """One row per event of the corpus timeline's selection."""

    CSS_PATH = "merged_timeline.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="merged_back"),
        Binding("m", "close", "Per-article view", id="merged_toggle"),
        Binding("c", "only_conflicts", "Conflicts only", id="merged_conflicts"),
        Binding("space", "pin", "Pin to brief", id="merged_pin"),
    ]

    def __init__(
        self,
        context: Context,
        start: str | None,
        end: str | None,
        ids: tuple[str, ...] | None,
        *,
        at: str | None = None,
    ) -> None:
        """`at`: the date the per-article view had selected; the merged view opens there."""
        super().__init__()
        self.context = context
        self.start, self.end, self.ids = start, end, ids
        self.at = at
        self.events: list[MergedEvent] = []
        self.shown: list[MergedEvent] = []
        self.titles: dict[str, str] = {}
        self.conflicts_only = False

    def compose(self) -> ComposeResult:
        with Vertical(id="merged-timeline"):
            window = f"{self.start or '…'} to {self.end or '…'}" if self.start or self.end else "all dates"
            yield Static(Text(f"Corpus timeline — merged events ({window})", style="bold"), id="mt-title")
            yield KeyList(id="mt-events")
            yield Static("", id="mt-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mt-events", KeyList).focus()
        self.build()

    @work(thread=True, exclusive=True, group="merged-timeline", exit_on_error=False)
    def build(self) -> None:
        from briefing.corpus import load_corpus
        from briefing.events import corpus_events

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(
                    self._say, f"reading the dates of {done:,} of {plural(total, 'article')}…", "dim"
                )

        try:
            self.app.call_from_thread(self._say, "reading the corpus…", "dim")
            loaded = load_corpus(self.context.paths.corpus)
            events = corpus_events(
                loaded.articles,
                start=self.start,
                end=self.end,
                ids=self.ids,
                progress=progress,
                cache=self.context.timeline_cache,
                report_cache=self.context.report_cache,
            )
            titles = {a.id: a.title for a in loaded.articles}
        except BriefingError as exc:
            self.app.call_from_thread(self._say, str(exc), "bold red")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, events, titles)

    def _say(self, message: str, style: str) -> None:
        self.query_one("#mt-status", Static).update(safe(message, style))

    def _show(self, events: list[MergedEvent], titles: dict[str, str]) -> None:
        self.events, self.titles = events, titles
        self._fill()

    def _fill(self) -> None:
        chosen = [e for e in self.events if e.conflict] if self.conflicts_only else self.events
        self.shown = chosen[:EVENTS_SHOWN]
        event_list = self.query_one("#mt-events", KeyList)
        event_list.set_options([Option(event_line(e, self.titles), id=f"m{i}") for i, e in enumerate(self.shown)])
        if self.shown:
            event_list.highlighted = _index_at(self.shown, self.at)
            event_list.scroll_to_highlight(top=True)
        else:
            event_list.add_option(Option(Text(self._why_empty(), style="dim italic"), id="empty", disabled=True))
        merged = sum(1 for e in chosen if len(e.reports) > 1)
        conflicts = sum(1 for e in self.events if e.conflict)
        summary = f"{len(chosen):,} events · {merged:,} multi-source · {conflicts:,} conflicting"
        if len(chosen) > len(self.shown):
            summary += f" · first {len(self.shown):,} shown"
        self._say(f"{summary} · enter: compare the reports", "dim")

    def _why_empty(self) -> str:
        """One line saying why the merged view shows no event."""
        if self.events:
            return "no conflicting events (c shows all events)"
        where = f" from {self.start or '…'} to {self.end or '…'}" if self.start or self.end else ""
        among = " in the current search results" if self.ids is not None else " in the corpus"
        return f"no dated events{among}{where}"

    def action_pin(self) -> None:
        from briefing.ui.brief_builder import add_pin, merged_event_pin

        option = self.query_one("#mt-events", KeyList).highlighted_option
        if option is not None and option.id != "empty":
            add_pin(self.context.paths.corpus, merged_event_pin(self.shown[int((option.id or "m0")[1:])]), self.notify)

    def action_only_conflicts(self) -> None:
        self.conflicts_only = not self.conflicts_only
        self._fill()

    @on(KeyList.OptionSelected, "#mt-events")
    def chosen(self, message: KeyList.OptionSelected) -> None:
        if message.option.id == "empty":
            return
        event = self.shown[int((message.option.id or "m0")[1:])]

        def opened(choice: EventChoice | None) -> None:
            if choice is not None:
                self.dismiss(choice)

        self.app.push_screen(EventReportsScreen(event, self.titles), opened)

    def action_close(self) -> None:
        self.dismiss(None)


class ReportCard(Static, can_focus=True):
    """One report of an event: its article, source, date as given, and sentence."""

    BINDINGS = [
        Binding("enter", "open", "Open article", id="report_open"),
        Binding("right,l", "app.focus_next", "Next report", id="reports_next"),
        Binding("left,h", "app.focus_previous", "Previous report", id="reports_previous"),
    ]

    class Open(Message):
        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report

    def __init__(self, report: Report, title: str, number: int, conflict: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.report = report
        text = Text()
        text.append(f"[{number}] ", style="bold")
        text.append(shown(title or report.article), style="bold magenta")
        text.append(shown(f"\n{report.source or '—'} · published {report.published or 'undated'}\n"), style="dim")
        given = report.value + (f" – {report.range_end}" if report.range_end else "")
        said = shown(f"says: {report.mention or given} = {given}")
        text.append(f"{said}\n\n", style="bold red" if conflict else "cyan")
        where = report.sentence.find(report.mention) if report.mention else -1
        marks = [(where, where + len(report.mention), "bold yellow")] if where >= 0 else []
        text.append_text(safe(report.sentence, marks=marks))
        self.update(safe_text(text))

    def action_open(self) -> None:
        self.post_message(self.Open(self.report))


class EventReportsScreen(Screen[EventChoice | None]):
    """The reports of one event side by side; enter on one opens its article at the sentence."""

    CSS_PATH = "merged_timeline.tcss"
    BINDINGS = [Binding("escape", "close", "Back", id="reports_back")]

    def __init__(self, event: MergedEvent, titles: dict[str, str]) -> None:
        super().__init__()
        self.event = event
        self.titles = titles

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(id="event-reports"):
            head = event_line(event, self.titles)
            yield Static(head, id="er-title")
            with HorizontalScroll(id="er-cards"):
                dated_otherwise = {
                    a for c in event.values if c.value != _key(event.date, event.range_end) for a in c.articles
                }
                for n, report in enumerate(event.reports, start=1):
                    yield ReportCard(
                        report,
                        self.titles.get(report.article, report.article),
                        n,
                        event.conflict and report.article in dated_otherwise,
                        classes="report-card",
                    )
            yield Static(
                Text("←/→ move between reports · enter opens the article at its sentence · escape back", style="dim")
            )
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        self.query(ReportCard).first().focus()

    @on(ReportCard.Open)
    def open_report(self, message: ReportCard.Open) -> None:
        r = message.report
        end = r.sentence_end if r.sentence_end >= 0 else r.sentence_start + len(r.sentence)
        self.dismiss(EventChoice(r.article, r.start, r.sentence_start, end))

    def action_close(self) -> None:
        self.dismiss(None)


def _index_at(events: list[MergedEvent], at: str | None) -> int:
    """The first event on the date `at`, else the first resolved one from that date on, else the first."""
    if at is None:
        return 0
    exact = next((i for i, e in enumerate(events) if e.date == at), None)
    if exact is not None:
        return exact
    try:
        first = period_bounds(at)[0]
    except (ValueError, BriefingError):
        return 0
    later = (i for i, e in enumerate(events) if e.resolved and _first_day(e.date) >= first)
    return next(later, 0)


def _first_day(value: str) -> dt.date:
    """The first day of a date value; the latest date there is for a value with no bounds."""
    try:
        return period_bounds(value)[0]
    except (ValueError, BriefingError):
        return dt.date.max


def _key(value: str, range_end: str | None) -> str:
    return value if not range_end else f"{value}/{range_end}"
