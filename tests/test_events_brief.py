"""The brief in progress: pin, reorder, remove, save atomically beside the corpus, read back, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from briefing.brief import (
    BriefError,
    BriefInProgress,
    brief_path,
    load_brief,
    pin_event,
    pin_note,
    pin_quote,
    render_brief,
    save_brief,
)
from briefing.events import Report, merge_reports


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def conflict_event():
    (event,) = merge_reports(
        [
            Report(
                "a", "Monitor", "2022-01-04", "Interior Minister Karimov resigned on Monday.", "2022-01-03", "on Monday"
            ),
            Report(
                "b",
                "Herald",
                "2022-01-05",
                "Interior Minister Karimov resigned on Tuesday.",
                "2022-01-04",
                "on Tuesday",
            ),
            Report(
                "c",
                "Post",
                "2022-01-04",
                "Interior Minister Karimov resigned on January 3.",
                "2022-01-03",
                "on January 3",
            ),
        ]
    )
    return event


def sample() -> BriefInProgress:
    brief = BriefInProgress(title="Kazakhstan")
    brief = brief.add(pin_event(conflict_event()))
    brief = brief.add(pin_quote("a", "Monitor", "2022-01-04", "Russia sent up to 5,000 paratroopers."))
    return brief.add(pin_note("b", "Herald", "2022-01-05", "Check the resignation date", "2022-01-04", None))


def test_pin_reorder_remove():
    brief = sample()
    assert [p.kind for p in brief.items] == ["event", "quote", "note"]
    assert brief.add(brief.items[1]).items == brief.items  # the same thing pinned twice stays once
    moved = brief.move(brief.items[2].id, -2)
    assert [p.kind for p in moved.items] == ["note", "event", "quote"]
    assert moved.move(moved.items[0].id, -1).items == moved.items  # at the top already
    assert [p.kind for p in moved.remove(moved.items[1].id).items] == ["note", "quote"]


def test_saved_beside_the_corpus_and_read_back(corpus):
    brief = sample()
    path = save_brief(corpus, brief)
    assert path == brief_path(corpus) and path.parent == corpus.parent
    assert not list(corpus.parent.glob("*.tmp*"))
    again = load_brief(corpus)
    assert again.title == "Kazakhstan"
    assert [(p.id, p.kind, p.text, p.date, p.articles) for p in again.items] == [
        (p.id, p.kind, p.text, p.date, p.articles) for p in brief.items
    ]
    event = again.items[0]
    assert event.conflict and event.values == {"2022-01-03": ["a", "c"], "2022-01-04": ["b"]}
    assert load_brief(corpus.parent / "elsewhere" / "corpus").items == ()  # none yet: empty


def test_a_malformed_file_is_never_overwritten(corpus):
    path = brief_path(corpus)
    path.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(BriefError) as error:
        load_brief(corpus)
    assert path.name in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(BriefError):
        save_brief(corpus, sample())
    assert path.read_text(encoding="utf-8") == "title: [unclosed\n"
    path.write_text("items:\n- kind: rumour\n  text: x\n", encoding="utf-8")
    with pytest.raises(BriefError, match="item 1"):
        load_brief(corpus)


def test_export_in_every_format_with_window():
    brief = sample()
    md = render_brief(brief, "md", title="Resignation", titles={"a": "Karimov quits"})
    assert md.startswith("# Resignation") and "dates differ" in md and "Karimov quits" in md
    assert md.index("Karimov resigned") < md.index("paratroopers") < md.index("Check the resignation date")
    assert "2022-01-04 according to [" in md
    data = json.loads(render_brief(brief, "json"))
    assert [i["kind"] for i in data["items"]] == ["event", "quote", "note"] and data["items"][0]["cites"]
    rows = list(csv.reader(io.StringIO(render_brief(brief, "csv"))))
    assert rows[0][:3] == ["position", "kind", "date"] and len(rows) == 4
    ics = render_brief(brief, "ics")
    assert ics.count("BEGIN:VEVENT") == 2 and "[dates differ]" in ics.replace("\r\n ", "")
    assert "<h1>Kazakhstan</h1>" in render_brief(brief, "html")
    windowed = json.loads(render_brief(brief, "json", start="2022-01-04", end="2022-01-04"))
    assert [i["kind"] for i in windowed["items"]] == ["quote", "note"]  # the event (Jan 3) is outside
    with pytest.raises(BriefError):
        render_brief(BriefInProgress(), "md")
    with pytest.raises(BriefError):
        render_brief(brief, "pdf")


LONG = (
    "Russia and Uzbekistan signed a strategic partnership on 12 November 2021, the first such agreement since "
    "2005 -- a move that analysts in Tashkent, Moscow and Almaty described as a turning point for the region, "
    "and that Western diplomats said they would watch closely in the months ahead."
)


def test_an_exported_event_quotes_its_whole_sentence_not_the_shortened_label():
    (event,) = merge_reports([Report("a", "Monitor", "2021-11-13", LONG, "2021-11-12", "on 12 November 2021")])
    assert event.label.endswith("…") and len(event.label) < len(LONG)  # the list row is shortened
    brief = BriefInProgress(title="Uzbekistan").add(pin_event(event))
    for fmt in ("md", "html", "csv"):
        text = render_brief(brief, fmt)
        assert "turning point for the region" in text and "watch closely in the months ahead." in text, fmt
        assert "…" not in text, fmt
    md = render_brief(brief, "md")
    assert "the first such agreement since 2005 -- a move that analysts" in md


def test_a_brief_saved_before_keeps_exporting_its_whole_sentence(corpus):
    (event,) = merge_reports([Report("a", "Monitor", "2021-11-13", LONG, "2021-11-12", "on 12 November 2021")])
    save_brief(corpus, BriefInProgress(title="Uzbekistan").add(pin_event(event)))
    assert "watch closely in the months ahead." in render_brief(load_brief(corpus), "html")
