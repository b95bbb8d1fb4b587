"""The manifest's base is a file of columns read on demand: every entry comes back as written, whatever its
shape; a base that was cut, flipped, forged or is of another version is `ManifestDamaged` in one line naming
the file (never another exception); a base of the earlier JSON layout is read, then replaced by the first
update; a first build journals its segments instead of rewriting the base at each commit; an update of some
articles looks at their files only, without listing the folder."""

from __future__ import annotations

import json
import os
import random
import zlib
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.errors import BriefingError
from briefing.search import SearchIndex, manifest, manifest_base, sync
from briefing.search import searcher as searcher_module
from tests.conftest import count_listings

VERSION = 3
SHA = "0123456789abcdef" * 4


def _entries() -> dict[str, list]:
    """Plain entries and every shape the columns cannot hold, which go whole into the extra part."""
    files = {
        f"a-{i:04d}": [f"a-{i:04d}.md", 1_700_000_000_000_000_000 + i, 1000 + i, f"{i:064x}", None, None]
        for i in range(300)
    }
    files.update(
        {
            "noted": ["noted.md", 5, 6, SHA, [7, 8], None],
            "corrected": ["corrected.md", 5, 6, SHA, None, [9, 10]],
            "renamed": ["other-name.md", 5, 6, SHA, None, None],
            "upper": ["upper.md", 5, 6, SHA.upper(), None, None],
            "short-hash": ["short-hash.md", 5, 6, "a later hash", None, None],
            "old-shape": ["old-shape.md", 5, 6, SHA],
            "huge": ["huge.md", 2**70, 6, SHA, None, None],
            "negative": ["negative.md", -5, 6, SHA, None, None],
            "nul\0id": ["nul\0id.md", 5, 6, SHA, None, None],
            "caf\u00e9 \u65e5\u672c": ["caf\u00e9 \u65e5\u672c.md", 5, 6, SHA, None, None],
            "bytes-\udcff": ["bytes-\udcff.md", 5, 6, SHA, None, None],  # a file name that is not UTF-8
        }
    )
    return files


def _write(tmp_path: Path, files: dict[str, list]) -> Path:
    index_dir = tmp_path / "index"
    index_dir.mkdir(exist_ok=True)
    sync.write_manifest(index_dir, files, VERSION, engine="whoosh")
    return index_dir


def test_every_entry_comes_back_from_disk_as_written(tmp_path):
    files = _entries()
    index_dir = _write(tmp_path, files)
    read = sync.read_manifest(index_dir, VERSION)
    assert isinstance(read, manifest_base.ManifestFiles)
    assert dict(read) == files and read == files and len(read) == len(files)
    assert sorted(read) == sorted(files)
    for key, entry in files.items():
        assert key in read and read[key] == entry
    assert "missing" not in read and read.get("missing") is None and 42 not in read  # type: ignore[operator]
    header = sync.read_header(index_dir)
    assert header is not None and header["count"] == len(files)
    assert not (index_dir / sync.LEGACY_MANIFEST).exists()


def test_the_entries_behave_as_a_dict_through_any_sequence_of_changes(tmp_path):
    """Random sets, deletions and pops against a plain dict, on entries read from disk; written back and read
    again, the same."""
    files = _entries()
    index_dir = _write(tmp_path, files)
    read = sync.read_manifest(index_dir, VERSION)
    model = dict(files)
    rng = random.Random(17)
    keys = [*files, *(f"new-{i}" for i in range(40))]
    for step in range(1500):
        key = rng.choice(keys)
        action = rng.random()
        if action < 0.45:
            entry = [f"{key}.md", step, rng.randrange(10_000), f"{rng.getrandbits(256):064x}", None, None]
            if rng.random() < 0.2:
                entry[4] = [step, step]
            read[key] = model[key] = entry
        elif action < 0.75:
            assert read.pop(key, None) == model.pop(key, None)
        else:
            assert (key in read) == (key in model)
            assert read.get(key) == model.get(key)
        assert len(read) == len(model)
        if step % 250 == 0:
            assert dict(read) == model and sorted(read) == sorted(model)
            assert sorted(manifest_base.rows_of(read)) == sorted(manifest_base.rows_of(model))
    with pytest.raises(KeyError):
        del read["never-there"]
    sync.write_manifest(index_dir, read, VERSION, engine="whoosh")
    assert dict(sync.read_manifest(index_dir, VERSION)) == model


def _forge(header_changes: dict | None = None, payload: bytes | None = None, count: int = 2) -> bytes:
    """A base made by hand whose checksum matches: only the structure can tell it apart."""
    raw = manifest_base.encode({f"x{i}": [f"x{i}.md", 1, 2, SHA, None, None] for i in range(count)}, VERSION, "t")
    start = len(manifest_base.MAGIC) + 4
    end = start + int.from_bytes(raw[len(manifest_base.MAGIC) : start], "little")
    header = json.loads(raw[start:end])
    body = raw[end:] if payload is None else payload
    header.update({"crc": zlib.crc32(body), **(header_changes or {})})
    head = json.dumps(header).encode()
    return manifest_base.MAGIC + len(head).to_bytes(4, "little") + head + body


def _hostile_bases() -> dict[str, bytes]:
    good = manifest_base.encode(_entries(), VERSION, "token")
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x10
    forged_ids = b"x0\0x1"
    forged_rest = bytes(16 * 2 + 32 * 2)
    return {
        "empty file": b"",
        "the old layout's text": b"{not json",
        "magic only": manifest_base.MAGIC,
        "header length past the end": manifest_base.MAGIC + (10**6).to_bytes(4, "little") + b"{}",
        "header not JSON": manifest_base.MAGIC + (4).to_bytes(4, "little") + b"{no}",
        "header a list": manifest_base.MAGIC + (2).to_bytes(4, "little") + b"[]",
        "cut short": good[: len(good) - 40],
        "cut in the header": good[:30],
        "a byte flipped": bytes(flipped),
        "a byte added": good + b"\0",
        "negative count": _forge({"count": -1}),
        "count a string": _forge({"count": "2"}),
        "count a bool": _forge({"count": True}),
        "no journal token": _forge({"journal": None}),
        "another format": _forge({"format": 99}),
        "more ids than counted": _forge({"ids": len(forged_ids)}, forged_ids + bytes(16 + 32), count=1),
        "ids not UTF-8": _forge({"ids": 5}, b"x0\0\xff\xfe" + forged_rest),
        "ids out of order": _forge({"ids": 5}, b"x1\0x0" + forged_rest),
        "an id twice": _forge({"ids": 5}, b"x0\0x0" + forged_rest),
        "ids where none are counted": _forge({"ids": 2, "count": 0}, b"x0"),
        **{
            f"extra {what}": _forge({"extra": len(extra)}, forged_ids + forged_rest + extra)
            for what, extra in [("not JSON", b"{no}"), ("a bad entry", b'{"y":["y.md","x",2]}'), ("a list", b"[]")]
        },
    }


@pytest.mark.parametrize("name", list(_hostile_bases()))
def test_a_hostile_or_damaged_base_is_damage_in_one_line(tmp_path, name):
    index_dir = _write(tmp_path, _entries())
    (index_dir / sync.MANIFEST).write_bytes(_hostile_bases()[name])
    with pytest.raises(sync.ManifestDamaged) as caught:
        sync.read_manifest(index_dir, VERSION)
    message = str(caught.value)
    assert "\n" not in message and str(index_dir / sync.MANIFEST) in message


def test_a_base_of_another_version_is_said_so(tmp_path):
    index_dir = _write(tmp_path, _entries())
    with pytest.raises(sync.ManifestDamaged, match="another version"):
        sync.read_manifest(index_dir, VERSION + 1)


def _corpus(tmp_path: Path, count: int = 12) -> Path:
    corpus = tmp_path / "corpus"
    for i in range(count):
        write_article(corpus, Article(id=f"a-{i}", title=f"Quokka {i}", body=f"Quokka field report number {i}."))
    return corpus


def test_a_base_of_the_earlier_json_layout_is_read_then_replaced_without_a_rebuild(tmp_path):
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        version = index.engine.version
        files = dict(sync.read_manifest(index_dir, version))
    # the index as the earlier version left it: the JSON base, and a journal line of its token
    (index_dir / sync.MANIFEST).unlink()
    legacy = {"version": version, "journal": "old", "files": files}
    (index_dir / sync.LEGACY_MANIFEST).write_text(json.dumps(legacy))
    files["a-1"] = [*files["a-1"][:3], "a hash from the journal", *files["a-1"][4:]]
    line = {"t": "old", "set": {"a-1": files["a-1"]}, "del": ["a-2"]}
    (index_dir / sync.JOURNAL).write_text(json.dumps(line) + "\n")
    read = sync.read_manifest(index_dir, version)
    assert read["a-1"][3] == "a hash from the journal" and "a-2" not in read and len(read) == 11
    with SearchIndex(corpus, index_dir) as index:
        report = index.update()  # a-2, taken out by the journal, is indexed again; a-1's time is as recorded
        assert report.rebuilt_because is None and (report.added, report.changed) == (1, 0)
        assert not any("rebuild" in m for m in index.messages)
    assert (index_dir / sync.MANIFEST).exists()
    assert not (index_dir / sync.LEGACY_MANIFEST).exists() and not (index_dir / sync.JOURNAL).exists()
    with SearchIndex(corpus, index_dir) as index:
        assert index.update().touched == 0 and index.search("quokka").total == 12


def test_a_base_of_the_earlier_layout_is_replaced_by_an_update_that_finds_nothing_to_do(tmp_path):
    """An upgraded million-article index would otherwise read its 143 MB JSON base at every start until an
    article changed."""
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        version = index.engine.version
        files = dict(sync.read_manifest(index_dir, version))
    (index_dir / sync.MANIFEST).unlink()
    (index_dir / sync.LEGACY_MANIFEST).write_text(json.dumps({"version": version, "journal": "old", "files": files}))
    with SearchIndex(corpus, index_dir) as index:
        report = index.update()
        assert report.touched == 0 and report.rebuilt_because is None
    assert (index_dir / sync.MANIFEST).exists() and not (index_dir / sync.LEGACY_MANIFEST).exists()
    assert dict(sync.read_manifest(index_dir, version)) == files


def test_a_first_build_journals_its_segments_and_writes_the_base_twice(tmp_path, monkeypatch):
    """An empty base at the start, a journal line per committed segment, one whole base at the end."""
    corpus = _corpus(tmp_path, 30)
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (4, 4))
    monkeypatch.setattr(searcher_module, "BATCH_SECONDS", 3600.0)
    bases: list[int] = []
    lines: list[int] = []
    write_base, append = manifest._write_base, manifest.append_changes

    def counting_base(index_dir, files, version, header):  # type: ignore[no-untyped-def]
        bases.append(len(files))
        return write_base(index_dir, files, version, header)

    def counting_append(index_dir, current, changes, **kwargs):  # type: ignore[no-untyped-def]
        lines.append(len(changes))
        return append(index_dir, current, changes, **kwargs)

    monkeypatch.setattr(manifest, "_write_base", counting_base)
    monkeypatch.setattr(sync, "append_changes", counting_append)
    with SearchIndex(corpus, tmp_path / "index") as index:
        assert index.update().added == 30
        assert bases == [0, 30] and sum(lines) == 28 and len(lines) == 7  # 7 segments of 4, then the last 2
        assert not (index.index_dir / sync.JOURNAL).exists()
    with SearchIndex(corpus, tmp_path / "index") as index:
        assert index.update().touched == 0 and index.search("quokka", limit=50).total == 30


def test_updating_some_articles_looks_at_their_files_without_listing_the_folder(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        listed, stop_counting = count_listings(monkeypatch)
        write_article(corpus, Article(id="a-3", title="Quokka 3", body="A numbat now."), replace_existing=True)
        write_article(corpus, Article(id="a-new", title="Numbat", body="A numbat, new."))
        (corpus / "a-5.md").unlink()
        report = index.update(only=["a-3", "a-new", "a-5", "../escape", ".hidden", "not-there"])
        assert (report.changed, report.added, report.removed) == (1, 1, 1)
        assert listed == []
        assert {h.id for h in index.search("numbat").hits} == {"a-3", "a-new"}
        stop_counting()
        assert index.update().touched == 0  # the whole listing agrees with what the targeted update recorded


def test_a_corpus_folder_that_cannot_be_searched_is_an_error_for_some_articles_too(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        real_stat = os.stat

        def refuse(path, *args, dir_fd=None, **kwargs):  # type: ignore[no-untyped-def]
            if dir_fd is not None:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", refuse)
        with pytest.raises(BriefingError) as caught:
            index.update(only=["a-1"])
        assert "\n" not in str(caught.value) and "Permission denied" in str(caught.value)
        monkeypatch.setattr(os, "stat", real_stat)
        assert index.doc_count() == 12 and index.update().touched == 0


def test_planning_again_among_the_changes_finds_what_a_whole_pass_finds(tmp_path):
    """Under the write lock an update plans again, among what its first plan found to do (a whole pass over a
    million entries is half a second): same changes, and what another process did meanwhile is not redone."""
    corpus = _corpus(tmp_path, 20)
    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        version = index.engine.version
    write_article(corpus, Article(id="a-3", title="Quokka 3", body="Changed text."), replace_existing=True)
    write_article(corpus, Article(id="a-new", title="New", body="A new one."))
    (corpus / "a-5.md").unlink()
    (corpus / "a-7.notes.yaml").write_text("notes: []\n")
    known = sync.read_manifest(tmp_path / "index", version)
    whole = sync.plan(corpus, known)
    assert [(c.id, c.path is None) for c in whole.changes] == [
        ("a-3", False),
        ("a-5", True),
        ("a-7", False),
        ("a-new", False),
    ]
    again = sync.plan(corpus, known, found=whole.scan, among=[c.id for c in whole.changes])
    assert again.changes == whole.changes
    # another process re-indexed a-3 meanwhile: its entry is as on disk, so it is not planned again
    known["a-3"] = whole.changes[0].state.entry("a-3.md")
    after = sync.plan(corpus, known, found=whole.scan, among=[c.id for c in whole.changes])
    assert [c.id for c in after.changes] == ["a-5", "a-7", "a-new"]
