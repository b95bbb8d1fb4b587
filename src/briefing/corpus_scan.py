"""One listing of the corpus folder, shared by whoever needs to know what is in it.

`scan_corpus` walks the folder once (`os.scandir`; the mtime and size come from each entry's stat) and says,
per article id, its file name, mtime and size, and the same of its notes and date corrections. The search
index's change detection (`briefing.search.sync`) decides from it what to re-index, `load_corpus` and ingest
take the article files from it: no second walk of a 100,000-file folder. `scan_ids` says the same of some
articles only, without listing the folder (a few `stat`s where a million-file listing takes seconds).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.paths import ARTICLE_SUFFIX, CORRECTIONS_SUFFIX, NOTES_SUFFIX


@dataclass(frozen=True)
class CorpusScan:
    """Per article id its file name, mtime (ns) and size; per id with notes, or with date corrections, the
    mtime and size of that file."""

    articles: dict[str, tuple[str, int, int]]
    notes: dict[str, tuple[int, int]]
    dates: dict[str, tuple[int, int]] = field(default_factory=dict)

    def paths(self, corpus: Path) -> list[Path]:
        """The article files, by name."""
        return [corpus / name for name in sorted(name for name, _, _ in self.articles.values())]


def scan_corpus(corpus: Path) -> CorpusScan:
    """List the corpus folder once; a missing folder is an empty corpus (other OSErrors are raised)."""
    articles: dict[str, tuple[str, int, int]] = {}
    notes: dict[str, tuple[int, int]] = {}
    dates: dict[str, tuple[int, int]] = {}
    try:
        entries = os.scandir(corpus)
    except (FileNotFoundError, NotADirectoryError):
        return CorpusScan(articles, notes, dates)
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_article = name.endswith(ARTICLE_SUFFIX)
            is_dates = name.endswith(CORRECTIONS_SUFFIX)
            if not is_article and not is_dates and not name.endswith(NOTES_SUFFIX):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue  # gone since the listing, or unreadable: not there
            if is_article:
                articles[name[: -len(ARTICLE_SUFFIX)]] = (name, stat.st_mtime_ns, stat.st_size)
            elif is_dates:
                dates[name[: -len(CORRECTIONS_SUFFIX)]] = (stat.st_mtime_ns, stat.st_size)
            else:
                notes[name[: -len(NOTES_SUFFIX)]] = (stat.st_mtime_ns, stat.st_size)
    return CorpusScan(articles, notes, dates)


def scan_ids(corpus: Path, ids: Iterable[str]) -> CorpusScan:
    """`scan_corpus` of the articles `ids` only (and their notes and corrections), by their file names: what a
    listing would have said of them. A missing folder is an empty corpus; a folder that cannot be searched
    raises (an `OSError`), never says the articles are gone."""
    articles: dict[str, tuple[str, int, int]] = {}
    notes: dict[str, tuple[int, int]] = {}
    dates: dict[str, tuple[int, int]] = {}
    try:
        fd = os.open(corpus, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return CorpusScan(articles, notes, dates)
    try:
        for article_id in ids:
            if not article_id or article_id.startswith(".") or "/" in article_id or "\0" in article_id:
                continue  # no file of the listing has such a name
            for suffix, found in ((ARTICLE_SUFFIX, articles), (NOTES_SUFFIX, notes), (CORRECTIONS_SUFFIX, dates)):
                name = article_id + suffix
                try:
                    st = os.stat(name, dir_fd=fd)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                state = (st.st_mtime_ns, st.st_size)
                found[article_id] = (name, *state) if suffix == ARTICLE_SUFFIX else state  # type: ignore[assignment]
    finally:
        os.close(fd)
    return CorpusScan(articles, notes, dates)


def article_paths(corpus: Path) -> list[Path]:
    """The corpus's article files, by name (one listing of the folder)."""
    corpus = Path(corpus)
    return scan_corpus(corpus).paths(corpus)
