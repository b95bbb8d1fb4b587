"""One index per corpus: two corpora in one parent folder never share, read or overwrite each other's index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.index_home import OWNER, cache_root, owner_of
from briefing.paths import resolve
from tests.conftest import BUNDLED_CORPUS, run_cli


def two_sibling_corpora(parent: Path) -> tuple[Path, Path]:
    rc = parent / "rc"
    shutil.copytree(BUNDLED_CORPUS, rc, ignore=shutil.ignore_patterns("*.notes.yaml"))
    rc2 = parent / "rc2"
    rc2.mkdir()
    write_article(rc2, Article(id="oil-report", title="Oil output report", body="Crude oil output rose in March."))
    return rc, rc2


def test_sibling_corpora_have_their_own_index_and_switching_reindexes_nothing(tmp_path):
    rc, rc2 = two_sibling_corpora(tmp_path / "work")
    first, second = resolve(rc).index, resolve(rc2).index
    assert first != second and first.parent == second.parent == cache_root()
    assert not (tmp_path / "work" / "index").exists()
    assert run_cli("--corpus", str(rc), "locate", "index").stdout.strip() == str(first)
    hit = run_cli("--corpus", str(rc2), "search", "oil")
    assert hit.returncode == 0 and "Oil output report" in hit.stdout
    listed = run_cli("--corpus", str(rc), "list")
    assert "Oil output report" not in listed.stdout and "Kazakh" in listed.stdout
    assert run_cli("--corpus", str(rc), "search", "oil").returncode == 1  # not in rc: nothing of rc2's
    assert "Kazakh" not in run_cli("--corpus", str(rc2), "search", "kazakhstan").stdout
    for corpus in (rc, rc2, rc, rc2):  # back and forth: nothing is indexed again
        out = run_cli("--corpus", str(corpus), "index").stdout
        assert out.startswith("0 added, 0 updated, 0 removed"), out
    assert owner_of(first, rc) == "ours" and owner_of(first, rc2) == "foreign"
    assert (first / OWNER).exists() and (second / OWNER).exists()


def test_the_index_of_another_corpus_is_never_read_or_overwritten(tmp_path):
    rc, rc2 = two_sibling_corpora(tmp_path / "work")
    shared = tmp_path / "work" / "shared-index"
    assert run_cli("--corpus", str(rc), "--index", str(shared), "index").returncode == 0
    before = {p.name: p.stat().st_mtime_ns for p in shared.iterdir()}
    for command in (["search", "oil"], ["index"], ["index", "--rebuild"], ["export", "oil"]):
        result = run_cli("--corpus", str(rc2), "--index", str(shared), *command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "is the index of" in result.stderr and str(rc) in result.stderr
        assert "Traceback" not in result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in shared.iterdir()} == before


def test_a_folder_that_is_not_an_index_is_never_used(tmp_path):
    rc, _ = two_sibling_corpora(tmp_path / "work")
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = run_cli("--corpus", str(rc), "--index", str(mine), "index", "--rebuild")
    assert result.returncode == 2 and "not a briefing index" in result.stderr
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_the_project_layout_keeps_index_beside_corpus(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(BUNDLED_CORPUS, project / "corpus", ignore=shutil.ignore_patterns("*.notes.yaml"))
    assert resolve(project / "corpus").index == project / "index"
    assert run_cli("index", cwd=project).returncode == 0
    assert owner_of(project / "index", project / "corpus") == "ours"
    # a copy of the project elsewhere does not take the original's index
    assert resolve(tmp_path / "elsewhere" / "corpus").index != project / "index"


async def test_app_on_two_sibling_corpora(tmp_path):
    from briefing.settings import Settings
    from briefing.ui.app import make_app
    from tests.app.conftest import settle

    rc, rc2 = two_sibling_corpora(tmp_path / "work")
    built: dict[Path, dict[str, int]] = {}
    for corpus, expected in ((rc, 5), (rc2, 1), (rc, 5), (rc2, 1)):
        paths = resolve(corpus)
        app = make_app(paths, Settings(), tmp_path / "state.json")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, app)
            assert app.article_count == expected
            assert app.main.query_one("#results").option_count == expected
        files = {p.name: p.stat().st_mtime_ns for p in paths.index.iterdir() if p.name != OWNER}
        if corpus in built:  # switching back: the index was not written again
            assert files == built[corpus]
        built[corpus] = files


def test_an_index_being_built_is_ours_whatever_the_engine(tmp_path):
    """A second process checks the folder while the first builds it (no header yet): it is an index, not a
    stranger's folder (tantivy writes meta.json and its lock files first, Whoosh its MAIN_ lock)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for names in (
        [".tantivy-writer.lock", ".tantivy-meta.lock", "meta.json", ".managed.json"],
        ["MAIN_WRITELOCK"],
        [".briefing-corpus.json.1a2b3c4d.tmp"],  # the owner record that process is writing right now
        ["briefing-manifest.bin"],
    ):
        folder = tmp_path / names[0].strip(".")
        folder.mkdir()
        for name in names:
            (folder / name).write_text("")
        assert owner_of(folder, corpus) == "ours"
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "meta.json").write_text("{}")
    assert owner_of(stranger, corpus) == "not-an-index"


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_index_folder_is_claimed_before_the_build_writes_into_it(tmp_path, engine):
    """Two processes starting on one corpus: the second looks while the first has written only the engine's
    own files (whatever their names); it must see this corpus's index being built, not unknown files."""
    from briefing.search import SearchIndex

    corpus = tmp_path / "corpus"
    write_article(corpus, Article(id="a", title="A", body="Text."))
    index_dir = tmp_path / "idx"
    seen: list[str] = []
    with SearchIndex(corpus, index_dir, engine=engine) as idx:
        real_create = idx.engine.create

        def create(directory):
            (directory / "7f3e9a.managed.tmp").write_text("engine bytes")  # any file an engine writes first
            seen.append(owner_of(directory, corpus))  # what a second process sees now
            real_create(directory)

        idx.engine.create = create
        idx.update()
        assert idx.search("text").total == 1
    assert seen == ["ours"]
    assert owner_of(index_dir, corpus) == "ours" and owner_of(index_dir, tmp_path / "other") == "foreign"
