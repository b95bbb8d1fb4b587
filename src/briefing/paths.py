"""The one place where briefing decides which folders it works on."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import CorpusError

CORPUS_ENV = "BRIEFING_CORPUS"
# the files of an article in the corpus folder: `<id>.md`, its notes, the analyst's corrections of its dates
ARTICLE_SUFFIX = ".md"
NOTES_SUFFIX = ".notes.yaml"
CORRECTIONS_SUFFIX = ".dates.yaml"
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")


@dataclass(frozen=True)
class Paths:
    corpus: Path
    index: Path
    engine: str = "whoosh"  # the search engine whose index `index` is


def resolve(
    corpus: str | os.PathLike[str] | None = None,
    index: str | os.PathLike[str] | None = None,
    engine: str | None = None,
) -> Paths:
    """`--corpus`, else `$BRIEFING_CORPUS`, else `./corpus`; each corpus has its own index (see index_home:
    `index/` beside a folder named `corpus`, else one in the cache folder keyed by the corpus's real path),
    and each engine its own folder beside the other's (`index-tantivy/`)."""
    from briefing.index_home import DEFAULT_ENGINE, ENGINES, default_index

    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise CorpusError(f"unknown search engine {engine!r} (engines: {', '.join(ENGINES)})")
    corpus_path = Path(corpus or os.environ.get(CORPUS_ENV) or "corpus").expanduser().resolve()
    index_path = Path(index).expanduser().resolve() if index else default_index(corpus_path, engine)
    return Paths(corpus=corpus_path, index=index_path, engine=engine)


def is_valid_id(article_id: str) -> bool:
    return bool(ID_RE.fullmatch(article_id))  # not `match`: `$` also matches before a final newline


def article_file(corpus: Path, article_id: str, suffix: str = ARTICLE_SUFFIX) -> Path:
    """The path of an article's file, refusing any id that would leave the corpus folder."""
    if not is_valid_id(article_id):
        raise CorpusError(f"invalid article id {article_id!r}: use lowercase letters, digits and '-'")
    path = (corpus / f"{article_id}{suffix}").resolve()
    if path.parent != corpus.resolve():
        raise CorpusError(f"article id {article_id!r} points outside the corpus folder")
    return path
