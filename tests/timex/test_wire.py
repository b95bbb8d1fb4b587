"""Issue 16, wire copy: the error classes found on the hand-checked Reuters sample (bench/timeline_sample.py),
each with several examples and negative ones. The sentences are ours, written in the style of the wire."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.corpus import Article
from briefing.timeline import article_timeline, extract_mentions
from briefing.timex.resolve import sentence_starts


def value_of(text: str, anchor: str, mention: str) -> str | None:
    found = {" ".join(m.text.split()): m.value for m in extract_mentions(text, dt.date.fromisoformat(anchor))}
    return found.get(mention)


def events(body: str, published: str) -> dict[str, tuple[str, str | None]]:
    article = Article(id="a", title="t", body=body, published=published)
    return {" ".join(e.mention.split()): (e.date, e.range_end) for e in article_timeline(article).events}


# ------------------------------------------------------------------ hard-wrapped lines are not sentences
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        # the verb that governs the date is on the line before: the break is no sentence end
        (
            "Delegates agreed last Saturday on a new pact to replace the current one, which expires in\nOctober.",
            "1987-03-16",
            "October",
            "1987-10",
        ),
        (
            "Talks on the new rubber pact, which began in Geneva with some forty nations, will resume on\nMonday.",
            "1987-04-03",
            "Monday",
            "1987-04-06",
        ),
        (
            "The agency said the long-awaited study of the farm economy was published on\nDecember 3.",
            "1987-01-20",
            "December 3",
            "1986-12-03",
        ),
    ],
)
def test_a_wrapped_line_does_not_cut_the_sentence(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


def test_sentence_starts_of_wire_copy():
    wrapped = "Growth was 1.5 pct, the bank said, in a statement issued in\nSydney on Friday."
    assert sentence_starts(wrapped) == [0]
    # an indented paragraph starts a sentence, even after an abbreviation
    paragraphs = "It sold shares to Smith Holdings Ltd.\n    The bank said it would buy more."
    assert len(sentence_starts(paragraphs)) == 2
    # a short line (a heading, a table row) still ends where the line does
    heading = "BANK RAISES RATES\nThe bank raised its rates on Monday."
    assert len(sentence_starts(heading)) == 2
    # a blank line always ends a paragraph
    blank = "The figures were published by the central bank in its report for\n\nMarch was a good month."
    assert len(sentence_starts(blank)) == 2
    # "Inc. said" is no sentence end
    assert sentence_starts("Acme Inc. said on Friday it would buy the unit.") == [0]


# ------------------------------------------------------------------ a company's reporting periods
@pytest.mark.parametrize(
    ("body", "published", "mention", "value"),
    [
        # the fiscal year ended January 31: its fourth quarter runs from November to January 31
        (
            "The retailer expects to report a loss for the fourth quarter and the fiscal year ended January 31.\n"
            "    The fourth quarter loss was due to markdowns, it said.",
            "1987-03-27",
            "The fourth quarter",
            ("1986-11", "1987-01-31"),
        ),
        (
            "The retailer expects to report a loss for the fourth quarter and the fiscal year ended January 31.",
            "1987-03-27",
            "the fourth quarter",
            ("1986-11", "1987-01-31"),
        ),
        (
            "The retailer expects to report a loss for the fourth quarter and the fiscal year ended January 31.",
            "1987-03-27",
            "the fiscal year ended January 31",
            ("1986-02", "1987-01-31"),
        ),
        # the prior year's quarter of a year whose end the note states
        (
            "NOTE: Prior year 4th qtr net excludes a tax credit.\n"
            "    Prior year 4th qtr and year ended January 25, 1986.",
            "1987-03-11",
            "Prior year 4th qtr",
            ("1985-11", "1986-01-25"),
        ),
        # "the quarter" of a company whose nine months end in May
        (
            "Profit rose 12 pct in the quarter, and 9 pct in the nine months ended May 31.",
            "1987-06-20",
            "the quarter",
            ("1987-03", "1987-05-31"),
        ),
        # a calendar year stated: its first half, not the one under way at publication
        (
            "Pretax profit rose to 24.8 mln stg for the year to December 28.\n"
            "    Its companies did well despite a slowdown in the first half.",
            "1987-04-13",
            "the first half",
            ("1986-H1", None),
        ),
        # ahead: the company's next first quarter (July to September for a year ending June 30)
        (
            "The company, whose fiscal year ended June 30, said sales will rise in the first quarter.",
            "1987-08-10",
            "the first quarter",
            ("1987-Q3", None),
        ),
        # negative: a quarter with a year of its own keeps it; without a stated period end, the calendar's
        (
            "Net fell in the year ended January 31. The merger is expected in the third quarter of 1987.",
            "1987-04-13",
            "the third quarter of 1987",
            ("1987-Q3", None),
        ),
        ("Profit fell in the fourth quarter.", "1987-03-11", "the fourth quarter", ("1986-Q4", None)),
        # negative: "the current agricultural year to the end of last month" is no twelve months to a date
        (
            "It took 962,192 tonnes from the start of the current agricultural year to the end of last month.",
            "1987-03-09",
            "the end of last month",
            ("1987-02", None),
        ),
    ],
)
def test_reporting_periods_of_the_story(body, published, mention, value):
    assert events(body, published)[mention] == value


# ------------------------------------------------------------------ "due to" a cause is no plan
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        ("The loss was due to markdowns taken in November.", "1987-02-10", "November", "1986-11"),
        ("The drop was due to lower prices in December, traders said.", "1987-02-10", "December", "1986-12"),
        ("Part of the rise was due to the strike in January.", "1987-02-10", "January", "1987-01"),
        # a plan: ahead
        ("The report is due to be published in November.", "1987-02-10", "November", "1987-11"),
        ("The ministers were due to meet in March.", "1987-02-10", "March", "1987-03"),
    ],
)
def test_due_to_a_cause_is_no_plan(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ a far "will" does not send a recent date a year ahead
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        (
            "Midlantic said it will pay 83.73 dlrs a share in cash, or 2.36 times County's March 31 book value.",
            "1987-04-13",
            "March 31",
            "1987-03-31",
        ),
        (
            "Shareholders will vote on the merger, which values the bank at its December 31 net worth.",
            "1987-01-20",
            "December 31",
            "1986-12-31",
        ),
        ("The firm will pay the dividend to holders of record on April 1.", "1987-04-13", "April 1", "1987-04-01"),
        # the verb governs the date, or the date is near ahead: ahead
        ("The plan will take effect on March 20, officials said.", "1987-03-10", "March 20", "1987-03-20"),
        ("Talks will resume on March 31.", "1987-04-13", "March 31", "1988-03-31"),
    ],
)
def test_a_far_future_verb_does_not_push_a_recent_date_a_year_ahead(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ a plan in the present tense looks ahead
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        ("The dispute goes to the Commission on Monday, they said.", "1987-04-03", "Monday", "1987-04-06"),
        ("The bill goes before the Senate on Tuesday, aides said.", "1987-04-03", "Tuesday", "1987-04-07"),
        ("The minister leaves for Tokyo on Sunday, officials said.", "1987-04-03", "Sunday", "1987-04-05"),
        ("Baker testifies on Thursday, a spokesman said.", "1987-04-03", "Thursday", "1987-04-09"),
        # the past tense of the same verbs looks back
        ("The dispute went to the Commission on Monday, they said.", "1987-04-03", "Monday", "1987-03-30"),
        ("The minister left for Tokyo on Sunday, officials said.", "1987-04-03", "Sunday", "1987-03-29"),
    ],
)
def test_a_plan_in_the_present_tense_looks_ahead(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ a comparison leaves the date spoken of where it was
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        (
            "Demand rose 0.1 pct in the four weeks ended March 20 from a year ago. Distillate demand was off "
            "0.1 pct in the period to 3.258 mln bpd from 3.260 mln a year earlier.",
            "1987-03-25",
            "a year earlier",
            "1986",
        ),
        (
            "Gasoline demand was off 1.2 pct from 6.80 mln last year. Refinery runs were up 1.4 pct from "
            "11.74 mln a year earlier.",
            "1987-03-25",
            "a year earlier",
            "1986",
        ),
        (
            "Sales in the year-ago period were flat. Costs rose from a year earlier.",
            "1987-03-25",
            "a year earlier",
            "1986",
        ),
        # a date that is no comparison moves it: a year before 1984 is 1983
        ("The plant opened in 1984. A year earlier, the site was bought.", "1987-03-25", "A year earlier", "1983"),
        ("The firm was founded two years ago. A year later it went public.", "1987-03-25", "A year later", "1986"),
    ],
)
def test_a_comparison_does_not_move_the_date_spoken_of(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ tense cues of wire copy
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        # "might otherwise have been": a past possibility, not a plan
        (
            "Imports rose less quickly in February than might otherwise have been expected.",
            "1987-03-26",
            "February",
            "1987-02",
        ),
        ("Talks might resume in October.", "1987-03-26", "October", "1987-10"),
        # "should" and "has to be" look ahead; "should have" looks back
        (
            "The report, which was sent to the board for comment, should be released in late May.",
            "1987-04-08",
            "late May",
            "1987-05",
        ),
        (
            "The draft was published and has to be debated by deputies in November.",
            "1987-10-19",
            "November",
            "1987-11",
        ),
        ("The report should have been released in February.", "1987-04-08", "February", "1987-02"),
        # "plans in April to ...": a plan
        (
            "As part of its contribution, which was agreed, Japan plans in April to improve its system.",
            "1987-03-23",
            "April",
            "1987-04",
        ),
        ("The plans in April were dropped.", "1987-05-23", "April", "1987-04"),
        # a passive present is no past: "is implemented on June 30"
        (
            "Daiwa will open its house as soon as deregulation is implemented on June 30, Watanabe said.",
            "1987-04-29",
            "June 30",
            "1987-06-30",
        ),
        ("The rule was implemented on June 30, he said.", "1987-04-29", "June 30", "1986-06-30"),
    ],
)
def test_tense_cues_of_wire_copy(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ shipment dates, shipment figures, deadlines just passed
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        (
            "It secured a cargo of rapeseed oil for May 15/Jun 15 shipment at 321 dlrs.",
            "1987-03-23",
            "May 15",
            "1987-05-15",
        ),
        ("Traders sold sugar for June 20/July 20 shipment.", "1987-03-23", "June 20", "1987-06-20"),
        # figures of shipments made are of the past
        ("Orders rose in February. February shipments were up 5.8 billion dlrs.", "1987-03-31", "February", "1987-02"),
        ("October shipments fell 2 pct, the institute said.", "1987-11-20", "October", "1987-10"),
        # a deadline of the last days, with a verb of the future near it
        ("Banks that agreed to sign up by June 17 get a fee, bankers said.", "1987-06-18", "June 17", "1987-06-17"),
        ("Banks have agreed to sign up by June 25, bankers said.", "1987-06-18", "June 25", "1987-06-25"),
    ],
)
def test_shipments_and_recent_deadlines(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ what a date is for: a delivery, figures, a thing done
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        ("Coffee for delivery in May ended at 99.28 cents a pound.", "1987-04-01", "May", "1987-05"),
        ("Turkey bought white sugar today for April to June shipment.", "1987-03-25", "April", "1987-04"),
        # figures for a month are of a month gone by
        (
            "The deficit should start to decline soon, possibly in the figures for February or March.",
            "1987-03-25",
            "February",
            "1987-02",
        ),
        (
            "The agency will announce the data for the October/December quarter today.",
            "1987-03-17",
            "October/December",
            "1986-10",
        ),
        # a participle of a thing done; "to be signed on" is still ahead
        ("Money supply would grow within the target zone set in December.", "1987-03-21", "December", "1986-12"),
        ("The loan, to be signed on April 14, will be the first of its kind.", "1987-04-03", "April 14", "1987-04-14"),
        (
            "The bond will be the first since an Asian Development Bank issue in February.",
            "1987-04-03",
            "February",
            "1987-02",
        ),
    ],
)
def test_what_a_date_is_for(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        ("The vessel, which is to be delivered in early April, was bought.", "1987-03-09", "early April", "1987-04"),
        ("Thatcher is poised to call a general election in June, polls showed.", "1987-04-27", "June", "1987-06"),
        (
            "Subject to approval, it plans to pay the dividend associated with the plan in April.",
            "1987-03-26",
            "April",
            "1987-04",
        ),
        ("Colombia opened export registrations for November coffee shipments.", "1987-10-19", "November", "1987-11"),
        (
            "Crushers bought 5,000 tonnes of rapeseed overnight for late May/early June shipment.",
            "1987-04-07",
            "late May",
            "1987-05",
        ),
        # negatives: a past participle after "to be" in a report of the past still reads the verb before it
        ("The ship was delivered in early April, the yard said.", "1987-05-09", "early April", "1987-04"),
        ("November shipments and exports fell.", "1987-12-19", "November", "1987-11"),
    ],
)
def test_plans_and_shipments_ahead(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


# ------------------------------------------------------------------ a stretch up to now is no date on the timeline
@pytest.mark.parametrize(
    ("body", "mention", "shown"),
    [
        ("The supply position has improved in the past year, and prices rose.", "the past year", False),
        ("Three workers had died over the last month in accidents.", "the last month", False),
        ("Sales have been weak during the past week, dealers said.", "the past week", False),
        # the last month of a year is a month; last year is a year
        ("Sales were weak in the last month of the year.", "the last month", True),
        ("Sales were weak last year, dealers said.", "last year", True),
    ],
)
def test_a_stretch_up_to_now_is_no_event(body, mention, shown):
    assert (mention in events(body, "1987-04-01")) is shown


@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        (
            "Fed funds are expected to open near 6 pct, up slightly from Wednesday's 5.97 pct average.",
            "1987-03-20",
            "Wednesday",
            "1987-03-18",
        ),
        ("Shares will likely open above Friday's close, dealers said.", "1987-03-23", "Friday", "1987-03-20"),
        # a day's event ahead keeps its direction
        ("Parties will campaign ahead of Sunday's vote.", "1987-03-19", "Sunday", "1987-03-22"),
        ("Banks will open from Sunday to Thursday.", "1987-04-01", "Sunday", "1987-04-05"),
    ],
)
def test_a_figure_of_a_day_compared_with_is_behind(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value
