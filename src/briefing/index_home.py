"""Where a corpus's search index lives, and whose it is.

Each corpus has its own index. A folder named `corpus` keeps its index in `index/` beside it (the project
layout: `./corpus` and `./index`); any other corpus keeps it in the cache folder, under a name made from the
corpus's real path (`$XDG_CACHE_HOME/briefing/indexes/rc-1a2b3c4d5e6f`), so that two corpora in one parent
folder never share one. An index records the corpus it belongs to (`briefing-corpus.json` inside it); an index
of another corpus is never read or overwritten, and neither is a folder that is not a briefing index.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Literal

from briefing.errors import BriefingError

ENGINES = ("whoosh", "tantivy")  # the search engines; whoosh is the default
DEFAULT_ENGINE = "whoosh"
OWNER = "briefing-corpus.json"  # {"corpus": "/real/path/of/the/corpus"}
MANIFEST = "briefing-manifest.json"  # written by the index: article id -> [file name, ...]
HEADER = "briefing-index.json"
# what only a briefing index holds: its header, its manifest's base and journal (this version's)
BRIEFING_FILES = {HEADER, "briefing-manifest.bin", "briefing-manifest.journal"}
# tantivy's lock files; the temporary file of a briefing file being written (the owner record another process
# is writing right now: `.briefing-corpus.json.<random>.tmp`, see fsio.atomic_write_text)
OURS_PREFIXES = (".tantivy-", ".briefing-")
LEGACY_SAMPLE = 50  # files of an unmarked (older) index checked against the corpus

Owner = Literal["free", "ours", "foreign", "not-an-index"]


class IndexOwnedElsewhere(BriefingError):
    """The index folder belongs to another corpus, or is not a briefing index at all."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "indexes"


def cached_index(corpus: Path) -> Path:
    """The index of `corpus` in the cache folder: its name and a digest of its real path."""
    real = corpus.resolve()
    digest = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^a-z0-9]+", "-", real.name.lower()).strip("-")[:40] or "corpus"
    return cache_root() / f"{name}-{digest}"


def default_index(corpus: Path, engine: str = DEFAULT_ENGINE) -> Path:
    """`index/` beside a folder named `corpus` when that index is free or its own; else the cached one.

    Each engine has its own folder beside the others' (`index/` for Whoosh, `index-tantivy/` for tantivy):
    switching engines builds the other index and leaves the first as it is, ready when switching back.
    """
    corpus = corpus.resolve()
    beside = engine_index(corpus.parent / "index", engine)
    if corpus.name == "corpus" and owner_of(beside, corpus) in ("free", "ours"):
        return beside
    return engine_index(cached_index(corpus), engine)


def engine_index(home: Path, engine: str) -> Path:
    """The folder of `engine`'s index, given the default engine's (Whoosh's is the folder itself)."""
    return home if engine == DEFAULT_ENGINE else home.with_name(f"{home.name}-{engine}")


def engine_of(index_dir: Path) -> str | None:
    """The engine whose index is in `index_dir` (None when no index is there)."""
    try:
        data = json.loads((index_dir / HEADER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    engine = data.get("engine", DEFAULT_ENGINE)
    return engine if isinstance(engine, str) else None


def _recorded_owner(index_dir: Path) -> str | None:
    try:
        data = json.loads((index_dir / OWNER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    corpus = data.get("corpus") if isinstance(data, dict) else None
    return corpus if isinstance(corpus, str) else None


def owner_of(index_dir: Path, corpus: Path) -> Owner:
    """Whether `index_dir` may serve as `corpus`'s index: free (absent or empty), ours, another corpus's
    (foreign), or a folder that briefing did not make (not-an-index)."""
    corpus = corpus.resolve()
    if not index_dir.exists():
        return "free"
    if not index_dir.is_dir():
        return "not-an-index"
    recorded = _recorded_owner(index_dir)
    if recorded is not None:
        return "ours" if recorded == str(corpus) else "foreign"
    try:
        entries = {p.name for p in index_dir.iterdir()}
    except OSError:
        return "not-an-index"
    if not entries:
        return "free"
    if MANIFEST not in entries:
        if entries & BRIEFING_FILES or any(name.startswith(OURS_PREFIXES) or "MAIN_" in name for name in entries):
            return "ours"  # an index being built, or left half-written: nothing of another corpus to keep
        return "not-an-index"
    # an index made before indexes recorded their corpus: it is ours when it lists this corpus's files
    try:
        files = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8")).get("files") or {}
    except (OSError, ValueError, AttributeError):
        return "ours"  # unreadable: the index rebuilds it, and there is no other corpus's list to lose
    names = [entry[0] for entry in list(files.values())[:LEGACY_SAMPLE] if isinstance(entry, list) and entry]
    if not names:
        return "ours"
    present = sum((corpus / str(name)).exists() for name in names)
    return "ours" if present * 2 >= len(names) else "foreign"


def check_index(corpus: Path, index_dir: Path, engine: str | None = None) -> None:
    """Raise IndexOwnedElsewhere unless `index_dir` may be read and written as `corpus`'s index (by `engine`:
    another engine's index is never rebuilt over)."""
    found = engine_of(index_dir) if engine is not None else None
    if found is not None and found != engine and found in ENGINES:
        raise IndexOwnedElsewhere(
            f"{index_dir} holds the {found} index of this corpus, not a {engine} one; give the {engine} index "
            "its own folder (--index DIR) or leave --index out"
        )
    owner = owner_of(index_dir, corpus)
    if owner == "foreign":
        other = _recorded_owner(index_dir) or "another corpus"
        raise IndexOwnedElsewhere(
            f"{index_dir} is the index of {other}, not of {corpus}; give this corpus its own (--index DIR) "
            "or leave --index out"
        )
    if owner == "not-an-index":
        raise IndexOwnedElsewhere(
            f"{index_dir} is not a briefing index (it holds other files); give an empty or new folder to --index"
        )


def claim_index(corpus: Path, index_dir: Path) -> None:
    """Record in `index_dir` that it is `corpus`'s index (after it was checked, opened or built)."""
    from briefing.fsio import atomic_write_text

    corpus = corpus.resolve()
    if not index_dir.is_dir() or _recorded_owner(index_dir) == str(corpus):
        return
    try:
        atomic_write_text(index_dir / OWNER, json.dumps({"corpus": str(corpus)}, ensure_ascii=False))
    except OSError:
        pass  # a read-only index still works; the next writable run records its owner
