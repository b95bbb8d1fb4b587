"""The tantivy engine: an index folder of tantivy segments, for corpora too large for Whoosh to build quickly.

Only this package imports tantivy (installed with `pip install 'briefing[tantivy]'`). Failures that come from
the index files (a missing or truncated segment file, a damaged meta.json or stored document, a panic while
decoding them) are reported as `IndexCorrupt`, which the searcher answers with one rebuild; any other
failure is a bug, reported as such, and rebuilds nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from briefing.search import ast
from briefing.search.api import IndexBusy, IndexCorrupt, Ranked, Stored
from briefing.search.document import Document
from briefing.search.locking import hold_flock
from briefing.search.suggest import Vocabulary
from briefing.search.tantivy.compile import Compiler, holds_phrase
from briefing.search.tantivy.schema import (
    PLAIN_FIELDS,
    SCHEMA_VERSION,
    StoredDamage,
    analyse,
    schema,
    stored_fields,
    tantivy_document,
)
from briefing.search.whoosh import analysis

WRITE_TIMEOUT = 60.0  # seconds an update waits for another process's write lock before it gives up
WRITER_LOCK = ".tantivy-writer.lock"  # tantivy's own write lock (an flock), held by its IndexWriter
BUILD_HEAP = 128_000_000
UPDATE_HEAP = 16_000_000
VERIFY_LIMIT = 20_000  # sloppy-phrase candidates checked in their text, at most
FRAGMENTED = 32  # segments past which an update that finds nothing to do merges them (see TantivyWriter)
# what tantivy says when its files are damaged (its errors reach Python as ValueError or OSError with text)
_DAMAGE_WORDS = (
    "corrupt",
    "checksum",
    "ioerror",
    "io error",
    "openreaderror",
    "opendirectoryerror",
    "filedoesnotexist",
    "file does not exist",
    "failed to open",
    "incompatibleindex",
    "unexpected end",
    "unexpectedeof",
    "failed to fill whole buffer",
    "invalid utf-8",
    "deserializ",
    "meta.json",
    "not a valid",
    "no such file",
)


def is_damage(exc: BaseException) -> bool:
    """Whether an exception comes from reading the index files (rather than from a bug or a query)."""
    if isinstance(exc, StoredDamage | OSError):
        return True
    if type(exc).__name__ == "PanicException":  # tantivy panicked decoding its files (pyo3 raises this)
        return True
    if isinstance(exc, ValueError):
        text = str(exc).lower()
        return any(word in text for word in _DAMAGE_WORDS)
    return False


class TantivyWriter:
    """tantivy's IndexWriter, released (its lock with it) as soon as it is committed or cancelled.

    A commit waits for the merges tantivy's merge policy picks (segments of like size, eight or more at a
    time): every segment costs each search a term lookup and its own top-k pass (the app on a million
    articles was 735 MB resident with 257 segments, 270 MB with one), and one-article edits would otherwise
    leave a segment each. A build commits with `checkpoint` and keeps the writer, so that those merges run
    on in the background while it indexes; its last commit waits for them. A merge is cheap here (postings
    re-coded, stored blocks copied: a million articles in about ten seconds).
    """

    def __init__(self, writer: Any) -> None:
        self._writer: Any = writer

    def add(self, document: Document, prepared: dict[str, Any] | None = None) -> None:
        """Add a document; `prepared`: its fields made by `analyse` in a worker process (then not again here)."""
        self._writer.add_document(tantivy_document(document, prepared))

    def checkpoint(self) -> None:
        """Commit what was added so far and go on writing (a build's commits), the lock kept."""
        self._writer.commit()

    def update(self, document: Document) -> None:
        self._writer.delete_documents_by_term("id", document.id)
        self._writer.add_document(tantivy_document(document))

    def delete(self, article_id: str) -> None:
        self._writer.delete_documents_by_term("id", article_id)

    def commit(self, *, merge: bool = True, optimize: bool = False) -> None:
        writer, self._writer = self._writer, None
        writer.commit()
        writer.wait_merging_threads()  # the merges the policy picked, then the lock is released
        del writer  # the lock goes with it

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.rollback()
        del writer


class TantivyEngine:
    """One tantivy index folder. Not thread-safe: the searcher holds its lock around every call."""

    name = "tantivy"
    version = SCHEMA_VERSION
    is_damage = staticmethod(is_damage)

    def __init__(self) -> None:
        self._index: Any = None
        self._searcher: Any = None
        self._schema: Any = None
        self._vocabulary: tuple[Any, Vocabulary] | None = None
        self._directory: Path | None = None
        self._seen: tuple[int, int, int] | None = None  # meta.json's inode, mtime and size when last read
        self._inode = 0  # of the folder opened: another process's rebuild swaps in a new folder

    # -- opening ------------------------------------------------------------------------------------------
    def open(self, directory: Path, expected_count: int | None) -> str | None:
        """Open the index in `directory`; why it cannot be used, or None. Reads meta.json and one document."""
        self.close()
        if not (directory / "meta.json").is_file():
            return "index files missing"
        try:
            index = tantivy.Index.open(str(directory))
            index.config_reader(reload_policy="Manual")
            searcher = index.searcher()
            count = searcher.num_docs
            if count:
                hits = searcher.search(tantivy.Query.all_query(), 1, count=False).hits
                if hits:
                    stored_fields(searcher.doc(hits[0][1]))
        except BaseException as exc:  # noqa: BLE001 - a failure to read any part of the index means a broken index
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            return f"index unreadable ({exc.__class__.__name__})"
        if expected_count is not None and count != expected_count:
            return "index and manifest disagree"
        self._index, self._searcher, self._schema = index, searcher, index.schema
        self._remember(directory)
        return None

    def _remember(self, directory: Path) -> None:
        self._directory = directory
        self._seen = self._meta_state()
        try:
            self._inode = os.stat(directory).st_ino
        except OSError:
            self._inode = 0

    def _meta_state(self) -> tuple[int, int, int] | None:
        if self._directory is None:
            return None
        try:
            st = os.stat(self._directory / "meta.json")
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def create(self, directory: Path) -> None:
        self.close()
        self._index = tantivy.Index(schema(), path=str(directory), reuse=False)
        self._index.config_reader(reload_policy="Manual")
        self._schema = self._index.schema
        self._remember(directory)

    @contextlib.contextmanager
    def hold_writes(self, directory: Path) -> Iterator[None]:
        """Hold the index's write lock (tantivy's own, an flock): no other process commits meanwhile."""
        with hold_flock(directory / WRITER_LOCK, WRITE_TIMEOUT):
            yield

    def is_open(self) -> bool:
        return self._index is not None

    def preparer(self) -> Callable[[Document], dict[str, Any]]:
        """What a build's worker processes do to each document besides making it: its analysis."""
        return analyse

    def close(self) -> None:
        self._index = self._searcher = self._vocabulary = None
        self._seen = None
        self._inode = 0

    def writer(self, *, building: bool = False) -> TantivyWriter:
        heap, threads = (BUILD_HEAP, min(2, os.cpu_count() or 1)) if building else (UPDATE_HEAP, 1)
        deadline = time.monotonic() + (0 if building else WRITE_TIMEOUT)
        while True:
            try:
                return TantivyWriter(self._index.writer(heap, threads))
            except ValueError as exc:
                if "lock" not in str(exc).lower():
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy("another briefing is writing the index; try again") from None
                time.sleep(0.05)

    def changed(self) -> None:
        """The index was written: the next search reads its new state."""
        self._searcher = self._vocabulary = None

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
                self._index = tantivy.Index.open(str(directory))
                self._index.config_reader(reload_policy="Manual")
                self._schema = self._index.schema
                self._remember(directory)
        state = self._meta_state()
        if self._searcher is None or state != self._seen:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._vocabulary = None
            self._seen = state
        return self._searcher

    def doc_count(self) -> int:
        return int(self.searcher().num_docs)

    def fragmented(self) -> bool:
        """Whether the index is in more segments than its merges leave (a build of an earlier version, which
        cancelled them): the next update merges them, once."""
        return int(self.searcher().num_segments) > FRAGMENTED

    def vocabulary(self) -> Vocabulary:
        searcher = self.searcher()
        if self._vocabulary is None or self._vocabulary[0] is not searcher:

            def load_letter(letter: str) -> dict[str, int]:
                return dict(searcher.terms_with_prefix("vocab", letter))

            def frequency(word: str) -> int:
                return int(searcher.doc_freq("vocab", word))

            self._vocabulary = (searcher, Vocabulary(load_letter, frequency))
        return self._vocabulary[1]

    def run(self, node: ast.Node, *, limit: int, sort: str, exact_count: bool = False) -> Ranked:
        """The best `limit` documents of a query, sorted by relevance, newest or oldest first."""
        try:
            return self._run(node, limit, sort)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            if is_damage(exc):
                detail = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
                raise IndexCorrupt(f"the index is damaged ({detail})") from exc
            if not isinstance(exc, Exception):  # a panic that is not about the files: a bug, in one line
                raise RuntimeError(" ".join(str(exc).split())[:200]) from None
            raise

    def _run(self, node: ast.Node, limit: int, sort: str) -> Ranked:
        searcher = self.searcher()
        compiler = Compiler(self._schema, searcher, self.vocabulary(), self._phrase_ids)
        query = compiler.compile(node)
        if sort == "relevance":
            found = searcher.search(query, max(1, limit), count=True)
        else:
            order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
            found = searcher.search(query, max(1, limit), count=True, order_by_field="published", order=order)
        docs = []
        for key, address in found.hits:
            score = float(key) if sort == "relevance" and key is not None else 0.0
            docs.append((_stored(stored_fields(searcher.doc(address))), score))
        return Ranked(tuple(docs), int(found.count), True, compiler.marks)

    def _phrase_ids(self, field: str, words: tuple[str, ...], slop: int, candidates: Any) -> list[str] | None:
        """The ids of the candidates whose text holds the words in order, each within `slop` positions of the
        one before (None past VERIFY_LIMIT candidates: reading them all would take seconds)."""
        searcher = self.searcher()
        total = searcher.search(candidates, 1, count=True).count
        if not total:
            return []
        if total > VERIFY_LIMIT:
            return None
        analyse = analysis.plain if field in PLAIN_FIELDS else analysis.words
        ids = []
        for _score, address in searcher.search(candidates, total, count=False).hits:
            fields = stored_fields(searcher.doc(address))
            if holds_phrase(analyse(str(fields.get(field) or "")), words, slop):
                ids.append(fields["id"])
        return ids

    def _document(self, article_id: str) -> dict[str, Any] | None:
        searcher = self.searcher()
        hits = searcher.search(tantivy.Query.term_query(self._schema, "id", article_id), 1, count=False).hits
        return stored_fields(searcher.doc(hits[0][1])) if hits else None

    def event_days(self, article_id: str) -> tuple[dt.date, ...] | None:
        """The event days indexed for an article (None when it is not in the index)."""
        fields = self._document(article_id)
        if fields is None or not isinstance(fields.get("event_days"), list):
            return None
        return tuple(dt.date.fromisoformat(d) for d in fields["event_days"])


def _stored(fields: dict[str, Any]) -> Stored:
    return Stored(
        id=fields["id"],
        title=str(fields.get("title") or ""),
        body=str(fields.get("body") or ""),
        published=fields.get("published"),
        source=str(fields.get("source") or ""),
        has_notes=bool(fields.get("has_notes")),
    )
