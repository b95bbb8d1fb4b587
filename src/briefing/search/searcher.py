"""`SearchIndex`: a corpus's search index, kept in step with the corpus, over any `Engine`."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, CorpusError, QueryError
from briefing.index_home import claim_index
from briefing.search import document as documents
from briefing.search import query as ql
from briefing.search import sync
from briefing.search.api import (
    ENGINES,
    SORTS,
    BuildProgress,
    IndexBusy,
    IndexCorrupt,
    IndexUnavailable,
    SearchHit,
    SearchResult,
    Stored,
    UpdateReport,
    log,
    make_engine,
)
from briefing.search.highlight import Marker
from briefing.search.produce import Workers
from briefing.search.suggest import did_you_mean, suggest

BATCH_SECONDS = 2.0  # a first build commits at most this long after it starts (then twice as long, and so on)
SEGMENT_DOCS = (1000, 8000)  # a build commits a segment of 1,000 articles, then 1,000, 2,000, 2,000, ... 8,000

Progress = Callable[[int, int], None] | None


class SearchIndex:
    """A corpus's search index. Safe to share between threads: searches take a lock around the engine; a
    build or an update holds the write lock and takes the engine lock only to commit."""

    def __init__(self, corpus: Path, index_dir: Path, engine: str = "whoosh") -> None:
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self.engine = make_engine(engine)
        self._lock = threading.RLock()  # guards the engine; searches hold it
        self._write_lock = threading.RLock()  # one writer at a time; searches go on meanwhile
        self.messages: list[str] = []
        self.on_message: Callable[[str], None] | None = None  # told at once (else kept in `messages`)
        self._rebuilt_after_failure = False
        self._progress = BuildProgress(0, 0)
        self.workers: int | None = None  # processes making the documents of a build (None: one per core)
        self.prepare = True  # the engine's analysis made in those processes too (when the engine offers it)
        self._manifest: sync.Manifest | None = None  # kept between updates: re-read is a stat and the new lines

    def _say(self, message: str) -> None:
        if self.on_message is not None:
            self.on_message(message)
        else:
            self.messages.append(message)

    # -- opening ------------------------------------------------------------------------------------------
    def _open_existing(self) -> str | None:
        if not self.index_dir.exists():
            return "no index yet"
        header = sync.read_header(self.index_dir)
        if (
            header is None
            or header.get("version") != self.engine.version
            or header.get("engine", "whoosh") != (self.engine.name)
        ):
            return "index made by another version or half-written"
        problem = self.engine.open(self.index_dir, header.get("count"))
        if problem is None:
            total = header.get("building") or header.get("count") or 0
            self._progress = BuildProgress(int(header.get("count") or 0), int(total))
        return problem

    def open(
        self, *, build: bool = True, progress: Progress = None, cancel: threading.Event | None = None
    ) -> UpdateReport | None:
        """Open the index; build it when it is missing or broken. Returns the build report when it built one."""
        with self._lock:
            if self.engine.is_open():
                return None
            problem = self._open_existing()
        if problem is None:
            return None
        header = sync.read_header(self.index_dir)
        other = header.get("engine", "whoosh") if header is not None else self.engine.name
        if other != self.engine.name and other in ENGINES:  # another engine's index is never rebuilt over
            raise IndexUnavailable(f"{self.index_dir} holds the {other} index, not a {self.engine.name} one")
        if not build:
            raise IndexUnavailable(f"{self.index_dir}: {problem}")
        with self._write_lock, self._build_lock():
            with self._lock:
                if self.engine.is_open() or self._open_existing() is None:  # built meanwhile (another process)
                    return None
            if problem == "no index yet":
                report = self._first_build(progress=progress, cancel=cancel)
            else:
                self._say(f"rebuilding the search index: {problem}")
                report = self._rebuild(progress=progress, cancel=cancel)
        return UpdateReport(**{**report.__dict__, "rebuilt_because": problem})

    @contextlib.contextmanager
    def _build_lock(self) -> Iterator[None]:
        """Only one process builds the index at a time; the others say they wait, then use what it built."""
        import fcntl

        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.index_dir.with_name(f".{self.index_dir.name}.build-lock")
        with open(lock_path, "a+") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._say(f"waiting for another briefing to finish building the index in {self.index_dir}")
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            self.engine.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def build_progress(self) -> BuildProgress:
        """How many articles are searchable of how many (during a first build, the ones committed so far)."""
        return self._progress

    # -- building -----------------------------------------------------------------------------------------
    def _documents(
        self,
        progress: Progress,
        cancel: threading.Event | None,
        errors: list[str],
        files: dict[str, list[Any]],
        found: sync.CorpusScan | None = None,
        workers: Any = None,
    ) -> Iterator[tuple[documents.Document, Any]]:
        """Every article's document, in corpus order, made in worker processes (`produce`) and streamed, with
        what the engine's `preparer` (when it has one: Whoosh's analysis) made of it there."""
        from briefing.search.produce import produce

        found = found if found is not None else sync.scan(self.corpus)
        names = sorted(name for name, _, _ in found.articles.values())
        items = [(name, found.notes.get(name[:-3]), found.dates.get(name[:-3])) for name in names]
        total = len(items)
        self._progress = BuildProgress(0, total)
        preparer = getattr(self.engine, "preparer", None)
        prepare = preparer() if preparer is not None and self.prepare else None
        for done, made in enumerate(produce(self.corpus, items, workers=workers, prepare=prepare), start=1):
            if cancel is not None and cancel.is_set():
                raise IndexUnavailable("index build cancelled")
            if made.document is not None and made.entry is not None:
                files[made.document.id] = made.entry  # before the yield: a commit there includes it
                yield made.document, made.prepared
            elif made.error is not None:
                errors.append(made.error)
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)

    def _first_build(self, progress: Progress, cancel: threading.Event | None) -> UpdateReport:
        """Build in place, committing every BATCH_SECONDS: searches see what is indexed so far. A build killed
        half-way leaves a consistent index and manifest, which the next update completes."""
        started = time.perf_counter()
        files = sync.BuildFiles()
        errors: list[str] = []
        workers: Workers | None = None
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            # marked as this corpus's index before the engine writes a file: a second process starting meanwhile
            # finds an index being built, not a folder of unknown files (and again after: `create` may clear it)
            claim_index(self.corpus, self.index_dir)
            found = sync.scan(self.corpus)  # one listing: the total and the files to index
            total = len(found.articles)
            workers = Workers(self.workers, total)  # before the writer: see Workers
            with self._lock:
                self.engine.create(self.index_dir)
            claim_index(self.corpus, self.index_dir)
            files.start(self.index_dir, self.engine.version, engine=self.engine.name, building=total)
            segments = _Segments(timed=True)
            writer = self.engine.writer(building=True)
            try:
                for doc, prepared in self._documents(progress, cancel, errors, files, found, workers):
                    _add(writer, doc, prepared)
                    if segments.full(writer):
                        writer = _checkpoint(writer, self.engine)
                        self._committed(files, total)
                writer.commit(merge=True)  # an engine that merges cheaply merges its segments (see its writer)
            except BaseException:
                writer.cancel()
                raise
            self._committed(files, None)
        except IndexUnavailable:
            self.close()
            shutil.rmtree(self.index_dir, ignore_errors=True)
            raise
        except OSError as exc:
            self.close()
            shutil.rmtree(self.index_dir, ignore_errors=True)
            raise IndexUnavailable(
                f"cannot write the index in {self.index_dir.parent}: {exc.strerror or exc}"
            ) from None
        finally:
            if workers is not None:
                workers.close()
        return UpdateReport(added=len(files), errors=tuple(errors), seconds=time.perf_counter() - started)

    def _committed(self, files: sync.BuildFiles, building: int | None) -> None:
        """A first build's segment is committed (`building`: of how many articles), or the build is complete."""
        if building is not None:
            files.commit(self.index_dir, engine=self.engine.name, building=building)
        else:
            sync.write_manifest(self.index_dir, files, self.engine.version, engine=self.engine.name)
        self._manifest = None
        with self._lock:
            self.engine.changed()
        self._progress = BuildProgress(len(files), building if building is not None else len(files))

    def _rebuild(self, progress: Progress = None, cancel: threading.Event | None = None) -> UpdateReport:
        """Build beside the index, then swap the folders: readers use the old one until the new is whole."""
        started = time.perf_counter()
        for leftover in self.index_dir.parent.glob(f"{self.index_dir.name}.building-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a killed build: we hold the build lock now
        tmp_dir = self.index_dir.with_name(self.index_dir.name + f".building-{os.getpid()}")
        shutil.rmtree(tmp_dir, ignore_errors=True)
        files: dict[str, list[Any]] = {}
        errors: list[str] = []
        builder = make_engine(self.engine.name)
        workers = Workers(self.workers, len(sync.scan(self.corpus).articles))  # before any lock: see Workers
        try:
            # no other process commits to the live index from the corpus scan to the swap (it would be lost)
            with self.engine.hold_writes(self.index_dir):
                tmp_dir.mkdir(parents=True)
                builder.create(tmp_dir)
                claim_index(self.corpus, tmp_dir)  # swapped in with it
                segments = _Segments(timed=False)
                writer = builder.writer(building=True)
                try:
                    for doc, prepared in self._documents(progress, cancel, errors, files, workers=workers):
                        _add(writer, doc, prepared)
                        if segments.full(writer):
                            writer = _checkpoint(writer, builder)
                    writer.commit(merge=True)
                except BaseException:
                    writer.cancel()
                    raise
                finally:
                    builder.close()
                sync.write_manifest(tmp_dir, files, self.engine.version, private=True, engine=self.engine.name)
                self._manifest = None
                with self._lock:
                    self.engine.close()
                    self._swap_in(tmp_dir)
                    problem = self.engine.open(self.index_dir, len(files))
        except IndexUnavailable:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        except OSError as exc:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise IndexUnavailable(
                f"cannot write the index in {self.index_dir.parent}: {exc.strerror or exc}"
            ) from None
        finally:
            workers.close()
        if problem is not None:
            raise IndexUnavailable(f"{self.index_dir}: the index just built cannot be read ({problem})")
        self._progress = BuildProgress(len(files), len(files))
        return UpdateReport(added=len(files), errors=tuple(errors), seconds=time.perf_counter() - started)

    def _swap_in(self, tmp_dir: Path) -> None:
        """Replace the index folder by the one just built, as atomically as folders allow."""
        old = self.index_dir.with_name(self.index_dir.name + f".old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.index_dir.exists():
            os.replace(self.index_dir, old)
        os.replace(tmp_dir, self.index_dir)
        shutil.rmtree(old, ignore_errors=True)

    def rebuild(self, progress: Progress = None, cancel: threading.Event | None = None) -> UpdateReport:
        with self._write_lock, self._build_lock():
            return self._rebuild(progress=progress, cancel=cancel)

    def _rebuild_once(self, why: str) -> None:
        """A detected corruption: rebuild, once per session (a damage a rebuild does not cure must not loop)."""
        if self._rebuilt_after_failure:
            raise IndexUnavailable(f"{self.index_dir}: {why}, and rebuilding did not cure it")
        self._rebuilt_after_failure = True
        self._say(f"rebuilding the search index: {why}")
        self.rebuild()

    # -- updating -----------------------------------------------------------------------------------------
    def update(
        self, progress: Progress = None, cancel: threading.Event | None = None, only: Iterable[str] | None = None
    ) -> UpdateReport:
        """Bring the index in step with the corpus: only added, changed and removed articles are touched.

        `only` limits the check to some article ids (after a note is saved, say): an article whose file is as
        indexed gets its notes re-read, not its timeline.
        """
        with self._write_lock:
            built = self.open(progress=progress, cancel=cancel)
            if built is not None:
                return built
            try:
                return self._update(progress, cancel, only)
            except BaseException as exc:
                self._manifest = None  # it may hold changes this update made in memory only
                if not isinstance(exc, IndexCorrupt):
                    raise
                self._rebuild_once(str(exc))
                return UpdateReport(rebuilt_because=str(exc), added=self.doc_count())

    def _merge_if_fragmented(self) -> None:
        """Merge an index left in many segments (an engine that says `fragmented`), with an empty commit: its
        commit waits for the merges. Skipped while another process writes; it is only an optimisation."""
        fragmented = getattr(self.engine, "fragmented", None)
        with self._lock:
            if fragmented is None or not fragmented():
                return
            try:
                writer = self.engine.writer()
            except IndexBusy:
                return
        try:
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        with self._lock:
            self.engine.changed()

    def _update(self, progress: Progress, cancel: threading.Event | None, only: Iterable[str] | None) -> UpdateReport:
        from briefing.corpus import read_article

        started = time.perf_counter()
        only_ids = set(only) if only is not None else None
        known = self._read_manifest()
        todo = sync.plan(self.corpus, known, only_ids)
        recorded: dict[str, list[Any] | None] = dict(todo.touched)  # what this update changes in the manifest
        if not todo.changes:
            if recorded or (self._manifest is not None and self._manifest.legacy):
                self._record(recorded)  # (a base of the earlier layout is replaced even when nothing changed)
            if only_ids is None:
                self._merge_if_fragmented()
            return UpdateReport(unchanged=todo.unchanged, seconds=time.perf_counter() - started)
        with self._lock:
            writer = self.engine.writer()
        try:  # another process may have committed or rebuilt since the plan: plan again under the write lock
            known = self._read_manifest()
            among = None if only_ids is not None else [change.id for change in todo.changes]
            first = todo
            todo = sync.plan(self.corpus, known, only_ids, found=todo.scan, among=among)
            if among is not None:
                todo.unchanged += first.unchanged  # the others, as the first plan found them
        except BaseException:
            writer.cancel()
            raise
        recorded.update(todo.touched)
        if not todo.changes:  # the other process did it
            writer.cancel()
            if recorded:
                self._record(recorded)
            return UpdateReport(unchanged=todo.unchanged, seconds=time.perf_counter() - started)
        added = changed = removed = 0
        errors: list[str] = []
        try:
            for done, change in enumerate(todo.changes, start=1):
                if cancel is not None and cancel.is_set():
                    break
                if change.path is None or change.state is None:
                    writer.delete(change.id)
                    known.pop(change.id, None)
                    recorded[change.id] = None
                    removed += 1
                    continue
                try:
                    article = read_article(change.path)
                except CorpusError as exc:
                    errors.append(str(exc))
                    writer.delete(change.id)
                    known.pop(change.id, None)
                    recorded[change.id] = None
                    continue
                days = None
                if change.notes_only:
                    with self._lock:
                        days = self._indexed_days(change.id)
                writer.update(documents.build(article, self.corpus, days))
                if change.id in known:
                    changed += 1
                else:
                    added += 1
                known[change.id] = recorded[change.id] = change.state.entry(change.path.name)
                if progress and (done % 200 == 0 or done == len(todo.changes)):
                    progress(done, len(todo.changes))
            with self._lock:
                writer.commit(merge=len(todo.changes) > 50, optimize=len(todo.changes) > 1000)
                self._record(recorded)
                self.engine.changed()
        except BaseException as exc:
            with contextlib.suppress(Exception):
                writer.cancel()
            if isinstance(exc, BriefingError | KeyboardInterrupt) or not self.engine.is_damage(exc):
                raise
            raise IndexCorrupt(f"the index is damaged ({exc.__class__.__name__}: {exc})") from exc
        return UpdateReport(
            added=added,
            changed=changed,
            removed=removed,
            unchanged=todo.unchanged,
            errors=tuple(errors),
            seconds=time.perf_counter() - started,
        )

    def _indexed_days(self, article_id: str) -> Any:
        try:
            return self.engine.event_days(article_id)
        except Exception:  # noqa: BLE001 - then the timeline is read again, as for a changed article
            return None

    def _read_manifest(self) -> dict[str, list[Any]]:
        """The manifest's entries: the copy kept from the last update, brought up to date (a stat and the
        journal lines written since), or read whole the first time or when the base was rewritten."""
        try:
            self._manifest = sync.load_manifest(self.index_dir, self.engine.version, self._manifest)
        except sync.ManifestDamaged as exc:
            raise IndexCorrupt(str(exc)) from None
        return self._manifest.files

    def _record(self, changes: dict[str, list[Any] | None]) -> None:
        """Write what this update changed: one journal line (or a fold), never the whole manifest."""
        assert self._manifest is not None
        try:
            self._manifest = sync.append_changes(self.index_dir, self._manifest, changes, engine=self.engine.name)
        except sync.ManifestDamaged as exc:
            raise IndexCorrupt(str(exc)) from None
        count = len(self._manifest.files)
        self._progress = BuildProgress(count, count)

    # -- reading ------------------------------------------------------------------------------------------
    def doc_count(self) -> int:
        with self._lock:
            if not self.engine.is_open():
                self.open()
            return self.engine.doc_count()

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        as_you_type: bool = False,
        snippets: bool = True,
        match: str = "all",
        exact_count: bool = False,
    ) -> SearchResult:
        """Run a query. An empty query lists every article, newest first.

        `match="any"` treats the text as plain words of which any may match, ranked by BM25F: for
        natural-language questions rather than the query language. Without `exact_count`, the total of a
        search that stopped early is a lower bound and `total_exact` says so.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use relevance, newest or oldest")
        text = query.strip()
        typing = as_you_type and not query.endswith(" ")
        if match == "any":
            node = ql.any_words(text)
        elif not text:
            node = ql.parse(text)
            sort = "newest" if sort == "relevance" else sort
        else:
            node = ql.parse_as_typed(text) if typing else ql.parse(text)
        if sort == "relevance" and not ql.ranks(node):
            sort = "newest"  # only filters (dates, source:, tag:): nothing to rank by, and sorting is cheaper
        try:
            return self._search(query, node, text, typing, limit, sort, snippets, exact_count)
        except IndexCorrupt as exc:
            self._rebuild_once(str(exc))
            return self._search(query, node, text, typing, limit, sort, snippets, exact_count)
        except (QueryError, IndexUnavailable):
            raise
        except Exception as exc:  # a bug, not a broken index: say so in one line, keep the index
            log.exception("search failed: %r", query)
            detail = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
            raise IndexUnavailable(f"search failed ({detail}); the index is left as it is") from None

    def _finds(self, word: str) -> bool:
        """Whether the word, searched alone and stemmed as every search is, finds a document (under the lock)."""
        try:
            return self.engine.run(ql.parse(word), limit=1, sort="relevance", exact_count=False).total > 0
        except QueryError:
            return False

    def _search(
        self, query: str, node: Any, text: str, typing: bool, limit: int, sort: str, snippets: bool, exact: bool
    ) -> SearchResult:
        with self._lock:
            if not self.engine.is_open():
                self.open()
            ranked = self.engine.run(node, limit=max(1, limit), sort=sort, exact_count=exact)
            typed = ql.split_partial_word(text)[0] if typing else text
            if typing and ranked.total == 0:
                typed = text  # no word starts so: the last word is misspelt, not unfinished
            suggestion = did_you_mean(typed, self.engine.vocabulary(), self._finds) if typed else None
        marker = Marker(ranked.marks)
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for stored, score in ranked.docs:
            if stored.id in seen:  # an engine must never show one article twice (the app's list ids are unique)
                continue
            seen.add(stored.id)
            hits.append(_hit(stored, score, marker, snippets))
        total = ranked.total - (len(ranked.docs) - len(hits))
        return SearchResult(
            query=query,
            hits=tuple(hits),
            total=total,
            suggestion=suggestion,
            terms=ql.query_words(text),
            total_exact=ranked.total_exact,
            marks=ranked.marks,
        )

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Words of the index within two edits of `word` (same first letter), nearest and most frequent first."""
        with self._lock:
            if not self.engine.is_open():
                self.open()
            return suggest(self.engine.vocabulary(), word, limit)


def _checkpoint(writer: Any, engine: Any) -> Any:
    """Commit what a build has added so far (searches see it); the writer to go on with. A writer that can
    commit and go on (`checkpoint`) is kept: tantivy's merges the commits start run on in the background
    instead of being cancelled with each writer, which cost more CPU at each commit as segments piled up."""
    checkpoint = getattr(writer, "checkpoint", None)
    if checkpoint is not None:
        checkpoint()
        return writer
    writer.commit(merge=False)
    return _next_writer(engine)


def _next_writer(engine: Any) -> Any:
    """The writer of a build's next segment. An engine may release the lock of the writer just committed a
    moment later: wait for it a little, as for another process's."""
    deadline = time.monotonic() + 10.0
    while True:
        try:
            return engine.writer(building=True)
        except IndexBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _add(writer: Any, document: documents.Document, prepared: Any) -> None:
    if prepared is None:
        writer.add(document)
    else:
        writer.add(document, prepared)


class _Segments:
    """When a build commits: every SEGMENT_DOCS articles, in segments growing from the first to the last size
    (sorting a segment's postings costs more than linearly: 1,000-article segments built 10,000 articles at
    230/s where one segment took 120/s; larger ones later keep the count of segments low: 17 at 100,000).
    `timed`: also after BATCH_SECONDS, then twice as long each time, so that searches during a first build
    soon see the articles indexed so far whatever the machine's speed."""

    def __init__(self, *, timed: bool) -> None:
        self.timed = timed
        self.count = 0
        self.done = 0
        self.interval = BATCH_SECONDS
        self.last = time.perf_counter()

    def full(self, writer: Any = None) -> bool:
        """Whether to commit now, after one more document (`writer`: the engine's, which may say it is full)."""
        self.done += 1
        first, most = SEGMENT_DOCS
        size = min(most, first * 2 ** (self.count // 2))
        late = self.timed and time.perf_counter() - self.last > self.interval
        if getattr(writer, "full", None) is not None and writer.full():
            size = self.done
        if self.done < size and not late:
            return False
        if late and self.done < size:
            self.interval *= 2
        self.count += 1
        self.done = 0
        self.last = time.perf_counter()
        return True


def _hit(stored: Stored, score: float, marker: Marker, with_snippets: bool) -> SearchHit:
    snippets: tuple[Any, ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    if with_snippets:
        snippets = marker.snippets(stored.body)
        title_spans = tuple(marker.spans(stored.title))
    return SearchHit(
        id=stored.id,
        title=stored.title,
        published=stored.published,
        source=stored.source,
        score=score,
        snippets=snippets,
        title_spans=title_spans,
        has_notes=stored.has_notes,
    )
