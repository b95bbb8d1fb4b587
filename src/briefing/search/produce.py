"""The documents of a whole corpus, made in parallel: a first build's reading and timeline tagging.

Tagging an article's timeline (the `event:` field) costs more than reading it; worker processes (one per core)
each take a chunk of article files in turn, read each file once (its bytes give both its hash for the manifest
and its text), parse it, tag it and return the engine-neutral documents. The caller receives them in corpus
order, as a serial build would make them, a chunk at a time: at most a few chunks per worker are in flight,
so memory stays bounded whatever the corpus size, and an engine's writer consumes them as they come.

Small builds, a single core, or worker processes that cannot start (a sandbox, a broken interpreter) make the
documents in this process instead: same documents, same order.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import CorpusError
from briefing.search import document as documents
from briefing.search.sync import FileState

log = logging.getLogger("briefing.search")

CHUNK = 48  # articles per task: big enough to amortise the round trip, small enough to keep progress smooth
AHEAD = 8  # chunks in flight per worker: the workers go on while the writer commits a segment; memory stays bounded
IN_PROCESS_BELOW = 300  # articles: under this, starting worker processes costs more than it saves

Item = tuple[str, "tuple[int, int] | None", "tuple[int, int] | None"]  # file name, notes state, dates state


@dataclass(frozen=True)
class Made:
    """One article file made ready to index: its manifest entry and document, or why it could not be read."""

    name: str
    entry: list[Any] | None = None
    document: documents.Document | None = None
    error: str | None = None
    prepared: Any = None  # what the engine's `preparer` made of the document (its analysis), if it has one


Prepare = Callable[[documents.Document], Any] | None


def make(corpus: Path, item: Item, prepare: Prepare = None) -> Made:
    """Read one article file once (its hash and its text from the same bytes) and make its document."""
    from briefing.article import article_from_bytes
    from briefing.rawtext import MAX_FILE_BYTES

    name, notes, dates = item
    path = corpus / name
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            raw = handle.read(MAX_FILE_BYTES + 1)  # a huge file dropped in the corpus is never read whole
        article = article_from_bytes(raw, path)
    except OSError as exc:
        return Made(name, error=f"{name}: cannot read ({exc.strerror or exc})")
    except CorpusError as exc:
        return Made(name, error=str(exc))
    state = FileState(stat.st_mtime_ns, stat.st_size, hashlib.sha256(raw).hexdigest(), notes, dates)
    document = documents.build(article, corpus)
    return Made(name, state.entry(name), document, prepared=prepare(document) if prepare else None)


def make_chunk(corpus: str, items: Sequence[Item], prepare: Prepare = None) -> list[Made]:
    folder = Path(corpus)
    return [make(folder, item, prepare) for item in items]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Workers:
    """The worker processes of one build, started before the build opens its index writer or takes a lock:
    a forked worker inherits its parent's open files, and would go on holding a lock file (tantivy's writer
    lock, say) after the parent let it go. None are started for a small build or a single core."""

    def __init__(self, count: int | None = None, expected: int | None = None) -> None:
        import multiprocessing

        self.count = default_workers() if count is None else count
        self.pool: ProcessPoolExecutor | None = None
        if self.count <= 1 or (expected is not None and expected < IN_PROCESS_BELOW):
            return
        try:
            self.pool = ProcessPoolExecutor(self.count, mp_context=_context(multiprocessing), initializer=_quiet_worker)
            for started in [self.pool.submit(os.getpid) for _ in range(self.count)]:
                started.result()
        except (BrokenProcessPool, OSError, ValueError, ImportError, NotImplementedError, RuntimeError) as exc:
            log.warning("index build in one process: worker processes cannot start (%s)", exc)
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def produce(
    corpus: Path, items: Sequence[Item], *, workers: Workers | int | None = None, prepare: Prepare = None
) -> Iterator[Made]:
    """Every item made, in the order given; in worker processes when it is worth it (`workers`: the build's
    `Workers`, or how many to start here, None for one per core). `prepare` (a module-level function, sent to
    the workers by name) runs on each document where it is made."""
    if len(items) < IN_PROCESS_BELOW:
        yield from (make(corpus, item, prepare) for item in items)
        return
    if isinstance(workers, Workers):
        yield from _in_workers(corpus, items, workers, prepare)
        return
    with Workers(workers, len(items)) as own:
        yield from _in_workers(corpus, items, own, prepare)


def _quiet_worker() -> None:
    # ctrl-c is the parent's to handle: a worker killed by it would print a traceback in the user's terminal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context(multiprocessing: Any) -> Any:
    """fork when this process runs one thread (a quick start, nothing re-imported, the caller's script is not
    run again); spawn when it runs others (the app, a searcher thread): a forked child would inherit their
    locks in whatever state they are."""
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _in_workers(corpus: Path, items: Sequence[Item], workers: Workers, prepare: Prepare) -> Iterator[Made]:
    pool = workers.pool
    if pool is None:
        yield from (make(corpus, item, prepare) for item in items)
        return
    starts = iter(range(0, len(items), CHUNK))
    next_start = 0  # the first item not yet yielded
    pending: deque[tuple[int, Future[list[Made]]]] = deque()
    try:
        for start in starts:
            pending.append((start, pool.submit(make_chunk, str(corpus), items[start : start + CHUNK], prepare)))
            if len(pending) >= workers.count * AHEAD:
                break
        while pending:
            start, future = pending.popleft()
            made = future.result()
            yield from made
            next_start = start + len(made)
            for start in starts:
                pending.append((start, pool.submit(make_chunk, str(corpus), items[start : start + CHUNK], prepare)))
                break
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        # a worker died or could not start: the rest is made here, from the first article not yet given
        log.warning("index build goes on in one process: a worker process failed (%s)", exc)
        for _, future in pending:
            future.cancel()
        pending.clear()
        workers.close()
        yield from (make(corpus, item, prepare) for item in items[next_start:])
    finally:
        for _, future in pending:  # the consumer stopped early (cancelled, failed): drop what is queued
            future.cancel()
