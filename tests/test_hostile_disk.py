"""A full disk or a read-only corpus: one-line errors for writes, nothing lost, search goes on from what is indexed.

Root ignores file permissions, so the failures are injected where the OS would report them (the temp file's
creation, fsync, the lock file, the index update) with the errno a real full or read-only disk gives.
"""

from __future__ import annotations

import errno
import os

import pytest

from briefing import fsio
from briefing.cli import main
from briefing.corpus import Article, write_article
from briefing.notes import add_note, load_notes, notes_path
from briefing.search import SearchIndex

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
READ_ONLY = OSError(errno.EROFS, os.strerror(errno.EROFS))


@pytest.fixture
def corpus(tmp_path):
    corpus = tmp_path / "corpus"
    write_article(corpus, Article(id="good", title="Good", body="Kazakhstan on 5 January 2022 was calm."))
    add_note(corpus, "good", "the first note")
    return corpus


def _cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    assert "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


def _fail(exc):
    def fail(*_args, **_kwargs):
        raise exc

    return fail


@pytest.mark.parametrize("failure", [FULL, READ_ONLY], ids=["full-disk", "read-only"])
@pytest.mark.parametrize("where", ["fsync", "create"])
def test_a_note_that_cannot_be_written_is_one_line_and_nothing_is_lost(
    corpus, tmp_path, capsys, monkeypatch, failure, where
):
    before = notes_path(corpus, "good").read_bytes()
    if where == "fsync":
        monkeypatch.setattr(fsio.os, "fsync", _fail(failure))
    else:
        monkeypatch.setattr(fsio, "_create_temp", _fail(failure))
    code, out, err = _cli(capsys, "note", "good", "a second note", "--corpus", str(corpus))
    monkeypatch.undo()
    assert code == 2 and "added note" not in out
    assert err.count("\n") == 1 and failure.strerror in err and "good.notes.yaml" in err and "not saved" in err
    assert notes_path(corpus, "good").read_bytes() == before
    assert [p.name for p in corpus.iterdir() if p.name.endswith(".tmp")] == []


def test_a_read_only_corpus_cannot_even_take_the_lock(corpus, capsys, monkeypatch):
    real_open = open

    def locked_out(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise READ_ONLY
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(fsio, "open", locked_out, raising=False)
    code, out, err = _cli(capsys, "note", "good", "a second note", "--corpus", str(corpus))
    assert code == 2 and "Read-only file system" in err and err.count("\n") == 1
    assert [n.text for n in load_notes(corpus, "good").notes] == ["the first note"]


@pytest.mark.parametrize("failure", [FULL, READ_ONLY], ids=["full-disk", "read-only"])
def test_ingest_onto_a_full_or_read_only_disk_is_one_line_per_file(tmp_path, capsys, monkeypatch, failure):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        (raw / f"a{i}.txt").write_text(f"Article number {i} about the steppe.\n", "utf-8")
    monkeypatch.setattr(fsio.os, "fsync", _fail(failure))
    code, out, err = _cli(capsys, "add", "--corpus", str(tmp_path / "corpus"), str(raw))
    monkeypatch.undo()
    assert code == 2
    assert err.count("\n") == 3 and err.count(failure.strerror) == 3, err
    assert "0 added" in out and "3 failed" in out
    assert not list((tmp_path / "corpus").glob("*.md")) and not list((tmp_path / "corpus").glob(".*.tmp"))


def test_a_saved_note_is_reported_saved_even_if_the_index_cannot_follow(corpus, tmp_path, capsys, monkeypatch):
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert _cli(capsys, "index", *index)[0] == 0
    monkeypatch.setattr(SearchIndex, "update", _fail(FULL))
    code, out, err = _cli(capsys, "note", "good", "a second note", *index)
    monkeypatch.undo()
    assert code == 0 and "added note" in out and "index not updated" in err and "No space left" in err
    assert [n.text for n in load_notes(corpus, "good").notes] == ["the first note", "a second note"]


@pytest.mark.parametrize("failure", [FULL, READ_ONLY], ids=["full-disk", "read-only"])
def test_search_on_a_stale_index_that_cannot_be_updated_answers_from_what_is_indexed(
    corpus, tmp_path, capsys, monkeypatch, failure
):
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert _cli(capsys, "index", *index)[0] == 0
    write_article(corpus, Article(id="newer", title="Newer", body="Kazakhstan again, in February 2022."))
    monkeypatch.setattr(SearchIndex, "update", _fail(failure))
    code, out, err = _cli(capsys, "search", "kazakhstan", *index)
    assert code == 0 and "good" in out and "newer" not in out
    assert err.count("\n") == 1 and "stale" in err and failure.strerror in err
    code, out, err = _cli(capsys, "index", *index)
    assert code == 2 and err.count("\n") == 1 and failure.strerror in err
