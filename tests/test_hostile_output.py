"""Content never drives the terminal: hostile articles and notes read back from disk, through every output path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.safetext import BIDI_CONTROLS, json_terminal_safe, terminal_safe, unsafe_count

# What a terminal obeys: ESC, every other C0 control but newline and tab (CR only before LF), DEL, C1, bidi overrides.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]|\r(?!\n)")

ESCAPES = [
    "\x1b]52;c;aGVsbG8gd29ybGQ=\x07",  # set the clipboard
    "\x1b]0;pwned\x1b\\",  # window title
    "\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\",  # hyperlink
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b[31;1m",  # colour
    "\x1bc",  # full reset
    "\x1bP1;2|secret\x1b\\",  # DCS
    "\x9b2J",  # 8-bit CSI
    "\x9d52;c;Zm9v\x9c",  # 8-bit OSC
    "\x1b]0;unterminated",
    "\u202eevil\u202c",  # right-to-left override
    "\r",
    "\x08\x08\x08",
    "\x07",
    "\x00",
]

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(ESCAPES),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
        st.sampled_from(["word", " ", "\n", "Kazakhstan", "on 12 March 2021", "\t"]),
    ),
    min_size=1,
    max_size=12,
).map("".join)


def test_terminal_safe_removes_whole_sequences_and_keeps_text():
    assert terminal_safe("a\x1b]52;c;aGVsbG8=\x07b") == "ab"
    assert terminal_safe("x\x1b[2J\x1b[Hy") == "xy"
    assert terminal_safe("p\x9b31mq") == "pq"
    assert terminal_safe("line\r\nnext\rover") == "line\r\nnextover"
    assert terminal_safe("\u202eevil") == "evil"
    assert terminal_safe("lone \ud800 surrogate") == "lone \ufffd surrogate"
    text = "Алматы, 12 марта — قال\tالمتحدث\n日本 👍🏽 e\u0301 \u200dzw"
    assert terminal_safe(text) == text
    assert terminal_safe("ESC ] alone: \x1b]0;title") == "ESC ] alone: 0;title"  # an unterminated OSC eats nothing


@given(st.text())
def test_terminal_safe_leaves_nothing_a_terminal_obeys(text):
    safe = terminal_safe(text)
    assert not UNSAFE.search(safe)
    assert terminal_safe(safe) == safe
    assert unsafe_count(safe) == 0
    safe.encode("utf-8")


@given(st.text())
def test_json_escaping_is_lossless_and_plain(text):
    dumped = json_terminal_safe(json.dumps({"k": text}, ensure_ascii=False))
    assert not UNSAFE.search(dumped)
    dumped.encode("utf-8")
    assert json.loads(dumped)["k"] == text


def _write_hostile(corpus: Path, title: str, body: str, tag: str, url: str, extra: str, note: str) -> None:
    corpus.mkdir(exist_ok=True)
    header = {
        "id": "evil",
        "title": "T " + title,
        "source": "S " + tag,
        "author": "A " + tag,
        "published": "2021-03-10",
        "url": url,
        "tags": [tag, "x"],
        "ingested": "2021-03-11T00:00:00Z",
        "x-" + re.sub(r"[^a-z]", "", extra.lower())[:8]: extra,
    }
    front = yaml.safe_dump(header, allow_unicode=True, sort_keys=False)
    (corpus / "evil.md").write_text(f"---\n{front}---\n\nKazakhstan {body}\n\nOn 12 March 2021 {title}\n", "utf-8")
    notes = {
        "article": "evil",
        "notes": [
            {"id": "n1", "created": "2021-03-12T00:00:00Z", "tags": [tag], "quote": title, "text": "Kazakhstan " + note}
        ],
    }
    (corpus / "evil.notes.yaml").write_text(yaml.safe_dump(notes, allow_unicode=True), "utf-8")


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["show", "evil"],
    ["search", "kazakhstan"],
    ["search", "kazakhstan", "--json"],
    ["timeline"],
    ["timeline", "--json"],
    ["notes"],
    ["notes", "--json"],
    ["export", "--format", "md"],
    ["export", "--format", "html"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["export", "--format", "ics"],
    [],  # bare `briefing` with a non-terminal output prints the list
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile_text, body=hostile_text, tag=hostile_text, url=hostile_text, extra=hostile_text, note=hostile_text)
def test_no_output_path_lets_article_or_notes_drive_the_terminal(
    tmp_path_factory, capsys, title, body, tag, url, extra, note
):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    _write_hostile(corpus, title, body, tag, url, extra, note)
    for command in COMMANDS:
        code = main(
            [*command, "--corpus", str(corpus), "--index", str(root / "index")]
            if command
            else ["--corpus", str(corpus), "--index", str(root / "index")]
        )
        captured = capsys.readouterr()
        assert "internal error" not in captured.err, (command, captured.err)
        assert code in (0, 1, 2), command
        for stream in (captured.out, captured.err):
            found = UNSAFE.search(stream)
            assert found is None, (command, found and repr(stream[max(0, found.start() - 40) : found.end() + 40]))
        if command and "--json" in command:
            json.loads(captured.out)


def test_export_shows_the_article_but_not_its_escapes(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    _write_hostile(
        corpus, "Title\x1b]52;c;Zm9v\x07 here", "body \x1b[2J text", "tag\x9b", "https://e.x/\x1b[1m", "v", "n"
    )
    assert main(["show", "evil", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "T Title here" in out and "body  text" in out and "https://e.x/" in out
    assert "\x1b" not in out and "\x9b" not in out


@pytest.mark.parametrize("name", ["evil\x1b]0;t\x07.txt", "bidi\u202e.txt"])
def test_file_names_in_messages_are_sanitised(tmp_path, capsys, name):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_bytes(b"")
    main(["add", "--corpus", str(tmp_path / "corpus"), str(raw / name)])
    captured = capsys.readouterr()
    assert "empty file" in captured.err
    assert not UNSAFE.search(captured.out + captured.err)


raw_bytes = st.lists(
    st.one_of(
        st.binary(max_size=24),
        st.sampled_from(
            [e.encode("utf-8") for e in ESCAPES] + [b"\x9b2J", b"\x1b]52;c;", b"\xff\xfe", b"\xef\xbb\xbf"]
        ),
        st.sampled_from([b"Kazakhstan ", b"on 5 January 2022 ", b"\n\n", b"<p>", b"</p>", b"---\n", b"title: x\n"]),
    ),
    min_size=1,
    max_size=16,
).map(b"".join)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html", ".jsonl"]), raw_bytes), min_size=1, max_size=4)
)
def test_random_bytes_through_ingest_and_every_output(tmp_path_factory, capsys, files):
    root = tmp_path_factory.mktemp("bytes")
    raw = root / "raw"
    raw.mkdir()
    for i, (suffix, data) in enumerate(files):
        if suffix == ".jsonl":
            data = json.dumps({"body": data.decode("utf-8", "replace"), "title": data[:20].decode("latin-1")}).encode()
        (raw / f"f{i}{suffix}").write_bytes(data)
    where = ["--corpus", str(root / "corpus"), "--index", str(root / "index")]
    main(["add", *where, str(raw)])
    commands = [["list"], ["search", "kazakhstan"], ["timeline"], ["export", "--format", "html"], ["notes"]]
    commands += [["show", p.stem] for p in sorted((root / "corpus").glob("*.md"))]
    outputs = [capsys.readouterr()]
    for command in commands:
        main([*command, *where])
        outputs.append(capsys.readouterr())
    for captured in outputs:
        assert "internal error" not in captured.err, captured.err
        assert not UNSAFE.search(captured.out + captured.err)


def test_usage_errors_quote_arguments_without_their_escapes(capsys):
    with pytest.raises(SystemExit):
        main(["list", "\x1b]52;c;Zm9v\x07", "\x1b[2J"])
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err and not UNSAFE.search(err)


def test_in_a_colour_terminal_only_our_own_styles_reach_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    corpus = tmp_path / "corpus"
    _write_hostile(
        corpus, "Title\x1b]52;c;Zm9v\x07", "body \x1b[2J\x9b1m", "tag\x1b]0;t\x1b\\", "u\x1bc", "v\x07", "n\x1b[H"
    )
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    for command in (["show", "evil"], ["list"], ["search", "kazakhstan"], ["notes"], ["timeline"]):
        main([*command, *where])
        out = capsys.readouterr().out
        assert "\x1b[" in out, "rich styles are on"
        assert not UNSAFE.search(re.sub(r"\x1b\[[0-9;]*m", "", out)), (command, out)
