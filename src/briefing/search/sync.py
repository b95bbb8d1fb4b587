"""Change detection: which articles (and notes) were added, changed or removed since the index last saw them.

The manifest, kept beside the index, remembers per article its file name, mtime, size and content hash, and
its notes file's mtime and size. One listing of the corpus folder (`briefing.corpus_scan`, shared with the
corpus's own listing; no path objects, one stat per file) decides the common case, an unchanged article,
without reading it: 100,000 articles in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.corpus_scan import CorpusScan, scan_corpus
from briefing.errors import CorpusError
from briefing.search.manifest import (  # noqa: F401 - re-exported: sync is where callers look for them
    HEADER,
    JOURNAL,
    MANIFEST,
    Manifest,
    ManifestDamaged,
    append_changes,
    load_manifest,
    read_header,
    write_base,
)


@dataclass(frozen=True)
class FileState:
    """What the index remembers of an article's files: the article's time, size and hash, and its notes'."""

    mtime_ns: int
    size: int
    sha: str
    notes: tuple[int, int] | None = None
    dates: tuple[int, int] | None = None  # the analyst's corrections of its timeline (`<id>.dates.yaml`)

    def entry(self, name: str) -> list[Any]:
        notes, dates = (list(v) if v else None for v in (self.notes, self.dates))
        return [name, self.mtime_ns, self.size, self.sha, notes, dates]

    @classmethod
    def from_entry(cls, entry: list[Any]) -> FileState:
        return cls(entry[1], entry[2], entry[3], _notes_of(entry), _dates_of(entry))

    def same_content(self, other: FileState) -> bool:
        return self.sha == other.sha and self.notes == other.notes and self.dates == other.dates


def scan(corpus: Path) -> CorpusScan:
    """The one listing of the corpus folder (`briefing.corpus_scan`). A folder that cannot be listed is an error,
    never an empty corpus: an update would take every article out of the index."""
    try:
        return scan_corpus(corpus)
    except OSError as exc:
        raise CorpusError(f"cannot read the corpus folder {corpus} ({exc.strerror or exc})") from None


def file_state(
    path: Path,
    notes_states: dict[str, tuple[int, int]],
    known: FileState | None = None,
    dates_states: dict[str, tuple[int, int]] | None = None,
) -> FileState:
    stat = path.stat()
    notes = notes_states.get(path.stem)
    dates = (dates_states or {}).get(path.stem)
    if known and known.mtime_ns == stat.st_mtime_ns and known.size == stat.st_size:
        return replace(known, notes=notes, dates=dates)
    return FileState(stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest(), notes, dates)


@dataclass(frozen=True)
class Change:
    """An article to (re)index, or to remove (`path` None). `notes_only`: the article is as indexed, only
    its notes changed, so its timeline need not be read again."""

    id: str
    path: Path | None
    state: FileState | None
    notes_only: bool = False


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    touched_only: bool = False  # some files were touched, not changed: the manifest has their new times
    touched: dict[str, list[Any]] = field(default_factory=dict)  # those new entries (also set in `known`)
    scan: CorpusScan | None = None  # the listing of the corpus it was made from


def plan(
    corpus: Path, known: dict[str, list[Any]], wanted: set[str] | None = None, found: CorpusScan | None = None
) -> Plan:
    """What to do to bring the index in step with the corpus (`known` is updated for touched files).

    `wanted` limits the check to some article ids, and re-reads them even when they look unchanged. `found`
    is a listing of the corpus made already (planning again with another process's manifest): none is made.
    """
    found = found if found is not None else scan(corpus)
    ids = wanted if wanted is not None else set(found.articles) | set(known)
    result = Plan(scan=found)
    for article_id in sorted(ids):
        on_disk = found.articles.get(article_id)
        entry = known.get(article_id)
        if on_disk is None:
            if entry is not None:
                result.changes.append(Change(article_id, None, None))
            continue
        name, mtime_ns, size = on_disk
        notes = found.notes.get(article_id)
        same_file = entry is not None and entry[1] == mtime_ns and entry[2] == size
        dates = found.dates.get(article_id)
        if wanted is None and same_file and _notes_of(entry) == notes and _dates_of(entry) == dates:
            result.unchanged += 1  # the common case, decided without reading anything
            continue
        path = corpus / name
        previous = FileState.from_entry(entry) if entry else None
        try:
            state = file_state(path, found.notes, previous, found.dates)
        except OSError:
            continue
        if previous is not None and state.same_content(previous) and wanted is None:
            result.unchanged += 1
            if state != previous:  # touched, not changed: remember the new time, index nothing
                known[article_id] = result.touched[article_id] = state.entry(name)
                result.touched_only = True
            continue
        notes_only = previous is not None and state.sha == previous.sha and state.dates == previous.dates
        result.changes.append(Change(article_id, path, state, notes_only))
    return result


def _notes_of(entry: list[Any]) -> tuple[int, int] | None:
    return tuple(entry[4]) if len(entry) > 4 and entry[4] else None  # type: ignore[return-value]


def _dates_of(entry: list[Any]) -> tuple[int, int] | None:
    return tuple(entry[5]) if len(entry) > 5 and entry[5] else None  # type: ignore[return-value]


def read_manifest(index_dir: Path, version: int) -> dict[str, list[Any]]:
    """The files the index holds (the base and its journal); `ManifestDamaged` when either is missing,
    unreadable or not this version's (the index beside it cannot be trusted then)."""
    return load_manifest(index_dir, version).files


def write_manifest(
    index_dir: Path, files: dict[str, list[Any]], version: int, *, private: bool = False, **header: Any
) -> None:
    """The whole manifest as a new base (its journal folded in), then the header with the article count."""
    write_base(index_dir, files, version, private=private, **header)
