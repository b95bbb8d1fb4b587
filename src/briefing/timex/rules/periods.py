"""Reporting periods: quarters and halves ("the third quarter", "2Q 1999", "the year-ago quarter")."""

from __future__ import annotations

import datetime as dt
import re

from briefing.timex.lexicon import MONTH, ORDINAL, ORDINALS, YEAR, month_of
from briefing.timex.resolve import Context, Value, quarter_of, shift
from briefing.timex.rule import ex, no, rule


def _period_value(ctx: Context, letter: str, number: int, year: int | None, start: int, end: int) -> Value:
    """Quarter or half `number` of `year`; without a year, the latest one begun by the anchor unless the
    sentence looks forward (a results story reports the period just ended)."""
    granularity = "quarter" if letter == "Q" else "half"
    if year is None:
        if ctx.anchor is None:
            return Value(f"XXXX-{letter}{number}", granularity)
        year = ctx.anchor.year
        current = quarter_of(ctx.anchor) if letter == "Q" else (1 if ctx.anchor.month <= 6 else 2)
        ahead = ctx.looks_forward(start, end)  # asked always: the timeline reads a company's periods by it
        if number > current and not ahead:
            year -= 1
    first_month = 3 * number - 2 if letter == "Q" else 6 * number - 5
    return Value(f"{year:04d}-{letter}{number}", granularity, day=dt.date(year, first_month, 1))


def _two_digit_year(text: str, ctx: Context) -> int:
    """'19' in '2Q19': the year of that century nearest the anchor."""
    base = ctx.anchor.year if ctx.anchor else 2000
    year = base // 100 * 100 + int(text)
    return year - 100 if year > base + 30 else year


def _quarter(m: re.Match[str], ctx: Context) -> Value | None:
    value = _quarter_as_written(m, ctx)
    if value is None or not m["ago"] or not value.value[:4].isdigit():
        return value
    # "the year-ago third quarter": that quarter of the year before
    year = int(value.value[:4]) - 1
    return Value(f"{year:04d}{value.value[4:]}", value.granularity, day=value.day and value.day.replace(year=year))


def _quarter_as_written(m: re.Match[str], ctx: Context) -> Value | None:
    number = ORDINALS[m["ord"].lower()]
    unit = m["unit"].lower()
    if unit == "half" and number > 2:
        return None
    letter = "H" if unit == "half" else "Q"
    whole = m.group(0).lower()
    year_text = m["y"] or m["y0"]
    if year_text:
        return _period_value(ctx, letter, number, int(year_text), m.start(), m.end())
    if ctx.anchor and ("last year" in whole or "next year" in whole or "this year" in whole):
        year = ctx.anchor.year + (-1 if "last year" in whole else 1 if "next year" in whole else 0)
        return _period_value(ctx, letter, number, year, m.start(), m.end())
    return _period_value(ctx, letter, number, None, m.start(), m.end())


QUARTER = rule(
    "quarter",
    r"\b(?:(?P<lead>(?:its|a|an|their|his|her)\s+)|(?:the|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+)?"
    r"(?:(?P<ago>year[-\s]ago|year[-\s]earlier|prior[-\s]year|previous[-\s]year)\s+)?"
    rf"(?:(?P<y0>{YEAR})\s+)?(?:(?:fiscal|flat|calendar|current|latest|comparable|corresponding|same)[-\s]+)?"
    rf"(?P<ord>{ORDINAL})[-\s](?P<unit>quarter|qtr|half|period)"
    rf"(?:(?:\s+of|,)?\s+(?:fiscal\s+)?(?P<y>{YEAR})|\s+of\s+(?:this|last|next)\s+year)?\b",
    _quarter,
    trigger="[Qq]uarter|[Qq]tr|QTR|[Hh]alf|[Pp]eriod|QUARTER",
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("The markets were calm in the third quarter.", "1989-11-02", "the third quarter", "1989-Q3"),
        ex("Profit rose in the first half of 2019.", "2020-01-02", "the first half of 2019", "2019-H1"),
        ex("Profit fell in the fourth quarter.", "1990-02-02", "the fourth quarter", "1989-Q4"),
        ex("Profit will rise in the fourth quarter.", "1990-02-02", "the fourth quarter", "1990-Q4"),
        ex("Its 1988 second-quarter profit doubled.", "1989-11-02", "1988 second-quarter", "1988-Q2"),
        ex("Net loss for 4th qtr 1986 includes a charge.", "1987-02-26", "4th qtr 1986", "1986-Q4"),
        ex("Second-quarter profit rose.", "2019-08-01", "Second-quarter", "2019-Q2"),
        ex(
            "In the year-ago third quarter, it earned $22 million.",
            "1989-10-30",
            "the year-ago third quarter",
            "1988-Q3",
        ),
        ex("The year-earlier first half was weak.", "2019-08-01", "The year-earlier first half", "2018-H1"),
        ex("Prior-year fourth-quarter sales were flat.", "1990-02-02", "Prior-year fourth-quarter", "1988-Q4"),
        ex(
            "Output is limited for the first half of this year.", "1987-03-11", "the first half of this year", "1987-H1"
        ),
        ex(
            "Sales fell in the fourth quarter of last year.", "1987-03-11", "the fourth quarter of last year", "1986-Q4"
        ),
        ex(
            "Talks resume in the first quarter of next year.", "1987-10-11", "the first quarter of next year", "1988-Q1"
        ),
        no("He finished third, half a length behind.", mention="third, half"),
    ],
)


def _reported_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    if ctx.anchor is None:
        return Value("XXXX-QX", "quarter")
    whole = m.group(0).lower()
    if "current" in whole:
        return shift(ctx.anchor, "quarter", 0)
    # the quarter of a results story is the one it reports (the first it named), else the latest ended
    reported = None if re.search(r"latest|recent|just-ended", whole) else ctx.period
    value = shift(reported, "quarter", 0) if reported else shift(ctx.anchor, "quarter", -1)
    if (
        "year-ago" in whole
        or "year-earlier" in whole
        or "a year" in whole
        or re.search(r"(?:last|prior|previous)\s+year", whole)
    ):
        year, q = value.value.split("-Q")
        return Value(f"{int(year) - 1:04d}-Q{q}", "quarter", day=value.day)
    return value


REPORTED_QUARTER = rule(
    "reported_quarter",
    r"\b(?:the|this|that|its)\s+(?:(?P<kind>latest|recent|current|most\s+recent|fiscal|just-ended|year-ago|year-earlier|"
    r"comparable|same)\s+)?(?:(?P<kind2>year-ago|year-earlier|fiscal)\s+)?quarter\b"
    r"(?:\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?(?:the\s+)?(?:last|prior|previous)\s+year\b)?",
    _reported_quarter,
    trigger="[Qq]uarter",
    flags=re.IGNORECASE,
    priority=1,
    examples=[
        # a results story reports the quarter that ended before publication
        ex("Net income rose 12% in the quarter.", "1989-11-02", "the quarter", "1989-Q3"),
        ex("Sales in the most recent quarter were flat.", "1998-04-20", "the most recent quarter", "1998-Q1"),
        ex("Sales rose from the year-earlier quarter.", "1998-04-20", "the year-earlier quarter", "1997-Q1"),
        ex("Sales rose from the quarter a year ago.", "1998-04-20", "the quarter a year ago", "1997-Q1"),
        ex(
            "Sales rose 5% in the third quarter from the same quarter last year.",
            "2023-11-01",
            "the same quarter last year",
            "2022-Q3",
        ),
        ex("Orders in its current quarter look weak.", "1998-04-20", "its current quarter", "1998-Q2"),
        # counted from the quarter the story reports, not from the latest ended (a story late in April)
        ex(
            "Fourth-quarter net rose to 4.1 mln dlrs from 3.2 mln in the year-earlier quarter.",
            "1987-04-14",
            "the year-earlier quarter",
            "1985-Q4",
        ),
        ex("Net income rose in the quarter.", None, "the quarter", "XXXX-QX"),
        no("A quarter of the shares were sold.", anchor="1998-04-20"),
    ],
)


def _year_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    """'the 1988 quarter', 'the 1989 period' in a results story: the quarter being reported (the one last
    spoken of, else the latest ended), in that year. A 'period' with no quarter in sight is the year."""
    year = int(m["y"])
    if ctx.reference_granularity == "quarter" and ctx.reference is not None:
        number = quarter_of(ctx.reference)
    elif m["unit"].lower() == "quarter" and ctx.anchor is not None:
        number = quarter_of(shift(ctx.anchor, "quarter", -1).day or ctx.anchor)
    elif m["unit"].lower() == "quarter":
        return Value(f"{year:04d}-QX", "quarter")
    else:
        return Value(f"{year:04d}", "year", day=dt.date(year, 1, 1))
    return Value(f"{year:04d}-Q{number}", "quarter", day=dt.date(year, 3 * number - 2, 1))


YEAR_QUARTER = rule(
    "year_quarter",
    rf"\b[Tt]he\s+(?P<y>{YEAR})\s+(?P<unit>quarter|period)\b",
    _year_quarter,
    trigger="quarter|period",
    priority=2,
    examples=[
        ex(
            "Third-quarter profit doubled. It earned $3 million in the 1988 quarter.",
            "1989-10-30",
            "the 1988 quarter",
            "1988-Q3",
        ),
        ex(
            "Net rose 5% in the third quarter. In the 1989 period, costs fell.",
            "1989-11-01",
            "the 1989 period",
            "1989-Q3",
        ),
        ex("Sales in the 1988 quarter were flat.", "1989-11-01", "the 1988 quarter", "1988-Q3"),
        ex("Prices were high in the 1970 period.", "1989-11-01", "the 1970 period", "1970"),
        no("The 2019 quarterly report was late.", "2020-03-01", "2019 quarterly"),
    ],
)


def _quarter_code(m: re.Match[str], ctx: Context) -> Value | None:
    """Q2, 2Q, Q2 2019, 2Q19, H1, 1H 2019: the codes of financial reporting."""
    letter = (m["l1"] or m["l2"]).upper()
    number = int(m["n1"] or m["n2"])
    if letter == "H" and number > 2:
        return None
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["yy"]:
        year = _two_digit_year(m["yy"], ctx)
    else:
        year = None
    return _period_value(ctx, letter, number, year, m.start(), m.end())


QUARTER_CODE = rule(
    "quarter_code",
    r"\b(?:(?P<l1>Q|H)(?P<n1>[1-4])|(?P<n2>[1-4])(?P<l2>Q|H))"
    rf"(?:(?:\s*/\s*|\s+(?:of\s+)?|-)?(?:(?:FY|fiscal\s+)\s*)?(?P<y>{YEAR})|\s*['’]?(?P<yy>\d\d))?\b",
    _quarter_code,
    trigger=r"[QH][1-4]|[1-4][QH]",
    priority=2,
    examples=[
        ex("Profit rose in Q2.", "2019-08-01", "Q2", "2019-Q2"),
        ex("Profit rose in Q2 2018.", "2019-08-01", "Q2 2018", "2018-Q2"),
        ex("Sales fell in 2Q 2018 and rose in 3Q18.", "2019-08-01", "3Q18", "2018-Q3"),
        ex("Sales fell in Q4.", "2019-08-01", "Q4", "2018-Q4"),
        ex("Sales will rise in Q4.", "2019-08-01", "Q4", "2019-Q4"),
        ex("Q4 deliveries beat estimates, the carmaker said.", "2024-01-03", "Q4", "2023-Q4"),
        ex("In Q3, the company expects margins to recover.", "2023-05-10", "Q3", "2023-Q3"),
        ex("Buyers booked cargoes for Q3 deliveries.", "2019-05-20", "Q3", "2019-Q3"),
        ex("Sales typically slow in Q1, when heating bills arrive.", "2023-05-10", "Q1", "XXXX-Q1"),
        ex("H1 profit rose.", "2019-08-01", "H1", "2019-H1"),
        ex("Profit in 1H 2019 was flat.", "2020-01-08", "1H 2019", "2019-H1"),
        ex("Results for Q1/2020 are due.", None, "Q1/2020", "2020-Q1"),
        no("The A4 and Q7 models were sold.", anchor="2019-08-01"),
        no("The Q5 engine and H3 variant.", anchor="2019-08-01"),
        no("The 2Q8 code was used.", anchor="2019-08-01"),
    ],
)


def _month_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    """'the June quarter': the quarter that ends in June."""
    quarter = (month_of(m["m"]) - 1) // 3 + 1
    year = m["y"] or m["y2"]
    return _period_value(ctx, "Q", quarter, int(year) if year else None, m.start(), m.end())


MONTH_QUARTER = rule(
    "month_quarter",
    rf"\b(?:(?P<lead>(?:[Ii]ts|[Tt]heir|[Aa])\s+)|[Tt]he\s+)(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?[-\s]+quarter\b(?:\s+of\s+(?P<y2>{YEAR}))?",
    _month_quarter,
    trigger="quarter",
    priority=2,
    examples=[
        ex("Profit rose in the June quarter.", "2019-08-01", "the June quarter", "2019-Q2"),
        ex("Profit rose in the December quarter.", "2019-08-01", "the December quarter", "2018-Q4"),
        ex("Its September 2018 quarter was weak.", "2019-08-01", "September 2018 quarter", "2018-Q3"),
        ex("Sales will rise in the December quarter.", "2019-08-01", "the December quarter", "2019-Q4"),
        no("The June report covered a quarter of sales.", anchor="2019-08-01", mention="quarter"),
    ],
)
