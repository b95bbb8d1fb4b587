"""The tantivy index: damage to the files it really writes is detected and cured by one rebuild, said in one
line; a bad query or a bug never rebuilds anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.errors import QueryError
from briefing.search import IndexUnavailable, SearchIndex, sync
from tests.conftest import run_cli

pytest.importorskip("tantivy")

NAMES_CSTO = {
    "turkey-coup-russia-central-asia",
    "csto-kazakhstan-russia-turkey-rivalry",
    "kazakhstan-crisis-russia-post-soviet-sway",
}


def ids(index: SearchIndex, query: str) -> set[str]:
    return {h.id for h in index.search(query, limit=50).hits}


def _files(index_dir: Path, pattern: str) -> list[Path]:
    found = sorted(index_dir.glob(pattern))
    assert found, f"the index writes no {pattern}: the damage would change nothing"
    return found


def _break(index_dir: Path, how: str) -> None:
    kind, _, suffix = how.partition(" ")
    if how == "garbage meta":
        (index_dir / "meta.json").write_text("{not json")
    elif how == "missing meta":
        (index_dir / "meta.json").unlink()
    elif how == "garbage manifest":
        (index_dir / sync.MANIFEST).write_text("{not json")
    elif how == "empty folder":
        for path in index_dir.iterdir():
            path.unlink()
    elif kind == "truncated":
        for path in _files(index_dir, f"*.{suffix}"):
            os.truncate(path, min(100, path.stat().st_size // 2))
    elif kind == "garbage":
        for path in _files(index_dir, f"*.{suffix}"):
            path.write_bytes(b"\x00garbage" * max(8, path.stat().st_size // 8))
    elif kind == "missing":
        for path in _files(index_dir, f"*.{suffix}"):
            path.unlink()
    else:
        raise AssertionError(how)


def _replace(index_dir: Path, suffix: str) -> None:
    """Damage as a file replaced (a new file under the old name): a file truncated in place under a running
    process that maps it is a bus error for any engine that maps its files (tantivy, Lucene)."""
    for path in _files(index_dir, f"*.{suffix}"):
        spare = path.with_name(path.name + ".tmp")
        spare.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        os.replace(spare, path)


DAMAGE = [
    "truncated idx",
    "truncated term",
    "truncated store",
    "truncated pos",
    "truncated fast",
    "garbage store",
    "garbage term",
    "garbage idx",
    "missing idx",
    "missing store",
    "garbage meta",
    "missing meta",
    "garbage manifest",
    "empty folder",
]


@pytest.mark.parametrize("how", DAMAGE)
def test_damage_is_cured_by_one_rebuild_said_once(corpus_dir, tmp_path, how):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir, engine="tantivy") as idx:
        idx.update()
    _break(index_dir, how)
    write_article(corpus_dir, Article(id="after-break", title="Okapi", body="An okapi near the CSTO."))
    with SearchIndex(corpus_dir, index_dir, engine="tantivy") as idx:
        idx.update()
        assert ids(idx, '"okapi near"') == {"after-break"}
        assert ids(idx, "CSTO") == NAMES_CSTO | {"after-break"}
        assert len([m for m in idx.messages if "rebuilding" in m]) == 1, idx.messages
        assert idx.doc_count() == 6
        assert all(len(m.splitlines()) == 1 for m in idx.messages)
    with SearchIndex(corpus_dir, index_dir, engine="tantivy") as idx:  # cured: the next start rebuilds nothing
        assert idx.update().touched == 0 and idx.messages == []


@pytest.mark.parametrize("suffix", ["pos", "store", "term", "idx"])
def test_damage_found_while_searching_an_open_index_rebuilds_once(corpus_dir, tmp_path, suffix):
    with SearchIndex(corpus_dir, tmp_path / "index", engine="tantivy") as idx:
        idx.update()
        assert ids(idx, "CSTO") == NAMES_CSTO
        phrase = ids(idx, '"Collective Security Treaty Organization" OR paratroop*')
        assert len(phrase) > 2
        _replace(tmp_path / "index", suffix)
        idx.engine.close()  # as after another process's rebuild: the next search opens the files again
        assert ids(idx, '"Collective Security Treaty Organization" OR paratroop*') == phrase
        assert ids(idx, "CSTO") == NAMES_CSTO
        assert len([m for m in idx.messages if "rebuilding" in m]) == 1, idx.messages


def test_a_bad_query_or_a_bug_rebuilds_nothing(corpus_dir, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir, engine="tantivy") as idx:
        idx.update()
        with pytest.raises(QueryError):
            idx.search("title:(")
        monkeypatch.setattr("briefing.search.tantivy.engine.Compiler.compile", lambda self, node: 1 / 0, raising=True)
        with pytest.raises(IndexUnavailable, match="search failed .ZeroDivisionError.*left as it is"):
            idx.search("CSTO")
        assert idx.messages == []
    assert len(sync.read_manifest(index_dir, idx.engine.version)) == 5


def test_cli_says_it_rebuilt_in_one_line(corpus_dir, tmp_path):
    index_dir = tmp_path / "index"
    common = ["--engine", "tantivy", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    assert run_cli("index", *common).returncode == 0
    _break(index_dir, "truncated store")
    result = run_cli("search", "CSTO", *common, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["hits"]) == 3
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "rebuilding" in line]) == 1, result.stderr


def test_a_reader_sees_another_writers_commits_and_rebuilds(corpus_dir, tmp_path):
    """Two SearchIndex objects on one tantivy index, as two processes: the reader's next search sees the
    writer's commit, and still works after the writer rebuilt the index (a new folder swapped in)."""
    index_dir = tmp_path / "index"
    with (
        SearchIndex(corpus_dir, index_dir, engine="tantivy") as reader,
        SearchIndex(corpus_dir, index_dir, engine="tantivy") as writer,
    ):
        reader.update()
        assert ids(reader, "okapi") == set()
        write_article(corpus_dir, Article(id="okapi", title="Okapi", body="An okapi in Almaty."))
        assert writer.update().added == 1
        assert ids(reader, "okapi") == {"okapi"} and reader.doc_count() == 6
        (corpus_dir / "okapi.md").unlink()
        writer.rebuild()
        assert ids(reader, "okapi") == set() and reader.doc_count() == 5
        assert ids(reader, "CSTO") == NAMES_CSTO
        assert reader.messages == [] and writer.messages == []
