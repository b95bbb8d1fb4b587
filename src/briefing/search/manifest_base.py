"""The manifest's base as a file of columns, and `ManifestFiles`, the entries read from it on demand.

A million articles' entries as JSON (143 MB) took two seconds to parse in every new process: a million lists
of six objects each, before one article could be re-indexed. The base is now columns, which load as a few
large objects and are turned into an entry only when one is asked for:

    magic (`BRIEFING-MANIFEST\\n`) | header length (4 bytes, little-endian) | header (JSON) |
    ids (UTF-8, sorted, NUL between them) | mtimes (int64 each) | sizes (int64 each) | sha-256s (32 bytes each)
    | extra (JSON: id -> entry)

The header says the index's schema version, the journal token, the number of ids, the byte length of the ids
and of the extra part, and the CRC-32 of everything after it. An entry in the columns is a *plain* one, the
common case: `[id + ".md", mtime, size, sha-256 hex, None, None]`. Any other (notes or date corrections
recorded, another name, a hash of another form, an older entry's shape, an id with a NUL) goes whole into the
extra part. Anything that does not add up (magic, header, lengths, CRC, UTF-8, ids out of order, an entry) is
damage.
"""

from __future__ import annotations

import array
import itertools
import json
import operator
import sys
import zlib
from bisect import bisect_left
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from briefing.paths import ARTICLE_SUFFIX

MAGIC = b"BRIEFING-MANIFEST\n"
FORMAT = 1
INT64 = (-(2**63), 2**63)
SHA_BYTES = 32
Row = tuple[str, int, int, Any, Any]  # id, mtime, size, notes, dates: what change detection compares


class BaseDamaged(ValueError):
    """The bytes are not a base this version wrote; the message says how."""


class ManifestFiles(MutableMapping[str, list[Any]]):
    """Every article's entry: the base's columns (looked up by bisection, an entry made when asked for) with
    the entries set and taken out since on top. Iterates the base's ids in order, then the others."""

    def __init__(
        self,
        ids: list[str] | None = None,
        mtimes: array.array | None = None,
        sizes: array.array | None = None,
        shas: bytes = b"",
        extra: dict[str, list[Any]] | None = None,
    ) -> None:
        self._ids = ids or []
        self._mtimes = mtimes if mtimes is not None else array.array("q")
        self._sizes = sizes if sizes is not None else array.array("q")
        self._shas = shas
        self._over: dict[str, list[Any]] = {}  # entries not in the columns, or set since
        self._gone: set[str] = set()  # ids of the columns taken out since
        self._len = len(self._ids)
        for key, entry in (extra or {}).items():
            self[key] = entry

    def _row(self, key: object) -> int | None:
        if not isinstance(key, str):
            return None
        i = bisect_left(self._ids, key)
        return i if i < len(self._ids) and self._ids[i] == key else None

    def _in_base(self, key: object) -> bool:
        return key not in self._gone and self._row(key) is not None

    def __getitem__(self, key: str) -> list[Any]:
        entry = self._over.get(key)
        if entry is not None:
            return entry
        row = None if key in self._gone else self._row(key)
        if row is None:
            raise KeyError(key)
        sha = self._shas[row * SHA_BYTES : (row + 1) * SHA_BYTES].hex()
        return [key + ARTICLE_SUFFIX, self._mtimes[row], self._sizes[row], sha, None, None]

    def __contains__(self, key: object) -> bool:
        return key in self._over or self._in_base(key)

    def __setitem__(self, key: str, entry: list[Any]) -> None:
        if key not in self:
            self._len += 1
        self._over[key] = entry
        self._gone.discard(key)

    def __delitem__(self, key: str) -> None:
        in_base = self._in_base(key)
        if not in_base and key not in self._over:
            raise KeyError(key)
        self._over.pop(key, None)
        if in_base:
            self._gone.add(key)
        self._len -= 1

    def __iter__(self) -> Iterator[str]:
        over, gone = self._over, self._gone
        if over or gone:
            yield from (key for key in self._ids if key not in over and key not in gone)
        else:
            yield from self._ids
        yield from over

    def __len__(self) -> int:
        return self._len

    def rows(self) -> Iterator[Row]:
        """Every entry's id, mtime, size, notes and dates state, without making the entries."""
        over, gone = self._over, self._gone
        rows = zip(self._ids, self._mtimes, self._sizes, strict=True)
        if over or gone:
            rows = ((k, m, s) for k, m, s in rows if k not in over and k not in gone)
        for key, mtime, size in rows:
            yield key, mtime, size, None, None
        for key, entry in over.items():
            yield key, entry[1], entry[2], _state(entry, 4), _state(entry, 5)

    def plain_rows(self) -> Iterator[tuple[str, int, int, bytes]]:
        """The columns' entries still as read (id, mtime, size, raw hash): a new base copies them as they are."""
        over, gone, shas = self._over, self._gone, self._shas
        for row, (key, mtime, size) in enumerate(zip(self._ids, self._mtimes, self._sizes, strict=True)):
            if key not in over and key not in gone:
                yield key, mtime, size, shas[row * SHA_BYTES : (row + 1) * SHA_BYTES]

    def changed_entries(self) -> dict[str, list[Any]]:
        return self._over


def rows_of(files: Mapping[str, list[Any]]) -> Iterator[Row]:
    """`ManifestFiles.rows` of any mapping of entries."""
    if isinstance(files, ManifestFiles):
        return files.rows()
    return ((k, e[1], e[2], _state(e, 4), _state(e, 5)) for k, e in files.items())


def _state(entry: list[Any], at: int) -> tuple[int, int] | None:
    return tuple(entry[at]) if len(entry) > at and entry[at] else None  # type: ignore[return-value]


def encode(files: Mapping[str, list[Any]], version: int, token: str) -> bytes:
    """The base of `files`, as `decode` reads it."""
    plain: list[tuple[str, int, int, bytes]] = []
    extra: dict[str, list[Any]] = {}
    if isinstance(files, ManifestFiles):
        plain.extend(files.plain_rows())
        entries: Iterator[tuple[str, list[Any]]] = iter(files.changed_entries().items())
    else:
        entries = iter(files.items())
    for key, entry in entries:
        sha = _plain_sha(key, entry)
        if sha is None:
            extra[key] = entry
        else:
            plain.append((key, entry[1], entry[2], sha))
    plain.sort(key=lambda row: row[0])
    ids = "\0".join(row[0] for row in plain).encode("utf-8", "surrogatepass")
    mtimes = array.array("q", [row[1] for row in plain])
    sizes = array.array("q", [row[2] for row in plain])
    if sys.byteorder != "little":
        mtimes.byteswap()
        sizes.byteswap()
    extra_bytes = json.dumps(extra, separators=(",", ":")).encode() if extra else b""
    payload = b"".join([ids, mtimes.tobytes(), sizes.tobytes(), *(row[3] for row in plain), extra_bytes])
    header = {
        "format": FORMAT,
        "version": version,
        "journal": token,
        "count": len(plain),
        "ids": len(ids),
        "extra": len(extra_bytes),
        "crc": zlib.crc32(payload),
    }
    head = json.dumps(header).encode()
    return MAGIC + len(head).to_bytes(4, "little") + head + payload


def _plain_sha(key: str, entry: list[Any]) -> bytes | None:
    """The raw hash of an entry the columns can hold as it is, or None."""
    if (
        len(entry) != 6
        or entry[4] is not None
        or entry[5] is not None
        or entry[0] != key + ARTICLE_SUFFIX
        or "\0" in key
        or not INT64[0] <= entry[1] < INT64[1]
        or not INT64[0] <= entry[2] < INT64[1]
        or len(entry[3]) != 2 * SHA_BYTES
    ):
        return None
    try:
        raw = bytes.fromhex(entry[3])
    except ValueError:
        return None
    return raw if raw.hex() == entry[3] else None  # upper case or spaces would not come back as they were


def is_base(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def decode(raw: bytes, valid_entry: Any) -> tuple[int, str, ManifestFiles]:
    """The schema version, journal token and entries of a base; `BaseDamaged` when it does not add up."""
    start = len(MAGIC) + 4
    if not raw.startswith(MAGIC) or len(raw) < start:
        raise BaseDamaged("not a manifest")
    end = start + int.from_bytes(raw[len(MAGIC) : start], "little")
    try:
        header = json.loads(raw[start:end])
    except ValueError:
        raise BaseDamaged("its header is not JSON") from None
    numbers = ("version", "count", "ids", "extra", "crc")
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or not all(type(header.get(k)) is int and header[k] >= 0 for k in numbers)
        or not isinstance(header.get("journal"), str)
    ):
        raise BaseDamaged("its header is not what briefing writes")
    count, ids_len, extra_len = header["count"], header["ids"], header["extra"]
    payload = memoryview(raw)[end:]
    if len(payload) != ids_len + count * (16 + SHA_BYTES) + extra_len:
        raise BaseDamaged(f"{len(payload)} bytes where its header says otherwise (cut short?)")
    if zlib.crc32(payload) != header["crc"]:
        raise BaseDamaged("its checksum does not match")
    at = ids_len
    try:
        ids = bytes(payload[:at]).decode("utf-8", "surrogatepass").split("\0") if count else []
    except UnicodeDecodeError:
        raise BaseDamaged("an id is not UTF-8") from None
    if len(ids) != count or (not count and ids_len):
        raise BaseDamaged("its ids are not as many as its header says")
    if not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):  # a bisection needs them in order
        raise BaseDamaged("its ids are not in order, or one is there twice")
    mtimes, sizes = array.array("q"), array.array("q")
    mtimes.frombytes(payload[at : at + 8 * count])
    sizes.frombytes(payload[at + 8 * count : at + 16 * count])
    if sys.byteorder != "little":
        mtimes.byteswap()
        sizes.byteswap()
    at += 16 * count
    shas = bytes(payload[at : at + SHA_BYTES * count])
    extra: Any = {}
    if extra_len:
        try:
            extra = json.loads(bytes(payload[at + SHA_BYTES * count :]))
        except ValueError:
            raise BaseDamaged("its extra entries are not JSON") from None
    if not isinstance(extra, dict) or not all(valid_entry(e) for e in extra.values()):
        raise BaseDamaged("its extra entries are not what briefing writes")
    return header["version"], header["journal"], ManifestFiles(ids, mtimes, sizes, shas, extra)
