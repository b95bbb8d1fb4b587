"""The manifest's files: what the index has seen of every article, kept so that an update costs what changed.

- The **base** (`briefing-manifest.bin`): every article's entry (file name, mtime, size, content hash, notes
  and dates state), written whole and atomically by a build, a rebuild or a fold, with a random `journal`
  token naming the journal that goes with it. It is a file of columns (`manifest_base`): a new process reads
  a million articles' base in about a tenth of a second, and makes an entry only when it is asked for one.
  A base of the earlier layout (`briefing-manifest.json`, every entry as JSON) is read as it is; the first
  update that finds it writes the new base in its place.
- The **journal** (`briefing-manifest.journal`): one JSON line per update, `{"t": token, "set": {id: entry},
  "del": [id]}`, appended with one write and an fsync. Reading the manifest is reading the base, then
  replaying the journal's lines of that base's token in order. A line of another token is left over from a
  fold that stopped before removing the journal: its changes are in the base already, so it is skipped.
- **Folding**: when the journal grows past a tenth of the base (and 256 KB), the update that finds it so
  writes a new base with a new token and removes the journal. A rebuild writes a new base at its end; a first
  build writes an empty base at its start and each committed segment's entries as a journal line (searches
  see them, and a build killed half-way leaves a manifest of what it committed), then folds once at its end.
- **A torn last line** (no newline at the end: a crash in the middle of an append, or an append another
  process is making right now) is not part of the manifest: it is ignored when read, and cut off by the next
  append. A reader cannot tell a crash from an append in progress, so calling it damage would rebuild a
  healthy index under a concurrent writer; ignoring it leaves a manifest that lags the index by one update,
  which the next update corrects by re-indexing those articles (an index's count that disagrees with the
  header is still caught when the index opens). Any complete line that is not what briefing writes, a base
  that does not add up (its checksum, its lengths, its entries) or is not this version's, is damage:
  `ManifestDamaged`, and the index is rebuilt once.
- Writers (appends, folds, bases) take a lock file beside the index folder and re-read the journal's new
  lines under it before adding theirs, so two processes updating at once never lose each other's entries.
- A running `SearchIndex` keeps the `Manifest` it read: reading it again costs a `stat` of the base and the
  journal lines written since (the base is read again only when it is another file: folded, rebuilt).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import secrets
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.fsio import fsync_folder
from briefing.search import manifest_base

MANIFEST = "briefing-manifest.bin"  # the base: per article, file name, mtime, size, content hash, notes state
LEGACY_MANIFEST = "briefing-manifest.json"  # the base as earlier versions wrote it (JSON), read, then replaced
JOURNAL = "briefing-manifest.journal"  # the changes since the base, one line per update
HEADER = "briefing-index.json"  # schema version, engine and article count, read at every start
FOLD_FRACTION = 0.1  # the journal is folded into a new base when it grows past this fraction of the base
FOLD_MIN_BYTES = 256 * 1024  # ... and past this size (a small corpus's base is a few KB)


class ManifestDamaged(BriefingError):
    """The manifest is not what this version wrote."""


@dataclass
class Manifest:
    """The manifest as read: every article's entry, and where its base and journal were read up to."""

    files: MutableMapping[str, list[Any]]
    version: int
    token: str | None  # the journal token of the base (None: a base written before the journal existed)
    base_key: tuple[int, int, int]  # the base file read: inode, mtime, size
    journal_end: int = 0  # bytes of the journal read, complete lines only
    journal_ino: int | None = None
    legacy: bool = False  # read from a base of the earlier layout: the next write replaces it

    @property
    def base_size(self) -> int:
        return self.base_key[2]


def load_manifest(index_dir: Path, version: int, cached: Manifest | None = None) -> Manifest:
    """The manifest (base and journal); `cached`, one read before, is brought up to date and returned when its
    base is still the file on disk. `ManifestDamaged` when either file is unreadable or not what this version
    writes."""
    path = index_dir / MANIFEST
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        try:
            handle = open(index_dir / LEGACY_MANIFEST, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise ManifestDamaged(f"{path}: cannot be read (it is missing)") from None
        except OSError as exc:
            raise ManifestDamaged(f"{index_dir / LEGACY_MANIFEST}: cannot be read ({exc.strerror or exc})") from None
        path = index_dir / LEGACY_MANIFEST
    except OSError as exc:
        raise ManifestDamaged(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        with handle:
            st = os.fstat(handle.fileno())
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if cached is None or cached.base_key != key or cached.version != version:
                cached = _parse_base(path, handle.read(), version, key)
    except OSError as exc:
        raise ManifestDamaged(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not _replay(index_dir, cached):
        return load_manifest(index_dir, version)  # the journal is another file than the one read: read afresh
    return cached


def _parse_base(path: Path, raw: bytes, version: int, key: tuple[int, int, int]) -> Manifest:
    if path.name == MANIFEST:
        try:
            found, token, files = manifest_base.decode(raw, valid_entry)
        except manifest_base.BaseDamaged as exc:
            raise ManifestDamaged(f"{path}: damaged ({exc})") from None
        if found != version:
            raise ManifestDamaged(f"{path}: made by another version")
        return Manifest(files, version, token, key)
    return _parse_legacy_base(path, raw, version, key)


def _parse_legacy_base(path: Path, raw: bytes, version: int, key: tuple[int, int, int]) -> Manifest:
    collecting = gc.isenabled()
    gc.disable()  # a million small lists, each a collection's trigger: the parse took twice as long with it
    try:
        data = json.loads(raw)
    except ValueError:
        raise ManifestDamaged(f"{path}: damaged (not JSON)") from None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(data, dict) or data.get("version") != version:
        raise ManifestDamaged(f"{path}: made by another version")
    files = data.get("files")
    token = data.get("journal")
    if not isinstance(files, dict) or not all(valid_entry(e) for e in files.values()):
        raise ManifestDamaged(f"{path}: damaged (its file list is not what briefing writes)")
    if token is not None and not isinstance(token, str):
        raise ManifestDamaged(f"{path}: damaged (its journal token is not what briefing writes)")
    return Manifest(files, version, token, key, legacy=True)


def _replay(index_dir: Path, manifest: Manifest) -> bool:
    """Apply the journal lines written since `manifest` was read; False when the journal is not the file
    read before (replaced, or shorter than what was read), and the whole manifest must be read again."""
    path = index_dir / JOURNAL
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the checks that may return early
    except FileNotFoundError:
        if manifest.journal_ino is not None:
            return False
        return True
    except OSError as exc:
        raise ManifestDamaged(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with handle:
        st = os.fstat(handle.fileno())
        if manifest.journal_ino not in (None, st.st_ino) or st.st_size < manifest.journal_end:
            return False
        handle.seek(manifest.journal_end)
        try:
            data = handle.read()
        except OSError as exc:
            raise ManifestDamaged(f"{path}: cannot be read ({exc.strerror or exc})") from None
    manifest.journal_ino = st.st_ino
    complete = data[: data.rfind(b"\n") + 1]  # what follows the last newline is a torn or unfinished line
    for line in complete.splitlines():
        change = _parse_line(path, line)
        if change["t"] == manifest.token:
            for article_id in change["del"]:
                manifest.files.pop(article_id, None)
            manifest.files.update(change["set"])
    manifest.journal_end += len(complete)
    return True


def _parse_line(path: Path, line: bytes) -> dict[str, Any]:
    try:
        change = json.loads(line)
    except ValueError:
        raise ManifestDamaged(f"{path}: damaged (a line is not JSON)") from None
    if (
        not isinstance(change, dict)
        or not (change.get("t") is None or isinstance(change.get("t"), str))
        or not isinstance(change.get("set"), dict)
        or not isinstance(change.get("del"), list)
        or not all(valid_entry(e) for e in change["set"].values())
        or not all(isinstance(i, str) for i in change["del"])
    ):
        raise ManifestDamaged(f"{path}: damaged (a line is not what briefing writes)")
    return change


def append_changes(
    index_dir: Path, manifest: Manifest, changes: Mapping[str, list[Any] | None], *, fold: bool = True, **header: Any
) -> Manifest:
    """Record `changes` (an article's new entry, or None for an article taken out): one journal line, or a
    new base when the journal has grown past its share (never with `fold` False: a first build's segments,
    folded once at its end) or the base is of the earlier layout. Returns the manifest as it now is on disk."""
    with _locked(index_dir):
        manifest = load_manifest(index_dir, manifest.version, manifest)  # with what others wrote meanwhile
        if not changes and not manifest.legacy:
            return manifest
        for article_id, entry in changes.items():
            if entry is None:
                manifest.files.pop(article_id, None)
            else:
                manifest.files[article_id] = entry
        line = _line(manifest.token, changes)
        grown = manifest.journal_end + len(line) > max(FOLD_MIN_BYTES, FOLD_FRACTION * manifest.base_size)
        if manifest.legacy or (fold and grown):
            return _write_base(index_dir, manifest.files, manifest.version, header)
        path = index_dir / JOURNAL
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            st = os.fstat(fd)
            if st.st_size != manifest.journal_end:
                os.ftruncate(fd, manifest.journal_end)  # a torn line a crash left: never part of the manifest
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(f"{path}: short write ({written} of {len(line)} bytes)")
            os.fsync(fd)
        finally:
            os.close(fd)
        if manifest.journal_ino is None:
            fsync_folder(index_dir)
        manifest.journal_ino = st.st_ino
        manifest.journal_end += len(line)
        _write_header(index_dir, manifest.version, len(manifest.files), header)
        return manifest


def write_base(
    index_dir: Path, files: Mapping[str, list[Any]], version: int, *, private: bool = False, **header: Any
) -> Manifest:
    """The whole manifest as a new base (the journal folded in and removed), then the header with the count.
    `private`: a folder no other process writes yet (a rebuild's, before its swap), written without the lock."""
    if private:
        return _write_base(index_dir, files, version, header)
    with _locked(index_dir):
        return _write_base(index_dir, files, version, header)


def _write_base(index_dir: Path, files: Mapping[str, list[Any]], version: int, header: dict[str, Any]) -> Manifest:
    from briefing.fsio import atomic_write_bytes

    token = secrets.token_hex(8)
    path = index_dir / MANIFEST
    atomic_write_bytes(path, manifest_base.encode(files, version, token))
    st = os.stat(path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(index_dir / JOURNAL)  # its lines carry the old token: skipped if this is not reached
    with contextlib.suppress(FileNotFoundError):
        os.unlink(index_dir / LEGACY_MANIFEST)  # the earlier layout's base: the new one is read first
    _write_header(index_dir, version, len(files), header)
    kept = files if isinstance(files, MutableMapping) else dict(files)
    return Manifest(kept, version, token, (st.st_ino, st.st_mtime_ns, st.st_size))


def _line(token: str | None, changes: Mapping[str, list[Any] | None]) -> bytes:
    kept = {k: v for k, v in changes.items() if v is not None}
    removed = [k for k, v in changes.items() if v is None]
    return (json.dumps({"t": token, "set": kept, "del": removed}, separators=(",", ":")) + "\n").encode()


def _write_header(index_dir: Path, version: int, count: int, header: dict[str, Any]) -> None:
    from briefing.fsio import atomic_write_text

    atomic_write_text(index_dir / HEADER, json.dumps({"version": version, "count": count, **header}))


def read_header(index_dir: Path) -> dict[str, Any] | None:
    try:
        header = json.loads((index_dir / HEADER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) >= 4
        and isinstance(entry[0], str)
        and isinstance(entry[1], int)
        and isinstance(entry[2], int)
        and isinstance(entry[3], str)
        and (len(entry) == 4 or entry[4] is None or (isinstance(entry[4], list) and len(entry[4]) == 2))
    )


@contextlib.contextmanager
def _locked(index_dir: Path) -> Iterator[None]:
    """One writer of the manifest at a time, across processes (a lock file beside the index folder, which a
    rebuild swaps whole)."""
    lock_path = index_dir.with_name(f".{index_dir.name}.manifest-lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
