"""A tantivy index stays in few segments: a first build and a rebuild end with their segments merged, and
one-article edits do not pile up a segment each. Every segment costs each search a term lookup and its own top-k pass:
at a million articles 257 unmerged segments kept 735 MB of index pages resident in the app."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from briefing.corpus import Article, read_article, write_article
from briefing.search import SearchIndex
from briefing.search import searcher as searcher_module

pytest.importorskip("tantivy")

SAMPLE = Path(__file__).parents[1] / "data" / "reuters_sample.jsonl.gz"
QUERIES = ["oil", "oil prices", '"interest rates"', "expo*", "dolar~", "title:bank", ""]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= 300:
                break
            record = json.loads(line)
            write_article(folder, Article(id=record["id"], title=record["title"], body=record["body"]))
    return folder


def segments(index: SearchIndex) -> int:
    return int(index.engine.searcher().num_segments)


def found(index: SearchIndex) -> dict[str, list[str]]:
    return {q: sorted(h.id for h in index.search(q, limit=500).hits) for q in QUERIES}


def test_a_first_build_and_a_rebuild_end_in_few_segments(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (20, 40))  # a dozen commits on the way
    index = SearchIndex(corpus, tmp_path / "index", engine="tantivy")
    assert index.update().added == 300
    assert segments(index) < 8  # what tantivy's merge policy leaves: fewer than eight of a size
    merged = found(index)
    assert merged["oil"] and merged[""]
    assert index.rebuild().added == 300
    assert segments(index) < 8
    assert found(index) == merged
    index.close()


def test_one_article_edits_do_not_leave_a_segment_each(corpus, tmp_path):
    index = SearchIndex(corpus, tmp_path / "index", engine="tantivy")
    index.update()
    paths = sorted(corpus.glob("*.md"))[:30]
    for n, path in enumerate(paths):
        article = read_article(path)
        write_article(
            corpus,
            Article(id=article.id, title=article.title, body=f"{article.body}\n\nwombat{n}"),
            replace_existing=True,
        )
        assert index.update().changed == 1
    assert segments(index) <= 10  # tantivy merges like-sized segments eight at a time
    assert index.search("wombat29").total == 1 and index.search("wombat0").total == 1
    assert index.search("").total == 300
    index.close()


def test_an_index_left_in_many_segments_is_merged_by_the_next_update(corpus, tmp_path, monkeypatch):
    """As an earlier version left its builds: a new writer at each commit, its merges cancelled with it."""
    from briefing.search.tantivy import engine as tantivy_engine

    def commit_unmerged(self, *, merge=True, optimize=False):
        self._writer.commit()
        self._writer = None

    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (5, 5))
    monkeypatch.delattr(tantivy_engine.TantivyWriter, "checkpoint")
    monkeypatch.setattr(tantivy_engine.TantivyWriter, "commit", commit_unmerged)
    old = SearchIndex(corpus, tmp_path / "index", engine="tantivy")
    old.update()
    assert segments(old) > tantivy_engine.FRAGMENTED
    before = found(old)
    old.close()
    monkeypatch.undo()
    index = SearchIndex(corpus, tmp_path / "index", engine="tantivy")
    report = index.update()
    assert report.added == report.changed == 0 and report.rebuilt_because is None
    assert segments(index) < 8
    assert found(index) == before
    index.close()
