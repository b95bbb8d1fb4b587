"""Messages that cross the app: workers report back through these (post_message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from briefing.corpus import Article
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
