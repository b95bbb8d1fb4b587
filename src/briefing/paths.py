"""The one place where briefing decides which folders it works on."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import CorpusError

CORPUS_ENV = "BRIEFING_CORPUS"
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")


@dataclass(frozen=True)
class Paths:
    corpus: Path
    index: Path


def resolve(corpus: str | os.PathLike[str] | None = None, index: str | os.PathLike[str] | None = None) -> Paths:
    """`--corpus`, else `$BRIEFING_CORPUS`, else `./corpus`; each corpus has its own index (see index_home:
    `index/` beside a folder named `corpus`, else one in the cache folder keyed by the corpus's real path)."""
    from briefing.index_home import default_index

    corpus_path = Path(corpus or os.environ.get(CORPUS_ENV) or "corpus").expanduser().resolve()
    index_path = Path(index).expanduser().resolve() if index else default_index(corpus_path)
    return Paths(corpus=corpus_path, index=index_path)


def is_valid_id(article_id: str) -> bool:
    return bool(ID_RE.fullmatch(article_id))  # not `match`: `$` also matches before a final newline


def article_file(corpus: Path, article_id: str, suffix: str = ".md") -> Path:
    """The path of an article's file, refusing any id that would leave the corpus folder."""
    if not is_valid_id(article_id):
        raise CorpusError(f"invalid article id {article_id!r}: use lowercase letters, digits and '-'")
    path = (corpus / f"{article_id}{suffix}").resolve()
    if path.parent != corpus.resolve():
        raise CorpusError(f"article id {article_id!r} points outside the corpus folder")
    return path
