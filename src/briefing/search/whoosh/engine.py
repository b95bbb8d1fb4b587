"""The Whoosh engine: an index folder of Whoosh segments, searched through the posting searcher.

Only this package imports whoosh. Reading failures that come from the index files (a truncated posting
file, a missing segment, a damaged table of contents) are reported as `IndexCorrupt`, which the searcher
answers with one rebuild; any other failure is a bug, reported as such, and rebuilds nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import struct
import traceback
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import LockError

from briefing.search import ast
from briefing.search.api import IndexBusy, IndexCorrupt, Mark, Ranked, Stored
from briefing.search.document import Document
from briefing.search.locking import hold_flock
from briefing.search.suggest import Vocabulary
from briefing.search.whoosh.analysed import Analysed, SegmentBuild, analyse, supported
from briefing.search.whoosh.compile import compile_query, marks
from briefing.search.whoosh.postings import PostingSearcher, Unsupported
from briefing.search.whoosh.schema import BM25_B, BM25_K1, SCHEMA_VERSION, schema, weighting, whoosh_fields

WRITE_TIMEOUT = 60.0  # seconds an update waits for another process's write lock before it gives up
SMALL_SEGMENT = 200  # documents: an update's commit merges the segments smaller than this ...
MERGE_AT = 8  # ... once there are this many of them (a saved note is a segment of one document)
_DAMAGE = (struct.error, EOFError, zlib.error, pickle.UnpicklingError, OSError, whoosh_index.IndexError)
_WHOOSH_STORAGE = ("/whoosh/codec/", "/whoosh/filedb/", "/whoosh/reading.py", "/whoosh/index.py", "/whoosh/util/")


def is_damage(exc: BaseException) -> bool:
    """Whether an exception comes from reading the index files (rather than from a bug or a query)."""
    if isinstance(exc, _DAMAGE):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and any(part in frames[-1].filename.replace("\\", "/") for part in _WHOOSH_STORAGE)


class WhooshWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self._analysed_ok: bool | None = None  # checked at the first document analysed ahead
        self._build: SegmentBuild | None = None

    def add(self, document: Document, prepared: Analysed | None = None) -> None:
        """Add a document; `prepared`: its analysis made by `analyse` in a worker process (then not again here).
        A writer whose first document comes analysed writes its segment itself (`SegmentBuild`), and then every
        document it is given goes that way; one whose first does not leaves all of them to Whoosh."""
        if self._analysed_ok is None:
            self._analysed_ok = prepared is not None and supported(self._writer)
            if self._analysed_ok:
                self._build = SegmentBuild(self._writer)
        if self._build is not None:
            self._build.add(prepared if prepared is not None else analyse(document))
        else:
            self._writer.add_document(**whoosh_fields(document))

    def full(self) -> bool:
        """Whether the segment being written holds as much as memory allows (then commit it)."""
        return self._build is not None and self._build.full()

    def update(self, document: Document) -> None:
        if self._build is not None:  # Whoosh's update_document would put its postings in the pool, unwritten
            self.delete(document.id)
            self._build.add(analyse(document))
            return
        self._analysed_ok = False  # this document's postings go in Whoosh's pool: so do the next ones'
        self._writer.update_document(**whoosh_fields(document))

    def delete(self, article_id: str) -> None:
        self._writer.delete_by_term("id", article_id)

    def commit(self, *, merge: bool = True, optimize: bool = False) -> None:
        if self._build is not None:
            # never merged: a merge would put the other segments' postings in Whoosh's pool, which the
            # segment build does not write (a build commits unmerged segments anyway)
            self._writer.commit(merge=False)
        elif merge or optimize:
            self._writer.commit(merge=merge, optimize=optimize)
        else:
            self._writer.commit(mergetype=merge_small_segments)

    def cancel(self) -> None:
        self._writer.cancel()


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy of small updates: the segments under SMALL_SEGMENT documents are merged into the
    one being written once there are MERGE_AT of them; larger ones are left alone. Each saved note or
    corrected date is an update of one article, a segment of its own (and its deleted copy in another):
    never merged, they piled up by the hundred in a long session."""
    from whoosh.reading import SegmentReader

    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) < MERGE_AT:
        return list(segments)
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment.doc_count_all() >= SMALL_SEGMENT]


class WhooshEngine:
    """One Whoosh index folder. Not thread-safe: the searcher holds its lock around every call."""

    name = "whoosh"
    version = SCHEMA_VERSION
    is_damage = staticmethod(is_damage)

    def __init__(self) -> None:
        self._ix: Any = None
        self._searcher: Any = None
        self._postings: PostingSearcher | None = None
        self._vocabulary: tuple[Any, Vocabulary] | None = None
        self._directory: Path | None = None
        self._inode = 0  # of the folder opened: another process's rebuild swaps in a new folder

    # -- opening ------------------------------------------------------------------------------------------
    def open(self, directory: Path, expected_count: int | None) -> str | None:
        """Open the index in `directory`; why it cannot be used, or None. Cheap: the TOC and one document."""
        self.close()
        try:
            ix = whoosh_index.open_dir(str(directory))
            searcher = ix.searcher(weighting=weighting())
            count = searcher.doc_count()
            if count:
                searcher.stored_fields(0)
        except whoosh_index.EmptyIndexError:
            return "index files missing"
        except Exception as exc:  # noqa: BLE001 - a failure to read any part of the index means a broken index
            return f"index unreadable ({exc.__class__.__name__})"
        if expected_count is not None and count != expected_count:
            searcher.close()
            return "index and manifest disagree"
        self._ix, self._searcher = ix, searcher
        self._remember(directory)
        return None

    def _remember(self, directory: Path) -> None:
        self._directory = directory
        try:
            self._inode = os.stat(directory).st_ino
        except OSError:
            self._inode = 0

    def create(self, directory: Path) -> None:
        self.close()
        self._ix = whoosh_index.create_in(str(directory), schema())
        self._remember(directory)

    @contextlib.contextmanager
    def hold_writes(self, directory: Path) -> Iterator[None]:
        """Hold the index's write lock (Whoosh's own, an flock): no other process commits meanwhile."""
        with hold_flock(directory / "MAIN_WRITELOCK", WRITE_TIMEOUT):
            yield

    def is_open(self) -> bool:
        return self._ix is not None

    def preparer(self) -> Callable[[Document], Analysed]:
        """What a build's worker processes do to each document besides making it: Whoosh's analysis."""
        return analyse

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._ix = self._searcher = self._postings = self._vocabulary = None
        self._inode = 0

    def writer(self, *, building: bool = False) -> WhooshWriter:
        try:
            if building:
                # plain segment files, not one compound file: Whoosh copies a compound segment whole into
                # memory when it opens it (550 MB and 150 ms at 100,000 articles), and measured no faster here
                return WhooshWriter(self._ix.writer(limitmb=256, procs=1, compound=False))
            return WhooshWriter(self._ix.writer(timeout=WRITE_TIMEOUT, compound=False))
        except LockError:
            raise IndexBusy("another briefing is writing the index; try again") from None

    def changed(self) -> None:
        """The index was written: the next search reads its new state."""
        self._drop_searcher()

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self._postings = self._vocabulary = None

    # -- reading ------------------------------------------------------------------------------------------
    def searcher(self) -> Any:
        """The searcher of the latest committed state (another process may have committed since)."""
        if self._directory is not None and self._inode:
            try:
                swapped = os.stat(self._directory).st_ino != self._inode
            except OSError:
                swapped = False
            if swapped:  # another process rebuilt the index: open the new folder
                directory = self._directory
                self.close()
                self._ix = whoosh_index.open_dir(str(directory))
                self._remember(directory)
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=weighting())
            return self._searcher
        if self._ix.latest_generation() != self._searcher.reader().generation():
            # a new searcher, not Searcher.refresh(): whoosh-reloaded's refresh keeps the old segments beside
            # the new ones (it merges the reused reader's segment list into the new TOC's), so after another
            # process merged segments, articles were counted and found twice until the index was reopened
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=weighting())
            self._postings = None
            self._vocabulary = None
        return self._searcher

    def doc_count(self) -> int:
        return int(self.searcher().doc_count())

    def vocabulary(self) -> Vocabulary:
        searcher = self.searcher()
        if self._vocabulary is None or self._vocabulary[0] is not searcher:
            readers = [sub.reader() for sub, _offset in searcher.leaf_searchers()]

            def load_letter(letter: str) -> dict[str, int]:
                found: dict[str, int] = {}
                for reader in readers:
                    for term, info in reader.iter_prefix("vocab", letter):
                        word = term.decode("utf-8") if isinstance(term, bytes) else term
                        found[word] = found.get(word, 0) + info.doc_frequency()
                return found

            def frequency(word: str) -> int:
                return sum(reader.doc_frequency("vocab", word) for reader in readers)

            self._vocabulary = (searcher, Vocabulary(load_letter, frequency))
        return self._vocabulary[1]

    def compile(self, node: ast.Node) -> Any:
        searcher = self.searcher()
        return compile_query(node, searcher.schema, searcher.reader(), self.vocabulary())

    def run(self, node: ast.Node, *, limit: int, sort: str, exact_count: bool = False) -> Ranked:
        """The best `limit` documents of a query, sorted by relevance, newest or oldest first."""
        try:
            return self._run(node, limit, sort, exact_count)
        except Exception as exc:
            if is_damage(exc):
                detail = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
                raise IndexCorrupt(f"the index is damaged ({detail})") from exc
            raise

    def _run(self, node: ast.Node, limit: int, sort: str, exact_count: bool) -> Ranked:
        searcher = self.searcher()
        q = self.compile(node)
        found = marks(q)
        try:
            ranked = self._posting_searcher(searcher).run(q, max(1, limit), sort)
        except Unsupported:
            ranked = None
        if ranked is not None:
            stored = searcher.stored_fields
            docs = tuple((_stored(stored(d)), score) for d, score in zip(ranked.docnums, ranked.scores, strict=True))
            return Ranked(docs, ranked.total, True, found)
        return self._whoosh_search(searcher, q, limit, sort, exact_count, found)

    def _posting_searcher(self, searcher: Any) -> PostingSearcher:
        if self._postings is None or self._postings.searcher is not searcher:
            self._postings = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1)
        return self._postings

    @staticmethod
    def _whoosh_search(
        searcher: Any, q: Any, limit: int, sort: str, exact_count: bool, found: tuple[Mark, ...]
    ) -> Ranked:
        """Whoosh's own searcher, for the query shapes the posting searcher does not handle."""
        sortedby = None if sort == "relevance" else "published"
        results = searcher.search(q, limit=max(1, limit), sortedby=sortedby, reverse=(sort == "newest"))
        total_exact = results.has_exact_length()
        if total_exact:
            total = len(results)
        elif exact_count:
            total, total_exact = sum(1 for _ in searcher.docs_for_query(q)), True
        else:
            try:
                total = max(results.scored_length(), results.estimated_min_length())
            except ValueError:  # Whoosh cannot estimate an empty numeric range
                total = results.scored_length()
        docs = tuple((_stored(h.fields()), float(h.score or 0.0)) for h in results)
        return Ranked(docs, total, total_exact, found)

    def event_days(self, article_id: str) -> tuple[dt.date, ...] | None:
        """The event days indexed for an article (None when it is not in the index)."""
        fields = self.searcher().document(id=article_id)
        if fields is None or fields.get("event_days") is None:
            return None
        return tuple(dt.date.fromisoformat(d) for d in fields["event_days"].split(",") if d)

    def every_id(self) -> list[str]:
        return [fields["id"] for fields in self.searcher().all_stored_fields()]


def _stored(fields: dict[str, Any]) -> Stored:
    return Stored(
        id=fields["id"],
        title=fields.get("title", ""),
        body=fields.get("body", ""),
        published=fields.get("published_text"),
        source=fields.get("source", ""),
        has_notes=bool(fields.get("has_notes")),
    )
