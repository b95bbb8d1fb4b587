from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.corpus import Article, load_corpus
from briefing.timeline import article_timeline, corpus_timeline, extract_mentions, format_period, period_bounds
from tests.conftest import BUNDLED_CORPUS, run_cli

D = dt.date


def values(text: str, anchor: dt.date | None) -> dict[str, str]:
    return {m.text: m.value for m in extract_mentions(text, anchor)}


def only(text: str, anchor: dt.date | None):
    mentions = extract_mentions(text, anchor)
    assert len(mentions) == 1, mentions
    return mentions[0]


# ------------------------------------------------------------------ sentences of the seeds, with their anchors
SEED_CASES = [
    # Eurasia Notes, Tbilisi, Jan 7, 2022 (a Friday)
    (
        "Outbreaks of gunfire were heard on Thursday night in Kazakhstan’s largest city, Almaty.",
        D(2022, 1, 7),
        "Thursday night",
        "2022-01-06",
    ),
    ("Passenger trains were due to start running again on Friday.", D(2022, 1, 7), "Friday", "2022-01-07"),
    (
        "Almaty’s airport, which was temporarily seized by intruders, will fully reopen this evening.",
        D(2022, 1, 7),
        "this evening",
        "2022-01-07",
    ),
    (
        "In Apr 2021, Belarus president Alyaksandr Lukashenka said he had survived a coup.",
        D(2022, 1, 7),
        "Apr 2021",
        "2021-04",
    ),
    ("In 2016 Kazkhstan’s former president Nursulan Nazarbayev accused a businessman.", D(2022, 1, 7), "2016", "2016"),
    ("The Atlantic Council raised the question in a self-interview on Jan 6.", D(2022, 1, 7), "Jan 6", "2022-01-06"),
    (
        "[1] Ashford & Kroenig, FP, Jan 6, 2022 — Will Unrest in Kazakhstan Inflame Tensions?",
        D(2022, 1, 7),
        "Jan 6, 2022",
        "2022-01-06",
    ),
    (
        "The issue of Kazakhstan will join that of Ukraine when officials lead talks in Geneva on Jan 9, to be followed by a Council.",
        D(2022, 1, 7),
        "Jan 9",
        "2022-01-09",
    ),
    # Caravanserai, late January 2018
    (
        "A 'family photo' ahead of an informal CIS leaders' summit outside Moscow December 26.",
        D(2018, 1, 25),
        "December 26",
        "2017-12-26",
    ),
    (
        "On January 20, for example, Kyrgyz President Sooronbai Jeenbekov signed a pact.",
        D(2018, 1, 25),
        "January 20",
        "2018-01-20",
    ),
    (
        "Moscow's intent to deploy troops on the Tajik-Afghan border for the first time since 2005.",
        D(2018, 1, 25),
        "2005",
        "2005",
    ),
    ("The 201st will remain in Tajikistan until 2042 at the earliest.", D(2018, 1, 25), "2042", "2042"),
    (
        "according to an agreement Russia and Tajikistan signed in October 2012.",
        D(2018, 1, 25),
        "October 2012",
        "2012-10",
    ),
    ("Russia's efforts to help prop up the Syrian government since 2015.", D(2018, 1, 25), "2015", "2015"),
    # Asia Times, late July 2016
    (
        "Last September, there was a brief mutiny by Tajikistan’s former deputy defense minister.",
        D(2016, 7, 23),
        "Last September",
        "2015-09",
    ),
    ("Last May, KSOR conducted unprecedented exercises in Tajikistan.", D(2016, 7, 23), "Last May", "2016-05"),
    (
        "Earlier this month, Russian Defense Minister Sergei Shoigu warned of new conflicts.",
        D(2016, 7, 23),
        "Earlier this month",
        "2016-07",
    ),
    (
        "After the failed coup in Turkey on July 15, Russia is preparing to counter similar events.",
        D(2016, 7, 23),
        "July 15",
        "2016-07-15",
    ),
    (
        "Police officers detain a man in the center of Almaty, Kazakhstan, July 18, 2016.",
        D(2016, 7, 23),
        "July 18, 2016",
        "2016-07-18",
    ),
    # Christian Science Monitor, Monday Jan 10, 2022
    (
        "Last week a wave of peaceful displays broke out in the impoverished west of the country.",
        D(2022, 1, 10),
        "Last week",
        "2022-W01",
    ),
    (
        "“already yesterday there was gunfire in the streets,” Abramov told the Monitor Monday.",
        D(2022, 1, 10),
        "yesterday",
        "2022-01-09",
    ),
    (
        "protests over the doubling of gas prices at the start of the new year",
        D(2022, 1, 10),
        "the start of the new year",
        "2022",
    ),
    (
        "since the disorganized U.S. retreat from Afghanistan last year left behind a dangerous vacuum.",
        D(2022, 1, 10),
        "last year",
        "2021",
    ),
    ("Looted during clashes in Almaty, Kazakhstan, Jan. 10, 2022.", D(2022, 1, 10), "Jan. 10, 2022", "2022-01-10"),
    # World Geostrategic Insights, January 2022
    (
        "During the unrest that took place in early January in large parts of Kazakhstan.",
        D(2022, 1, 20),
        "early January",
        "2022-01",
    ),
    (
        "Why did millions Kazakhs flee to China in the 1920s during collectivisation?",
        D(2018, 1, 25),
        "the 1920s",
        "192X",
    ),
]


@pytest.mark.parametrize(("sentence", "anchor", "expression", "value"), SEED_CASES)
def test_seed_sentences(sentence, anchor, expression, value):
    found = values(sentence, anchor)
    assert found.get(expression) == value, found


@pytest.mark.parametrize(
    ("sentence", "anchor", "expression", "value", "range_end"),
    [
        (
            "Russia and NATO to hold pre-scheduled talks on Jan 9-10",
            D(2022, 1, 7),
            "Jan 9-10",
            "2022-01-09",
            "2022-01-10",
        ),
        (
            "It was during this period – from 2020-2021 – that a discourse began.",
            D(2022, 1, 20),
            "2020-2021",
            "2020",
            "2021",
        ),
        (
            "Overnight from Thursday to Friday, troops moved into Taraz.",
            D(2022, 1, 7),
            "Thursday to Friday",
            "2022-01-06",
            "2022-01-07",
        ),
        ("Kazakhs fled in the 1920s-1930s during collectivisation.", D(2018, 1, 25), "the 1920s-1930s", "192X", "193X"),
        ("Exercises were held between 2016 and 2018 in Tajikistan.", D(2020, 5, 1), "2016 and 2018", "2016", "2018"),
    ],
)
def test_ranges(sentence, anchor, expression, value, range_end):
    mention = next(m for m in extract_mentions(sentence, anchor) if m.text.endswith(expression.split()[-1]))
    assert expression in mention.text
    assert (mention.value, mention.range_end) == (value, range_end)


@pytest.mark.parametrize(
    ("sentence", "anchor", "value"),
    [
        ("The talks ended on July 20, 2016.", None, "2016-07-20"),
        ("The talks ended on 20 July 2016.", None, "2016-07-20"),
        ("The talks ended on Jan. 10, 2022.", None, "2022-01-10"),
        ("Filed 2016-07-20 by the desk.", None, "2016-07-20"),
        ("The vote was held on Monday, Oct. 26, 1998.", None, "1998-10-26"),
        ("The markets were calm in the third quarter.", D(1989, 11, 2), "1989-Q3"),
        ("Profit rose in the first half of 2019.", D(2020, 1, 2), "2019-H1"),
        ("Output fell this summer.", D(1998, 8, 3), "1998-SU"),
        ("Prices rose last summer.", D(1998, 8, 3), "1997-SU"),
        ("He was elected three decades ago.", D(2022, 1, 10), "199X"),
        ("The firm was founded 50 years ago.", D(1999, 2, 16), "1949"),
        ("They met two weeks ago.", D(1998, 3, 22), "1998-W10"),
        ("They met 11 days ago.", D(1999, 4, 19), "1999-04-08"),
        ("Sales will recover next year.", D(1998, 2, 13), "1999"),
        ("The agency will report next month.", D(1999, 3, 12), "1999-04"),
        ("The ministry said last month that it agreed.", D(1998, 9, 11), "1998-08"),
        ("Protests continued over the weekend.", D(2022, 1, 10), "2022-W01-WE"),
        ("Talks resume in March of next year.", D(2021, 11, 2), "2022-03"),
        ("Officials met this week.", D(2000, 2, 10), "2000-W06"),
        ("The plan is due in late November.", D(1999, 12, 20), "1999-11"),
        ("The rally took place on Christmas Day.", D(2021, 12, 30), "2021-12-25"),
        ("Markets were shut on Thanksgiving.", D(1999, 12, 1), "1999-11-25"),
        ("The summit opens tomorrow.", D(2000, 2, 29), "2000-03-01"),
        ("The offer expires Nov. 21, the company said.", D(1989, 11, 2), "1989-11-21"),
        ("The dividend is payable Jan. 2 to holders of record.", D(1989, 11, 2), "1990-01-02"),
        ("He arrived in the capital on Tuesday.", D(2000, 4, 5), "2000-04-04"),
        ("He will arrive in the capital on Tuesday.", D(2000, 4, 5), "2000-04-11"),
        ("Fighting broke out last Friday.", D(1998, 8, 11), "1998-08-07"),
        # a regular past tense governing the weekday outweighs a "will" later in the sentence
        ("Exiles will now fight the ruling, the government predicted Wednesday.", D(2000, 1, 15), "2000-01-12"),
        ("The envoys issued a statement Friday saying that entry will help them.", D(1999, 3, 13), "1999-03-12"),
        ("The envoys are expected to meet Friday.", D(1999, 3, 10), "1999-03-12"),
        ("The fund had bought 481,000 shares through Sept. 29.", D(1989, 10, 30), "1989-09-29"),
        ("The index stayed near its record high set on Aug. 6.", D(1998, 2, 6), "1997-08-06"),
        ("The split would be paid on a still unspecified date in January.", D(1989, 10, 26), "1990-01"),
        ("He left Cuba in nineteen fifty-nine.", D(1998, 5, 1), "1959"),
        ("In September, it announced plans to buy the firm.", D(1989, 10, 30), "1989-09"),
        ("The job figures for January were strong.", D(1998, 3, 6), "1998-01"),
        ("The firm is bound by a June agreement with holders.", D(1989, 10, 30), "1989-06"),
        ("By the year two thousand the plan was dead.", D(1998, 5, 1), "2000"),
        ("It was built in nineteen oh-five.", D(1998, 5, 1), "1905"),
        ("Sales are weak now.", D(1998, 8, 11), "PRESENT_REF"),
        ("Sales have fallen recently.", D(1998, 8, 11), "PAST_REF"),
        ("The plan is for the future.", D(1998, 8, 11), "FUTURE_REF"),
        ("Revenue fell 8% from a year earlier, after a third-quarter loss.", D(1989, 11, 2), "1988"),
        ("Growth continued in the 1990s.", None, "199X"),
        ("Borders changed in the 19th century.", None, "18"),
        ("They will meet in mid-November.", D(1989, 10, 30), "1989-11"),
        ("They met in mid-November.", D(1989, 10, 30), "1988-11"),
        ("The group was founded in fiscal 1988.", D(1989, 10, 30), "1988"),
    ],
)
def test_phenomena(sentence, anchor, value):
    assert value in [m.value for m in extract_mentions(sentence, anchor)]


def test_quarter_context_makes_a_year_earlier_a_quarter():
    text = "Citadel posted a third-quarter net loss, versus net income of $5.3 million a year earlier."
    assert values(text, D(1989, 11, 2))["a year earlier"] == "1988-Q3"
    text = "Net income for the third quarter rose to $9 million from $7 million in the year-earlier period."
    assert values(text, D(1989, 11, 2))["year-earlier"] == "1988-Q3"
    assert values("Sales fell sharply last year.", D(1989, 11, 2))["last year"] == "1988"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ministry said 3,811 rioters had been arrested.",
        "The force includes some 22,000 personnel.",
        "Kazakhstan has a 1,700 km border with Xinjiang province.",
        "Russia sent up to 5,000 paratroopers.",
        "The violence may unfold in Central Asia.",
        "Theresa May met the press.",
        "The May government fell and pressure grew for May to resign.",
        "It said 2000 troops were sent and 1500 people fled.",
        "Prices rose 2,015 points, or 1995 %.",
        "The figure was 1999.5 on the index.",
        "Call 1-800-2020 for details.",
        "They march on the capital.",
        "Two thousand people marched and nineteen were hurt.",
        "Nineteen hundred soldiers crossed the border.",
        "The meeting is at 10 a.m. local time (1600 GMT) and the deadline is 1600 EST.",
        "Shelling resumed at 0930 hours and again at 2100 local time.",
    ],
)
def test_non_dates_not_tagged(sentence):
    assert extract_mentions(sentence, D(2022, 1, 7)) == []


def test_may_as_month_still_found():
    text = (
        "Russia’s Federal Security Service said it foiled the plans set for the May 9 Victory Day parade in Minsk. "
        "Elections are due in May."
    )
    found = values(text, D(2022, 1, 7))
    assert found["May 9"] == "2021-05-09"
    assert found["May"] == "2022-05"  # "due in May", read in January: this May


@pytest.mark.parametrize(
    ("sentence", "anchor", "value"),
    [
        ("The attack came on December 31.", D(2022, 1, 2), "2021-12-31"),
        ("The law takes effect on January 1, officials said it will.", D(2021, 12, 30), "2022-01-01"),
        ("The ceremony was held on Feb. 29.", D(2020, 3, 5), "2020-02-29"),
        ("The ceremony was held on Feb. 29.", D(2021, 3, 5), "2020-02-29"),
        ("The ceremony will be held on Feb. 29.", D(2023, 3, 5), "2024-02-29"),
        ("It happened yesterday.", D(2021, 1, 1), "2020-12-31"),
        ("It happened yesterday.", D(2020, 3, 1), "2020-02-29"),
        ("They met last week.", D(2021, 1, 3), "2020-W52"),
        ("They met last month.", D(2021, 1, 15), "2020-12"),
        ("They met on Thursday.", D(2021, 1, 2), "2020-12-31"),
    ],
)
def test_year_boundaries_and_leap_days(sentence, anchor, value):
    assert value in [m.value for m in extract_mentions(sentence, anchor)]


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Sales rose in the past two years.", "the past two years", "P2Y"),
        ("Profit rose 8% in the first nine months.", "the first nine months", "P9M"),
        ("He signed a two-year contract.", "two-year", "P2Y"),
        ("The talks lasted five hours.", "five hours", "PT5H"),
        ("The drought has lasted for several years.", "several years", "PXY"),
        ("Rebels held the town for a decade.", "a decade", "P10Y"),
        ("He served 20 years in prison.", "20 years", "P20Y"),
    ],
)
def test_durations(sentence, expression, value):
    found = [m for m in extract_mentions(sentence, D(1999, 1, 1)) if m.text == expression]
    assert [(m.value, m.type, m.resolved) for m in found] == [(value, "DURATION", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The firm earns $5 million a year.",
        "Take the pill twice a day.",
        "A quarter of the shares were sold.",
        "Three-quarters of voters agreed.",
        "A 10-year-old boy was hurt.",
    ],
)
def test_rates_fractions_and_ages_are_no_durations(sentence):
    assert [m.text for m in extract_mentions(sentence, D(1999, 1, 1)) if m.type == "DURATION"] == []


def test_recurring_times():
    found = {
        m.text: (m.value, m.type) for m in extract_mentions("They meet every week and each Thursday.", D(1999, 1, 1))
    }
    assert found == {"every week": ("P1W", "SET"), "each Thursday": ("XXXX-WXX-4", "SET")}


def test_durations_stay_off_the_timeline():
    article = Article(
        id="a",
        title="t",
        body="The siege lasted three weeks; shells fell every day. It ended on March 3, 1998.",
        published="1998-03-10",
    )
    events = article_timeline(article).events
    assert [e.date for e in events] == ["1998-03-03"]


def test_no_anchor_leaves_relative_dates_unresolved():
    mentions = {m.text: m for m in extract_mentions("On July 20 and on Thursday, and yesterday, in 2016.", None)}
    assert mentions["July 20"].value == "XXXX-07-20" and not mentions["July 20"].resolved
    assert mentions["Thursday"].value.startswith("XXXX") and not mentions["Thursday"].resolved
    assert mentions["yesterday"].value.startswith("XXXX")
    assert mentions["2016"].value == "2016" and mentions["2016"].resolved


def test_offsets_point_at_the_expression():
    text = "Ministers met on Jan. 10, 2022, and again last week; the 1990s were calmer."
    for mention in extract_mentions(text, D(2022, 1, 20)):
        assert text[mention.start : mention.end] == mention.text


# ------------------------------------------------------------------ properties
VALUE_RE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}(?:-WE)?|\d{4}-(?:SP|SU|FA|WI)|\d{4}-[QH]\d|\d{3}X|\d{2}"
    r"|XXXX(?:-\d{2}(?:-\d{2})?|-XX(?:-XX)?|-WXX(?:-\d|-WE)?|-QX|-[QH]\d)?|(?:PRESENT|PAST|FUTURE)_REF)$"
)
SET_RE = re.compile(r"^(?:P1[DWMYQ]|PT1H|XXXX-WXX-[1-7]|XXXX-\d\d)$")
DURATION_RE = re.compile(r"^PT?(?:[1-9]\d*(?:\.\d+)?|0\.\d+|X)(?:Y|M|W|D|H|Q|DE|CE)$")

words = st.sampled_from(
    "on in the last next this early late mid Jan. January May may 9 10 2016 1990s 2020-2021 - to and , . "
    "Thursday night yesterday today week month year quarter third ago three decades since until fiscal "
    "Christmas 3,811 22,000 km 1,700 Feb 29 31 earlier later that day before after now recently past first for "
    "two-year hours 0 a every each".split()
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.lists(words, max_size=40).map(" ".join)),
    st.one_of(st.none(), st.dates(min_value=D(1600, 1, 1), max_value=D(2400, 12, 31))),
)
def test_any_text_gives_well_formed_mentions(text, anchor):
    mentions = extract_mentions(text, anchor)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.start >= previous_end
        previous_end = mention.end
        assert text[mention.start : mention.end] == mention.text
        assert mention.text == mention.text.strip()
        if mention.type == "DURATION":
            assert DURATION_RE.match(mention.value) and not mention.resolved, mention
            continue
        if mention.type == "SET":
            assert SET_RE.match(mention.value) and not mention.resolved, mention
            continue
        assert mention.type == "DATE"
        assert VALUE_RE.match(mention.value), mention
        if mention.range_end:
            assert VALUE_RE.match(mention.range_end), mention


# ------------------------------------------------------------------ timelines
def test_article_timeline_of_a_seed():
    corpus = load_corpus(BUNDLED_CORPUS).by_id()
    timeline = article_timeline(corpus["kazakh-protest-or-failed-coup"])
    assert timeline.anchor == D(2022, 1, 7) and not timeline.anchor_inferred
    dates = [e.date for e in timeline.events]
    assert dates == sorted(dates, key=lambda d: period_bounds(d)[0])
    thursday = [e for e in timeline.events if e.mention == "Thursday night"]
    assert thursday and thursday[0].date == "2022-01-06"
    assert thursday[0].sentence.startswith("Outbreaks of gunfire were heard on Thursday night")
    body = corpus["kazakh-protest-or-failed-coup"].body
    for event in timeline.events:
        assert body[event.start : event.end] == event.mention
        assert event.mention in body[event.sentence_start : event.sentence_end]
    assert len({(e.date, e.sentence) for e in timeline.events}) == len(timeline.events)


def test_partial_publication_date_gives_an_inferred_anchor():
    corpus = load_corpus(BUNDLED_CORPUS).by_id()
    timeline = article_timeline(corpus["central-asia-military-agreements-kremlin"])
    assert timeline.anchor_inferred and timeline.anchor == D(2018, 1, 22)
    assert "2017-12-26" in [e.date for e in timeline.events]
    assert all(e.anchor_inferred for e in timeline.events)


def test_no_publication_date_uses_latest_full_date():
    article = Article(id="x", title="x", body="It began on March 3, 2019. Then on Thursday it ended.")
    timeline = article_timeline(article)
    assert timeline.anchor == D(2019, 3, 3) and timeline.anchor_inferred
    undated = article_timeline(Article(id="y", title="y", body="It ended on Thursday, after July 4."))
    assert timeline.events[0].resolved
    assert undated.anchor is None and all(not e.resolved for e in undated.events)


def test_unresolved_events_come_last():
    article = Article(id="z", title="z", body="On July 4 it began. In 2016 it was calm.")
    events = article_timeline(article).events
    assert [e.date for e in events] == ["2016", "XXXX-07-04"]


def test_corpus_timeline_groups_and_filters():
    articles = load_corpus(BUNDLED_CORPUS).articles
    groups = corpus_timeline(articles, start="2022-01-06", end="2022-01-06")
    by_date = {g.date: g for g in groups}
    assert {e.article_id for e in by_date["2022-01-06"].events} >= {
        "kazakh-protest-or-failed-coup",
        "csto-kazakhstan-russia-turkey-rivalry",
    }
    for group in groups:
        first, last = period_bounds(group.date)
        assert first <= D(2022, 1, 6) <= last or any(e.range_end for e in group.events)
    only_one = corpus_timeline(articles, ids=["turkey-coup-russia-central-asia"])
    assert {e.article_id for g in only_one for e in g.events} == {"turkey-coup-russia-central-asia"}


def test_corpus_timeline_reports_progress_and_reuses_its_cache(monkeypatch):
    import dataclasses

    import briefing.timeline as timeline_module

    articles = load_corpus(BUNDLED_CORPUS).articles
    calls: list[str] = []
    real = timeline_module.article_timeline

    def counting(article, **kw):
        calls.append(article.id)
        return real(article, **kw)

    monkeypatch.setattr(timeline_module, "article_timeline", counting)
    seen: list[tuple[int, int]] = []
    cache: dict = {}
    first = corpus_timeline(articles, cache=cache, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(articles), len(articles)) and len(calls) == len(articles)
    calls.clear()
    assert corpus_timeline(articles, cache=cache) == first and calls == []
    changed = [dataclasses.replace(articles[0], body=articles[0].body + " It ended on March 3, 1998.")]
    groups = corpus_timeline([*changed, *articles[1:]], cache=cache)
    assert calls == [articles[0].id] and "1998-03-03" in {g.date for g in groups}


def test_format_period():
    assert format_period("2016-07", "month") == "Jul 2016"
    assert format_period("2016-07-18", "day") == "2016-07-18"
    assert format_period("1989-Q3", "quarter") == "Q3 1989"
    assert format_period("192X", "decade") == "the 1920s"
    assert format_period("2020", "year", "2021") == "2020 – 2021"


# ------------------------------------------------------------------ CLI
def test_cli_timeline(corpus_dir):
    result = run_cli("timeline", "--corpus", str(corpus_dir), "--from", "2022-01-06", "--to", "2022-01-07", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"date", "range_end", "granularity", "article", "sentence", "mention", "start", "end"} <= set(
        rows[0]
    )
    assert any(r["mention"] == "Thursday night" and r["date"] == "2022-01-06" for r in rows)
    plain = run_cli("timeline", "kazakh-protest-or-failed-coup", "--corpus", str(corpus_dir))
    assert plain.returncode == 0 and "2022-01-06" in plain.stdout and "Apr 2021" in plain.stdout
    bad = run_cli("timeline", "--corpus", str(corpus_dir), "--from", "yesterday")
    assert bad.returncode == 2 and "--from" in bad.stderr and "Traceback" not in bad.stderr


# ------------------------------------------------------------------ how each date was obtained (issue 16 §2)
def test_cli_timeline_explains_dates_and_filters_stated_ones(corpus_dir):
    result = run_cli("timeline", "kazakh-protest-or-failed-coup", "--corpus", str(corpus_dir), "--json")
    rows = json.loads(result.stdout)
    thursday = next(r for r in rows if r["mention"] == "Thursday night")
    assert thursday["basis"] == "completed" and thursday["confidence"] == 0.8
    assert thursday["explanation"].startswith("Thursday night → the Thursday night before publication")
    stated = json.loads(
        run_cli("timeline", "kazakh-protest-or-failed-coup", "--corpus", str(corpus_dir), "--json", "--stated").stdout
    )
    assert stated and all(r["basis"] == "stated" for r in stated) and len(stated) < len(rows)
    plain = run_cli("timeline", "kazakh-protest-or-failed-coup", "--corpus", str(corpus_dir))
    assert "  ~ [kazakh-protest-or-failed-coup]" in plain.stdout and "≈ inferred" in plain.stdout


def test_export_carries_the_basis_and_marks_inferred_dates(corpus_dir, tmp_path):
    out = tmp_path / "brief.md"
    result = run_cli("export", "--corpus", str(corpus_dir), "--format", "md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "(≈" in text  # the bundled corpus has articles with a partial publication date
    data = tmp_path / "brief.json"
    run_cli("export", "--corpus", str(corpus_dir), "--format", "json", "-o", str(data), "--stated")
    rows = json.loads(data.read_text(encoding="utf-8"))
    rows = rows["events"] if isinstance(rows, dict) else rows
    assert rows and {r["basis"] for r in rows} == {"stated"} and all(r["explanation"] for r in rows)
