"""Damage to the files the index really writes is detected and cured by one rebuild, said in one line; a bad
query or a lock held by a stuck process never rebuilds anything."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.errors import QueryError
from briefing.search import IndexUnavailable, SearchIndex, sync
from briefing.search.whoosh import engine as whoosh_engine
from briefing.search.whoosh.schema import SCHEMA_VERSION
from tests.conftest import run_cli

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
    if how == "truncated postings":  # truncate -s 100 index/*.pst
        for path in _files(index_dir, "*.pst"):
            os.truncate(path, 100)
    elif how == "truncated terms":
        for path in _files(index_dir, "*.trm"):
            os.truncate(path, 100)
    elif how == "garbage stored fields":
        for path in _files(index_dir, "*_stored.col"):
            path.write_bytes(b"\x00garbage" * 50)
    elif how == "garbage TOC":
        for path in _files(index_dir, "*.toc"):
            path.write_bytes(b"not a table of contents")
    elif how == "missing TOC":
        for path in _files(index_dir, "*.toc"):
            path.unlink()
    elif how == "missing postings":
        for path in _files(index_dir, "*.pst"):
            path.unlink()
    elif how == "garbage manifest":
        (index_dir / sync.MANIFEST).write_text("{not json")
    elif how == "null file list":  # a base of the earlier layout (JSON), damaged
        (index_dir / sync.MANIFEST).unlink()
        (index_dir / sync.LEGACY_MANIFEST).write_text(json.dumps({"version": SCHEMA_VERSION, "files": None}))
    elif how == "empty folder":
        for path in index_dir.iterdir():
            path.unlink()
    else:
        raise AssertionError(how)


DAMAGE = [
    "truncated postings",
    "truncated terms",
    "garbage stored fields",
    "garbage TOC",
    "missing TOC",
    "missing postings",
    "garbage manifest",
    "null file list",
    "empty folder",
]


@pytest.mark.parametrize("how", DAMAGE)
def test_damage_is_cured_by_one_rebuild_said_once(corpus_dir, tmp_path, how):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir) as idx:
        idx.update()
    _break(index_dir, how)
    # an edit is pending when the damaged index is next used
    write_article(corpus_dir, Article(id="after-break", title="Okapi", body="An okapi near the CSTO."))
    with SearchIndex(corpus_dir, index_dir) as idx:
        idx.update()
        assert ids(idx, "CSTO") == NAMES_CSTO | {"after-break"}
        assert ids(idx, "okapi") == {"after-break"}
        assert len([m for m in idx.messages if "rebuilding" in m]) == 1, idx.messages
        assert idx.doc_count() == 6
        assert all(len(m.splitlines()) == 1 for m in idx.messages)
    with SearchIndex(corpus_dir, index_dir) as idx:  # cured: the next start rebuilds nothing
        assert idx.update().touched == 0 and idx.messages == []


@pytest.mark.parametrize("how", ["truncated postings", "truncated terms", "garbage stored fields"])
def test_damage_found_while_searching_an_open_index_rebuilds_once(corpus_dir, tmp_path, how):
    with SearchIndex(corpus_dir, tmp_path / "index") as idx:
        idx.update()
        _break(tmp_path / "index", how)
        idx.engine.changed()  # as after another process's commit: the next search reads the files again
        assert ids(idx, "CSTO") == NAMES_CSTO
        assert len([m for m in idx.messages if "rebuilding" in m]) <= 1


def test_cli_says_it_rebuilt_in_one_line(corpus_dir, tmp_path):
    index_dir = tmp_path / "index"
    common = ["--corpus", str(corpus_dir), "--index", str(index_dir)]
    assert run_cli("index", *common).returncode == 0
    _break(index_dir, "truncated postings")
    result = run_cli("search", "CSTO", *common, "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert {h["id"] for h in json.loads(result.stdout)["hits"]} == NAMES_CSTO
    assert "rebuilding the search index" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_bug_is_reported_in_one_line_and_rebuilds_nothing(corpus_dir, tmp_path, monkeypatch):
    with SearchIndex(corpus_dir, tmp_path / "index") as idx:
        idx.update()

        def broken(*args, **kwargs):
            raise TypeError("a bug in the scorer")

        monkeypatch.setattr(whoosh_engine.PostingSearcher, "run", broken)
        with pytest.raises(IndexUnavailable, match="search failed .TypeError: a bug in the scorer") as failure:
            idx.search("CSTO")
        assert len(str(failure.value).splitlines()) == 1
        assert idx.messages == []  # no rebuild


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("published:>9999", "beyond the calendar"),
        ("event:>9999-12-31", "beyond the calendar"),
        ("published:<0001", "empty date range|calendar|year"),
        ("published:0000", "published:0000"),
        ("published:[2020 to 2019]", "empty date range"),
        (" OR ".join(f"w{i}" for i in range(10_000)), "characters long|at most"),
        (" OR ".join(f"w{i}" for i in range(1_500)), "at most 1,000"),
        ("(" * 500 + "oil" + ")" * 500, "nested parentheses"),
    ],
)
def test_impossible_queries_are_one_line_errors_and_rebuild_nothing(corpus_dir, tmp_path, query, message):
    with SearchIndex(corpus_dir, tmp_path / "index") as idx:
        idx.update()
        before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "index").iterdir()}
        with pytest.raises(QueryError, match=message) as failure:
            idx.search(query)
        assert len(str(failure.value).splitlines()) == 1
        assert idx.messages == []
        assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "index").iterdir()} == before
        assert ids(idx, "CSTO") == NAMES_CSTO  # and the index goes on answering


def test_a_query_may_start_with_a_dash_on_the_command_line(corpus_dir, tmp_path):
    common = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    result = run_cli("search", "-shoigu CSTO", *common, "--json")
    assert result.returncode == 0, result.stderr
    assert {h["id"] for h in json.loads(result.stdout)["hits"]} == NAMES_CSTO - {"turkey-coup-russia-central-asia"}
    later = run_cli("search", "--limit", "1", "-shoigu", *common)
    assert later.returncode == 0, later.stderr
    refused = run_cli("search", "published:>9999", *common)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another process that takes an flock on `path` and then is stopped (SIGSTOP) while holding it."""
    code = (
        "import fcntl, sys, time\n"
        f"h = open({str(path)!r}, 'a+')\n"
        "fcntl.flock(h.fileno(), fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    os.kill(holder.pid, signal.SIGSTOP)
    with open(path, "a+") as handle, pytest.raises(BlockingIOError):  # flock really sees it
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return holder


def _release(holder: subprocess.Popen) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    os.kill(holder.pid, signal.SIGCONT)
    holder.wait(timeout=10)


def test_a_rebuild_waiting_on_a_stopped_one_says_it_is_waiting(corpus_dir, tmp_path):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir) as idx:
        idx.update()
    holder = _hold_lock(tmp_path / ".index.build-lock")
    said: list[str] = []
    try:
        idx = SearchIndex(corpus_dir, index_dir)
        idx.on_message = said.append
        worker = threading.Thread(target=idx.rebuild)
        worker.start()
        deadline = time.monotonic() + 30
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        assert said and "waiting for another briefing" in said[0]
        assert worker.is_alive()  # it waits: a live process holds the lock
        assert ids(idx, "CSTO") == NAMES_CSTO  # searches go on meanwhile
    finally:
        _release(holder)
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert idx.doc_count() == 5
    idx.close()


def test_a_write_lock_held_by_a_stuck_process_is_a_one_line_error(corpus_dir, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir) as idx:
        idx.update()
    monkeypatch.setattr(whoosh_engine, "WRITE_TIMEOUT", 0.5)
    holder = _hold_lock(index_dir / "MAIN_WRITELOCK")
    try:
        write_article(corpus_dir, Article(id="pending", title="Okapi", body="An okapi."))
        with SearchIndex(corpus_dir, index_dir) as idx:
            with pytest.raises(IndexUnavailable, match="another briefing is writing the index"):
                idx.update()
            assert ids(idx, "CSTO") == NAMES_CSTO and idx.messages == []  # reads work, nothing rebuilt
    finally:
        _release(holder)
    with SearchIndex(corpus_dir, index_dir) as idx:
        assert idx.update().added == 1 and ids(idx, "okapi") == {"pending"}
