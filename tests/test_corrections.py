from __future__ import annotations

import os
import stat

import pytest

from briefing.corpus import Article, get_article, write_article
from briefing.corrections import CorrectionsError, correct, corrections_path, load_corrections, restore
from briefing.paths import resolve
from briefing.timeline import article_timeline, corpus_timeline

BODY = (
    "The talks opened on 3 March 2021 in Vienna. "
    "A second round followed on 5 May 2021. "
    "The deal was signed on 9 June 2021."
)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(folder, Article(id="talks", title="Talks", body=BODY, published="2021-06-10"))
    return folder


def _events(corpus, **kw):
    return article_timeline(get_article(corpus, "talks"), **kw).events


def _paths(corpus):
    return resolve(corpus, corpus.parent / "index")


def _by_mention(events, text):
    return next(e for e in events if text in e.mention)


def test_events_are_numbered_in_reading_order(corpus):
    events = sorted(_events(corpus), key=lambda e: e.start)
    assert [e.number for e in events] == [1, 2, 3]


def test_correct_an_event_shows_basis_who_and_when(corpus, monkeypatch):
    monkeypatch.setenv("USER", "alice")
    monkeypatch.setenv("LOGNAME", "alice")
    event = _by_mention(_events(corpus), "5 May")
    correct(corpus, "talks", event, BODY, "2021-05-06")
    fixed = _by_mention(_events(corpus), "5 May")
    assert fixed.date == "2021-05-06" and fixed.basis == "corrected" and fixed.confidence == 1.0
    assert "alice" in fixed.explanation and fixed.mark == "*"
    assert [c.by for c in load_corrections(corpus, "talks").items] == ["alice"]
    groups = corpus_timeline([get_article(corpus, "talks")])
    assert "2021-05-06" in [g.date for g in groups] and "2021-05-05" not in [g.date for g in groups]


def test_dismiss_hides_and_restore_brings_back(corpus):
    event = _by_mention(_events(corpus), "9 June")
    correct(corpus, "talks", event, BODY, None)
    assert not any("9 June" in e.mention for e in _events(corpus))
    shown = _by_mention(_events(corpus, include_dismissed=True), "9 June")
    assert shown.dismissed
    restore(corpus, "talks", shown, BODY)
    assert _by_mention(_events(corpus), "9 June").date == "2021-06-09"
    with pytest.raises(CorrectionsError, match="neither corrected nor dismissed"):
        restore(corpus, "talks", shown, BODY)


def test_correcting_twice_keeps_one_correction(corpus):
    event = _by_mention(_events(corpus), "3 March")
    correct(corpus, "talks", event, BODY, "2021-03")
    correct(corpus, "talks", event, BODY, "2021-03-04..2021-03-05")
    items = load_corrections(corpus, "talks").items
    assert len(items) == 1 and items[0].range_end == "2021-03-05"
    assert _by_mention(_events(corpus), "3 March").range_end == "2021-03-05"


@pytest.mark.parametrize("bad", ["2021-13-01", "next week", "2021-05-06..2021-05-01"])
def test_a_bad_date_is_refused_and_nothing_written(corpus, bad):
    event = _by_mention(_events(corpus), "5 May")
    with pytest.raises(CorrectionsError):
        correct(corpus, "talks", event, BODY, bad)
    assert not corrections_path(corpus, "talks").exists()


def test_correction_follows_the_event_after_reingest(corpus):
    event = _by_mention(_events(corpus), "5 May")
    correct(corpus, "talks", event, BODY, "2021-05-06")
    moved = "A preamble now comes first, with a few words.\n\n" + BODY.replace("Vienna", "Vienna, Austria")
    write_article(corpus, Article(id="talks", title="Talks", body=moved, published="2021-06-10"), replace_existing=True)
    assert _by_mention(_events(corpus), "5 May").date == "2021-05-06"


def test_a_broken_file_is_one_line_and_the_timeline_still_shows(corpus):
    path = corrections_path(corpus, "talks")
    path.write_text("corrections: [ {mention: 'x', offset: -3\n", encoding="utf-8")
    timeline = article_timeline(get_article(corpus, "talks"))
    assert len(timeline.events) == 3
    assert timeline.corrections_error and "talks.dates.yaml" in timeline.corrections_error
    assert "\n" not in timeline.corrections_error
    event = timeline.events[0]
    before = path.read_bytes()
    with pytest.raises(CorrectionsError):
        correct(corpus, "talks", event, BODY, "2021-03-03")
    assert path.read_bytes() == before


def test_the_file_keeps_its_mode(corpus):
    event = _by_mention(_events(corpus), "5 May")
    correct(corpus, "talks", event, BODY, "2021-05-06")
    path = corrections_path(corpus, "talks")
    os.chmod(path, 0o640)
    correct(corpus, "talks", event, BODY, None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_cached_corpus_timeline_sees_a_new_correction(corpus):
    cache: dict = {}
    corpus_timeline([get_article(corpus, "talks")], cache=cache)
    correct(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY, None)
    dates = [g.date for g in corpus_timeline([get_article(corpus, "talks")], cache=cache)]
    assert "2021-05-05" not in dates and len(dates) == 2


def test_the_event_search_field_follows_corrections(corpus, tmp_path):
    from briefing.search import SearchIndex

    with SearchIndex(corpus, tmp_path / "index") as index:
        index.update()
        assert {h.id for h in index.search("event:2021-05-05").hits} == {"talks"}
        correct(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY, "2021-05-07")
        index.update()
        assert not index.search("event:2021-05-05").hits
        assert {h.id for h in index.search("event:2021-05-07").hits} == {"talks"}
        restore(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY)
        index.update()
        assert {h.id for h in index.search("event:2021-05-05").hits} == {"talks"}


def test_cli_correct_dismiss_restore_and_export(corpus):
    from tests.conftest import run_cli

    listed = run_cli("timeline", "talks", "--corpus", str(corpus))
    assert listed.returncode == 0 and "#2 " in listed.stdout
    fixed = run_cli("timeline", "talks", "--corpus", str(corpus), "--correct", "2", "2021-05-06")
    assert fixed.returncode == 0 and "corrected by" in fixed.stdout, fixed.stderr
    assert "2021-05-06" in run_cli("timeline", "talks", "--json", "--corpus", str(corpus)).stdout
    md = run_cli("export", "--ids", "talks", "--format", "md", "--corpus", str(corpus))
    assert md.returncode == 0 and "Date corrected:" in md.stdout, md.stderr
    gone = run_cli("timeline", "talks", "--corpus", str(corpus), "--dismiss", "3")
    assert gone.returncode == 0
    shown = run_cli("timeline", "talks", "--corpus", str(corpus)).stdout
    timeline, _, dismissed = shown.partition("Dismissed (--restore N brings one back):")
    assert "9 June" not in timeline and "#3 " in dismissed and "9 June" in dismissed
    back = run_cli("timeline", "talks", "--corpus", str(corpus), "--restore", "3")
    assert back.returncode == 0 and "9 June" in run_cli("timeline", "talks", "--corpus", str(corpus)).stdout
    wrong = run_cli("timeline", "talks", "--corpus", str(corpus), "--correct", "9", "2021")
    assert wrong.returncode != 0 and "no event 9" in wrong.stderr and "Traceback" not in wrong.stderr
    bad = run_cli("timeline", "talks", "--corpus", str(corpus), "--correct", "1", "soon")
    assert bad.returncode != 0 and "soon" in bad.stderr and "Traceback" not in bad.stderr


def test_dismissed_events_are_listed_and_restored_from_another_process(corpus):
    """A dismissal made in one session is found (JSON, marked with who and when) and undone in later ones."""
    import json

    from tests.conftest import run_cli

    env = {"USER": "bob", "LOGNAME": "bob"}
    assert run_cli("timeline", "talks", "--corpus", str(corpus), "--dismiss", "3", env=env).returncode == 0
    rows = json.loads(run_cli("timeline", "talks", "--json", "--corpus", str(corpus)).stdout)
    gone = [r for r in rows if r["number"] == 3]
    assert len(gone) == 1 and gone[0]["dismissed"] is True and "9 June" in gone[0]["mention"]
    assert gone[0]["correction_by"] == "bob" and gone[0]["correction_at"][:4].isdigit()
    assert all(not r["dismissed"] and r["correction_by"] is None for r in rows if r["number"] != 3)
    # the corpus timeline (no article named) leaves dismissed events out
    everything = json.loads(run_cli("timeline", "--json", "--corpus", str(corpus)).stdout)
    assert [r["number"] for r in everything if r["article"] == "talks"] == [1, 2]
    # a later process restores it by the number the JSON gave
    back = run_cli("timeline", "talks", "--corpus", str(corpus), "--restore", str(gone[0]["number"]))
    assert back.returncode == 0 and "restored" in back.stdout, back.stderr
    rows = json.loads(run_cli("timeline", "talks", "--json", "--corpus", str(corpus)).stdout)
    assert [r["dismissed"] for r in rows] == [False, False, False]
    assert load_corrections(corpus, "talks").items == ()
    again = run_cli("timeline", "talks", "--corpus", str(corpus), "--restore", "3")
    assert again.returncode != 0 and "neither corrected nor dismissed" in again.stderr


def test_corrected_events_carry_who_and_when(corpus, monkeypatch):
    monkeypatch.setenv("USER", "carol")
    monkeypatch.setenv("LOGNAME", "carol")
    correct(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY, "2021-05-06")
    correct(corpus, "talks", _by_mention(_events(corpus), "9 June"), BODY, None)
    events = _events(corpus, include_dismissed=True)
    fixed, dismissed = _by_mention(events, "5 May"), _by_mention(events, "9 June")
    assert (fixed.correction_by, dismissed.correction_by) == ("carol", "carol")
    assert fixed.correction_at.endswith("Z") and dismissed.dismissed
    assert _by_mention(events, "3 March").correction_by == ""


def test_restore_on_an_article_never_corrected_says_so_and_leaves_no_lock_file(corpus):
    event = _by_mention(_events(corpus), "9 June")
    with pytest.raises(CorrectionsError, match="neither corrected nor dismissed"):
        restore(corpus, "talks", event, BODY)
    assert sorted(p.name for p in corpus.iterdir()) == ["talks.md"]


def test_dismissing_a_corrected_event_keeps_its_correction_and_restore_brings_it_back(corpus, monkeypatch):
    monkeypatch.setenv("USER", "alice")
    monkeypatch.setenv("LOGNAME", "alice")
    correct(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY, "2021-05-06..2021-05-07")
    monkeypatch.setenv("USER", "bob")
    monkeypatch.setenv("LOGNAME", "bob")
    correct(corpus, "talks", _by_mention(_events(corpus), "5 May"), BODY, None)
    (kept,) = load_corrections(corpus, "talks").items
    assert (kept.date, kept.range_end, kept.by, kept.dismissed) == ("2021-05-06", "2021-05-07", "alice", True)
    assert not any("5 May" in e.mention for e in _events(corpus))
    shown = _by_mention(_events(corpus, include_dismissed=True), "5 May")
    assert shown.dismissed and shown.date == "2021-05-06" and shown.correction_by == "bob"
    # restore undoes the dismissal only: the analyst's date is back, with who gave it
    restore(corpus, "talks", shown, BODY)
    back = _by_mention(_events(corpus), "5 May")
    assert (back.date, back.range_end, back.basis, back.correction_by) == (
        "2021-05-06",
        "2021-05-07",
        "corrected",
        "alice",
    )
    assert not back.dismissed
    # restore again undoes the correction: the tagger's date
    restore(corpus, "talks", back, BODY)
    assert _by_mention(_events(corpus), "5 May").date == "2021-05-05"
    assert load_corrections(corpus, "talks").items == ()


def test_a_dismissed_correction_survives_on_disk_and_in_another_process(corpus):
    from briefing.services import correct_event
    from tests.conftest import run_cli

    number = _by_mention(_events(corpus), "5 May").number
    correct_event(_paths(corpus), "talks", number, "2021-05-06")
    correct_event(_paths(corpus), "talks", number, dismiss=True)
    saved = corrections_path(corpus, "talks").read_text(encoding="utf-8")
    assert "2021-05-06" in saved and "dismissed: true" in saved
    back = run_cli("timeline", "talks", "--corpus", str(corpus), "--restore", str(number))
    assert back.returncode == 0 and "2021-05-06" in back.stdout, back.stderr
    assert _by_mention(_events(corpus), "5 May").date == "2021-05-06"


def test_a_file_with_a_dismissed_correction_reads_back_as_written(corpus):
    corrections_path(corpus, "talks").write_text(
        "article: talks\ncorrections:\n"
        "- {mention: 5 May 2021, sentence: A second round followed on 5 May 2021., offset: 64,"
        " date: 2021-05-08, by: ann, at: '2024-01-01T00:00:00Z',"
        " dismissed: true, dismissed_by: ben, dismissed_at: '2024-02-01T00:00:00Z'}\n"
        "- {mention: 9 June 2021, sentence: The deal was signed on 9 June 2021., offset: 107, dismissed: true,"
        " by: cy, at: '2024-03-01T00:00:00Z'}\n",
        encoding="utf-8",
    )
    first, second = load_corrections(corpus, "talks").items
    assert (first.date, first.by, first.dismissed, first.dismissed_by) == ("2021-05-08", "ann", True, "ben")
    assert (second.date, second.dismissed, second.dismissed_by) == (None, True, "cy")
    events = _events(corpus, include_dismissed=True)
    assert _by_mention(events, "5 May").date == "2021-05-08" and _by_mention(events, "5 May").dismissed
    assert _by_mention(events, "9 June").dismissed and _by_mention(events, "9 June").correction_by == "cy"
