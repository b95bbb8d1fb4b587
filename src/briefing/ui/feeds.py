"""Feeds in the app: "Fetch feeds" (key f) in a worker with progress, the count of new articles in the status
line, and the list of new articles (key u). Mixed into BriefingApp; the work itself is briefing.follow's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.follow import FetchReport

INDEX_EVERY = 1.0  # seconds between two index updates while a fetch brings new articles


@dataclass
class FeedsProgress(Message):
    done: int
    total: int
    added: int


@dataclass
class FeedsIndexed(Message):
    count: int  # articles in the index now that the latest new ones went in


@dataclass
class FeedsFetched(Message):
    report: FetchReport | None
    error: str | None = None


@dataclass
class NewCount(Message):
    count: int


class FeedsActions:
    """What the app does with feeds; needs the app's `paths`, `index`, `main` and `notify`."""

    new_count: int = 0
    feeds_state: str = ""  # "fetching feeds 3/12" while a fetch runs

    def feeds_line(self) -> str:
        """The status line's part: what a fetch is doing, else how many fetched articles are new."""
        if self.feeds_state:
            return self.feeds_state
        return f"{self.new_count} new" if self.new_count else ""

    def action_fetch_feeds(self) -> None:
        app: Any = self
        if self.feeds_state:
            app.notify("A fetch is running already.", markup=False)
            return
        self.feeds_state = "fetching feeds…"
        app.main.set_status()
        self.fetch_feeds_worker()

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def fetch_feeds_worker(self) -> None:
        """Fetch in this thread; new articles go into the index as they come (the first at once, then at most
        every INDEX_EVERY seconds), so the first ones are searchable long before the last feed answers."""
        import time

        from briefing.follow import fetch_feeds

        app: Any = self
        added = 0
        unindexed: list[str] = []
        next_flush = 0.0  # the first article goes into the index at once

        def flush() -> None:
            nonlocal next_flush
            started = time.monotonic()
            if unindexed and app.index_open and not app.stopping.is_set():
                app.index.update(only=list(unindexed))
                unindexed.clear()
                app.post_message(FeedsIndexed(app.index.doc_count()))
            # indexing takes at most a fifth of the time: each update costs more as the index grows
            now = time.monotonic()
            next_flush = now + max(INDEX_EVERY, 4 * (now - started))

        def on_feed(done: int, total: int, outcome: Any) -> None:
            nonlocal added
            added += len(outcome.added)
            app.post_message(FeedsProgress(done, total, added))

        def on_article(article_id: str) -> None:
            unindexed.append(article_id)
            if time.monotonic() >= next_flush:
                flush()

        try:
            report = fetch_feeds(app.paths.corpus, on_feed=on_feed, on_article=on_article, cancel=app.stopping)
            flush()
        except BriefingError as exc:
            app.post_message(FeedsFetched(None, str(exc)))
            return
        except Exception as exc:  # never a traceback on screen
            app.post_message(FeedsFetched(None, f"{exc.__class__.__name__}: {exc}".splitlines()[0]))
            return
        app.post_message(FeedsFetched(report))

    def on_feeds_indexed(self, message: FeedsIndexed) -> None:
        app: Any = self
        app.article_count = message.count
        app.main.refresh_search()

    def on_feeds_progress(self, message: FeedsProgress) -> None:
        app: Any = self
        self.feeds_state = f"fetching feeds {message.done}/{message.total} · {message.added} new"
        app.main.set_status()

    def on_feeds_fetched(self, message: FeedsFetched) -> None:
        app: Any = self
        self.feeds_state = ""
        report = message.report
        if report is None:
            app.notify(f"Fetch feeds: {message.error}", severity="error", markup=False, timeout=10)
            app.main.set_status()
            return
        for error in report.errors:
            app.notify(error, severity="warning", markup=False, timeout=10)
        if not report.outcomes:
            if not report.errors:
                app.notify("No feeds to fetch: follow one with `briefing feeds add URL`.", markup=False, timeout=10)
        else:
            failed = report.failed
            text = f"Fetched {len(report.outcomes)} feed(s): {len(report.added)} new article(s)"
            if failed:
                text += f", {len(failed)} failed ({failed[0].name}: {failed[0].message})"
            app.notify(text, severity="warning" if failed else "information", markup=False, timeout=10)
        self.count_new()

    @work(thread=True, group="new-count", exit_on_error=False)
    def count_new(self) -> None:
        from briefing.feeds import new_articles

        app: Any = self
        app.post_message(NewCount(len(new_articles(app.paths.corpus))))

    def on_new_count(self, message: NewCount) -> None:
        self.new_count = message.count
        app: Any = self
        app.main.set_status()

    @work(thread=True, group="new-count", exit_on_error=False)
    def mark_read(self, ids: list[str] | None) -> None:
        from briefing.feeds import mark_read, new_articles

        app: Any = self
        try:
            mark_read(app.paths.corpus, ids)
        except (BriefingError, OSError) as exc:
            app.call_from_thread(app.notify, f"new articles: {exc}", severity="warning", markup=False)
        app.post_message(NewCount(len(new_articles(app.paths.corpus))))

    def article_seen(self, article_id: str) -> None:
        """An article was opened: it is no longer new."""
        if self.new_count:
            self.mark_read([article_id])

    def action_mark_all_read(self) -> None:
        self.mark_read(None)

    def action_new_articles(self) -> None:
        from briefing.ui.screens.new_articles import NewArticlesScreen

        app: Any = self

        def chosen(article_id: str | None) -> None:
            if article_id:
                app.main.open_article(article_id)

        app.push_screen(NewArticlesScreen(app.paths.corpus), chosen)
