"""`briefing events`: the merged timeline on the command line, over a small corpus of Reuters stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.corpus import write_article
from briefing.event_eval import load_articles
from tests.conftest import run_cli

DATA = Path(__file__).parent / "data" / "events"
TEXACO = ("reuters-16273", "reuters-16306", "reuters-16352", "reuters-16500", "reuters-16723", "reuters-16249")
OTHERS = ("reuters-02006", "reuters-02688", "reuters-16132")


@pytest.fixture(scope="module")
def reuters_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("reuters") / "corpus"
    corpus.mkdir()
    for article in load_articles(DATA / "articles.jsonl"):
        if article.id in TEXACO + OTHERS:
            write_article(corpus, article)
    return corpus


def events_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["events", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_lists_merged_events_with_the_documented_keys(reuters_corpus, capsys):
    code, events = events_json(capsys, "--corpus", str(reuters_corpus))
    assert code == 0 and events
    for event in events:
        assert set(event) == {"date", "label", "mentions", "sources", "conflict", "values"}
        for mention in event["mentions"]:
            assert set(mention) == {"article", "source", "published", "sentence", "value"}
    filing = [e for e in events if {m["article"] for m in e["mentions"]} >= {"reuters-16306", "reuters-16500"}]
    assert len(filing) == 1
    assert filing[0]["date"] == "1987-04-12" and len(filing[0]["mentions"]) >= 4
    assert filing[0]["sources"] == 1  # every story is Reuters': one outlet counts once
    # every dated mention of the corpus is in exactly one event
    seen = [(m["article"], m["sentence"], m["value"]) for e in events for m in e["mentions"]]
    assert len(seen) == len(set(seen))


def test_conflicts_only_shows_who_says_what(reuters_corpus, capsys):
    code, events = events_json(capsys, "--corpus", str(reuters_corpus), "--conflicts")
    assert code == 0 and events and all(e["conflict"] for e in events)
    filing = next(e for e in events if any(m["article"] == "reuters-16249" for m in e["mentions"]))
    assert filing["values"]["1987-04-13"] == ["reuters-16249"]
    assert "reuters-16306" in filing["values"]["1987-04-12"]


def test_window_ids_and_min_sources(reuters_corpus, capsys):
    code, events = events_json(capsys, "--corpus", str(reuters_corpus), "--from", "1987-03-05", "--to", "1987-03-06")
    assert code == 0 and events
    assert all(e["date"][:10] <= "1987-03-06" for e in events)
    code, events = events_json(capsys, "--corpus", str(reuters_corpus), "--ids", "reuters-02006")
    assert code == 0 and {m["article"] for e in events for m in e["mentions"]} == {"reuters-02006"}
    code, events = events_json(capsys, "--corpus", str(reuters_corpus), "--min-sources", "2")
    assert code == 1 and events == []  # one outlet only


def test_text_output_and_errors(reuters_corpus):
    shown = run_cli("events", "--corpus", str(reuters_corpus), "--conflicts")
    assert shown.returncode == 0, shown.stderr
    assert "dates differ" in shown.stdout and "1987-04-13: reuters-16249" in shown.stdout
    assert "Traceback" not in shown.stderr
    bad = run_cli("events", "--corpus", str(reuters_corpus), "--from", "1987-13")
    assert bad.returncode == 2 and "--from" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    none = run_cli("events", "--corpus", str(reuters_corpus), "--from", "2030")
    assert none.returncode == 1 and "no dated events" in none.stderr


def test_events_and_export_name_the_files_they_could_not_read(corpus_dir, tmp_path):
    """A broken article is one line in `events` and `export` too, never a brief that silently covers less."""
    (corpus_dir / "hand.md").write_text("---\nid: hand\ntitle: Hand\npublished: 2022-02-30\n---\n\nText.\n")
    corpus = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    events = run_cli(*corpus, "events", "--json")
    assert events.returncode == 0 and "skipped hand.md: published:" in events.stderr
    exported = run_cli(*corpus, "export", "--format", "json", "-o", str(tmp_path / "brief.json"))
    assert exported.returncode == 0, exported.stderr
    assert "skipped hand.md: published:" in exported.stderr
    assert "kazakh-protest-or-failed-coup" in (tmp_path / "brief.json").read_text()
