"""Messages that cross the app: workers report back through these (post_message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.worker import Worker, WorkerState

from briefing.corpus import Article
from briefing.corpus_watch import CorpusChange
from briefing.notes import NotesFile
from briefing.search import SearchResult, UpdateReport
from briefing.timeline import ArticleTimeline
from briefing.ui.widgets.article import Reading


@dataclass
class IndexProgress(Message):
    done: int
    total: int


@dataclass
class IndexReady(Message):
    report: UpdateReport | None
    count: int
    messages: tuple[str, ...] = ()


@dataclass
class CorpusChanged(Message):
    """Files of the corpus changed on disk while the app runs (from the corpus watcher's thread)."""

    change: CorpusChange


@dataclass
class CorpusReindexed(Message):
    """The articles changed on disk are re-indexed."""

    change: CorpusChange
    report: UpdateReport
    count: int


@dataclass
class IndexFailed(Message):
    error: str


@dataclass
class SearchFinished(Message):
    generation: int
    result: SearchResult


@dataclass
class SearchFailed(Message):
    generation: int
    query: str
    error: str


@dataclass
class ArticleLoaded(Message):
    article: Article
    timeline: ArticleTimeline
    notes: NotesFile | None
    notes_error: str | None
    scroll_to: tuple[int, int] | None = None
    request: int = 0
    reading: Reading | None = None  # set when history brings the article back


@dataclass
class ArticleFailed(Message):
    article_id: str
    error: str
    request: int = 0


@dataclass
class NotesChanged(Message):
    article_id: str
    notes: NotesFile
    message: str
    warning: bool = False


@dataclass
class WorkerFailed(Message):
    """Background work of a screen failed unexpectedly: the app logs it and says so (a worker's own state
    changes do not bubble, so its screen passes the failure on with this)."""

    worker: str
    error: BaseException


def worker_failure(event: Worker.StateChanged) -> WorkerFailed | None:
    """The failure a worker state change reports, if it is one."""
    if event.state != WorkerState.ERROR or event.worker.error is None:
        return None
    return WorkerFailed(event.worker.name, event.worker.error)
