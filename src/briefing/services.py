"""The use cases both shells call: the CLI (`briefing.cli`) and the app (`briefing.ui`) are thin layers over these.

Every call takes plain values, returns frozen dataclasses (or core records), raises one-line `BriefingError`s
and never prints: what a shell shows, and how, is the shell's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.errors import BriefingError
from briefing.paths import Paths
from briefing.search import SearchIndex, UpdateReport


# ---------------------------------------------------------------------------------------------- the index
@dataclass(frozen=True)
class IndexRefresh:
    """What `refresh_index` did: the update's report, or the one-line reason the index was left as it is.

    `report` is None when there was no index to refresh (it is built on first use) or when it failed.
    """

    report: UpdateReport | None = None
    problem: str | None = None


def refresh_index(paths: Paths, only: Iterable[str] | None = None) -> IndexRefresh:
    """Keep the search index in step after a change; an index problem is reported, never raised.

    `only` limits the work to some article ids (after a note is saved, the note is re-read, not the timeline).
    """
    if not paths.index.exists():
        return IndexRefresh()
    try:
        with SearchIndex(paths.corpus, paths.index) as index:
            return IndexRefresh(report=index.update(only=list(only) if only is not None else None))
    except BriefingError as exc:
        return IndexRefresh(problem=f"index not updated: {exc}")
    except OSError as exc:
        return IndexRefresh(problem=f"index not updated: {exc.strerror or exc} ({paths.index})")
