"""A Whoosh index does not grow a segment per saved note: an update merges the small segments once there
are several (a new user's 15-minute session left 81 segments, 1,138 files and 67 MB for 7 articles)."""

from __future__ import annotations

from pathlib import Path

from briefing.corpus import Article, read_article, write_article
from briefing.notes import add_note
from briefing.search import SearchIndex
from briefing.search.whoosh import engine as whoosh_engine


def make_corpus(folder: Path, count: int) -> Path:
    for n in range(count):
        write_article(folder, Article(id=f"a-{n}", title=f"Title {n}", body=f"Body {n} about wombats and oil."))
    return folder


def segments(index: SearchIndex) -> int:
    return len(index.engine.searcher().reader().leaf_readers()) if index.doc_count() else 0


def segment_ids(index: SearchIndex) -> set[str]:
    return {reader.segment().segment_id() for reader, _ in index.engine.searcher().reader().leaf_readers()}


def test_saving_notes_again_and_again_keeps_the_segments_few(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 7)
    index = SearchIndex(corpus, tmp_path / "index")
    index.update()
    for n in range(40):
        add_note(corpus, f"a-{n % 7}", f"note number {n} on kangaroo{n}")
        assert index.update(only=[f"a-{n % 7}"]).changed == 1
    assert segments(index) <= whoosh_engine.MERGE_AT + 1
    assert index.search("kangaroo39").total == 1 and index.search("kangaroo0").total == 1
    assert index.search("wombats").total == 7 and index.doc_count() == 7
    files = list((tmp_path / "index").iterdir())
    assert len(files) < 60, len(files)
    index.close()


def test_large_segments_are_left_alone_by_small_updates(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", whoosh_engine.SMALL_SEGMENT + 50)
    index = SearchIndex(corpus, tmp_path / "index")
    index.update()
    big = segment_ids(index)
    for n in range(20):
        article = read_article(corpus / f"a-{n}.md")
        write_article(
            corpus, Article(id=article.id, title=article.title, body=f"{article.body} emu{n}"), replace_existing=True
        )
        index.update(only=[article.id])
    after = segment_ids(index)
    assert big <= after  # the build's segment was not rewritten
    assert segments(index) <= len(big) + whoosh_engine.MERGE_AT
    assert index.search("emu19").total == 1 and index.search("emu0").total == 1
    index.close()
