"""Issue 16 §2: every event says how its date was obtained, with a confidence and a one-line explanation."""

from __future__ import annotations

from briefing.corpus import Article
from briefing.timeline import BASES, article_timeline

BODY = (
    "Outbreaks of gunfire were heard on Thursday night. Talks will be held on Jan 9. "
    "The war began on March 3, 1990. Two years later it ended. In 2016 he resigned."
)


def _events(published: str | None):
    return {e.mention: e for e in article_timeline(Article(id="a", title="t", body=BODY, published=published)).events}


def test_each_event_says_how_its_date_was_obtained():
    found = _events("2022-01-07")
    assert found["March 3, 1990"].basis == "stated" and found["2016"].basis == "stated"
    assert found["Thursday night"].basis == "completed"
    assert found["Thursday night"].explanation == (
        "Thursday night → the Thursday night before publication (2022-01-07), 2022-01-06"
    )
    assert found["Jan 9"].basis == "completed"
    assert "after publication" in found["Jan 9"].explanation and "looks ahead" in found["Jan 9"].explanation
    assert found["Two years later"].basis == "relative"
    assert "1990-03-03" in found["Two years later"].explanation
    assert all("\n" not in e.explanation and e.explanation for e in found.values())


def test_confidence_orders_the_bases():
    found = _events("2022-01-07")
    assert found["March 3, 1990"].confidence > found["Thursday night"].confidence > found["Two years later"].confidence
    assert list(BASES) == sorted(BASES, key=BASES.get, reverse=True)


def test_a_partial_publication_date_makes_completed_dates_inferred():
    found = _events("2022-01")
    assert found["Thursday night"].basis == "inferred"
    assert found["Thursday night"].confidence < BASES["completed"]
    assert "inferred publication date" in found["Thursday night"].explanation
    assert found["March 3, 1990"].basis == "stated"


def test_without_any_date_the_year_is_unknown():
    found = {
        e.mention: e
        for e in article_timeline(Article(id="b", title="t", body="It ended on Thursday, after July 4.")).events
    }
    assert found["July 4"].basis == "inferred" and "year is unknown" in found["July 4"].explanation
