from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.corpus import (
    Article,
    Ingester,
    Overrides,
    get_article,
    ingest,
    iter_raw,
    load_corpus,
    newest_first,
    read_article,
    write_article,
)
from briefing.errors import CorpusError
from tests.conftest import SEEDS


def _article(**kw) -> Article:
    base = dict(id="test-article", title="Test article", body="First paragraph.\n\nSecond – ünïcode.")
    base.update(kw)
    return Article(**base)


def test_round_trip_keeps_every_field(tmp_path):
    article = _article(
        source="Src",
        author="A. Writer",
        published="2018-01",
        url="https://example.org/a",
        tags=("csto", "rüssia"),
        ingested="2026-01-01T00:00:00Z",
        original="raw.txt",
        sha256="ab" * 32,
        extra={"date_note": "inferred: 'late January'", "custom": [1, 2]},
    )
    path = write_article(tmp_path, article)
    assert path.name == "test-article.md"
    again = read_article(path)
    assert again == article
    assert again.extra == article.extra
    assert again.published_start.isoformat() == "2018-01-01"


def test_write_refuses_to_overwrite(tmp_path):
    write_article(tmp_path, _article())
    with pytest.raises(CorpusError, match="exists already"):
        write_article(tmp_path, _article(title="Other"))
    write_article(tmp_path, _article(title="Other"), replace_existing=True)
    assert read_article(tmp_path / "test-article.md").title == "Other"


BAD_FILES = {
    "malformed.md": ("---\nid: malformed\ntitle: [unclosed\n---\n\nBody.\n", "malformed front matter at line"),
    "mismatch.md": ("---\nid: other-name\ntitle: T\n---\n\nBody.\n", "does not match the file name"),
    "slash.md": ("---\nid: ../../etc/passwd\ntitle: T\n---\n\nBody.\n", "path separator"),
    "dots.md": ("---\nid: a..b\ntitle: T\n---\n\nBody.\n", "path separator or '..'"),
    "empty.md": ("", "empty file"),
    "nofront.md": ("Just text.\n", "no YAML front matter"),
    "notmap.md": ("---\n- a\n- b\n---\n\nBody.\n", "not a mapping"),
    "baddate.md": ("---\nid: baddate\ntitle: T\npublished: last spring\n---\n\nBody.\n", "not an ISO date"),
    "python.md": (
        "---\nid: python\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n\nB.\n",
        "title: could not determine a constructor",
    ),
    "UPPER.md": ("---\nid: UPPER\ntitle: T\n---\n\nBody.\n", "not a slug"),
}


def test_every_bad_file_is_one_line_error_and_others_load(tmp_path):
    write_article(tmp_path, _article())
    for name, (text, _) in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin.md").write_bytes("---\nid: latin\ntitle: Caf\xe9\n---\n\nB.\n".encode("latin-1"))
    loaded = load_corpus(tmp_path)
    assert [a.id for a in loaded.articles] == ["test-article"]
    assert len(loaded.errors) == len(BAD_FILES) + 1
    for error in loaded.errors:
        assert "\n" not in error
    joined = "\n".join(loaded.errors)
    for name, (_, expected) in BAD_FILES.items():
        assert any(e.startswith(name) and expected in e for e in loaded.errors), (name, joined)
    assert any(e.startswith("latin.md: not UTF-8") for e in loaded.errors)


def test_get_article_refuses_path_escape(tmp_path):
    with pytest.raises(CorpusError, match="invalid article id"):
        get_article(tmp_path, "../secret")
    with pytest.raises(CorpusError, match="no article"):
        get_article(tmp_path, "missing")


def test_bundled_corpus_is_clean():
    from tests.conftest import BUNDLED_CORPUS

    loaded = load_corpus(BUNDLED_CORPUS)
    assert loaded.errors == ()
    assert len(loaded.articles) == 5
    by_id = loaded.by_id()
    assert by_id["kazakh-protest-or-failed-coup"].published == "2022-01-07"
    assert by_id["turkey-coup-russia-central-asia"].published.startswith("2016-07")
    assert by_id["central-asia-military-agreements-kremlin"].published.startswith("2018-01")
    for article in loaded.articles:
        assert article.title and article.source and article.sha256 and article.original
        if article.extra.get("date_source") != "dateline":
            assert article.extra.get("date_note"), article.id
    assert [a.published[:4] for a in newest_first(loaded.articles)] == ["2022", "2022", "2022", "2018", "2016"]


# ------------------------------------------------------------------------------------------ ingest
def _run(paths, corpus, **kw):
    return list(ingest([Path(p) for p in paths], corpus, **kw))


def test_ingest_seeds_then_refuse_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    outcomes = _run([SEEDS], corpus)
    assert [o.status for o in outcomes] == ["added"] * 5
    again = _run([SEEDS / "002_94b04064989387af.txt"], corpus)
    assert again[0].status == "skipped"
    assert "duplicate of eurasia-notes-13-kazakh-protest-or-failed-coup" in again[0].message
    copy = tmp_path / "copy.txt"
    copy.write_text((SEEDS / "002_94b04064989387af.txt").read_text(encoding="utf-8") + "\n\n\n")
    same_text = _run([copy], corpus)
    assert same_text[0].status == "skipped" and "same text" in same_text[0].message


def test_ingest_report_mentions_cleaning_and_date(tmp_path):
    outcomes = _run([SEEDS / "004_f24afbe78bbc54e3.txt", SEEDS / "002_94b04064989387af.txt"], tmp_path)
    assert "comment lines" in outcomes[0].message
    assert "date 2022-01-07 from dateline" in outcomes[1].message


def test_ingest_never_touches_notes_and_replace_keeps_hand_edits(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("A headline worth reading today\n\nFirst version of the story.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (added,) = _run([raw], corpus, overrides=Overrides(published="2020-05", extra=(("date_note", "by hand"),)))
    notes = corpus / f"{added.article_id}.notes.yaml"
    notes.write_text("article: x\nnotes: []\n", encoding="utf-8")
    raw.write_text("A headline worth reading today\n\nSecond version of the story.\n", encoding="utf-8")
    (refused,) = _run([raw], corpus)
    assert refused.status == "added" and refused.article_id != added.article_id  # a new text is a new article
    (replaced,) = _run([raw], corpus, replace_existing=True)
    assert replaced.status == "replaced"
    article = get_article(corpus, replaced.article_id)
    assert article.extra["date_note"] == "by hand" or replaced.article_id == refused.article_id
    assert notes.read_text(encoding="utf-8") == "article: x\nnotes: []\n"


def test_replace_updates_body_keeps_metadata(tmp_path):
    raw = tmp_path / "story.txt"
    raw.write_text("Headline of the replaced story\n\nOld body sentence.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (first,) = _run([raw], corpus, overrides=Overrides(published="2019-03-02", extra=(("date_note", "hand"),)))
    raw.write_text("Headline of the replaced story\n\nNew body sentence.\n", encoding="utf-8")
    (second,) = _run([raw], corpus, replace_existing=True)
    assert second.status == "replaced" and second.article_id == first.article_id
    article = get_article(corpus, first.article_id)
    assert article.body == "New body sentence."
    assert article.published == "2019-03-02" and article.extra["date_note"] == "hand"
    assert len(load_corpus(corpus).articles) == 1


def test_ingest_jsonl_collection(tmp_path):
    collection = tmp_path / "c.jsonl"
    rows = [
        {
            "id": "wire-1",
            "title": "Cocoa review",
            "date": "1987-02-26T15:01:01",
            "source": "reuters",
            "body": "Showers.",
        },
        {"title": "No id here", "body": "Another story.", "author": "X Y", "url": "http://e.org", "tags": ["a"]},
        {"title": "no body"},
    ]
    collection.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    outcomes = _run([collection], tmp_path / "corpus")
    assert [o.status for o in outcomes] == ["added", "added", "error", "error"]
    assert outcomes[2].origin.endswith("c.jsonl:3")
    wire = get_article(tmp_path / "corpus", "wire-1")
    assert wire.published == "1987-02-26" and wire.source == "reuters" and wire.original == "c.jsonl#L1"
    other = get_article(tmp_path / "corpus", "no-id-here")
    assert other.author == "X Y" and other.tags == ("a",) and other.url == "http://e.org"


def test_encodings_and_binary(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Un café à Genève pour les négociateurs\n\nLes négociations reprendront à Genève.\n".encode("cp1252")
    )
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    odd = tmp_path / "doc.pdf"
    odd.write_bytes(b"%PDF-1.4")
    outcomes = {
        Path(o.origin).name: o for o in _run([latin, binary, empty, odd, tmp_path / "missing.txt"], tmp_path / "c")
    }
    assert outcomes["latin.txt"].status == "added"
    article = get_article(tmp_path / "c", outcomes["latin.txt"].article_id)
    assert "négociations reprendront à Genève" in article.body
    assert outcomes["image.txt"].status == "error" and "binary" in outcomes["image.txt"].message
    assert outcomes["empty.txt"].status == "error" and "empty" in outcomes["empty.txt"].message
    assert outcomes["doc.pdf"].status == "error" and "unsupported" in outcomes["doc.pdf"].message
    assert outcomes["missing.txt"].status == "error"


def test_folder_recursion_and_html(tmp_path):
    folder = tmp_path / "in" / "deeper"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(
        "<html><head><title>Page title here</title></head><body><article><p>"
        + "A sentence of the page that is long enough to be kept by the extractor. " * 5
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "in" / "note.md").write_text("---\ntitle: From markdown\npublished: 2021-04-05\n---\n\nMD body.\n")
    docs = [d for d in iter_raw([tmp_path / "in"])]
    assert len(docs) == 2
    outcomes = _run([tmp_path / "in"], tmp_path / "corpus")
    assert {o.status for o in outcomes} == {"added"}
    by_title = {a.title: a for a in load_corpus(tmp_path / "corpus").articles}
    assert by_title["From markdown"].published == "2021-04-05"
    assert "long enough to be kept" in by_title["Page title here"].body


def test_overrides_and_ids(tmp_path):
    raw = tmp_path / "x.txt"
    raw.write_text("Some headline for an override test\n\nBody.\n")
    ingester = Ingester(tmp_path / "corpus")
    (doc,) = [d for d in iter_raw([raw])]
    outcome = ingester.ingest(doc, Overrides(id="my-id", title="T", source="S", author="A", tags=("x", "y")))
    article = get_article(tmp_path / "corpus", "my-id")
    assert outcome.status == "added"
    assert (article.title, article.source, article.author, article.tags) == ("T", "S", "A", ("x", "y"))
    bad = ingester.ingest(doc, Overrides(id="../evil"))
    assert bad.status in ("error", "skipped")


def test_a_large_import_syncs_the_corpus_folder_once_a_batch_and_every_file_as_written(tmp_path, monkeypatch):
    """A million-article import spent half its time in a folder fsync per article: the folder is synced once
    every SYNC_EVERY articles and at the end, each file's content still as it is written, and an import
    stopped early (a consumer that breaks off) still syncs what it wrote."""
    import briefing.fsio as fsio
    import briefing.ingest as ingest_module

    folder_syncs: list[Path] = []
    file_syncs = 0
    real_fsync = fsio.os.fsync

    def count_fsync(fd: int) -> None:
        nonlocal file_syncs
        file_syncs += 1
        real_fsync(fd)

    monkeypatch.setattr(fsio.os, "fsync", count_fsync)
    monkeypatch.setattr(ingest_module, "fsync_folder", lambda folder: folder_syncs.append(Path(folder)))
    count = ingest_module.SYNC_EVERY * 2 + 10
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": f"a{i}", "title": f"Article {i}", "body": f"Body number {i} of the import."}) + "\n"
            for i in range(count)
        ),
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    outcomes = list(ingest([source], corpus))
    assert [o.status for o in outcomes].count("added") == count
    assert file_syncs == count  # every article's content, as it was written
    assert folder_syncs == [corpus] * 3  # two full batches, and the rest at the end

    folder_syncs.clear()
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "late", "title": "Late", "body": "A late article."}) + "\n", encoding="utf-8")
    for _ in ingest([more], corpus):
        break  # the consumer stops after the first outcome
    assert folder_syncs == [corpus]
