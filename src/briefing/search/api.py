"""What the rest of briefing sees of search: frozen results, the `Engine` protocol, and `SearchIndex`, the
searcher that keeps an engine's index in step with the corpus and answers queries.

Every failure is a `QueryError` or an `IndexUnavailable` with a one-line message. Only a *detected*
corruption (`IndexCorrupt`: the engine could not read its own files) rebuilds the index, once; any other
failure is logged with its traceback and reported in one line, and rebuilds nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from briefing.errors import BriefingError
from briefing.index_home import ENGINES

if TYPE_CHECKING:
    import datetime as dt

    from briefing.search import ast
    from briefing.search.document import Document
    from briefing.search.suggest import Vocabulary

log = logging.getLogger("briefing.search")
SORTS = ("relevance", "newest", "oldest")
EXTRA = {"tantivy": "briefing[tantivy]"}  # the pip extra that installs an optional engine


class IndexUnavailable(BriefingError):
    """The index cannot be opened, written or rebuilt, or a search failed."""


class IndexCorrupt(IndexUnavailable):
    """The engine found its own files damaged: rebuilding cures it."""


class EngineMissing(IndexUnavailable):
    """The engine asked for is not installed."""


class IndexBusy(IndexUnavailable):
    """Another process holds the index's write lock."""


# ---------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Snippet:
    """A fragment of text and the character spans in it to highlight."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class PhraseMark:
    """A phrase a query asks for, to highlight where it occurs: its words as the engine analysed them
    (stems, accents folded), each within `slop` positions after the one before (1: next to each other)."""

    words: tuple[str, ...]
    slop: int = 1


Mark = str | PhraseMark  # a word start to mark wherever a word begins so, or a phrase to mark where it occurs


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    published: str | None
    source: str
    score: float
    snippets: tuple[Snippet, ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    has_notes: bool = False


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    total: int
    suggestion: str | None = None
    terms: tuple[str, ...] = ()  # the words of the query as typed
    total_exact: bool = True
    marks: tuple[Mark, ...] = ()  # what the highlighter marks (stems, prefixes, fuzzy neighbours, phrases)


@dataclass(frozen=True)
class UpdateReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = ()
    rebuilt_because: str | None = None
    seconds: float = 0.0

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.changed} updated, {self.removed} removed, {self.unchanged} unchanged"
            f" in {self.seconds:.2f} s"
        )
        if self.rebuilt_because:
            text = f"rebuilt the index ({self.rebuilt_because}); " + text
        return text


@dataclass(frozen=True)
class BuildProgress:
    """How far the index is: `indexed` of `total` articles are searchable (equal when it is complete)."""

    indexed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.indexed >= self.total


# ---------------------------------------------------------------------------------------------- the seam
@dataclass(frozen=True)
class Stored:
    """What an engine keeps of a document to show it in a list of results."""

    id: str
    title: str
    body: str
    published: str | None
    source: str
    has_notes: bool = False


@dataclass(frozen=True)
class Ranked:
    """An engine's answer: the best documents with their scores, the number of matches (a lower bound when
    not `total_exact`), and what to highlight in them: word starts and phrases."""

    docs: tuple[tuple[Stored, float], ...]
    total: int
    total_exact: bool
    marks: tuple[Mark, ...]


class EngineWriter(Protocol):
    def add(self, document: Document) -> None: ...
    def update(self, document: Document) -> None: ...
    def delete(self, article_id: str) -> None: ...
    def commit(self, *, merge: bool = True, optimize: bool = False) -> None: ...
    def cancel(self) -> None: ...


class Engine(Protocol):
    """A full-text engine behind briefing's search. Not thread-safe: `SearchIndex` serialises the calls.

    An engine may also offer `preparer()`: a module-level function of a `Document`, run in a build's worker
    processes beside the document's making (its analysis, say); its writer's `add(document, prepared)` then
    takes what it returned. Whoosh does.
    """

    name: str
    version: int  # of its index layout: an index of another version is rebuilt

    def open(self, directory: Path, expected_count: int | None) -> str | None:
        """Open the index in `directory`: None, or why it cannot be used (then it is rebuilt)."""

    def create(self, directory: Path) -> None:
        """Start an empty index in `directory` (which exists and is empty)."""

    def is_open(self) -> bool: ...
    def close(self) -> None: ...

    def writer(self, *, building: bool = False) -> EngineWriter:
        """A writer (`building`: a first build into a fresh index); `IndexBusy` when another holds it."""

    def hold_writes(self, directory: Path) -> contextlib.AbstractContextManager[None]:
        """Hold the write lock of the index in `directory` (no other process commits), `IndexBusy` on timeout."""

    def changed(self) -> None:
        """Called after a commit: the next search sees it."""

    def doc_count(self) -> int: ...

    def run(self, node: ast.Node, *, limit: int, sort: str, exact_count: bool = False) -> Ranked:
        """The best `limit` documents of the query by relevance, newest or oldest; `IndexCorrupt` on damage."""

    def vocabulary(self) -> Vocabulary:
        """The indexed words (folded, unstemmed) with their document frequencies, for suggestions."""

    def is_damage(self, exc: BaseException) -> bool:
        """Whether a failure of a write came from the engine's own files being damaged."""

    def event_days(self, article_id: str) -> tuple[dt.date, ...] | None:
        """The event days indexed for an article, or None."""


def make_engine(name: str = "whoosh") -> Engine:
    if name == "whoosh":
        from briefing.search.whoosh.engine import WhooshEngine

        return WhooshEngine()
    if name == "tantivy":
        try:
            from briefing.search.tantivy.engine import TantivyEngine
        except ImportError as exc:
            if (exc.name or "").split(".")[0] != "tantivy":
                raise
            raise EngineMissing(
                f"the tantivy engine is not installed: pip install '{EXTRA[name]}' (or use --engine whoosh)"
            ) from None
        return TantivyEngine()
    raise IndexUnavailable(f"unknown search engine {name!r} (engines: {', '.join(ENGINES)})")


ProgressFn = Callable[[int, int], None]
Ids = Iterable[str]
