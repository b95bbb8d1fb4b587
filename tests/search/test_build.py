"""A first build commits in batches: searches during the build see the articles indexed so far, and the index
says how many are indexed of how many."""

from __future__ import annotations

from briefing.corpus import Article, write_article
from briefing.search import SearchIndex
from briefing.search import searcher as searcher_module


def test_searches_during_a_first_build_see_what_is_indexed_so_far(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    for i in range(450):
        write_article(corpus, Article(id=f"a-{i:03d}", title=f"Wombat {i}", body=f"Wombat report {i}."))
    monkeypatch.setattr(searcher_module, "BATCH_SECONDS", 0.0)  # commit after every article
    seen: list[tuple[int, int, int]] = []
    idx = SearchIndex(corpus, tmp_path / "index")

    def progress(done: int, total: int) -> None:
        # what the app does from another thread: search the index while it is being built
        result = idx.search("wombat", limit=1000)
        ids = [h.id for h in result.hits]
        assert len(ids) == len(set(ids)) == result.total
        state = idx.build_progress
        seen.append((result.total, state.indexed, state.total))

    report = idx.update(progress=progress)
    assert report.added == 450
    assert seen and all(total == 450 for _, _, total in seen)
    assert any(0 < found < 450 for found, _, _ in seen)  # part of the corpus was searchable mid-build
    assert all(found == indexed for found, indexed, _ in seen)
    assert idx.build_progress.indexed == idx.build_progress.total == 450 and idx.build_progress.complete
    assert idx.search("wombat", limit=1000).total == 450
    idx.close()
    with SearchIndex(corpus, tmp_path / "index") as again:  # a new process: complete, nothing to redo
        assert again.update().touched == 0 and again.doc_count() == 450


def test_a_build_killed_half_way_is_completed_by_the_next_update(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    for i in range(300):
        write_article(corpus, Article(id=f"a-{i:03d}", title=f"Okapi {i}", body=f"Okapi report {i}."))
    monkeypatch.setattr(searcher_module, "BATCH_SECONDS", 0.0)

    class Killed(BaseException):
        pass

    def die(done: int, total: int) -> None:
        raise Killed

    idx = SearchIndex(corpus, tmp_path / "index")
    try:
        idx.update(progress=die)
    except Killed:
        pass
    idx.close()
    with SearchIndex(corpus, tmp_path / "index") as again:
        indexed = again.doc_count()
        assert 0 < indexed < 300
        report = again.update()
        assert report.added == 300 - indexed and report.rebuilt_because is None
        assert again.search("okapi", limit=500).total == 300


def test_saving_a_note_reindexes_the_note_not_the_timeline(corpus_dir, tmp_path, monkeypatch):
    from briefing.notes import add_note
    from briefing.search import document

    article_id = "kazakh-protest-or-failed-coup"
    with SearchIndex(corpus_dir, tmp_path / "index") as idx:
        idx.update()
        before = {h.id for h in idx.search("event:2022-01-06", limit=50).hits}
        assert article_id in before
        tagged: list[str] = []
        real = document.event_days
        monkeypatch.setattr(document, "event_days", lambda article: tagged.append(article.id) or real(article))
        add_note(corpus_dir, article_id, "Pangolin smuggling angle worth a follow-up.")
        report = idx.update(only=[article_id])
        assert report.changed == 1
        assert tagged == []  # the timeline was not read again
        assert {h.id for h in idx.search("notes:pangolin").hits} == {article_id}
        assert {h.id for h in idx.search("event:2022-01-06", limit=50).hits} == before  # event days kept
        (corpus_dir / f"{article_id}.md").write_text(
            (corpus_dir / f"{article_id}.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
        )
        idx.update()
        assert tagged == [article_id]  # a changed article is tagged again
