"""Every dated event of the corpus, grouped by date; filterable, navigable by time from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Input, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from briefing.dates import check_range, normalise_partial, partial_bounds
from briefing.errors import BriefingError
from briefing.timeline import DateGroup, Event, corpus_timeline, format_period, period_bounds
from briefing.ui import messages
from briefing.ui.context import Context
from briefing.ui.safe import cut_at_word, safe, safe_text, shown
from briefing.ui.screens.event_choice import EventChoice
from briefing.ui.widgets.lists import KeyList
from briefing.wording import plural

EVENTS_SHOWN = 1500
TITLE_CHARS = 60  # an article title in an event row, cut at a word
SENTENCE_CHARS = 400  # a sentence beyond this (a table, a run-on list) is cut at a word


class _Superseded(Exception):
    """The filters changed while the timeline was being built: this build stops."""


class CorpusTimelineScreen(Screen[EventChoice | None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="timeline_back"),
        Binding("right_square_bracket", "step(1)", "Next date", id="next_date"),
        Binding("left_square_bracket", "step(-1)", "Previous date", id="previous_date"),
        Binding("g", "goto", "Go to date", id="goto_date"),
        Binding("slash", "focus_filter", "Filter", id="focus_filter"),  # / as for the main screen's search box
        Binding("m", "merged", "Merged events", id="merged_view"),
        Binding("space", "pin", "Pin to brief", show=False, id="pin_event"),
        Binding("X", "toggle_dismissed", "Dismissed", id="corpus_dismissed"),
    ]

    def __init__(
        self,
        context: Context,
        result_ids: tuple[str, ...] | None,
        query: str,
        window: tuple[str | None, str | None] = (None, None),
        *,
        filters: tuple[str, str, bool, bool] = ("", "", False, False),
        remember: Callable[[tuple[str, str, bool, bool]], None] | None = None,
    ) -> None:
        """`filters`: from, to, only the search, stated dates only, as last left (a brief's window wins);
        `remember` is told the filters each time they are applied."""
        super().__init__()
        self.context = context
        self.window = window if window != (None, None) else (filters[0] or None, filters[1] or None)
        self.filters = filters
        self.remember = remember
        self.result_ids = result_ids
        self.query_text = query
        self.groups: list[DateGroup] = []
        self.events: list[Event] = []  # the events shown, groups first_group..last_group
        self.first_group = 0
        self.last_group = -1
        self.titles: dict[str, str] = {}
        self.show_dismissed = False  # X: the events the analysts dismissed too, marked, so that any can be found

    def compose(self) -> ComposeResult:
        with Vertical(id="corpus-timeline"):
            yield Static(Text("Corpus timeline", style="bold"), id="ct-title")
            with Horizontal(id="ct-filters"):
                with Horizontal(id="ct-window"):
                    yield Input(self.window[0] or "", placeholder="from YYYY[-MM[-DD]]", id="ct-from")
                    yield Input(self.window[1] or "", placeholder="to YYYY[-MM[-DD]]", id="ct-to")
                with Horizontal(id="ct-checks"):
                    # short enough for both checkboxes side by side on a 60-column terminal
                    query = self.query_text if len(self.query_text or "") <= 11 else self.query_text[:10] + "…"
                    label = f"only search ({query})" if query else "only current search"
                    only = self.filters[2] and self.result_ids is not None
                    yield Checkbox(label, value=only, id="ct-only-results", disabled=self.result_ids is None)
                    yield Checkbox("stated dates only", value=self.filters[3], id="ct-stated")
            yield KeyList(id="ct-events")
            yield Static("", id="ct-status")
        yield Footer()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failure = messages.worker_failure(event)
        if failure is not None:
            self.post_message(failure)

    def on_resize(self) -> None:
        """When the date window and both checkboxes do not fit on one row, the checkboxes go under it."""
        row = self.query_one("#ct-filters")
        need = sum(w.outer_size.width for w in row.query("#ct-window Input, #ct-checks Checkbox"))
        self.set_class(need > self.size.width, "-wrap")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#ct-events", KeyList).focus()

    @on(Input.Submitted)
    @on(Checkbox.Changed)
    def filters_changed(self) -> None:
        problem = self.filter_problem()
        if problem is not None:  # the cursor stays in (or goes to) the field the message names
            field, message = problem
            self._status(message)
            self.query_one(field, Input).focus()
            return
        self.reload()
        self.query_one("#ct-events", KeyList).focus()

    def filter_problem(self) -> tuple[str, str] | None:
        """(the field's id, a one-line message) for a date filter that cannot be used, else None."""
        values = {}
        for field, name in (("#ct-from", "from"), ("#ct-to", "to")):
            value = self.query_one(field, Input).value.strip()
            try:
                values[name] = normalise_partial(value, name) if value else None
            except BriefingError as exc:
                return field, f"{exc}"
        start, end = values["from"], values["to"]
        try:
            check_range(start, end, ("from", "to"))
        except BriefingError as exc:
            return "#ct-to", f"{exc}"
        return None

    def reload(self) -> None:
        if self.filter_problem() is not None:
            self.filters_changed()
            return
        start = self.query_one("#ct-from", Input).value.strip() or None
        end = self.query_one("#ct-to", Input).value.strip() or None
        only = self.query_one("#ct-only-results", Checkbox).value
        stated = self.query_one("#ct-stated", Checkbox).value
        if self.remember is not None:
            self.remember((start or "", end or "", only, stated))
        self.build(
            start, end, self.result_ids if only else None, stated_only=stated, include_dismissed=self.show_dismissed
        )

    @work(thread=True, exclusive=True, group="corpus-timeline", exit_on_error=False)
    def build(
        self,
        start: str | None,
        end: str | None,
        ids: tuple[str, ...] | None,
        *,
        stated_only: bool = False,
        include_dismissed: bool = False,
    ) -> None:
        from briefing.corpus import load_corpus

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Superseded
            self.app.call_from_thread(self._progress, f"reading the dates of {done:,} of {plural(total, 'article')}…")

        try:
            if start:
                partial_bounds(start)
            if end:
                partial_bounds(end)
            self.app.call_from_thread(self._progress, "reading the corpus…")
            loaded = load_corpus(self.context.paths.corpus)
            cache = self.context.timeline_cache
            groups = corpus_timeline(
                loaded.articles,
                start=start,
                end=end,
                ids=ids,
                progress=progress,
                cache=cache,
                stated_only=stated_only,
                include_dismissed=include_dismissed,
            )
            titles = {a.id: a.title for a in loaded.articles}
        except _Superseded:
            return  # newer filters are being applied
        except BriefingError as exc:
            self.app.call_from_thread(self._status, f"{exc}")
            return
        self.app.call_from_thread(self._show, groups, titles)

    def _status(self, message: str) -> None:
        self.query_one("#ct-status", Static).update(safe(message, "bold red"))

    def _progress(self, message: str) -> None:
        self.query_one("#ct-status", Static).update(Text(message, style="dim"))

    def _show(self, groups: list[DateGroup], titles: dict[str, str]) -> None:
        self.groups, self.titles = groups, titles
        self._render_from(0)

    def _render_from(self, first_group: int, highlight_group: int | None = None) -> None:
        """Show the dates from `first_group` on, up to EVENTS_SHOWN events: a list of tens of thousands of
        events takes Textual seconds to lay out, and nobody reads that far without jumping by date."""
        self.first_group, self.events = first_group, []
        options: list[Option] = []
        last_group = first_group - 1
        for g in range(first_group, len(self.groups)):
            group = self.groups[g]
            if self.events and len(self.events) + len(group.events) > EVENTS_SHOWN:
                break
            last_group = g
            options.append(Option(Text(group.heading(), style="bold cyan"), id=f"d{g}", disabled=True))
            for event in group.events:
                self.events.append(event)
                line = Text(f"{event.mark or ' '} ", style="yellow")  # ~ completed, ≈ inferred, as in the pane
                if event.dismissed:
                    by = f" by {shown(event.correction_by)}" if event.correction_by else ""
                    line = Text(f"✗ dismissed{by} · ", style="dim")
                if event.range_end:  # a date first: the title after it may be cut, never the date
                    line.append(f"until {format_period(event.range_end, event.granularity)} · ", style="cyan")
                title = self.titles.get(event.article_id, event.article_id)
                line.append(cut_at_word(title, TITLE_CHARS), style="magenta")
                line.append("\n  ")
                line.append(cut_at_word(event.sentence, SENTENCE_CHARS))
                if event.dismissed:
                    line.stylize("dim")
                options.append(Option(safe_text(line), id=f"e{len(self.events) - 1}"))
        self.last_group = last_group
        event_list = self.query_one("#ct-events", KeyList)
        event_list.set_options(options)
        if self.events:
            target = highlight_group if highlight_group is not None else first_group
            event_list.highlight_under(event_list.get_option_index(f"d{target}"))
        total = sum(len(g.events) for g in self.groups)
        summary = f"{len(self.groups):,} dates, {total:,} events"
        if self.show_dismissed:
            dismissed = sum(e.dismissed for g in self.groups for e in g.events)
            summary += f" ({dismissed:,} dismissed, X hides)"
        if first_group > 0 or last_group < len(self.groups) - 1:
            summary += (
                f" · showing {self.groups[first_group].heading()} to {self.groups[last_group].heading()}"
                if last_group >= first_group
                else ""
            )
        self.query_one("#ct-status", Static).update(
            Text(f"{summary} · [ ] step by date · g go to date · enter open", style="dim")
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
            if not following and self.last_group + 1 < len(self.groups):
                self._render_from(self.last_group + 1)  # past the dates shown: show the next ones
                return
            target = following[0] if following else headings[-1]
        else:
            own = max((h for h in headings if h < current), default=headings[0])
            earlier = [h for h in headings if h < own]
            if not earlier and self.first_group > 0:
                self._render_from(self._start_before(self.first_group), highlight_group=self.first_group - 1)
                return
            target = earlier[-1] if earlier else headings[0]
        event_list.highlight_under(target)

    def _start_before(self, group: int) -> int:
        """The first group of a window that ends just before `group`."""
        count, start = 0, group
        while start > 0 and count + len(self.groups[start - 1].events) <= EVENTS_SHOWN:
            start -= 1
            count += len(self.groups[start].events)
        return min(start, group - 1)

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
        if target is None:
            self.notify(f"no events on or after {value}", markup=False)
            return
        event_list = self.query_one("#ct-events", KeyList)
        if not self.first_group <= target <= self.last_group:
            self._render_from(target)
        else:
            event_list.highlight_under(event_list.get_option_index(f"d{target}"))
        event_list.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#ct-from", Input).focus()

    @on(KeyList.OptionSelected, "#ct-events")
    def chosen(self, event: KeyList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("e"):
            chosen = self.events[int(option_id[1:])]
            self.dismiss(
                EventChoice(
                    chosen.article_id,
                    chosen.start,
                    chosen.sentence_start,
                    chosen.sentence_end,
                    chosen.number,
                    chosen.dismissed,
                )
            )

    def action_pin(self) -> None:
        from briefing.corpus import get_article
        from briefing.ui.brief_builder import add_pin, single_event_pin

        option = self.query_one("#ct-events", KeyList).highlighted_option
        if option is None or not (option.id or "").startswith("e"):
            return
        event = self.events[int((option.id or "e0")[1:])]
        try:
            article = get_article(self.context.paths.corpus, event.article_id)
        except BriefingError:
            article = None  # gone since: the pin keeps its id and sentence
        add_pin(self.context.paths.corpus, single_event_pin(article, event), self.notify)

    def action_toggle_dismissed(self) -> None:
        """Show (or hide again) the events the analysts dismissed, so that a dismissal is never a dead end."""
        self.show_dismissed = not self.show_dismissed
        self.reload()

    def action_merged(self) -> None:
        """The same selection as merged events (one row per happening); `m` there comes back."""
        from briefing.ui.screens.merged_timeline import MergedTimelineScreen

        start = self.query_one("#ct-from", Input).value.strip() or None
        end = self.query_one("#ct-to", Input).value.strip() or None
        ids = self.result_ids if self.query_one("#ct-only-results", Checkbox).value else None

        def back(choice: EventChoice | None) -> None:
            if choice is not None:
                self.dismiss(choice)

        option = self.query_one("#ct-events", KeyList).highlighted_option
        at = self.events[int(option.id[1:])] if option is not None and (option.id or "").startswith("e") else None
        self.app.push_screen(MergedTimelineScreen(self.context, start, end, ids, at=at.date if at else None), back)

    def action_close(self) -> None:
        """Escape: from a filter back to the events, from the events back to the main screen."""
        events = self.query_one("#ct-events", KeyList)
        if self.focused is not None and self.focused is not events:
            events.focus()
            return
        self.dismiss(None)
