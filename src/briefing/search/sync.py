"""Change detection: which articles (and notes) were added, changed or removed since the index last saw them.

The manifest, kept beside the index, remembers per article its file name, mtime, size and content hash, and
its notes file's mtime and size. One listing of the corpus folder (`briefing.corpus_scan`, shared with the
corpus's own listing; no path objects, one stat per file) decides the common case, an unchanged article,
without reading it: 100,000 articles in a fraction of a second. An update of some articles only (a note
saved, a date corrected) looks at their files alone, without listing the folder: at a million articles the
listing is seconds of `stat`s, and the manifest (a file of columns, `manifest_base`) loads in a tenth of one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.corpus_scan import CorpusScan, scan_corpus, scan_ids
from briefing.errors import CorpusError
from briefing.search.manifest import (  # noqa: F401 - re-exported: sync is where callers look for them
    HEADER,
    JOURNAL,
    LEGACY_MANIFEST,
    MANIFEST,
    Manifest,
    ManifestDamaged,
    append_changes,
    load_manifest,
    read_header,
    write_base,
)
from briefing.search.manifest_base import Row, rows_of


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


def scan(corpus: Path, ids: Iterable[str] | None = None) -> CorpusScan:
    """The one listing of the corpus folder (`briefing.corpus_scan`), or what it would say of `ids` only. A folder
    that cannot be listed is an error, never an empty corpus: an update would take every article out of the
    index."""
    try:
        return scan_corpus(corpus) if ids is None else scan_ids(corpus, ids)
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
    corpus: Path,
    known: MutableMapping[str, list[Any]],
    wanted: set[str] | None = None,
    found: CorpusScan | None = None,
    among: Iterable[str] | None = None,
) -> Plan:
    """What to do to bring the index in step with the corpus (`known` is updated for touched files).

    `wanted` limits the check to some article ids (only their files are looked at: no listing), and re-reads
    them even when they look unchanged. `found` is a look at the corpus made already (planning again with
    another process's manifest): none is made. `among` limits the check to some ids of `found`, as a whole
    update checks them (planning again, under the write lock, what the first plan found to do: a whole pass
    over a million entries costs half a second). The changes come in the order of their ids.
    """
    found = found if found is not None else scan(corpus, wanted)
    result = Plan(scan=found)
    articles, notes, dates = found.articles, found.notes, found.dates
    forced = wanted is not None
    some = wanted if wanted is not None else among
    if some is not None:
        rows: Iterable[Row] = (_row(article_id, known.get(article_id)) for article_id in some)
    else:
        rows = rows_of(known)
    seen = 0
    for article_id, mtime_ns, size, notes_state, dates_state in rows:
        on_disk = articles.get(article_id)
        if on_disk is None:
            if mtime_ns is not None:
                result.changes.append(Change(article_id, None, None))
            continue
        seen += 1
        if (
            not forced
            and on_disk[1] == mtime_ns
            and on_disk[2] == size
            and notes_state == notes.get(article_id)
            and dates_state == dates.get(article_id)
        ):
            result.unchanged += 1  # the common case, decided without reading anything
            continue
        _check(corpus, article_id, on_disk[0], known.get(article_id), found, forced, result)
    if some is None and seen < len(articles):  # articles the manifest has not seen
        for article_id in articles.keys() - _ids(known):
            _check(corpus, article_id, articles[article_id][0], None, found, False, result)
    known.update(result.touched)
    result.changes.sort(key=lambda change: change.id)
    return result


def _row(article_id: str, entry: list[Any] | None) -> Row:
    if entry is None:
        return article_id, None, None, None, None
    return article_id, entry[1], entry[2], _notes_of(entry), _dates_of(entry)


def _ids(known: Mapping[str, list[Any]]) -> Iterable[str]:
    return known.keys() if isinstance(known, dict) else list(known)


def _check(
    corpus: Path,
    article_id: str,
    name: str,
    entry: list[Any] | None,
    found: CorpusScan,
    forced: bool,
    result: Plan,
) -> None:
    """An article whose file (or notes, or corrections) is not as the manifest says: changed, or only touched."""
    path = corpus / name
    previous = FileState.from_entry(entry) if entry else None
    try:
        state = file_state(path, found.notes, previous, found.dates)
    except OSError:
        return
    if previous is not None and state.same_content(previous) and not forced:
        result.unchanged += 1
        if state != previous:  # touched, not changed: remember the new time, index nothing
            result.touched[article_id] = state.entry(name)
            result.touched_only = True
        return
    notes_only = previous is not None and state.sha == previous.sha and state.dates == previous.dates
    result.changes.append(Change(article_id, path, state, notes_only))


def _notes_of(entry: list[Any]) -> tuple[int, int] | None:
    return tuple(entry[4]) if len(entry) > 4 and entry[4] else None  # type: ignore[return-value]


def _dates_of(entry: list[Any]) -> tuple[int, int] | None:
    return tuple(entry[5]) if len(entry) > 5 and entry[5] else None  # type: ignore[return-value]


def read_manifest(index_dir: Path, version: int) -> MutableMapping[str, list[Any]]:
    """The files the index holds (the base and its journal); `ManifestDamaged` when either is missing,
    unreadable or not this version's (the index beside it cannot be trusted then)."""
    return load_manifest(index_dir, version).files


def write_manifest(
    index_dir: Path, files: Mapping[str, list[Any]], version: int, *, private: bool = False, **header: Any
) -> None:
    """The whole manifest as a new base (its journal folded in), then the header with the article count."""
    write_base(index_dir, files, version, private=private, **header)


class BuildFiles(dict[str, list[Any]]):
    """A first build's entries, recorded as it commits: `start` writes an empty base, each `commit` one journal
    line of the entries set since the last (a whole base per commit cost two seconds each at a million articles,
    quadratic over the build), and the build's end writes the whole base once (`write_manifest`)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, list[Any]] = {}
        self.manifest: Manifest | None = None

    def __setitem__(self, key: str, entry: list[Any]) -> None:
        super().__setitem__(key, entry)
        self.pending[key] = entry

    def start(self, index_dir: Path, version: int, **header: Any) -> None:
        self.manifest = write_base(index_dir, {}, version, **header)
        self.manifest.files = self

    def commit(self, index_dir: Path, **header: Any) -> None:
        assert self.manifest is not None, "start first"
        changes, self.pending = self.pending, {}
        self.manifest = append_changes(index_dir, self.manifest, changes, fold=False, **header)
        self.pending.clear()  # the same entries, set again by the append
