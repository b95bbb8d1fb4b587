"""The manifest is a base plus a journal of changes: an update writes a line, not every article's entry; the
journal replayed gives what a whole manifest would; a torn last line (a crash mid-append) is ignored and cut
off; any other damage rebuilds once; the journal is folded into a new base when it grows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.search import SearchIndex, manifest, sync


def _corpus(tmp_path: Path, count: int = 20) -> Path:
    corpus = tmp_path / "corpus"
    for i in range(count):
        write_article(corpus, Article(id=f"a-{i}", title=f"Numbat {i}", body=f"Numbat field report number {i}."))
    return corpus


def _base_key(index_dir: Path) -> tuple[int, int, int]:
    st = os.stat(index_dir / sync.MANIFEST)
    return st.st_ino, st.st_mtime_ns, st.st_size


def _journal_lines(index_dir: Path) -> list[dict]:
    path = index_dir / sync.JOURNAL
    return [json.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def _fresh_manifest(corpus: Path, tmp_path: Path) -> dict:
    """What a whole build of the same corpus records."""
    with SearchIndex(corpus, tmp_path / "fresh") as other:
        other.update()
        return sync.read_manifest(other.index_dir, other.engine.version)


def _edit(corpus: Path, article_id: str, body: str) -> None:
    write_article(corpus, Article(id=article_id, title=f"Numbat {article_id}", body=body), replace_existing=True)


def test_one_changed_article_appends_a_line_and_leaves_the_base_alone(tmp_path):
    corpus = _corpus(tmp_path)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        before = _base_key(index.index_dir)
        _edit(corpus, "a-3", "A bilby was seen beside the numbat burrow, far longer report than before.")
        report = index.update()
        assert (report.changed, report.added, report.removed) == (1, 0, 0)
        assert _base_key(index.index_dir) == before  # same file, same time, same size
        lines = _journal_lines(index.index_dir)
        assert len(lines) == 1 and set(lines[0]["set"]) == {"a-3"} and lines[0]["del"] == []
        assert {h.id for h in index.search("bilby").hits} == {"a-3"}
        header = sync.read_header(index.index_dir)
        assert header is not None and header["count"] == 20 == index.doc_count()


def test_the_journal_replayed_equals_a_whole_manifest(tmp_path):
    corpus = _corpus(tmp_path)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        before = _base_key(index.index_dir)
        _edit(corpus, "a-1", "Changed once, a longer text about the numbat.")
        index.update()
        write_article(corpus, Article(id="b-new", title="Echidna", body="An echidna report."))
        (corpus / "a-2.md").unlink()
        index.update()
        _edit(corpus, "a-1", "Changed twice: the numbat moved to another valley in the spring.")
        os.utime(corpus / "a-5.md", ns=(1_000_000_000, 1_000_000_000))  # touched only: a new time, same text
        report = index.update()
        assert report.changed == 1
        assert _base_key(index.index_dir) == before
        assert len(_journal_lines(index.index_dir)) == 3
        replayed = sync.read_manifest(index.index_dir, index.engine.version)
        assert replayed["a-5"][1] == 1_000_000_000
        assert "a-2" not in replayed and "b-new" in replayed
        assert replayed == _fresh_manifest(corpus, tmp_path)
        # a second SearchIndex (another process) reads the same state and finds nothing to do
        with SearchIndex(corpus, index.index_dir) as other:
            assert other.update().touched == 0


def test_a_torn_last_line_is_ignored_then_cut_off(tmp_path):
    """A crash in the middle of an append leaves a last line without its newline. It is ignored, not damage:
    a reader cannot tell it from an append another process is making at that moment, and what it would have
    recorded is only that some articles were re-indexed, which the next update sees again by their times."""
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        _edit(corpus, "a-4", "The first edit of the numbat article, somewhat longer.")
        index.update()
        expected = sync.read_manifest(index_dir, index.engine.version)
    journal = index_dir / sync.JOURNAL
    with open(journal, "ab") as handle:
        handle.write(b'{"t":"' + b"x" * 10)  # a line cut short by a crash
    assert sync.read_manifest(index_dir, _version(index_dir)) == expected
    with SearchIndex(corpus, index_dir) as index:
        index.messages.clear()
        _edit(corpus, "a-6", "Now the wombat, in a longer edit of this article.")
        report = index.update()
        assert report.rebuilt_because is None and report.changed == 1
        assert not any("rebuild" in m for m in index.messages)
        assert journal.read_bytes().endswith(b"\n")
        assert len(_journal_lines(index_dir)) == 2  # every line whole: the torn one is gone
        assert {h.id for h in index.search("wombat").hits} == {"a-6"}
        assert sync.read_manifest(index_dir, index.engine.version) == _fresh_manifest(corpus, tmp_path)


def _version(index_dir: Path) -> int:
    header = sync.read_header(index_dir)
    assert header is not None
    return header["version"]


@pytest.mark.parametrize(
    "damage",
    [b"{not json\n", b"[1, 2]\n", b'{"t": null, "set": {"a-1": ["a-1.md", "x", 3, "h"]}, "del": []}\n', b"\n"],
    ids=["not JSON", "not an object", "a bad entry", "an empty line"],
)
def test_a_damaged_journal_line_rebuilds_once(tmp_path, damage):
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        _edit(corpus, "a-4", "The first edit of the numbat article, somewhat longer.")
        index.update()
    with open(index_dir / sync.JOURNAL, "ab") as handle:
        handle.write(damage)
    with pytest.raises(sync.ManifestDamaged, match="journal"):
        sync.read_manifest(index_dir, _version(index_dir))
    with SearchIndex(corpus, index_dir) as index:
        report = index.update()
        assert report.rebuilt_because is not None and "journal" in report.rebuilt_because
        assert sum("rebuilding" in m for m in index.messages) == 1
        assert index.doc_count() == 20
        assert not (index_dir / sync.JOURNAL).exists()
        assert index.update().touched == 0  # cured: the next update finds nothing to do
        assert sync.read_manifest(index_dir, index.engine.version) == _fresh_manifest(corpus, tmp_path)


def test_the_journal_is_folded_into_a_new_base_when_it_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest, "FOLD_MIN_BYTES", 1200)
    corpus = _corpus(tmp_path)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        first = _base_key(index.index_dir)
        folded_at = None
        for round_ in range(12):
            _edit(corpus, f"a-{round_}", f"Edit {round_}: " + "numbat " * (round_ + 3))
            assert index.update().changed == 1
            if _base_key(index.index_dir) != first:
                folded_at = round_
                break
            assert len(_journal_lines(index.index_dir)) == round_ + 1
        assert folded_at is not None and folded_at > 1, "never folded, or folded at once"
        assert not (index.index_dir / sync.JOURNAL).exists()
        assert sync.read_manifest(index.index_dir, index.engine.version) == _fresh_manifest(corpus, tmp_path)
        _edit(corpus, "a-15", "After the fold, the journal starts again with a longer line.")
        index.update()
        assert len(_journal_lines(index.index_dir)) == 1


def test_lines_left_by_a_fold_that_stopped_are_already_in_the_base(tmp_path):
    """A fold writes the new base, then removes the journal: killed in between, the old lines stay. They
    carry the old base's token, so they are skipped (replaying them could undo later changes)."""
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        _edit(corpus, "a-1", "An edit that goes into the journal, longer than the first.")
        index.update()
        old_journal = (index_dir / sync.JOURNAL).read_bytes()
        version = index.engine.version
    known = sync.read_manifest(index_dir, version)
    known["a-1"] = [*known["a-1"][:3], "a later hash", *known["a-1"][4:]]
    sync.write_manifest(index_dir, known, version, engine="whoosh")
    (index_dir / sync.JOURNAL).write_bytes(old_journal)
    assert sync.read_manifest(index_dir, version)["a-1"][3] == "a later hash"


def test_two_writers_with_stale_copies_never_lose_each_others_entries(tmp_path):
    corpus = _corpus(tmp_path, 5)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        version = index.engine.version
    first = sync.load_manifest(index_dir, version)
    second = sync.load_manifest(index_dir, version)
    entry = ["x.md", 1, 2, "hash", None, None]
    first = sync.append_changes(index_dir, first, {"x-1": entry, "a-0": None}, engine="whoosh")
    second = sync.append_changes(index_dir, second, {"x-2": entry}, engine="whoosh")  # read before x-1
    assert {"x-1", "x-2"} <= set(second.files) and "a-0" not in second.files
    on_disk = sync.read_manifest(index_dir, version)
    assert on_disk == second.files
    assert sync.load_manifest(index_dir, version, first).files == on_disk  # the stale copy catches up
    header = sync.read_header(index_dir)
    assert header is not None and header["count"] == len(on_disk) == 6
