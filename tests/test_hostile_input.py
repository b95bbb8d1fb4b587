"""Raw input at the edges: ids with a newline, mixed encodings, huge files, the corpus added onto itself."""

from __future__ import annotations

import os

import pytest

from briefing.cli import main
from briefing.corpus import ingest, load_corpus
from briefing.paths import is_valid_id


def _cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    assert "internal error" not in captured.err, captured.err
    return code, captured.out, captured.err


@pytest.mark.parametrize("bad", ["nl-id\n", "nl-id\r\n", "a\nb", "ok-", "\nok"])
def test_an_id_ends_where_the_text_ends(tmp_path, capsys, bad):
    assert not is_valid_id(bad)
    raw = tmp_path / "a.txt"
    raw.write_text("An article about the steppe.\n", "utf-8")
    corpus = tmp_path / "corpus"
    code, out, err = _cli(capsys, "add", "--corpus", str(corpus), "--id", bad, str(raw))
    assert code == 2 and "--id" in err
    assert not corpus.exists() or not [p.name for p in corpus.iterdir() if "\n" in p.name or "\r" in p.name]


def test_mixed_encodings_are_decoded_line_by_line_and_reported(tmp_path):
    raw = tmp_path / "mixed.txt"
    utf8 = "Naïve “quoted” words — in UTF-8, about Almaty.\n".encode()
    cp1252 = "Le café où l'on parle de Kazakhstan, « entre guillemets ».\n".encode("cp1252")
    raw.write_bytes(utf8 * 3 + cp1252 + utf8)
    (outcome,) = list(ingest([raw], tmp_path / "corpus"))
    assert outcome.status == "added", outcome
    assert "1 line" in outcome.message and "cp1252" in outcome.message
    body = load_corpus(tmp_path / "corpus").articles[0].body
    assert "Le café où" in body and "« entre guillemets »" in body and "Naïve “quoted” words —" in body
    assert "Ã" not in body and "â€" not in body


def test_a_huge_file_is_refused_from_its_size(tmp_path):
    raw = tmp_path / "huge.txt"
    with raw.open("wb") as handle:
        handle.write(b"Some text at the start.\n")
        handle.truncate(1 << 30)  # a sparse 1 GB file: reading it whole would take a gigabyte of memory
    (outcome,) = list(ingest([raw], tmp_path / "corpus"))
    assert outcome.status == "error" and "too large" in outcome.message and "1.0 GB" in outcome.message


def test_a_collection_is_read_line_by_line_and_an_overlong_line_is_one_error(tmp_path, monkeypatch):
    from briefing import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "MAX_FILE_BYTES", 200)
    raw = tmp_path / "c.jsonl"
    line = '{"body": "Article %d about the steppe and the city."}\n'
    long_line = '{"body": "%s"}\n' % ("word " * 500)
    raw.write_text(line % 0 + long_line + "".join(line % i for i in range(1, 20)) + long_line.rstrip("\n"), "utf-8")
    outcomes = list(ingest([raw], tmp_path / "corpus"))
    assert [o.status for o in outcomes] == ["added"] + ["error"] + ["added"] * 19 + ["error"]
    assert outcomes[1].origin.endswith("c.jsonl:2") and "line too large" in outcomes[1].message
    assert outcomes[2].origin.endswith("c.jsonl:3")


def test_adding_the_corpus_onto_itself_changes_nothing(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(2):
        (raw / f"a{i}.txt").write_text(f"Article {i} about the steppe.\n", "utf-8")
    corpus = tmp_path / "corpus"
    assert _cli(capsys, "add", "--corpus", str(corpus), str(raw))[0] == 0
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    for extra in ([], ["--replace"]):
        code, out, err = _cli(capsys, "add", "--corpus", str(corpus), *extra, str(corpus))
        assert "0 added, 0 replaced" in out and "corpus folder" in out + err, out + err
        assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    code, out, err = _cli(capsys, "add", "--corpus", str(corpus), str(corpus / "a0.md"))
    assert "0 added" in out and {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    os.chdir(tmp_path)
    code, out, err = _cli(capsys, "add", "--corpus", "corpus", "corpus/../corpus")
    assert "0 added" in out and {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_a_huge_file_in_the_corpus_is_one_line_and_not_read_whole(tmp_path):
    from briefing.corpus import Article, write_article

    corpus = tmp_path / "corpus"
    write_article(corpus, Article(id="good", title="Good", body="Body."))
    with (corpus / "huge.md").open("wb") as handle:
        handle.write(b"---\nid: huge\ntitle: Huge\n---\n\n")
        handle.truncate(1 << 30)
    loaded = load_corpus(corpus)
    assert [a.id for a in loaded.articles] == ["good"]
    assert loaded.errors == ("huge.md: too large (over 32.0 MB); not read",)


def test_a_title_of_control_characters_only_is_no_title(tmp_path):
    raw = tmp_path / "a.md"
    raw.write_text('---\ntitle: "\\e]52;c;eA==\\a"\n---\n\nThe body says something about Almaty.\n', "utf-8")
    (outcome,) = list(ingest([raw], tmp_path / "corpus"))
    assert outcome.status == "added", outcome
    loaded = load_corpus(tmp_path / "corpus")
    assert loaded.errors == () and loaded.articles[0].title.startswith("The body says")
