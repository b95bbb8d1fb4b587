from __future__ import annotations

import datetime as dt
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from briefing.corpus import Article, Overrides, get_article, ingest, write_article
from briefing.errors import NotesError
from briefing.notes import (
    add_note,
    all_notes,
    anchor_note,
    delete_note,
    edit_note,
    load_notes,
    notes_path,
    reanchor,
)
from briefing.search import SearchIndex
from tests.conftest import run_cli

ARTICLE = "kazakh-protest-or-failed-coup"


def test_round_trip_unicode_and_long_text(corpus_dir):
    long_text = (
        "Первая строка — «ёлка» 東京 🚀\n\n"
        + " ".join(["A long paragraph of analysis."] * 2000)
        + "\n  indented line\n"
    )
    result = add_note(corpus_dir, ARTICLE, long_text, tags=["csto", "армения"], event="2022-01-06")
    notes = load_notes(corpus_dir, ARTICLE)
    (note,) = notes.notes
    assert note.text == long_text
    assert note.tags == ("csto", "армения")
    assert note.event == "2022-01-06"
    assert note.id == result.note_id
    raw = notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8")
    assert "text: |" in raw and "Первая строка" in raw and "🚀" in raw  # block scalar, unicode kept as is
    trailing = add_note(corpus_dir, ARTICLE, "line with trailing space \nnext\t\n").note_id
    assert load_notes(corpus_dir, ARTICLE).get(trailing).text == "line with trailing space \nnext\t\n"
    assert raw.startswith(f"article: {ARTICLE}\nnotes:\n")


def test_hand_added_keys_survive_every_rewrite(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text(
        f"article: {ARTICLE}\n"
        "reviewer: Jane  # mine\n"
        "notes:\n"
        "  - id: n1\n"
        "    created: 2026-01-21T10:15:00Z\n"
        "    updated: 2026-01-21T10:15:00Z\n"
        "    tags: [csto]\n"
        "    priority: high\n"
        "    text: |\n"
        "      Multi-line note text,\n"
        "      kept verbatim.\n",
        encoding="utf-8",
    )
    add_note(corpus_dir, ARTICLE, "second")
    edit_note(corpus_dir, ARTICLE, "n1", tags=["csto", "armenia"])
    notes = load_notes(corpus_dir, ARTICLE)
    assert notes.extra == {"reviewer": "Jane"}
    first = notes.get("n1")
    assert first.extra == {"priority": "high"}
    assert first.text == "Multi-line note text,\nkept verbatim.\n"
    assert first.tags == ("csto", "armenia")
    assert first.created == "2026-01-21T10:15:00Z" and first.updated != first.created


def test_edit_and_delete(corpus_dir):
    note_id = add_note(corpus_dir, ARTICLE, "draft").note_id
    edit_note(corpus_dir, ARTICLE, note_id, text="final")
    assert load_notes(corpus_dir, ARTICLE).get(note_id).text == "final"
    delete_note(corpus_dir, ARTICLE, note_id)
    assert load_notes(corpus_dir, ARTICLE).notes == ()
    with pytest.raises(NotesError, match="no note"):
        delete_note(corpus_dir, ARTICLE, note_id)
    with pytest.raises(NotesError, match="needs some text"):
        add_note(corpus_dir, ARTICLE, "   ")
    with pytest.raises(NotesError, match="event date"):
        add_note(corpus_dir, ARTICLE, "x", event="next week")


def test_external_edit_is_merged(corpus_dir):
    first = add_note(corpus_dir, ARTICLE, "mine").notes
    # another window (or a text editor) adds a note meanwhile
    other = add_note(corpus_dir, ARTICLE, "theirs")
    result = add_note(corpus_dir, ARTICLE, "mine again", base=first)
    assert result.merged and not result.conflicts
    texts = sorted(n.text for n in load_notes(corpus_dir, ARTICLE).notes)
    assert texts == ["mine", "mine again", "theirs"]
    assert other.note_id in {n.id for n in result.notes.notes}


def test_same_note_edited_on_both_sides_keeps_both(corpus_dir):
    loaded = add_note(corpus_dir, ARTICLE, "original").notes
    note_id = loaded.notes[0].id
    edit_note(corpus_dir, ARTICLE, note_id, text="their edit")
    result = edit_note(corpus_dir, ARTICLE, note_id, text="my edit", base=loaded)
    assert result.conflicts == (note_id,)
    assert "both versions" in result.message
    notes = load_notes(corpus_dir, ARTICLE)
    assert sorted(n.text for n in notes.notes) == ["my edit", "their edit"]
    copy = next(n for n in notes.notes if n.text == "my edit")
    assert copy.extra["conflict_of"] == note_id
    # deleting a note someone changed meanwhile keeps it
    stale = load_notes(corpus_dir, ARTICLE)
    edit_note(corpus_dir, ARTICLE, note_id, text="changed again")
    kept = delete_note(corpus_dir, ARTICLE, note_id, base=stale)
    assert kept.conflicts and load_notes(corpus_dir, ARTICLE).get(note_id).text == "changed again"


def test_malformed_file_is_refused_and_untouched(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    broken = f"article: {ARTICLE}\nnotes:\n  - id: a\n    text: [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(NotesError) as caught:
        load_notes(corpus_dir, ARTICLE)
    assert path.name in str(caught.value) and "line" in str(caught.value)
    with pytest.raises(NotesError):
        add_note(corpus_dir, ARTICLE, "new")
    assert path.read_text(encoding="utf-8") == broken
    # the article stays readable and searchable
    assert get_article(corpus_dir, ARTICLE).title
    with SearchIndex(corpus_dir, corpus_dir.parent / "index") as index:
        index.update()
        assert ARTICLE in {h.id for h in index.search("paratroopers").hits}
    result = run_cli("note", ARTICLE, "text", "--corpus", str(corpus_dir))
    assert result.returncode == 2 and path.name in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch /tmp/briefing-pwned']",
        "!!python/object:datetime.datetime {}",
        "!!python/name:os.system",
    ],
)
def test_python_tags_refused(corpus_dir, payload):
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text(f"article: {ARTICLE}\nnotes:\n  - id: a\n    text: {payload}\n", encoding="utf-8")
    with pytest.raises(NotesError):
        load_notes(corpus_dir, ARTICLE)
    assert not Path("/tmp/briefing-pwned").exists()


@pytest.mark.parametrize("bad_id", ["../outside", "a/b", "..", "UPPER", "x/../../etc"])
def test_path_escape_refused(corpus_dir, bad_id):
    with pytest.raises(NotesError):
        notes_path(corpus_dir, bad_id)
    with pytest.raises(NotesError):
        add_note(corpus_dir, bad_id, "text")
    result = run_cli("note", bad_id, "text", "--corpus", str(corpus_dir))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not list(corpus_dir.parent.glob("*.notes.yaml"))


ADDER = """
import sys
from pathlib import Path
from briefing.notes import add_note
corpus, article, who = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
for i in range(100):
    add_note(corpus, article, f"{who} note {i}")
"""


def test_two_processes_adding_100_notes_each(corpus_dir):
    procs = [
        subprocess.Popen([sys.executable, "-c", ADDER, str(corpus_dir), ARTICLE, who], stderr=subprocess.PIPE)
        for who in ("left", "right")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    notes = load_notes(corpus_dir, ARTICLE).notes
    assert len(notes) == 200
    assert len({n.id for n in notes}) == 200
    assert sum(n.text.startswith("left") for n in notes) == 100


WRITER = """
import sys
from pathlib import Path
from briefing.notes import add_note, edit_note
corpus, article = Path(sys.argv[1]), sys.argv[2]
i = 0
while True:
    i += 1
    result = add_note(corpus, article, f"note {i}\\n" + "padding line\\n" * 50, tags=["t"])
    print("added", result.note_id, flush=True)
    edit_note(corpus, article, result.note_id, text=f"edited {i}")
    print("edited", result.note_id, i, flush=True)
"""


def test_writer_killed_at_random_moments_never_corrupts(corpus_dir):
    """Every save a writer reported done survives its SIGKILL; the file is never torn; no temp file stays."""
    path = notes_path(corpus_dir, ARTICLE)
    rng = random.Random(7)
    acknowledged: dict[str, str | None] = {}  # note id -> the text of its last reported edit
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(corpus_dir), ARTICLE],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        time.sleep(0.4 + rng.random() * 0.6)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.splitlines():
            parts = line.split()
            if parts[:1] == ["added"] and len(parts) == 2:
                acknowledged[parts[1]] = None
            elif parts[:1] == ["edited"] and len(parts) == 3:
                acknowledged[parts[1]] = f"edited {parts[2]}"
        text = path.read_text(encoding="utf-8")
        assert text.strip(), "empty notes file after a kill"
        assert yaml.safe_load(text)["article"] == ARTICLE
        on_disk = {n.id: n for n in load_notes(corpus_dir, ARTICLE).notes}
        lost = [note_id for note_id in acknowledged if note_id not in on_disk]
        assert not lost, f"notes reported saved, then lost: {lost}"
        for note_id, edited in acknowledged.items():
            if edited is not None:
                assert on_disk[note_id].text == edited
    assert len(acknowledged) >= 12
    add_note(corpus_dir, ARTICLE, "after the kills")  # the next writer clears what killed ones left
    assert [p.name for p in corpus_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_temp_file_of_a_killed_writer_is_removed_by_the_next_save(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    add_note(corpus_dir, ARTICLE, "first")
    stale = path.with_name(f".{path.name}.k1ll3d_x.tmp")  # as a writer killed between write and rename leaves it
    stale.write_text("article: half a fil", encoding="utf-8")
    other = path.with_name(f".{path.name}.bak.deadbeef.tmp")  # not one of ours: left alone
    other.write_text("x", encoding="utf-8")
    add_note(corpus_dir, ARTICLE, "second")
    assert not stale.exists() and other.exists()
    assert [n.text for n in load_notes(corpus_dir, ARTICLE).notes] == ["first", "second"]


@pytest.mark.parametrize("umask", [0o002, 0o022, 0o077])
def test_new_files_follow_the_umask_and_rewrites_keep_the_mode(corpus_dir, umask):
    import os
    import stat

    from briefing.corpus import Article, write_article

    previous = os.umask(umask)
    try:
        path = notes_path(corpus_dir, ARTICLE)
        add_note(corpus_dir, ARTICLE, "first")
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
        new_article = write_article(corpus_dir, Article(id="fresh", title="Fresh", body="Body."))
        assert stat.S_IMODE(new_article.stat().st_mode) == 0o666 & ~umask
        for mode in (0o664, 0o640, 0o600, 0o644):
            path.chmod(mode)
            add_note(corpus_dir, ARTICLE, f"with mode {mode:o}")
            assert stat.S_IMODE(path.stat().st_mode) == mode
            new_article.chmod(mode)
            write_article(corpus_dir, Article(id="fresh", title="Fresh", body=f"{mode}"), replace_existing=True)
            assert stat.S_IMODE(new_article.stat().st_mode) == mode
    finally:
        os.umask(previous)


def test_quotes_stay_anchored_when_the_body_changes(tmp_path):
    raw = tmp_path / "story.txt"
    raw.write_text(
        "Headline of the anchored story\n\nFirst paragraph.\n\nRussia sent up to 5,000 paratroopers to Almaty.\n\n"
        "Kyrgyz Republic will send 150 troops.\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    (added,) = ingest([raw], corpus, overrides=Overrides(published="2022-01-07"))
    article = get_article(corpus, added.article_id)
    exact = add_note(corpus, article.id, "exact", quote="Russia sent up to 5,000 paratroopers", body=article.body)
    fuzzy = add_note(corpus, article.id, "fuzzy", quote="Kyrgyz Republic will send 150 troops", body=article.body)
    gone = add_note(corpus, article.id, "gone", quote="First paragraph.", body=article.body)
    assert load_notes(corpus, article.id).get(exact.note_id).quote_offset == article.body.index("Russia sent")

    raw.write_text(
        "Headline of the anchored story\n\nA new opening paragraph was added here by the editors.\n\n"
        "Russia sent up to 5,000 paratroopers to Almaty.\n\nThe Kyrgyz Republic will send 150 soldiers.\n",
        encoding="utf-8",
    )
    (replaced,) = ingest([raw], corpus, replace_existing=True)
    assert replaced.status == "replaced" and "detached" in replaced.message
    body = get_article(corpus, article.id).body
    notes = load_notes(corpus, article.id)
    assert notes.get(exact.note_id).quote_offset == body.index("Russia sent")
    fuzzy_note = notes.get(fuzzy.note_id)
    assert not fuzzy_note.detached and abs(fuzzy_note.quote_offset - body.index("The Kyrgyz")) <= 4
    gone_note = notes.get(gone.note_id)
    assert gone_note.detached and gone_note.text == "gone"  # kept, marked, never dropped
    assert len(notes.notes) == 3


def test_anchor_note_whitespace_changes():
    from briefing.notes import Note

    note = Note(id="x", text="t", quote="sent up to 5,000")
    assert anchor_note(note, "Russia sent  up\nto 5,000 men").quote_offset == 7


def test_reanchor_leaves_a_broken_file_alone(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text("notes: [", encoding="utf-8")
    with pytest.raises(NotesError):
        reanchor(corpus_dir, ARTICLE, "body")
    assert path.read_text(encoding="utf-8") == "notes: ["


def test_notes_are_searchable_and_saving_updates_the_index(corpus_dir, tmp_path):
    index_dir = tmp_path / "index"
    assert run_cli("index", "--corpus", str(corpus_dir), "--index", str(index_dir)).returncode == 0
    result = run_cli(
        "note",
        ARTICLE,
        "Compare with the Zhanaozen events",
        "--tag",
        "zzprecedent",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(index_dir),
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(
        run_cli("search", "notes:zhanaozen", "--json", "--corpus", str(corpus_dir), "--index", str(index_dir)).stdout
    )
    assert [h["id"] for h in found["hits"]] == [ARTICLE] and found["hits"][0]["has_notes"]
    by_tag = json.loads(
        run_cli("search", "zzprecedent", "--json", "--corpus", str(corpus_dir), "--index", str(index_dir)).stdout
    )
    assert [h["id"] for h in by_tag["hits"]] == [ARTICLE]
    # a hand edit of the notes file is noticed by the next update
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text(path.read_text(encoding="utf-8").replace("Zhanaozen", "Andijan"), encoding="utf-8")
    with SearchIndex(corpus_dir, index_dir) as index:
        assert index.update().changed == 1
        assert {h.id for h in index.search("notes:andijan").hits} == {ARTICLE}
        assert index.search("notes:zhanaozen").hits == ()


def test_cli_note_and_notes(corpus_dir):
    common = ["--corpus", str(corpus_dir)]
    added = run_cli(
        "note",
        ARTICLE,
        "-",
        "--tag",
        "a,b",
        "--quote",
        "Russia sent up to 5,000 paratroopers",
        "--event",
        "2022-01-06",
        *common,
        stdin="From stdin\nsecond line\n",
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_cli("notes", "--json", *common).stdout)
    assert listed[0]["text"] == "From stdin\nsecond line\n" and listed[0]["tags"] == ["a", "b"]
    assert listed[0]["title"].startswith("Eurasia Notes")
    note_id = listed[0]["id"]
    run_cli("note", "turkey-coup-russia-central-asia", "older", "--tag", "c", *common)
    tagged = json.loads(run_cli("notes", "--tag", "c", "--json", *common).stdout)
    assert [n["text"] for n in tagged] == ["older"]
    plain = run_cli("notes", ARTICLE, *common)
    assert "From stdin" in plain.stdout and "Russia sent up to 5,000" in plain.stdout
    editor = corpus_dir.parent / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'edited by editor' > \"$1\"\n")
    editor.chmod(0o755)
    edited = run_cli("note", ARTICLE, "--edit", note_id, *common, env={"EDITOR": str(editor)})
    assert edited.returncode == 0, edited.stderr
    assert load_notes(corpus_dir, ARTICLE).get(note_id).text == "edited by editor"
    deleted = run_cli("note", ARTICLE, "--delete", note_id, *common)
    assert deleted.returncode == 0 and load_notes(corpus_dir, ARTICLE).get(note_id) is None
    missing = run_cli("note", ARTICLE, "--delete", "nope", *common)
    assert missing.returncode == 2 and "no note 'nope'" in missing.stderr
    none = run_cli("notes", "central-asia-military-agreements-kremlin", *common)
    assert none.returncode == 1


def test_listing_reports_broken_files_and_goes_on(corpus_dir):
    add_note(corpus_dir, ARTICLE, "fine")
    notes_path(corpus_dir, "turkey-coup-russia-central-asia").write_text("notes: [", encoding="utf-8")
    listed, errors = all_notes(corpus_dir)
    assert [item.note.text for item in listed] == ["fine"]
    assert len(errors) == 1 and "turkey-coup-russia-central-asia.notes.yaml" in errors[0]


def test_corpus_code_never_touches_notes(tmp_path):
    corpus = tmp_path / "corpus"
    write_article(corpus, Article(id="a", title="A", body="Body."))
    add_note(corpus, "a", "keep me", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    path = notes_path(corpus, "a")
    before, stat = path.read_bytes(), path.stat()
    write_article(corpus, Article(id="a", title="A2", body="Body 2."), replace_existing=True)
    assert path.read_bytes() == before
    after = path.stat()  # not even rewritten with the same bytes (an atomic rewrite is a new inode)
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("article: {id}\nnotes: [unclosed\n", (2, 8)),  # a list never closed: where it opens
        ("article: {id}\nnotes: [unclosed\n# a comment\n", (2, 8)),
        ("article: {id}\nnotes: [unclosed", (2, 8)),
        ('article: {id}\nnotes:\n  - text: "never ends\n', (3, 11)),
        ("article: {id}\nnotes:\n  - id: x\n   text: y\n", (4, 4)),
        ("article: {id}\nnotes:\n\t- id: x\n", (3, 1)),
        ("article: {id}\nnotes: - x\n", (2, 8)),
        ("# «Заметки» 東京\narticle: {id}\nnotes: [é, ü\n", (3, 8)),
    ],
)
def test_a_malformed_notes_file_is_reported_at_the_line_and_column_of_the_problem(corpus_dir, text, where):
    text = text.format(id=ARTICLE)
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotesError) as caught:
        load_notes(corpus_dir, ARTICLE)
    message = str(caught.value)
    line, column = where
    assert f"{path.name}: line {line}, column {column}: " in message, message
    assert "\n" not in message and line <= len(text.splitlines())
    assert path.read_text(encoding="utf-8") == text


def test_notes_of_a_malformed_file_print_the_error_only(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    path.write_text(f"article: {ARTICLE}\nnotes: [unclosed\n", encoding="utf-8")
    for extra in ((), ("--json",)):
        result = run_cli("notes", ARTICLE, *extra, "--corpus", str(corpus_dir))
        assert result.returncode == 2, result
        said = result.stderr.strip().splitlines()
        assert len(said) == 1 and path.name in said[0] and "line 2, column 8" in said[0], result.stderr
        assert "no notes" not in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_a_quote_not_in_the_article_is_refused_and_nothing_written(corpus_dir):
    path = notes_path(corpus_dir, ARTICLE)
    common = ["--corpus", str(corpus_dir)]
    refused = run_cli("note", ARTICLE, "my note", "--quote", "text not in the article", *common)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    (said,) = refused.stderr.strip().splitlines()
    assert "'text not in the article'" in said and ARTICLE in said and "not saved" in said
    assert not path.exists()
    # a found quote is anchored, never called detached; one that vanishes later (the article changed) is
    assert run_cli("note", ARTICLE, "kept", "--quote", "Russia sent up to 5,000 paratroopers", *common).returncode == 0
    listed = run_cli("notes", ARTICLE, *common)
    assert "detached" not in listed.stdout and "Russia sent up to 5,000" in listed.stdout
    written = path.read_text(encoding="utf-8")
    again = run_cli("note", ARTICLE, "another", "--quote", "nowhere to be found at all", *common)
    assert again.returncode == 2 and path.read_text(encoding="utf-8") == written


def test_an_edit_anchors_a_changed_quote_and_refuses_one_not_in_the_article(corpus_dir, tmp_path):
    from briefing.paths import resolve
    from briefing.services import save_note

    paths = resolve(corpus_dir, tmp_path / "index")
    body = get_article(corpus_dir, ARTICLE).body
    note_id = save_note(paths, ARTICLE, "n", quote="Russia sent up to 5,000 paratroopers").result.note_id
    assert note_id is not None
    # the quote changed to another passage: found and anchored there
    quote = "Outbreaks of gunfire were heard on Thursday night"
    save_note(paths, ARTICLE, "n", note_id=note_id, quote=quote)
    note = load_notes(corpus_dir, ARTICLE).get(note_id)
    assert (note.quote, note.quote_offset, note.detached) == (quote, body.index(quote), False)
    # a quote that is not there: refused, the note as it was
    before = notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8")
    with pytest.raises(NotesError, match="'not a passage of this article' is not in"):
        save_note(paths, ARTICLE, "n2", note_id=note_id, quote="not a passage of this article")
    assert notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8") == before
    # a note whose quote vanished with an earlier version of the article keeps it, detached, through edits
    edit_note(corpus_dir, ARTICLE, note_id, quote="a passage of the old version")
    reanchor(corpus_dir, ARTICLE, body)
    assert load_notes(corpus_dir, ARTICLE).get(note_id).detached
    save_note(paths, ARTICLE, "text changed", note_id=note_id, quote="a passage of the old version")
    kept = load_notes(corpus_dir, ARTICLE).get(note_id)
    assert (kept.text, kept.quote, kept.detached) == ("text changed", "a passage of the old version", True)
