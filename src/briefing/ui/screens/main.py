"""The main screen: search bar, results, article, timeline and notes panes, status line."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import Worker

from briefing.errors import BriefingError
from briefing.search import SearchResult
from briefing.timeline import ArticleTimeline
from briefing.ui import messages
from briefing.ui.context import Context, MainHost
from briefing.ui.safe import safe_text, shown
from briefing.ui.screens.notes_actions import NotesActions
from briefing.ui.widgets.article import ArticleView, Reading
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.search_box import SearchBox
from briefing.ui.widgets.timeline_pane import TimelinePane

SEARCH_DELAY = 0.01  # seconds of quiet before a search runs: enough to coalesce a paste or key repeat
NARROW = 110  # columns below which the panes stack
SHORT = 24  # rows below which the reading panes under the article shrink to a few lines
MIN_RESULTS = 28  # columns the results keep beside the article, whatever + and - asked
MIN_READING = 56  # columns the article keeps (its timeline and notes side by side under it)
RESULTS_SHOWN = 30  # hits listed per search: each costs a snippet, and the status line gives the total


class MainScreen(NotesActions, Screen[None]):
    BINDINGS = [
        # first: the footer shows them even on a 100-column terminal
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("slash", "focus_search", "Search", id="focus_search"),
        Binding("n", "jump_hit(1)", "Next hit", id="next_hit"),
        Binding("N", "jump_hit(-1)", "Prev hit", id="previous_hit"),
        Binding("a", "add_note", "Add note", id="add_note"),
        Binding("e", "edit_note", "Edit note", id="edit_note"),
        Binding("d", "delete_note", "Delete note", id="delete_note"),
        Binding("t", "corpus_timeline", "Corpus timeline", id="corpus_timeline"),
        Binding("p", "pin_to_brief", "Pin to brief", show=False, id="pin_to_brief"),
        Binding("b", "brief_in_progress", "Brief", show=False, id="brief_in_progress"),
        Binding("escape", "back", "Back", id="back"),
        Binding("alt+left,H", "history(-1)", "Previous article", show=False, id="history_back"),
        Binding("alt+right,L", "history(1)", "Next article", show=False, id="history_forward"),
        Binding("f2", "toggle_pane('results')", "Results pane", show=False, id="toggle_results"),
        Binding("f3", "toggle_pane('timeline')", "Timeline pane", show=False, id="toggle_timeline"),
        Binding("f4", "toggle_pane('notes')", "Notes pane", show=False, id="toggle_notes"),
        Binding("plus", "resize_results(4)", "Wider results", show=False, id="wider_results"),
        Binding("minus", "resize_results(-4)", "Narrower results", show=False, id="narrower_results"),
    ]

    def __init__(self, context: Context, host: MainHost, query: str = "") -> None:
        super().__init__()
        self.context = context
        self.host = host
        self.restored_query = query  # the last session's query, put back in the box on mount
        self.result: SearchResult | None = None
        self.generation = 0
        self.search_timer = None
        self.search_mode = (True, False)  # (as_you_type, submitted) of the last search: a refresh runs it again
        self.focus_results_after: int | None = None  # enter: the search whose hits take the focus once known
        self.refreshed: int | None = None  # the search run again as it was (the index changed): hits stay put
        self.open_id: str | None = None
        self.open_request = 0  # stamps each opening: only the last one asked for is shown
        # the event chosen in the corpus timeline (article id, number, dismissed), chosen in the pane on opening
        self.chosen_event: tuple[str, int, bool] | None = None
        self.reloading: int | None = None  # the opening that re-reads the article shown: it keeps the focus
        self.history: list[Reading] = []  # the articles opened in this session, oldest first
        self.history_pos = -1  # the entry shown (or being opened)
        self.hidden_panes: set[str] = set()  # hidden with F2-F4 (or by the config's panes)
        self.results_width = 40
        self.brief_window: tuple[str | None, str | None] = (None, None)

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder='Search (/) — words, "phrases", title:, tag:, published:2022-01 …', id="search")
        yield Static("", id="suggestion")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            with Vertical(id="reading"):
                yield ArticleView(id="article")
                with Horizontal(id="lower"):
                    yield TimelinePane(id="timeline")
                    yield NotesPane(id="notes")
        yield Static("", id="status")
        yield Footer()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failure = messages.worker_failure(event)
        if failure is not None:
            self.post_message(failure)

    def on_mount(self) -> None:
        settings, remembered = self.context.settings, self.host.state
        panes = settings.panes
        if remembered.panes is not None and remembered.panes_config == tuple(settings.panes):
            panes = remembered.panes  # as F2-F4 left them (unless the config's panes changed since)
        self.results_width = remembered.results_width or self.results_width
        for pane in ("results", "timeline", "notes"):
            if pane not in panes:
                self.hidden_panes.add(pane)
        self._show_panes()
        self.query_one("#results").border_title = "Results"
        self.query_one("#article").border_title = "Article"
        self.query_one("#timeline").border_title = "Timeline"
        self.query_one("#notes").border_title = "Notes"
        self._apply_width(self.size.width)
        search = self.query_one("#search", Input)
        search.focus()
        if self.restored_query:
            with search.prevent(Input.Changed):
                search.value = self.restored_query
        self.set_status()
        self.host.prepare_index()

    def on_resize(self, event: object) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        # + and - set the results' width beside the article; stacked, the results take the whole width
        self.query_one("#results").styles.width = None if width < NARROW else f"{self._results_percent(width)}%"
        self.set_class(self.size.height < SHORT, "-short")

    def _results_percent(self, width: int) -> int:
        """The results' share of the width, as + and - set it, within what leaves each pane a usable width
        (a narrower terminal narrows the range: the share asked for is kept for a wider one)."""
        low = -(-MIN_RESULTS * 100 // max(width, 1))
        high = max(low, (width - MIN_READING) * 100 // max(width, 1))
        return max(low, min(high, self.results_width))

    def on_descendant_focus(self, event: object) -> None:
        """On a narrow terminal the results fold away while reading, and come back when browsing; on a short
        one the panes under the article keep a few lines until one of them has the focus."""
        focused = self.focused
        reading = focused is not None and focused.id in ("article", "timeline", "notes")
        self.set_class(reading, "-reading")
        self.set_class(focused is not None and focused.id in ("timeline", "notes"), "-lower-focus")

    def _show_panes(self) -> None:
        """Panes hidden with F2-F4 by a class (the narrow layout's own rules still apply to those shown)."""
        for pane in ("results", "timeline", "notes"):
            self.query_one(f"#{pane}").set_class(not self._shown(pane), "-hidden")
        self.query_one("#lower").set_class(not (self._shown("timeline") or self._shown("notes")), "-hidden")

    # -- status -------------------------------------------------------------------------------------
    def set_status(self, message: str = "", *, error: bool = False, plain: bool = False) -> None:
        parts = self.host.status_parts()
        if self.result is not None:
            exact = "" if self.result.total_exact else "+"
            parts.append(f"{self.result.total:,}{exact} hit{'' if self.result.total == 1 and exact == '' else 's'}")
        line = Text(" · ".join(p for p in parts if p), style="dim")
        if message:
            line.append("  ")
            line.append(shown(message), style="bold red" if error else "" if plain else "bold")
        if self.is_attached and not self.app._exit:  # not while the app closes (a build's last word)
            self.query_one("#status", Static).update(safe_text(line))

    def on_timeline_pane_explained(self, message: TimelinePane.Explained) -> None:
        """The highlighted event's explanation, whole, in the status line while the timeline has the focus (the
        line takes a second row when it needs one)."""
        self.set_status(f"date: {message.text}" if message.text else "", plain=True)

    # -- searching ----------------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
        self.search_timer = self.set_timer(SEARCH_DELAY, self.run_search)

    @on(Input.Submitted, "#search")
    def query_submitted(self) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
        query = self.query_one("#search", Input).value
        shown = self.result is not None and self.result.query == query and self.result.total > 0
        if not self.run_search(as_you_type=False, submitted=True):
            return
        results = self.query_one("#results", ResultsList)
        if shown and results.option_count:
            results.focus()  # the hits of this very query are on screen already
        else:
            self.focus_results_after = self.generation  # decided when the hits are known

    def run_search(self, as_you_type: bool = True, submitted: bool = False) -> bool:
        """Search for the query in the box; False when the index is not open yet."""
        self.search_mode = (as_you_type, submitted)
        self.generation += 1  # whatever is on its way for an earlier query is not shown under this one
        if not self.host.index_open:
            self.result = None
            self.query_one("#results", ResultsList).show_nothing()
            self.set_status("indexing: results appear as soon as the first articles are indexed")
            return False
        query = self.query_one("#search", Input).value
        self.search_worker(self.generation, query, as_you_type, submitted)
        return True

    def refresh_search(self) -> None:
        """The same search again, as it was last run (the index changed under it); an enter waiting for its
        hits still takes the focus to them."""
        waiting = self.focus_results_after == self.generation
        if self.run_search(*self.search_mode):
            self.refreshed = self.generation
            if waiting:
                self.focus_results_after = self.generation

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_worker(self, generation: int, query: str, as_you_type: bool, submitted: bool = False) -> None:
        try:
            result = self.context.index.search(query, limit=RESULTS_SHOWN, as_you_type=as_you_type)
            if submitted and not result.total:
                # enter on "kaza": keep what the partial word found while typing rather than nothing
                typed = self.context.index.search(query, limit=RESULTS_SHOWN, as_you_type=True)
                if typed.total:
                    result = typed
        except BriefingError as exc:
            self.post_message(messages.SearchFailed(generation, query, str(exc)))
            return
        self.post_message(messages.SearchFinished(generation, result))

    def on_search_finished(self, message: messages.SearchFinished) -> None:
        if message.generation != self.generation:
            return  # a newer search is on its way
        self.result = message.result
        self.query_one("#results", ResultsList).show(
            message.result, keep_highlight=self.refreshed == message.generation
        )
        suggestion = self.query_one("#suggestion", Static)
        self.query_one("#search", SearchBox).suggestion = message.result.suggestion
        if message.result.suggestion:
            key = self.query_one("#search", SearchBox).accept_key()
            suggestion.update(
                safe_text(
                    Text.assemble(
                        ("Did you mean: ", "bold"),
                        (shown(message.result.suggestion), "bold yellow"),
                        "?  ",
                        (f"{key} takes it", "dim"),
                    )
                )
            )
            suggestion.display = True
        else:
            suggestion.display = False
        self.set_status()
        self.host.remember(query=message.result.query)
        if self.focus_results_after == message.generation:
            self.focus_results_after = None
            results = self.query_one("#results", ResultsList)
            if results.option_count and self.focused is self.query_one("#search", Input):
                results.focus()  # with no hit the focus stays in the box, to change the query

    def on_search_failed(self, message: messages.SearchFailed) -> None:
        if message.generation == self.generation:
            # the list must not go on showing another query's results under this one
            self.result = None
            self.query_one("#results", ResultsList).clear_options()
            self.query_one("#suggestion", Static).display = False
            self.set_status(f"bad query: {message.error}", error=True)

    # -- opening --------------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#results")
    def result_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_article(event.option.id)

    def open_article(
        self, article_id: str, scroll_to: tuple[int, int] | None = None, *, reading: Reading | None = None
    ) -> None:
        """Open an article (from the results, the corpus timeline, the palette or history)."""
        self.open_request += 1
        self.load_article(self.open_request, article_id, scroll_to, reading)

    @work(thread=True, group="article", exit_on_error=False)
    def load_article(
        self, request: int, article_id: str, scroll_to: tuple[int, int] | None, reading: Reading | None
    ) -> None:
        from briefing.services import open_article

        try:
            opened = open_article(self.context.paths, article_id, include_dismissed=True)
        except BriefingError as exc:
            self.post_message(messages.ArticleFailed(article_id, str(exc), request))
            return
        self.post_message(
            messages.ArticleLoaded(
                opened.article, opened.timeline, opened.notes, opened.notes_error, scroll_to, request, reading
            )
        )

    def reload_changed(self, ids: frozenset[str], texts: frozenset[str]) -> None:
        """Files of these articles changed on disk (`texts`: their text): the one shown is read again, at the
        same place, its notes and timeline with it, and the focus stays where the reader has it. A change the
        app made itself (a note saved here) reads back as what is shown, and nothing moves."""
        if self.open_id is None or self.open_id not in ids:
            return
        reading = self.query_one("#article", ArticleView).reading()
        if reading is None:
            return
        self.open_article(self.open_id, reading=reading)
        self.reloading = self.open_request
        if self.open_id in texts:
            self.notify("The article shown changed on disk: reloaded", timeout=4)

    def _keep_reading_position(self) -> None:
        """Remember where the reader is in the article shown, in its history entry."""
        current = self.query_one("#article", ArticleView).reading()
        if current is not None and 0 <= self.history_pos < len(self.history):
            if self.history[self.history_pos].article_id == current.article_id:
                self.history[self.history_pos] = replace(current, query=self.history[self.history_pos].query)

    def on_article_loaded(self, message: messages.ArticleLoaded) -> None:
        if message.request != self.open_request:
            return  # the reader asked for another article since
        article_view = self.query_one("#article", ArticleView)
        terms = self.result.marks if self.result else ()  # what the snippets mark, marked the same way
        if message.reading is None:  # a new opening, not a step in history: it becomes the newest entry
            self._keep_reading_position()
            del self.history[self.history_pos + 1 :]
            entry = Reading(message.article.id, terms, query=self.result.query if self.result else "")
            if self.history and self.history[-1].article_id == message.article.id:
                self.history[-1] = entry
            else:
                self.history.append(entry)
            self.history_pos = len(self.history) - 1
        timeline = self.query_one("#timeline", TimelinePane)
        notes = self.query_one("#notes", NotesPane)
        if self.reloading == message.request and (
            article_view.article == message.article
            and timeline.timeline == message.timeline
            and (notes.notes_file, notes.error) == (message.notes, message.notes_error)
        ):
            self.reloading = None  # read back as shown (the app's own note or correction): nothing to redraw
            return
        self.open_id = message.article.id
        article_view.show(message.article, terms, message.reading)
        timeline.show(message.timeline)
        chosen = False
        if self.chosen_event and self.chosen_event[0] == message.article.id:
            chosen = timeline.choose(self.chosen_event[1], dismissed=self.chosen_event[2])
        self.chosen_event = None
        notes.show(message.notes, message.notes_error)
        if message.notes_error:
            self.notify(message.notes_error, severity="error", markup=False, timeout=8)
        if message.scroll_to:
            self.call_after_refresh(article_view.show_passage, *message.scroll_to)
        if self.reloading == message.request:  # read again after a change on disk: nothing else moves
            self.reloading = None
            return
        if chosen and self._shown("timeline"):
            timeline.focus()  # an event chosen in the corpus timeline: c, x and r act on it at once
        else:
            article_view.focus()
        self.host.remember(article_id=message.article.id)
        self.host.article_seen(message.article.id)
        where = f"article {self.history_pos + 1} of {len(self.history)} in this session"
        self.set_status(where if message.reading is not None else "")

    def action_open_article(self, article_id: str) -> None:
        """The palette's "Open: <title>"."""
        self.open_article(article_id)

    def on_article_failed(self, message: messages.ArticleFailed) -> None:
        if message.request == self.open_request:
            self.notify(message.error, severity="error", markup=False)

    def action_history(self, step: int) -> None:
        """Back (-1) or forward (1) among the articles opened in this session, like a browser."""
        target = self.history_pos + step
        if not 0 <= target < len(self.history):
            self.set_status("no earlier article in this session" if step < 0 else "no later article in this session")
            return
        self._keep_reading_position()
        self.history_pos = target
        entry = self.history[target]
        self.open_article(entry.article_id, reading=entry)
        search = self.query_one("#search", Input)
        if search.value != entry.query:  # the box, the results and the marks in the article agree
            search.value = entry.query

    @on(OptionList.OptionSelected, "#timeline")
    def event_chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = self.query_one("#timeline", TimelinePane).event_of(event.option.id)
        if chosen:
            self.query_one("#article", ArticleView).show_passage(chosen.sentence_start, chosen.sentence_end)

    # -- corrections (the timeline pane asks, the screen runs them) ------------------------------------
    @on(TimelinePane.AskDate)
    def ask_corrected_date(self, message: TimelinePane.AskDate) -> None:
        from briefing.ui.screens.dialogs import CorrectDate

        article_id, number = message.article_id, message.number

        def chosen(value: str | None) -> None:
            if value:
                self.correct_worker(article_id, number, value, False)

        self.app.push_screen(CorrectDate(), chosen)

    @on(TimelinePane.Correct)
    def correct_event(self, message: TimelinePane.Correct) -> None:
        self.correct_worker(message.article_id, message.number, message.date, message.dismiss)

    @work(thread=True, group="correct", exit_on_error=False)
    def correct_worker(self, article_id: str, number: int, date: str | None, dismiss: bool) -> None:
        from briefing.services import correct_event

        try:
            result = correct_event(self.context.paths, article_id, number, date, dismiss=dismiss)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._corrected, result.timeline, number)

    def _corrected(self, timeline: ArticleTimeline, number: int) -> None:
        self.query_one("#timeline", TimelinePane).corrected(timeline, number)

    # -- actions -------------------------------------------------------------------------------------
    def action_export_brief(self, fmt: str) -> None:
        """The current search's results as a brief in briefs/ (from the palette)."""
        query = self.result.query.strip() if self.result else ""
        self.notify("Writing the brief…", markup=False)
        self.export_worker(query, fmt, self.brief_window)

    @work(thread=True, group="export", exit_on_error=False)
    def export_worker(self, query: str, fmt: str, window: tuple[str | None, str | None]) -> None:
        from briefing.export import BriefSpec
        from briefing.services import brief_file, export_brief

        spec = BriefSpec(
            title=f"Brief: {query}" if query else "Brief", query=query or None, start=window[0], end=window[1]
        )
        target = brief_file(self.context.paths, query, fmt)
        try:
            exported = export_brief(self.context.paths, spec, fmt, output=target)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, f"Brief not written: {exc}", severity="error", markup=False)
            return
        made = f" ({exported.created_text()})" if exported.created else ""
        self.app.call_from_thread(self.notify, f"Brief written to {target}{made}", markup=False, timeout=10)

    def action_restore_brief(self, name: str) -> None:
        """A saved brief (from the palette): its query and date window come back."""
        from briefing import export

        try:
            spec = export.load_brief(self.context.paths.corpus, name)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.restore_brief(spec.query or "", spec.start, spec.end)

    def restore_brief(self, query: str, start: str | None, end: str | None) -> None:
        """A saved brief's query goes in the search box; its date window to the corpus timeline and exports."""
        self.brief_window = (start, end)
        search = self.query_one("#search", Input)
        search.value = query
        self.run_search(as_you_type=False)
        window = f" · dates {start or '…'} to {end or '…'} (press t)" if start or end else ""
        self.set_status(f"brief restored{window}")

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_jump_hit(self, step: int) -> None:
        where = self.query_one("#article", ArticleView).jump_hit(step)
        if where is None:
            self.set_status("no query words in this article")
            return
        which, total, wrapped = where
        wrap = ""
        if wrapped:
            wrap = " — wrapped to the first" if step > 0 else " — wrapped to the last"
        self.set_status(f"hit {which}/{total}{wrap}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search" and isinstance(self.focused, Input):
            return False  # already there (and / is text in the box): not in the footer
        return True

    def _shown(self, pane: str) -> bool:
        """Whether the user shows the pane (F2-F4), whatever the narrow layout folds away for a moment."""
        return pane not in self.hidden_panes

    def action_back(self) -> None:
        """Escape: from the box to the results, from a reading pane back to the results, else to the box."""
        focused = self.focused
        in_box = isinstance(focused, Input)
        reading = focused is not None and focused.id in ("article", "timeline", "notes")
        if (in_box or reading) and self._shown("results"):
            self.query_one("#results", ResultsList).focus()
        elif in_box and self.open_id is not None:
            self.query_one("#article", ArticleView).focus()
        else:
            self.query_one("#search", Input).focus()

    def action_toggle_pane(self, pane: str) -> None:
        widget = self.query_one(f"#{pane}")
        self.hidden_panes ^= {pane}
        self._show_panes()
        self.host.remember(panes=tuple(p for p in ("results", "article", "timeline", "notes") if self._shown(p)))
        focused = self.focused
        if not self._shown(pane) and focused is not None and (focused is widget or widget in focused.ancestors):
            # the pane that had focus is gone: the article if it is there, else the results, else the box
            if self.open_id is not None:
                self.query_one("#article", ArticleView).focus()
            elif self._shown("results"):
                self.query_one("#results", ResultsList).focus()
            else:
                self.query_one("#search", Input).focus()
        self.set_status(f"{pane} pane {'shown' if self._shown(pane) else 'hidden'}")

    def action_resize_results(self, step: int) -> None:
        width = self.size.width
        if width < NARROW:
            self.set_status("the panes are stacked at this width: + and - act beside the article (110+ columns)")
            return
        current = self._results_percent(width)
        self.results_width = current + step
        self.results_width = max(20, min(80, self._results_percent(width)))  # 20-80: what the state file keeps
        self._apply_width(width)
        self.host.remember(results_width=self.results_width)
        if self._results_percent(width) == current:
            self.set_status("results at their widest" if step > 0 else "results at their narrowest")

    def action_corpus_timeline(self) -> None:
        from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
        from briefing.ui.screens.event_choice import EventChoice

        ids = tuple(h.id for h in self.result.hits) if self.result and self.result.query.strip() else None
        query = self.result.query if self.result else ""

        def chosen(choice: EventChoice | None) -> None:
            if choice:
                self.chosen_event = (choice.article_id, choice.number, choice.dismissed) if choice.number else None
                self.open_article(choice.article_id, (choice.sentence_start, choice.sentence_end))

        def remember(filters: tuple[str, str, bool, bool]) -> None:
            self.host.remember(timeline_filters=filters)

        screen = CorpusTimelineScreen(
            self.context, ids, query, self.brief_window, filters=self.host.state.timeline_filters, remember=remember
        )
        self.app.push_screen(screen, chosen)

    def action_pin_to_brief(self) -> None:
        from briefing.ui.brief_builder import pin_from_main

        pin_from_main(self, self.context.paths.corpus)

    def action_brief_in_progress(self) -> None:
        from briefing.ui.brief_builder import BriefScreen

        self.app.push_screen(BriefScreen(self.context.paths.corpus))
