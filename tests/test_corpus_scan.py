"""One listing of the corpus folder (briefing.corpus_scan), shared by the search index's change detection and the
corpus's own listing: a launch or a search walks the folder once, and both consumers still see what is there."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.corpus import article_paths, load_corpus
from briefing.corpus_scan import scan_corpus
from briefing.search import sync


@pytest.fixture
def walks(monkeypatch) -> Counter[Path]:
    """How many times each folder was listed (every walk of a folder goes through os.scandir)."""
    counts: Counter[Path] = Counter()
    real = os.scandir

    def counting(path="."):  # type: ignore[no-untyped-def]
        if isinstance(path, str | os.PathLike):
            counts[Path(path).resolve()] += 1
        return real(path)

    monkeypatch.setattr(os, "scandir", counting)
    return counts


def _search(capsys, corpus: Path, index: Path, query: str) -> list[str]:
    capsys.readouterr()
    main(["search", query, "--json", "--corpus", str(corpus), "--index", str(index)])  # exit 1: nothing found
    return [row["id"] for row in json.loads(capsys.readouterr().out)["hits"]]


def _article(corpus: Path, article_id: str, body: str) -> None:
    text = f"---\nid: {article_id}\ntitle: {article_id.title()}\nsource: test\npublished: 2022-01-05\n---\n\n{body}\n"
    (corpus / f"{article_id}.md").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------- the listing
def test_the_listing_tells_articles_notes_and_corrections_apart(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _article(corpus, "one", "Harbour text.")
    _article(corpus, "two", "Other text.")
    (corpus / "one.notes.yaml").write_text("notes: []\n", encoding="utf-8")
    (corpus / "two.dates.yaml").write_text("corrections: []\n", encoding="utf-8")
    (corpus / ".hidden.md").write_text("not an article", encoding="utf-8")
    (corpus / "folder.md").mkdir()  # a folder named like an article is not one
    (corpus / "readme.txt").write_text("not an article either", encoding="utf-8")

    found = scan_corpus(corpus)
    assert set(found.articles) == {"one", "two"}
    name, mtime_ns, size = found.articles["one"]
    stat = (corpus / "one.md").stat()
    assert (name, mtime_ns, size) == ("one.md", stat.st_mtime_ns, stat.st_size)
    assert set(found.notes) == {"one"} and set(found.dates) == {"two"}
    assert found.paths(corpus) == [corpus / "one.md", corpus / "two.md"] == article_paths(corpus)
    assert [a.id for a in load_corpus(corpus).articles] == ["one", "two"]


def test_a_missing_folder_lists_nothing(tmp_path):
    assert scan_corpus(tmp_path / "nowhere").articles == {}
    assert article_paths(tmp_path / "nowhere") == []
    assert sync.scan(tmp_path / "nowhere").articles == {}


# ---------------------------------------------------------------------------------------------- one walk
def test_a_first_search_builds_the_index_from_one_listing(corpus_dir, tmp_path, capsys, walks):
    hits = _search(capsys, corpus_dir, tmp_path / "index", "turkey")
    assert hits, "the search found nothing: the index was not built"
    assert walks[corpus_dir.resolve()] == 1


def test_a_search_after_changes_lists_the_corpus_once_and_sees_every_change(corpus_dir, tmp_path, capsys, walks):
    index = tmp_path / "index"
    first = _search(capsys, corpus_dir, index, "turkey")
    gone = first[0]
    (corpus_dir / f"{gone}.md").unlink()
    _article(corpus_dir, "new-one", "Turkey and the zanzibarian harbour.")
    changed = sorted(p for p in corpus_dir.glob("*.md") if p.stem not in (gone, "new-one"))[0]  # (a walk too)
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA quokkalike word appears.\n", encoding="utf-8")
    walks.clear()

    after = _search(capsys, corpus_dir, index, "turkey")
    assert walks[corpus_dir.resolve()] == 1
    assert gone not in after and "new-one" in after
    assert _search(capsys, corpus_dir, index, "quokkalike") == [changed.stem]


def test_a_search_with_nothing_changed_lists_the_corpus_once(corpus_dir, tmp_path, capsys, walks):
    index = tmp_path / "index"
    first = _search(capsys, corpus_dir, index, "turkey")
    walks.clear()
    assert _search(capsys, corpus_dir, index, "turkey") == first
    assert walks[corpus_dir.resolve()] == 1


def test_list_reads_the_articles_of_one_listing(corpus_dir, capsys, walks):
    expected = {p.stem for p in corpus_dir.glob("*.md")}
    walks.clear()
    capsys.readouterr()
    assert main(["list", "--json", "--corpus", str(corpus_dir)]) == 0
    assert walks[corpus_dir.resolve()] == 1
    assert {row["id"] for row in json.loads(capsys.readouterr().out)} == expected


async def test_the_app_launch_and_a_search_list_the_corpus_once(corpus_dir, tmp_path, capsys, walks):
    from textual.widgets import Input

    from briefing.paths import resolve
    from briefing.settings import Settings
    from briefing.ui.app import make_app

    index = tmp_path / "index"
    _search(capsys, corpus_dir, index, "turkey")  # the index exists, as on every launch but the first
    walks.clear()
    app = make_app(resolve(corpus_dir, index), Settings(), tmp_path / "state.json")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        app.main.query_one("#search", Input).value = "turkey"
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert app.main.result is not None and app.main.result.total > 0
    assert walks[corpus_dir.resolve()] == 1
