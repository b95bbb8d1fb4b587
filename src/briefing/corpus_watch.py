"""The corpus folder watched while the app runs: which articles changed on disk, without listing the folder.

A full update lists the corpus and compares every file with the manifest: about 9 s at a million articles.
While the app runs, the operating system's file events (inotify, FSEvents, ReadDirectoryChangesW, through
`watchdog`) say which files were created, changed, moved or deleted, so an article edited in another program
or added by `briefing add` in another terminal is re-indexed alone, in milliseconds. Events are gathered until
the folder has been quiet for `settle` seconds (an editor's save, an atomic rename, a batch import, are one
change), then the article ids they touch are handed to `on_change` on the watcher's thread.

Only the corpus folder itself is watched (not its subfolders); temporary and hidden files are ignored. A
folder that cannot be watched (gone, the system's watch limit reached) is reported by `start()` returning
the reason: the app then works as before, from the update made at launch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.paths import ARTICLE_SUFFIX, CORRECTIONS_SUFFIX, NOTES_SUFFIX

SETTLE_SECONDS = 0.15  # the folder quiet this long: what happened so far is one change
MAX_WAIT_SECONDS = 1.0  # a folder never quiet (a long import) still reports at least this often


@dataclass(frozen=True)
class CorpusChange:
    """The articles whose files changed (text, notes or date corrections), and those whose text changed."""

    ids: frozenset[str]
    texts: frozenset[str]


def article_id_of(name: str) -> str | None:
    """The article id a corpus file's name belongs to (its text, its notes, its date corrections), or None."""
    if name.startswith("."):
        return None  # hidden, or a temporary file of an atomic write (renamed to its real name when complete)
    for suffix in (NOTES_SUFFIX, CORRECTIONS_SUFFIX, ARTICLE_SUFFIX):  # the longer suffixes first
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


class CorpusWatcher:
    """Calls `on_change(change)` (on its own thread) with the articles whose files changed."""

    def __init__(
        self,
        corpus: Path,
        on_change: Callable[[CorpusChange], None],
        *,
        settle: float = SETTLE_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
    ) -> None:
        self.corpus = Path(corpus)
        self.on_change = on_change
        self.settle = settle
        self.max_wait = max_wait
        self._pending: set[str] = set()
        self._texts: set[str] = set()
        self._first_at: float | None = None
        self._last_at = 0.0
        self._wake = threading.Condition()
        self._stopping = False
        self._observer: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> str | None:
        """Start watching; None when it works, else why the folder cannot be watched (one line)."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError as exc:  # a broken install: the app goes on without watching
            return f"file events unavailable ({exc})"
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                    return
                watcher._saw(event.src_path, getattr(event, "dest_path", ""))

        observer = Observer()
        try:
            observer.schedule(Handler(), str(self.corpus), recursive=False)
            observer.start()
        except (OSError, RuntimeError) as exc:
            try:
                observer.stop()
            except Exception:  # noqa: BLE001 - it never started: nothing to stop
                pass
            return f"{self.corpus}: changes on disk are not watched ({getattr(exc, 'strerror', None) or exc})"
        self._observer = observer
        self._thread = threading.Thread(target=self._report, name="briefing-corpus-watch", daemon=True)
        self._thread.start()
        return None

    def stop(self) -> None:
        """Stop watching; changes gathered but not yet reported are dropped (the next launch's update sees them)."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=2)
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _saw(self, *paths: str | bytes) -> None:
        ids, texts = set(), set()
        for path in paths:
            if path:
                name = Path(path if isinstance(path, str) else path.decode("utf-8", "surrogateescape")).name
                article_id = article_id_of(name)
                if article_id:
                    ids.add(article_id)
                    if name.endswith(ARTICLE_SUFFIX):
                        texts.add(article_id)
        if not ids:
            return
        with self._wake:
            now = time.monotonic()
            self._pending |= ids
            self._texts |= texts
            self._last_at = now
            if self._first_at is None:
                self._first_at = now
            self._wake.notify_all()

    def _report(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._pending:
                    self._wake.wait()
                if self._stopping:
                    return
                now = time.monotonic()
                assert self._first_at is not None
                due = min(self._last_at + self.settle, self._first_at + self.max_wait)
                if now < due:
                    self._wake.wait(due - now)
                    continue
                change = CorpusChange(frozenset(self._pending), frozenset(self._texts))
                self._pending, self._texts, self._first_at = set(), set(), None
            try:
                self.on_change(change)
            except Exception:  # noqa: BLE001 - the caller's failure must not stop the watching
                logging.getLogger("briefing").exception("corpus change handler failed")
