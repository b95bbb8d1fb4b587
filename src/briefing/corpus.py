"""The corpus folder: its articles loaded (a bad file is one line, the others load) or fetched by id.

The article file itself is `briefing.article`, the one listing of the folder `briefing.corpus_scan` (shared
with the search index's change detection) and the ingest of raw documents `briefing.ingest`; their public
names are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.article import (
    KNOWN_KEYS,
    Article,
    newest_first,
    parse_article,
    read_article,
    render_article,
    scalar_text,
    split_tags,
    write_article,
)
from briefing.corpus_scan import CorpusScan, article_paths, scan_corpus
from briefing.errors import CorpusError
from briefing.ingest import (
    HTML_SUFFIXES,
    INGESTIBLE,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    Ingester,
    IngestOutcome,
    Overrides,
    RawDocument,
    count_documents,
    ingest,
    iter_raw,
    slugify,
)
from briefing.paths import NOTES_SUFFIX, article_file

__all__ = [
    "HTML_SUFFIXES",
    "INGESTIBLE",
    "JSONL_SUFFIXES",
    "KNOWN_KEYS",
    "NOTES_SUFFIX",
    "TEXT_SUFFIXES",
    "Article",
    "CorpusLoad",
    "CorpusScan",
    "IngestOutcome",
    "Ingester",
    "Overrides",
    "RawDocument",
    "article_paths",
    "count_documents",
    "get_article",
    "ingest",
    "iter_raw",
    "load_corpus",
    "newest_first",
    "parse_article",
    "read_article",
    "render_article",
    "scalar_text",
    "scan_corpus",
    "slugify",
    "split_tags",
    "write_article",
]


@dataclass(frozen=True)
class CorpusLoad:
    """Every article that could be read, and a one-line error for each file that could not."""

    articles: tuple[Article, ...]
    errors: tuple[str, ...]

    def by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}


def load_corpus(corpus: Path) -> CorpusLoad:
    """Read every article; a bad file becomes a one-line error and the others still load."""
    corpus = Path(corpus)
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError(f"{corpus}: not a folder")
    articles: list[Article] = []
    errors: list[str] = []
    for path in article_paths(corpus):
        try:
            articles.append(read_article(path))
        except CorpusError as exc:
            errors.append(str(exc))
    return CorpusLoad(articles=tuple(articles), errors=tuple(errors))


def get_article(corpus: Path, article_id: str) -> Article:
    path = article_file(Path(corpus), article_id)
    if not path.exists():
        raise CorpusError(f"no article {article_id!r} in {corpus}")
    return read_article(path)
