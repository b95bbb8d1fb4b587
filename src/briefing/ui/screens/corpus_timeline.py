"""Every dated event of the corpus, grouped by date; filterable, navigable by time from the keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.dates import partial_bounds
from briefing.errors import BriefingError
from briefing.timeline import DateGroup, Event, corpus_timeline, format_period, period_bounds
from briefing.ui.widgets.lists import KeyList


class _Superseded(Exception):
    """The filters changed while the timeline was being built: this build stops."""


@dataclass(frozen=True)
class EventChoice:
    article_id: str
    start: int
    sentence_start: int
    sentence_end: int


class CorpusTimelineScreen(Screen[EventChoice | None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="timeline_back"),
        Binding("right_square_bracket", "step(1)", "Next date", id="next_date"),
        Binding("left_square_bracket", "step(-1)", "Previous date", id="previous_date"),
        Binding("g", "goto", "Go to date", id="goto_date"),
        Binding("f", "focus_filter", "Filter", id="focus_filter"),
    ]

    def __init__(
        self, result_ids: tuple[str, ...] | None, query: str, window: tuple[str | None, str | None] = (None, None)
    ) -> None:
        super().__init__()
        self.window = window
        self.result_ids = result_ids
        self.query_text = query
        self.groups: list[DateGroup] = []
        self.events: list[Event] = []
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="corpus-timeline"):
            yield Static(Text("Corpus timeline", style="bold"), id="ct-title")
            with Horizontal(id="ct-filters"):
                yield Input(self.window[0] or "", placeholder="from YYYY[-MM[-DD]]", id="ct-from")
                yield Input(self.window[1] or "", placeholder="to YYYY[-MM[-DD]]", id="ct-to")
                label = f"only the current search ({self.query_text})" if self.query_text else "only current search"
                yield Checkbox(label, value=False, id="ct-only-results", disabled=self.result_ids is None)
            yield KeyList(id="ct-events")
            yield Static("", id="ct-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#ct-events", KeyList).focus()

    @on(Input.Submitted)
    @on(Checkbox.Changed)
    def filters_changed(self) -> None:
        self.reload()
        self.query_one("#ct-events", KeyList).focus()

    def reload(self) -> None:
        start = self.query_one("#ct-from", Input).value.strip() or None
        end = self.query_one("#ct-to", Input).value.strip() or None
        only = self.query_one("#ct-only-results", Checkbox).value
        self.build(start, end, self.result_ids if only else None)

    @work(thread=True, exclusive=True, group="corpus-timeline", exit_on_error=False)
    def build(self, start: str | None, end: str | None, ids: tuple[str, ...] | None) -> None:
        from briefing.corpus import load_corpus

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Superseded
            self.app.call_from_thread(self._progress, f"reading the dates of {done:,} of {total:,} articles…")

        try:
            if start:
                partial_bounds(start)
            if end:
                partial_bounds(end)
            self.app.call_from_thread(self._progress, "reading the corpus…")
            loaded = load_corpus(self.app.paths.corpus)  # type: ignore[attr-defined]
            cache = self.app.timeline_cache  # type: ignore[attr-defined]
            groups = corpus_timeline(loaded.articles, start=start, end=end, ids=ids, progress=progress, cache=cache)
            titles = {a.id: a.title for a in loaded.articles}
        except _Superseded:
            return  # newer filters are being applied
        except BriefingError as exc:
            self.app.call_from_thread(self._status, f"{exc}")
            return
        self.app.call_from_thread(self._show, groups, titles)

    def _status(self, message: str) -> None:
        self.query_one("#ct-status", Static).update(Text(message, style="bold red"))

    def _progress(self, message: str) -> None:
        self.query_one("#ct-status", Static).update(Text(message, style="dim"))

    def _show(self, groups: list[DateGroup], titles: dict[str, str]) -> None:
        self.groups, self.titles, self.events = groups, titles, []
        options: list[Option] = []
        for g, group in enumerate(groups):
            heading = group.heading()
            options.append(Option(Text(heading, style="bold cyan"), id=f"d{g}", disabled=True))
            for event in group.events:
                self.events.append(event)
                line = Text("  ")
                line.append(self.titles.get(event.article_id, event.article_id)[:48], style="magenta")
                if event.range_end:
                    line.append(f" (until {format_period(event.range_end, event.granularity)})", style="cyan")
                line.append("\n  ")
                line.append(event.sentence)
                options.append(Option(line, id=f"e{len(self.events) - 1}"))
        event_list = self.query_one("#ct-events", KeyList)
        event_list.set_options(options)
        if self.events:
            event_list.highlighted = 1
        total = sum(len(g.events) for g in groups)
        self.query_one("#ct-status", Static).update(
            Text(f"{len(groups)} dates, {total} events · [ ] step by date · g go to date · enter open", style="dim")
        )

    def _group_option_indexes(self) -> list[int]:
        event_list = self.query_one("#ct-events", KeyList)
        return [i for i in range(event_list.option_count) if (event_list.get_option_at_index(i).id or "")[:1] == "d"]

    def action_step(self, step: int) -> None:
        event_list = self.query_one("#ct-events", KeyList)
        headings = self._group_option_indexes()
        if not headings:
            return
        current = event_list.highlighted or 0
        if step > 0:
            following = [h for h in headings if h > current]
            target = following[0] if following else headings[-1]
        else:
            own = max((h for h in headings if h < current), default=headings[0])
            earlier = [h for h in headings if h < own]
            target = earlier[-1] if earlier else headings[0]
        event_list.highlighted = min(target + 1, event_list.option_count - 1)
        event_list.scroll_to_highlight(top=True)

    def action_goto(self) -> None:
        from briefing.ui.screens.dialogs import GoToDate

        self.app.push_screen(GoToDate(), self._go_to)

    def _go_to(self, value: str | None) -> None:
        if not value:
            return
        try:
            first, last = partial_bounds(value)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        span = last - first
        resolved = [(g, period_bounds(group.date)) for g, group in enumerate(self.groups) if group.events[0].resolved]
        # the first date at or after the target that is no coarser than what was typed ('2022-01-06' is a day)
        target = next((g for g, (a, b) in resolved if a >= first and b - a <= span), None)
        if target is None:
            target = next((g for g, (a, _) in resolved if a >= first), None)
        for g, _group in enumerate(self.groups):
            if g == target:
                event_list = self.query_one("#ct-events", KeyList)
                index = event_list.get_option_index(f"d{g}")
                event_list.highlighted = index + 1
                event_list.scroll_to_highlight(top=True)
                event_list.focus()
                return
        self.notify(f"no events on or after {value}", markup=False)

    def action_focus_filter(self) -> None:
        self.query_one("#ct-from", Input).focus()

    @on(KeyList.OptionSelected, "#ct-events")
    def chosen(self, event: KeyList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("e"):
            chosen = self.events[int(option_id[1:])]
            self.dismiss(EventChoice(chosen.article_id, chosen.start, chosen.sentence_start, chosen.sentence_end))

    def action_close(self) -> None:
        self.dismiss(None)
