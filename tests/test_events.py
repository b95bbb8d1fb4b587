"""Merged events across sources: the labelled Reuters set's targets and the rules, one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.corpus import Article
from briefing.event_eval import evaluate, load_articles, load_labels, reports_of_articles, score
from briefing.events import MergedEvent, Report, corpus_events, independent_sources, merge_reports, select_events

DATA = Path(__file__).parent / "data" / "events"


def report(article: str, sentence: str, value: str, mention: str, source: str = "", published: str = "2022-01-07"):
    return Report(
        article=article,
        source=source or f"Outlet {article}",
        published=published,
        sentence=sentence,
        value=value,
        mention=mention,
    )


def event_of(events: list[MergedEvent], article: str) -> MergedEvent:
    return next(e for e in events if any(r.article == article for r in e.reports))


# ---------------------------------------------------------------------------------------------- the labelled set
def test_labelled_reuters_set_meets_the_targets():
    scores = evaluate(DATA / "articles.jsonl", DATA / "labels.yaml")
    assert scores.unmatched == ()  # every labelled mention is found in the timelines
    assert scores.gold_events >= 50 and scores.conflicts >= 3
    assert scores.pair_f1 >= 0.85, scores
    assert scores.conflicts_found * 3 >= scores.conflicts * 2, scores
    assert scores.false_conflicts_per_10_events <= 1.0, scores


def test_scoring_can_fail():
    """Every report alone: no pair found, F1 0; everything in one event: precision collapses."""
    gold = load_labels(DATA / "labels.yaml")
    reports = reports_of_articles(load_articles(DATA / "articles.jsonl"))
    alone = [merge_reports([r])[0] for r in reports]
    assert score(alone, gold).pair_f1 == 0.0
    together = MergedEvent("1987-03-01", "day", None, "", tuple(reports), 1, True, (), 0.0)
    lumped = score([together], gold)
    assert lumped.pair_precision < 0.2 and lumped.false_conflicts == 1


# ---------------------------------------------------------------------------------------------- the rules
def test_one_happening_reported_by_several_outlets_is_one_event():
    events = merge_reports(
        [
            report(
                "a",
                "Interior Minister Karimov resigned on Monday after the riots in Almaty.",
                "2022-01-10",
                "on Monday",
            ),
            report(
                "b",
                "Karimov, the interior minister, resigned yesterday, state television said.",
                "2022-01-10",
                "yesterday",
                published="2022-01-11",
            ),
            report(
                "c", "The minister Karimov resigned on January 10, officials confirmed.", "2022-01-10", "on January 10"
            ),
        ]
    )
    assert len(events) == 1
    event = events[0]
    assert event.date == "2022-01-10" and not event.conflict and event.sources == 3
    assert event.agreement == 1.0 and "resigned" in event.label


def test_two_articles_of_one_outlet_count_once():
    reports = [
        report("a", "Karimov resigned on Monday.", "2022-01-10", "on Monday", source="Reuters"),
        report("b", "Karimov resigned on Monday, his office said.", "2022-01-10", "on Monday", source=" reuters "),
        report("c", "Karimov resigned on Monday, state media said.", "2022-01-10", "on Monday", source="AP"),
    ]
    assert independent_sources(reports) == 2
    (event,) = merge_reports(reports)
    assert event.sources == 2 and len(event.reports) == 3
    assert independent_sources([Report("x", "", None, "s", "2022"), Report("y", "", None, "s", "2022")]) == 2


def test_the_same_happening_dated_differently_is_a_conflict_with_who_says_what():
    events = merge_reports(
        [
            report(
                "a", "Interior Minister Karimov resigned on January 3 amid the protests.", "2022-01-03", "on January 3"
            ),
            report(
                "b",
                "Interior Minister Karimov resigned on Monday amid protests, officials said.",
                "2022-01-03",
                "on Monday",
            ),
            report("c", "Interior Minister Karimov resigned on Tuesday amid the protests.", "2022-01-04", "on Tuesday"),
        ]
    )
    assert len(events) == 1
    event = events[0]
    assert event.conflict and event.date == "2022-01-03"
    said = {c.value: c.articles for c in event.values}
    assert said == {"2022-01-03": ("a", "b"), "2022-01-04": ("c",)}
    assert event.agreement == pytest.approx(2 / 3, abs=0.01)
    assert "dates differ" in event.source_line()


def test_different_happenings_on_the_same_day_stay_apart():
    events = merge_reports(
        [
            report(
                "a", "Thousands protested in Almaty on Wednesday against fuel prices.", "2022-01-05", "on Wednesday"
            ),
            report("b", "Hundreds protested in Aktau on Wednesday against fuel prices.", "2022-01-05", "on Wednesday"),
            report("c", "The central bank raised its rate to 10 pct on Wednesday.", "2022-01-05", "on Wednesday"),
        ]
    )
    assert len(events) == 3 and all(e.single and not e.conflict for e in events)


def test_occurrences_of_a_recurring_happening_stay_apart():
    reports = [
        report(
            f"w{n}", "Negotiators met in Geneva on Monday for the weekly round of talks on the truce.", day, "on Monday"
        )
        for n, day in enumerate(["2022-01-03", "2022-01-10", "2022-01-17"])
    ]
    events = merge_reports(reports)
    assert len(events) == 3 and not any(e.conflict for e in events)


def test_a_sequel_the_next_day_is_no_conflict():
    events = merge_reports(
        [
            report("a", "Troops from Russia landed at Almaty airport on Thursday.", "2022-01-06", "on Thursday"),
            report(
                "b", "Russian troops landed at Almaty airport on Thursday, officials said.", "2022-01-06", "on Thursday"
            ),
            report(
                "c", "On Friday the president thanked Russia for the troops sent to Almaty.", "2022-01-07", "On Friday"
            ),
        ]
    )
    assert len(events) == 2 and not any(e.conflict for e in events)
    assert len(event_of(events, "a").reports) == 2


def test_a_day_inside_a_reported_month_joins_and_agrees():
    events = merge_reports(
        [
            report("a", "An earthquake struck Ecuador on March 5, halting oil exports.", "1987-03-05", "on March 5"),
            report(
                "b",
                "The earthquake that struck Ecuador earlier this month halted oil exports.",
                "1987-03",
                "earlier this month",
            ),
        ]
    )
    assert len(events) == 1
    assert events[0].date == "1987-03-05" and not events[0].conflict


def test_one_article_never_merges_with_itself_and_every_report_lands_once():
    reports = [
        report("a", "Ecuador's minister arrived in Caracas last night for talks on aid.", "1987-03-10", "last night"),
        report("a", "The energy minister said last night repairs would cost 120 mln dlrs.", "1987-03-10", "last night"),
        report("b", "The deputy minister arrived in Caracas last night for talks on aid.", "1987-03-10", "last night"),
    ]
    events = merge_reports(reports)
    assert sorted(r.sentence for e in events for r in e.reports) == sorted(r.sentence for r in reports)
    merged = event_of(events, "b")
    assert [r.article for r in merged.reports].count("a") == 1 and "arrived" in merged.reports[0].sentence


def test_years_and_unresolved_dates_stay_single():
    events = merge_reports(
        [
            report("a", "Oil output fell in 1986 across OPEC.", "1986", "in 1986"),
            report("b", "Oil output fell in 1986 across OPEC, data showed.", "1986", "in 1986"),
            Report("c", "X", None, "On July 20 talks began.", "XXXX-07-20", "On July 20", resolved=False),
        ]
    )
    assert len(events) == 3
    assert events[-1].resolved is False  # unresolved last


def test_json_has_exactly_the_documented_keys():
    (event,) = merge_reports(
        [
            report("a", "Karimov resigned on Monday.", "2022-01-10", "on Monday"),
            report("b", "Karimov resigned on Tuesday.", "2022-01-11", "on Tuesday"),
        ]
    )
    data = json.loads(json.dumps(event.to_json()))
    assert set(data) == {"date", "label", "mentions", "sources", "conflict", "values"}
    assert all(set(m) == {"article", "source", "published", "sentence", "value"} for m in data["mentions"])
    assert data["conflict"] is True and set(data["values"]) == {"2022-01-10", "2022-01-11"}


def test_select_events_windows_and_conflicts():
    import datetime as dt

    events = merge_reports(
        [
            report("a", "Karimov resigned on Monday.", "2022-01-10", "on Monday"),
            report("b", "Karimov resigned on Tuesday.", "2022-01-11", "on Tuesday"),
            report("c", "The bank cut rates in March.", "2022-03", "in March"),
        ]
    )
    assert len(select_events(events, dt.date(2022, 3, 15), None)) == 1
    assert len(select_events(events, None, dt.date(2022, 1, 31))) == 1
    assert [e.conflict for e in select_events(events, conflicts_only=True)] == [True]


def test_corpus_events_from_articles():
    articles = [
        Article(
            id="a1",
            title="T",
            source="Eurasia Notes",
            published="2022-01-07",
            body="Russian paratroopers landed in Almaty on Thursday, the ministry said.",
        ),
        Article(
            id="a2",
            title="T",
            source="Monitor",
            published="2022-01-08",
            body="Russian paratroopers landed in Almaty on January 6, according to the ministry.",
        ),
        Article(
            id="a3",
            title="T",
            source="Monitor",
            published="2022-01-08",
            body="Grain prices rose in Chicago on January 6.",
        ),
    ]
    events = corpus_events(articles)
    landed = event_of(events, "a1")
    assert {r.article for r in landed.reports} == {"a1", "a2"} and landed.sources == 2
    assert landed.date == "2022-01-06" and not landed.conflict
    assert len(corpus_events(articles, start="2022-01-07")) == 0
    assert len(corpus_events(articles, ids=["a3"])) == 1
