"""The briefing app. `make_app` builds it for the CLI and for every test."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import Worker

from briefing.corpus_watch import CorpusChange, CorpusWatcher
from briefing.crashlog import crash_line, write_crash_log
from briefing.errors import BriefingError
from briefing.paths import Paths
from briefing.safetext import terminal_safe
from briefing.search import SearchIndex
from briefing.settings import AppState, Settings, load_settings, load_state, save_state, state_path
from briefing.ui import messages
from briefing.ui.commands import MAIN_SCREEN, BriefingCommands
from briefing.ui.context import Context
from briefing.ui.feeds import FeedsActions
from briefing.ui.keys import OrderedKeys
from briefing.ui.screens.main import MainScreen
from briefing.wording import plural

if TYPE_CHECKING:
    from textual.screen import Screen

HIGH_CONTRAST = Theme(
    name="briefing-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffaa00",
    error="#ff5555",
    dark=True,
)


class BriefingApp(FeedsActions, OrderedKeys, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f", "fetch_feeds", "Fetch feeds", id="fetch_feeds"),
        Binding("u", "new_articles", "New articles", show=False, id="new_articles"),
    ]

    def __init__(self, paths: Paths, settings: Settings | None = None, state_file: Path | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings or Settings()
        self.state_file = state_file or state_path()
        self.index = SearchIndex(paths.corpus, paths.index, engine=paths.engine)
        self.context = Context(paths, self.settings, self.index)  # what the screens get, through their constructors
        self.index_open = False  # searches can run (also during a first build, on what is indexed so far)
        self.index_ready = False  # the index was opened or built once: the restored article may open
        self.rebuilding = False  # a rebuild beside the index: searches answer from the previous one meanwhile
        self.searched_during_build = 0  # the articles searchable when the results were last refreshed
        self.index_state = "opening the index"
        self.article_count = 0
        self.state = AppState(corpus=str(paths.corpus))
        self._state_lock = threading.Lock()
        self.stopping = threading.Event()  # set on quit: a long index build stops instead of holding the exit
        self.crash_log: Path | None = None
        self.crash_message = ""
        self.worker_errors: list[str] = []  # failures of background work, each logged and reported once
        self.watcher: CorpusWatcher | None = None  # changes on disk while the app runs, re-indexed alone

    # -- the unforeseen ----------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An uncaught exception: the traceback goes to a log file, the terminal gets one line naming it,
        and the app exits with a non-zero status (Textual restores the terminal on the way out)."""
        self.crash_log = write_crash_log(error, f"corpus {self.paths.corpus}")
        self.crash_message = crash_line(error, self.crash_log)
        super()._handle_exception(error)
        self._exit_renderables.clear()  # the command prints crash_message, on one line, once the screen is back

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failure = messages.worker_failure(event)
        if failure is not None:
            self.worker_failed(failure)

    def on_worker_failed(self, failure: messages.WorkerFailed) -> None:
        self.worker_failed(failure)

    def worker_failed(self, failure: messages.WorkerFailed) -> None:
        """Background work that failed unexpectedly is logged and said, never silently lost (screens that run
        workers post their failures here as messages: a worker's state changes do not bubble)."""
        error = failure.error
        log = write_crash_log(error, f"in background work {failure.worker!r}; corpus {self.paths.corpus}")
        line = crash_line(error, log).removeprefix("briefing: ")
        self.worker_errors.append(line)
        self.notify(line, severity="error", markup=False, timeout=15)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        """Every toast (errors naming files, warnings quoting values) is sanitised for the terminal first."""
        super().notify(terminal_safe(str(message)), *args, **kwargs)

    # -- start ---------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(
                f"config: unknown theme {self.settings.theme!r}; using {self.theme}", severity="warning", markup=False
            )
        for warning in self.settings.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        self._apply_keymap()
        previous = load_state(self.state_file)
        if previous.corpus == str(self.paths.corpus):
            self.state = previous
        else:
            self.state = replace(previous, query="", article_id=None, corpus=str(self.paths.corpus))
        if self.state.theme in self.available_themes and self.state.theme_config == self.settings.theme:
            self.theme = self.state.theme  # picked in the palette last time (the config has not changed since)
        self.theme_changed_signal.subscribe(self, self._theme_picked)
        self.install_screen(MainScreen(self.context, self, self.state.query), MAIN_SCREEN)
        self.push_screen(MAIN_SCREEN)  # its on_mount restores the last query and starts the index
        self.set_interval(0.5, self._watch_build)
        self.count_new()

    @staticmethod
    def _binding_owners() -> tuple[type, ...]:
        """Every class with key bindings: their ids can be rebound in the config, and help lists them all."""
        from briefing.ui.brief_builder import BriefScreen, ExportBriefDialog
        from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
        from briefing.ui.screens.dialogs import ConfirmDialog, GoToDate, NoteEditor
        from briefing.ui.screens.help import HelpScreen
        from briefing.ui.screens.merged_timeline import EventReportsScreen, MergedTimelineScreen, ReportCard
        from briefing.ui.screens.new_articles import NewArticlesScreen
        from briefing.ui.widgets.lists import KeyList
        from briefing.ui.widgets.search_box import SearchBox
        from briefing.ui.widgets.timeline_pane import TimelinePane

        return (
            BriefingApp,
            MainScreen,
            SearchBox,
            KeyList,
            TimelinePane,
            CorpusTimelineScreen,
            MergedTimelineScreen,
            ReportCard,
            EventReportsScreen,
            BriefScreen,
            ExportBriefDialog,
            NewArticlesScreen,
            ConfirmDialog,
            NoteEditor,
            GoToDate,
            HelpScreen,
        )

    def _apply_keymap(self) -> None:
        if not self.settings.keys:
            return
        known = {b.id for owner in self._binding_owners() for b in owner.BINDINGS if isinstance(b, Binding) and b.id}
        keymap = {}
        for binding_id, key in self.settings.keys.items():
            if binding_id in known:
                keymap[binding_id] = key
            else:
                self.notify(
                    f"config: no key binding with id {binding_id!r}; see the help screen (?)",
                    severity="warning",
                    markup=False,
                )
        self.set_keymap(keymap)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands that make sense here: the theme (remembered), maximize, quit. Its
        keys panel and screenshots (written into the working folder) are left out."""
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Maximize", "Minimize"):
                yield command
        yield SystemCommand("Quit", "Quit briefing (notes are saved as you write them)", self.action_quit)

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    # -- what the main screen asks of the app (context.MainHost) -------------------------------------
    def status_parts(self) -> list[str]:
        """The app's part of the status line: articles, the index's state, the feeds (while a first build runs
        the index's state counts the articles searchable)."""
        count = "" if self.index_state.startswith("searching") else plural(self.article_count, "article")
        return [count, self.index_state, self.feeds_line()]

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def prepare_index(self, rebuild: bool = False) -> None:
        """Open the index (usable at once), then bring it up to date; progress goes to the status line."""

        def progress(done: int, total: int) -> None:
            self.post_message(messages.IndexProgress(done, total))

        from briefing.index_home import check_index, claim_index

        opened = False
        try:
            # another corpus's index, or another engine's, is never read or overwritten
            check_index(self.paths.corpus, self.paths.index, self.paths.engine)
            self._watch_corpus()  # before the update lists the folder: no change falls between the two
            if rebuild:
                report = self.index.rebuild(progress=progress, cancel=self.stopping)
            else:
                report = self.index.open(progress=progress, cancel=self.stopping)
                self.post_message(messages.IndexReady(report, self.index.doc_count()))
                opened = True
                report = self.index.update(progress=progress, cancel=self.stopping)
            claim_index(self.paths.corpus, self.paths.index)
            self.post_message(messages.IndexReady(report, self.index.doc_count(), tuple(self.index.messages)))
            self.index.messages.clear()
        except (BriefingError, OSError) as exc:
            problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if opened:  # a read-only or full disk: what the index holds can still be searched
                stale = f"The search index is stale, it cannot be updated ({problem}): searching what it holds"
                self.post_message(messages.IndexReady(None, self.index.doc_count(), (stale,)))
            else:
                self.post_message(messages.IndexFailed(problem))
        except Exception as exc:  # never a traceback on screen
            self.post_message(messages.IndexFailed(f"{exc.__class__.__name__}: {exc}"))

    def _watch_corpus(self) -> None:
        """Start the corpus watcher once (from the index worker); a folder that cannot be watched is said."""
        if self.watcher is not None or self.stopping.is_set():
            return
        self.watcher = CorpusWatcher(
            self.paths.corpus, lambda change: self.post_message(messages.CorpusChanged(change))
        )
        problem = self.watcher.start()
        if problem:
            self.watcher = None
            self.call_from_thread(self.notify, problem, severity="warning", markup=False, timeout=8)

    def on_corpus_changed(self, message: messages.CorpusChanged) -> None:
        self.reindex_changed(message.change)

    @work(thread=True, group="watch", exit_on_error=False)
    def reindex_changed(self, change: CorpusChange) -> None:
        """Re-index the articles changed on disk (after a launch update or build still running: it waits)."""
        try:
            report = self.index.update(only=sorted(change.ids), cancel=self.stopping)
        except (BriefingError, OSError) as exc:
            if not self.stopping.is_set():
                problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.call_from_thread(
                    self.notify, f"Changes on disk not indexed: {problem}", severity="warning", markup=False
                )
            return
        self.post_message(messages.CorpusReindexed(change, report, self.index.doc_count()))

    def on_corpus_reindexed(self, message: messages.CorpusReindexed) -> None:
        report = message.report
        if report.errors:
            self.notify(unreadable_line(report.errors), severity="warning", markup=False, timeout=10)
        if report.touched:
            self.article_count = message.count
            if message.change.texts or report.added or report.removed:
                self.main.refresh_search()
            self.main.reload_changed(message.change.ids, message.change.texts)
            self.main.set_status()

    def on_index_progress(self, message: messages.IndexProgress) -> None:
        self._show_build(message.done, message.total)

    def _watch_build(self) -> None:
        """Twice a second while the index is being built: a first build's commits become searchable at once
        (its progress messages come every 200 articles only)."""
        if self.index_ready and not self.rebuilding:
            return
        built = self.index.build_progress
        if built.total and not built.complete:
            self._show_build(built.indexed, built.total)

    def _show_build(self, done: int, total: int) -> None:
        if self.rebuilding:
            self.index_state = f"rebuilding the index {done:,}/{total:,} — searching the previous one"
        elif not self.index_ready and self.index.engine.is_open():
            # a first build commits every few seconds: search answers from what is indexed so far
            built = self.index.build_progress
            self.index_state = f"searching {built.indexed:,} of {plural(built.total or total, 'article')} — indexing"
            if not self.index_open or built.indexed > self.searched_during_build:
                self.index_open = True  # and the results follow each commit (they come ever less often)
                self.searched_during_build = built.indexed
                self.main.refresh_search()
        else:
            self.index_state = f"indexing {done:,}/{total:,}"
        self.main.set_status()

    def on_index_ready(self, message: messages.IndexReady) -> None:
        first = not self.index_ready
        built = self.rebuilding or self.index_state.startswith("searching")  # results refresh when a build ends
        self.index_ready = self.index_open = True
        self.rebuilding = False
        self.article_count = message.count
        self.index_state = "index ready"
        for text in message.messages:
            self.notify(text, severity="warning", markup=False)
        self._advise_engine(message.count)
        if message.report and message.report.errors:
            self.notify(unreadable_line(message.report.errors), severity="warning", markup=False, timeout=10)
        if first or built or (message.report and message.report.touched):
            self.main.refresh_search()  # the query in the box (typed or restored) counts as typed live
            if first and self.state.article_id:
                self.main.open_article(self.state.article_id)
        self.main.set_status()

    def _advise_engine(self, count: int) -> None:
        """A Whoosh corpus grown past what Whoosh does well: said once per corpus, ever (kept in the state)."""
        from briefing.services import engine_advice

        advice = engine_advice(self.paths.engine, count)
        if advice is None or str(self.paths.corpus) in self.state.advised:
            return
        self.notify(advice, severity="information", markup=False, timeout=30)
        with self._state_lock:
            self.state = replace(self.state, advised=(*self.state.advised, str(self.paths.corpus)))
        save_state(self.state, self.state_file)

    def on_index_failed(self, message: messages.IndexFailed) -> None:
        self.index_state = "index unavailable"
        self.notify(f"Search index: {message.error}", severity="error", markup=False, timeout=10)
        self.main.set_status()

    def index_problem(self, problem: str | None) -> None:
        """After a note is saved (from a worker thread): say so when the index could not follow."""
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    # -- the app's actions (keys and the command palette) ----------------------------------------------
    def action_rebuild_index(self) -> None:
        """The palette's "Rebuild index": it asks first (a large corpus takes a while to index again)."""
        from briefing.ui.screens.dialogs import ConfirmDialog

        def decided(rebuild: bool | None) -> None:
            if rebuild:
                self.rebuilding = True
                self.index_state = "rebuilding the index — searching the previous one"
                self.main.set_status()
                self.prepare_index(rebuild=True)

        question = (
            f"Rebuild the search index of {plural(self.article_count, 'article')}? Searches answer from the "
            "current index until the new one is complete."
        )
        self.push_screen(ConfirmDialog(question), decided)

    def action_help(self) -> None:
        from briefing.ui.screens.help import HelpScreen, help_rows

        rows = help_rows((b for owner in self._binding_owners() for b in owner.BINDINGS), self.settings.keys)
        self.push_screen(HelpScreen(rows))

    # -- state -----------------------------------------------------------------------------------------
    def remember(self, **changes: object) -> None:
        """Keep for the next launch: query, article_id, panes, results_width, timeline_filters…"""
        if "panes" in changes:
            changes["panes_config"] = tuple(self.settings.panes)
        with self._state_lock:
            self.state = replace(self.state, corpus=str(self.paths.corpus), **changes)  # type: ignore[arg-type]

    def _theme_picked(self, theme: object) -> None:
        self.remember(theme=self.theme, theme_config=self.settings.theme)

    def on_unmount(self) -> None:
        self.stopping.set()
        if self.watcher is not None:
            self.watcher.stop()
        save_state(self.state, self.state_file)
        self.index.close()


def unreadable_line(errors: tuple[str, ...] | list[str], shown: int = 4) -> str:
    """'3 files unreadable: a.md, b.md, c.md' from the corpus's one-line errors ('a.md: not UTF-8'); with only
    one, its reason too; past `shown` names, '…' and how to see them all."""
    names = [error.split(": ", 1)[0] for error in errors]
    if len(errors) == 1:
        return f"1 file unreadable: {errors[0]}"
    listed = ", ".join(names[:shown]) + (", …" if len(names) > shown else "")
    return f"{len(names)} files unreadable: {listed} (briefing list says why)"


def make_app(paths: Paths, settings: Settings | None = None, state_file: Path | None = None) -> BriefingApp:
    return BriefingApp(paths, settings if settings is not None else load_settings(), state_file)
