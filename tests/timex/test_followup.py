"""Issue 16 follow-up: classes still wrong after the first pass, each with fresh sentences (wire, analysis,
think-tank prose) written before looking at the tagger, and negatives that must not change.

1. Column and row labels of results tables ("Current year", "Year-ago", "Prior year", "Last year") are no
   dated events: the numbers under them belong to the period the story states, already on the timeline.
2. "the previous quarter", "the year-earlier quarter" count from the story's main reporting period.
3. Habitual and generic statements ("sales normally dip after the new year", "each spring") name no one date.
4. Misspelled day words ("tommorrow", "yesterdy", "wensday") are read, and ordinary words never are.
"""

from __future__ import annotations

import pytest

from briefing.corpus import Article
from briefing.timeline import article_timeline
from briefing.timex.zones import table_lines


def _events(body: str, published: str) -> dict[str, tuple[str, str | None]]:
    article = Article(id="a", title="t", body=body, published=published)
    return {" ".join(e.mention.split()): (e.date, e.range_end) for e in article_timeline(article).events}


def _no_event(body: str, published: str, mention: str) -> None:
    at = body.index(mention)
    article = Article(id="a", title="t", body=body, published=published)
    overlapping = [
        (e.mention, e.date) for e in article_timeline(article).events if e.start < at + len(mention) and at < e.end
    ]
    assert overlapping == [], f"{mention!r} should be no event"


def _dated(body: str, published: str, mention: str, date: str, range_end: str | None = None) -> None:
    found = _events(body, published)
    assert mention in found, f"{mention!r} not found: {found}"
    assert found[mention] == (date, range_end)


# ---------------------------------------------------------------------------------- 1. results tables
TABLE_SPACES = """Harlow Industries Inc said net income rose in the year ended December 31, 1986.

                              Current year      Year-ago
    Net sales                 $45,123,000       $41,002,000
    Net income                  3,210,000         2,870,000
    Per share                        1.12              0.98
"""
TABLE_TABS = (
    "Quarterly figures for the period ended March 31:\n"
    "\tThis year\tLast year\tChange\n"
    "Revenue\t12.1\t10.4\t+16%\n"
    "Operating profit\t2.2\t1.9\t+15%\n"
)
TABLE_ROWS = """Dividend record of Pell Mining Corp (in cents a share):
    Interim, current year ........   12.0
    Interim, prior year ..........   10.5
    Final, previous year .........   15.0
"""


@pytest.mark.parametrize(
    ("body", "published", "label"),
    [
        (TABLE_SPACES, "1987-02-20", "Current year"),
        (TABLE_SPACES, "1987-02-20", "Year-ago"),
        (TABLE_TABS, "2023-04-20", "This year"),
        (TABLE_TABS, "2023-04-20", "Last year"),
        (TABLE_ROWS, "1987-03-02", "current year"),
        (TABLE_ROWS, "1987-03-02", "prior year"),
        (TABLE_ROWS, "1987-03-02", "previous year"),
    ],
)
def test_table_labels_are_no_events(body, published, label):
    _no_event(body, published, label)


def test_table_lines_are_rows_of_figures_and_their_headings():
    lines = [TABLE_SPACES[s:e].strip() for s, e in table_lines(TABLE_SPACES)]
    assert lines[0] == "Current year      Year-ago" and len(lines) == 4
    assert len(table_lines(TABLE_TABS)) == 3 and len(table_lines(TABLE_ROWS)) == 3
    # prose with two spaces after a full stop, or a figure in a sentence, is no table
    prose = "Sales rose 5 pct to 12.1 mln dlrs.  Last year they fell.\nThe company said this year  would be better.\n"
    assert table_lines(prose) == []
    # a line of short words with no figures near it is no heading
    assert table_lines("Contacts:  Jane Smith   John Doe\nThis year  Last year\n") == []


def test_month_pairs_heading_rows_of_spreads_stay():
    body = "Spreads quoted by dealers:\n  May/Jul  1      under  1      under\n  Jul/Aug  even   even\n"
    assert _events(body, "1987-04-10")["May/Jul"][0] == "1987-05"


def test_the_period_a_table_states_stays():
    _dated(TABLE_SPACES, "1987-02-20", "the year ended December 31, 1986", "1986-01", "1986-12-31")


@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        # prose with figures in it is no table
        ("Sales rose to 45.1 mln dlrs from 41.0 mln last year, the company said.", "1987-03-04", "last year", "1986"),
        ("Year-ago sales were 41 mln dlrs, against 45 mln this year.", "1987-03-04", "this year", "1987"),
        (
            "Spending in the current year will reach 4.5 billion euros, up from 4.1 billion.",
            "2023-06-01",
            "the current year",
            "2023",
        ),
        # a table row that names a stated year keeps it
        ("Output (tonnes)          1986        1985\nCopper     12,400      11,900\n", "1987-02-10", "1986", "1986"),
    ],
)
def test_prose_and_stated_years_keep_their_dates(body, published, mention, date):
    _dated(body, published, mention, date)


# ---------------------------------------------------------------------------------- 2. the main reporting period
@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        # a late results story: the fourth quarter reported in April
        (
            "Ajax Corp said fourth-quarter net income rose to 4.1 mln dlrs from 3.2 mln dlrs in the year-earlier "
            "quarter. Revenues were up 8 pct from the previous quarter.",
            "1987-04-14",
            "the previous quarter",
            "1986-Q3",
        ),
        (
            "Ajax Corp said fourth-quarter net income rose to 4.1 mln dlrs from 3.2 mln dlrs in the year-earlier "
            "quarter. Revenues were up 8 pct from the previous quarter.",
            "1987-04-14",
            "the year-earlier quarter",
            "1985-Q4",
        ),
        # an analysis written a quarter later; a day named in between
        (
            "The company's first-quarter report, released on May 14, showed revenue up 4% from the previous quarter.",
            "2023-07-20",
            "the previous quarter",
            "2022-Q4",
        ),
        (
            "Second-quarter growth, revised on Thursday, was 0.3% above the prior quarter.",
            "2023-10-05",
            "the prior quarter",
            "2023-Q1",
        ),
        (
            "Third-quarter revenue, reported on Nov. 2, rose 9% from the year-ago quarter.",
            "2024-01-15",
            "the year-ago quarter",
            "2022-Q3",
        ),
        (
            "Margins in the third quarter, which ended on Sept. 30, were thin. In the quarter a year earlier they "
            "were wider, and the preceding quarter was no better.",
            "2023-12-01",
            "the preceding quarter",
            "2023-Q2",
        ),
        # negatives: the quarter last spoken of still decides; with no reported quarter, the latest ended one
        ("Profit rose in the third quarter from the prior quarter.", "2019-11-01", "the prior quarter", "2019-Q2"),
        ("Profit rose from the previous quarter.", "2019-08-01", "the previous quarter", "2019-Q1"),
        ("Net income rose 12% in the quarter.", "1989-11-02", "the quarter", "1989-Q3"),
        ("Sales rose from the year-earlier quarter.", "1998-04-20", "the year-earlier quarter", "1997-Q1"),
    ],
)
def test_quarters_count_from_the_reported_period(body, published, mention, date):
    _dated(body, published, mention, date)


# ---------------------------------------------------------------------------------- 3. habitual statements
@pytest.mark.parametrize(
    ("body", "published", "mention"),
    [
        (
            "Retail sales normally dip after the new year, as households pay off holiday debts.",
            "2023-11-20",
            "the new year",
        ),
        ("Demand for heating oil typically peaks in winter.", "2023-06-10", "winter"),
        ("Tourists usually flock to the coast in August.", "2023-03-10", "August"),
        ("Each spring, farmers burn the stubble on the plains.", "2023-01-10", "Each spring"),
        ("Every January the ministry publishes its spending plan.", "2023-05-10", "Every January"),
        ("Parliament traditionally breaks for the summer in late July.", "2023-03-01", "late July"),
        ("Parliament traditionally breaks for the summer in late July.", "2023-03-01", "the summer"),
        ("Markets tend to be quiet at Christmas, dealers say.", "2023-11-01", "Christmas"),
        ("The report, usually published in March, is the main guide for investors.", "2023-06-01", "March"),
        ("In the Gulf, construction customarily slows during Ramadan and in the summer.", "2023-02-01", "the summer"),
        ("Each year in April the fund rebalances its holdings.", "2023-06-01", "April"),
        ("The bond pays interest on March 25 each year.", "2023-06-01", "March 25"),
    ],
)
def test_habitual_statements_have_no_one_date(body, published, mention):
    _no_event(body, published, mention)


@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        ("Retail sales dipped after the new year, the company said.", "2023-02-10", "the new year", "2023"),
        ("The report, usually published in March, was delayed until June.", "2023-04-01", "June", "2023-06"),
        ("The committee, which usually meets in June, met in May this year.", "2023-07-01", "May this year", "2023-05"),
        ("As usual, the central bank left rates unchanged on Thursday.", "2023-05-12", "Thursday", "2023-05-11"),
        ("It was unusual to see snow in April, forecasters said.", "2023-05-03", "April", "2023-04"),
        ("Prices normally rise in the spring, but they fell in March.", "2023-05-03", "March", "2023-03"),
        ("He usually stayed in Paris in August 2019.", "2023-05-03", "August 2019", "2019-08"),
        (
            "Growth in the traditionally broad M3 aggregate was moderate in February.",
            "1987-03-20",
            "February",
            "1987-02",
        ),
        ("Earnings were rising 7.75 pct annually in April, the department said.", "1987-06-20", "April", "1987-04"),
        ("Payment date is April 9 and coupon date April 10 annually.", "1987-03-20", "April 9", "1987-04-09"),
    ],
)
def test_specific_dates_near_habitual_words_stay(body, published, mention, date):
    _dated(body, published, mention, date)


# ---------------------------------------------------------------------------------- 4. misspelled day words
@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        ("The committee will meet tommorrow to decide.", "2023-05-10", "tommorrow", "2023-05-11"),
        ("Talks resume tomorow in Geneva.", "2023-05-10", "tomorow", "2023-05-11"),
        ("Shots were fired yesterdy near the border.", "2023-05-10", "yesterdy", "2023-05-09"),
        ("Yesturday the minister resigned.", "2023-05-10", "Yesturday", "2023-05-09"),
        ("Protesters gathered on wensday outside parliament.", "2023-05-12", "wensday", "2023-05-10"),
        ("The vote will be held on Thrusday.", "2023-05-08", "Thrusday", "2023-05-11"),
        ("Police said the raid took place last Saterday.", "2023-05-10", "last Saterday", "2023-05-06"),
    ],
)
def test_misspelled_day_words_are_read(body, published, mention, date):
    _dated(body, published, mention, date)


@pytest.mark.parametrize(
    ("body", "mention"),
    [
        ("Jane Munday said the plan was sound.", "Munday"),
        ("Ships queued in the Sunda Strait for a week.", "Sunda"),
        ("They ate a sundae on the pier.", "sundae"),
        ("Sundry items were sold at auction.", "Sundry"),
        ("Walter Mondale spoke to reporters.", "Mondale"),
        ("Fridays are quiet in the office.", "Fridays"),
        ("The stars of yesteryear returned.", "yesteryear"),
        ("Visitors crowded into Tomorrowland.", "Tomorrowland"),
        ("The court applied the Wednesbury test.", "Wednesbury"),
        ("The tomorrows we were promised never came.", "tomorrows"),
        ("Thursby and Sons opened a shop.", "Thursby"),
        ("The Saturnalia festival was revived.", "Saturnalia"),
    ],
)
def test_ordinary_words_are_never_taken_for_days(body, mention):
    _no_event(body, "2023-05-10", mention)


# ---------------------------------------------------------------------------------------------- second batch
# Written after the first fixes, before running them: other forms of each class.
SECOND_TABLE = (
    "Consolidated results (in thousands of dollars):\n"
    "                          Current qtr     Prior qtr      Year-earlier qtr\n"
    "Revenues                      8,412         7,990            7,105\n"
    "Net income                      611           540              488\n"
)
SECOND_PROSE_TABLE = (
    "The think tank's survey asked the same firms each year.\n"
    "Share expecting higher prices:   This year  62%   Last year  48%\n"
)


@pytest.mark.parametrize(
    ("body", "published", "mention"),
    [
        (SECOND_TABLE, "2023-05-04", "Current qtr"),
        (SECOND_TABLE, "2023-05-04", "Year-earlier qtr"),
        (SECOND_PROSE_TABLE, "2023-05-04", "This year"),
        (SECOND_PROSE_TABLE, "2023-05-04", "Last year"),
        # habits in analysis and think-tank prose
        ("Remittances typically surge before Eid and in December.", "2023-03-01", "December"),
        ("Hurricane season usually peaks in September.", "2023-05-01", "September"),
        ("Budget negotiations tend to stall over the summer.", "2023-03-01", "the summer"),
        ("As a rule, the central bank does not move rates in August.", "2023-03-01", "August"),
        ("Every autumn, the harvest draws migrant workers north.", "2023-03-01", "Every autumn"),
        ("By tradition, the speech is delivered on the first Tuesday in February.", "2023-03-01", "February"),
    ],
)
def test_second_batch_no_event(body, published, mention):
    _no_event(body, published, mention)


@pytest.mark.parametrize(
    ("body", "published", "mention", "date", "range_end"),
    [
        # habits next to one occasion
        (
            "Rates usually rise in spring. This spring they fell, and in May they fell again.",
            "2023-07-01",
            "May",
            "2023-05",
            None,
        ),
        ("The index normally dips in January; on Tuesday it rose 2%.", "2023-01-12", "Tuesday", "2023-01-10", None),
        # the reported period from a quarter code; a fiscal story's previous quarter
        (
            "Acme's Q3 revenue, released on Oct. 30, beat the prior quarter by 4%.",
            "2024-02-01",
            "the prior quarter",
            "2023-Q2",
            None,
        ),
        (
            "Net income for the fourth quarter ended January 31, 1987 rose 10 pct from the previous quarter.",
            "1987-03-10",
            "the previous quarter",
            "1986-08",
            "1986-10",
        ),
        # misspellings in a transcript and a blog
        (
            "Q: Will the minister resign? A: We will know tomorow morning.",
            "2023-05-10",
            "tomorow morning",
            "2023-05-11",
            None,
        ),
        ("I spoke to him yestarday and he was fine.", "2023-05-10", "yestarday", "2023-05-09", None),
        ("The market reopens on Wendsday after the holiday.", "2023-05-08", "Wendsday", "2023-05-10", None),
    ],
)
def test_second_batch_dates(body, published, mention, date, range_end):
    _dated(body, published, mention, date, range_end)


def test_a_company_quarter_stated_by_its_end():
    """'the fourth quarter ended January 31, 1987' is one event, November to January 31; the quarter before it is
    the company's too, whether the story states the quarter's end or the year's."""
    events = _events(
        "Net income for the fourth quarter ended January 31, 1987 rose 10 pct from the previous quarter.", "1987-03-10"
    )
    assert events["the fourth quarter ended January 31, 1987"] == ("1986-11", "1987-01-31")
    events = _events(
        "Net income for the year ended January 31, 1987 rose. Fourth-quarter net rose 10 pct from the previous "
        "quarter.",
        "1987-03-10",
    )
    assert events["the previous quarter"] == ("1986-08", "1986-10")
    # a calendar quarter's end stays the tagger's: the quarter and its last day
    events = _events("Profit in the quarter ended Sept. 30 rose 5 pct.", "1989-11-02")
    assert events["the quarter"] == ("1989-Q3", None) and events["Sept. 30"] == ("1989-09-30", None)


# ---------------------------------------------------------------------------------------------- third batch
# Written before running them, aimed at what the fixes above could break.
@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        (
            "Officials usually decline to comment, but on Monday the ministry confirmed the deal.",
            "2023-05-10",
            "Monday",
            "2023-05-08",
        ),
        (
            "The bank, which normally meets in March, will hold an emergency meeting on Friday.",
            "2023-05-10",
            "Friday",
            "2023-05-12",
        ),
        (
            "Typically cautious, the governor said on Tuesday that rates would rise.",
            "2023-05-10",
            "Tuesday",
            "2023-05-09",
        ),
        ("Exports tend to be volatile; in March they rose 4%.", "2023-05-10", "March", "2023-03"),
        ("Last year the festival, usually held in July, moved to June.", "2023-09-10", "June", "2023-06"),
        ("The usually reliable data showed a dip in February.", "2023-05-10", "February", "2023-02"),
        ("The index fell in January, which typically sees gains.", "2023-05-10", "January", "2023-01"),
        (
            "The rig count, which falls in the first quarter of each year, has dropped since early January.",
            "1987-04-01",
            "early January",
            "1987-01",
        ),
        (
            "Business is proceeding normally and first-quarter profit could be the strongest yet.",
            "1987-04-01",
            "first-quarter",
            "1987-Q1",
        ),
        ("Beta Inc's 2Q revenue rose 6% from the prior quarter.", "2023-11-15", "the prior quarter", "2023-Q1"),
        (
            "Gamma reported 4Q profit on Feb. 2; the year-ago quarter was a loss.",
            "2024-05-06",
            "the year-ago quarter",
            "2022-Q4",
        ),
        (
            "Shr 1.20 dlrs vs 1.05 dlrs\nNet 12.1 mln vs 10.4 mln\nYear-ago figures restated.",
            "1987-03-10",
            "Year-ago",
            "1986",
        ),
        ("The board will meet on Fridy to decide.", "2023-05-10", "Fridy", "2023-05-12"),
        ("Markets were shut on Tuesdy for the holiday.", "2023-05-10", "Tuesdy", "2023-05-09"),
    ],
)
def test_third_batch_dates(body, published, mention, date):
    _dated(body, published, mention, date)


@pytest.mark.parametrize(
    ("body", "published", "mention"),
    [
        ("Shipping rates normally climb ahead of Christmas.", "2023-09-01", "Christmas"),
        ("Voters in the region customarily go to the polls in late spring.", "2023-09-01", "late spring"),
        ("The Sundays were the quietest days.", "2023-05-10", "Sundays"),
        ("Retailers usually make most of their profit in the fourth quarter.", "2023-05-10", "the fourth quarter"),
        ("Sales typically slow in Q1, when heating bills arrive.", "2023-05-10", "Q1"),
        ("Bells rang on Mayday across the port.", "2023-05-10", "Mayday"),
        ("The strike ended by Sundown, police said.", "2023-05-10", "Sundown"),
    ],
)
def test_third_batch_no_event(body, published, mention):
    _no_event(body, published, mention)


@pytest.mark.parametrize(
    ("body", "published", "mention", "date"),
    [
        # found while checking the batches: the year-before forms of the reported period
        (
            "Sales rose 5% in the third quarter from the same quarter last year.",
            "2023-11-01",
            "the same quarter last year",
            "2022-Q3",
        ),
        (
            "Fourth-quarter sales, reported on Thursday, rose 5% from the same period a year earlier.",
            "2024-04-20",
            "a year earlier",
            "2022-Q4",
        ),
        # a quarter compared with does not become the one spoken of
        (
            "Revenue in the fourth quarter rose 3% from the third quarter, and 9% from the year-ago period.",
            "2024-04-20",
            "year-ago",
            "2022-Q4",
        ),
        # no reporting period named: "a year earlier" after a day stays a year
        ("Prices fell on Tuesday, down 4% from a year earlier.", "2024-04-20", "a year earlier", "2023"),
    ],
)
def test_the_year_before_the_reported_period(body, published, mention, date):
    _dated(body, published, mention, date)
