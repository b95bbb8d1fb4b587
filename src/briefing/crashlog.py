"""When something unforeseen breaks: the traceback goes to a log file, the user gets one line naming it."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

KEEP = 20  # crash logs kept; older ones are removed


def crash_dir() -> Path:
    """`$XDG_STATE_HOME/briefing/crashes` (the state folder also holds the app's remembered state)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "briefing" / "crashes"


def write_crash_log(error: BaseException, context: str = "") -> Path | None:
    """Write the traceback of `error` to a new log file and return its path (None when it cannot be written)."""
    folder = crash_dir()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    lines = [f"briefing crash at {dt.datetime.now().isoformat(timespec='seconds')} (pid {os.getpid()})\n"]
    if context:
        lines.append(f"{context}\n")
    lines.extend(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        path.write_text("".join(lines), encoding="utf-8")
        for old in sorted(folder.glob("crash-*.log"))[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path


def crash_line(error: BaseException, log: Path | None) -> str:
    """The one line the user sees."""
    what = f"{error.__class__.__name__}: {error}".splitlines()[0][:160] if str(error) else error.__class__.__name__
    where = f"the details are in {log}" if log else "the details could not be saved"
    return f"briefing: internal error ({what}); {where}"
