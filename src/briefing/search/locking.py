"""The write lock both engines hold the same way: an flock on a file in the index folder, waited for a while."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from briefing.search.api import IndexBusy


@contextlib.contextmanager
def hold_flock(lock_file: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on `lock_file` (no-op when its folder is gone); IndexBusy after `timeout` s."""
    if not lock_file.parent.is_dir():
        yield
        return
    fd = os.open(lock_file, os.O_CREAT | os.O_WRONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexBusy("another briefing is writing the index; try again") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock
