"""`briefing export --merged`: one entry per happening with every citation, conflicts shown, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.corpus import write_article
from briefing.event_eval import load_articles
from briefing.export import BriefSpec, build_brief
from briefing.export_merged import merged_events, render_merged
from briefing.notes import add_note

DATA = Path(__file__).parent / "data" / "events"
IDS = ("reuters-16306", "reuters-16352", "reuters-16500", "reuters-16723", "reuters-16249", "reuters-02006")


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("merged") / "corpus"
    corpus.mkdir()
    for article in load_articles(DATA / "articles.jsonl"):
        if article.id in IDS:
            write_article(corpus, article)
    add_note(corpus, "reuters-16500", "Moody's acted the same day\nand S&P a day later", event="1987-04-12")
    spec = BriefSpec(title="Texaco files", start="1987-03-01", end="1987-04-30")
    return corpus, build_brief(corpus, corpus.parent / "index", spec)


def filing(events):
    return next(e for e in events if {r.article for r in e.reports} >= {"reuters-16306", "reuters-16500"})


def test_markdown_has_one_entry_per_happening_with_every_citation(brief):
    _, b = brief
    text = render_merged(b, "md")
    assert "## Timeline (merged: one entry per happening)" in text and "## Sources" in text and "## Notes" in text
    event = filing(merged_events(b))
    cites = sorted({b.number(r.article) for r in event.reports})
    section = text[text.index("### 1987-04-12") :]
    section = section[: section.index("###", 4)]
    assert all(f"[{n}]" in section for n in cites)
    assert "**dates differ**" in section and "1987-04-13 according to" in section
    assert "*Note:* Moody's acted the same day" in section
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(text)
    assert "Moody's acted the same day<br />\nand S&amp;P a day later" in html  # a note's lines stay lines
    assert text.count("filed for protection under Chapter 11 of the U.S. bankruptcy code earlier today") == 1


def test_html_json_csv_ics(brief):
    _, b = brief
    html = render_merged(b, "html")
    assert "<h2>Timeline (merged: one entry per happening)</h2>" in html and "dates differ" in html
    assert html.count("<h2>Timeline") == 1
    rows = json.loads(render_merged(b, "json"))
    row = next(r for r in rows if r["conflict"])
    assert {"date", "label", "mentions", "sources", "conflict", "values"} <= set(row)
    assert all(
        {"article", "source", "published", "sentence", "value", "title", "cite"} <= set(m) for m in row["mentions"]
    )
    table = list(csv.DictReader(io.StringIO(render_merged(b, "csv"))))
    assert len(table) == len(rows)
    assert any(r["conflict"] == "yes" and "1987-04-13: reuters-16249" in r["values"] for r in table)
    ics = render_merged(b, "ics")
    assert ics.startswith("BEGIN:VCALENDAR") and "SUMMARY:[dates differ]" in ics.replace("\r\n ", "")
    assert ics.count("BEGIN:VEVENT") == sum(1 for r in rows if len(r["date"]) == 10 or "/" in r["date"])


def test_cli_option(brief, capsys):
    corpus, _ = brief
    code = main(["export", "--corpus", str(corpus), "--merged", "--format", "json", "--from", "1987-04-12"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["date"] >= "1987-04" for r in rows)
    code = main(["export", "--corpus", str(corpus), "--format", "json", "--from", "1987-04-12"])
    plain = json.loads(capsys.readouterr().out)
    assert len(plain) > len(rows)  # one row per mention without --merged


def test_every_entry_quotes_its_whole_sentence_not_the_shortened_label(brief):
    import html as html_module

    from briefing.export import _md

    _, b = brief
    events = merged_events(b)
    long = [e for e in events if e.label.endswith("…")]
    assert long  # the shortened label is what a list row shows
    md, html = render_merged(b, "md"), render_merged(b, "html")
    for event in long:
        whole = " ".join(event.sentence.split())
        assert len(whole) > len(event.label) and whole.startswith(event.label[:-1])
        assert _md(whole) in md and html_module.escape(whole) in html
