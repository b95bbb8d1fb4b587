"""Reporting periods: quarters and halves ("the third quarter", "2Q 1999", "the year-ago quarter")."""

from __future__ import annotations

import datetime as dt
import re

from briefing.timex.lexicon import ORDINAL, ORDINALS, YEAR
from briefing.timex.resolve import Context, Value, quarter_of, shift
from briefing.timex.rule import ex, no, rule


def _quarter(m: re.Match[str], ctx: Context) -> Value | None:
    number = ORDINALS[m["ord"].lower()]
    unit = m["unit"].lower()
    if unit == "half" and number > 2:
        return None
    if unit == "period":
        unit = "quarter"
    letter = "Q" if unit == "quarter" else "H"
    whole = m.group(0).lower()
    year_text = m["y"] or m["y0"]
    if year_text:
        year = int(year_text)
    elif ctx.anchor:
        year = ctx.anchor.year + (-1 if "last year" in whole else 1 if "next year" in whole else 0)
        if "this year" not in whole and "last year" not in whole and "next year" not in whole:
            current = quarter_of(ctx.anchor) if letter == "Q" else (1 if ctx.anchor.month <= 6 else 2)
            if number > current and not ctx.looks_forward(m.start(), m.end()):
                year -= 1
    else:
        return Value(f"XXXX-{letter}{number}", "quarter" if letter == "Q" else "half")
    first_month = 3 * number - 2 if letter == "Q" else 6 * number - 5
    return Value(
        f"{year:04d}-{letter}{number}", "quarter" if letter == "Q" else "half", day=dt.date(year, first_month, 1)
    )


QUARTER = rule(
    "quarter",
    r"\b(?:(?P<lead>(?:its|a|an|their|his|her)\s+)|(?:the|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+)?"
    rf"(?:(?P<y0>{YEAR})\s+)?(?:(?:fiscal|flat|calendar|current|latest|comparable|corresponding|same)[-\s]+)?"
    rf"(?P<ord>{ORDINAL})[-\s](?P<unit>quarter|half|period)(?:(?:\s+of|,)\s+(?:fiscal\s+)?(?P<y>{YEAR}))?\b",
    _quarter,
    trigger="[Qq]uarter|[Hh]alf|[Pp]eriod|QUARTER",
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("The markets were calm in the third quarter.", "1989-11-02", "the third quarter", "1989-Q3"),
        ex("Profit rose in the first half of 2019.", "2020-01-02", "the first half of 2019", "2019-H1"),
        ex("Profit fell in the fourth quarter.", "1990-02-02", "the fourth quarter", "1989-Q4"),
        ex("Profit will rise in the fourth quarter.", "1990-02-02", "the fourth quarter", "1990-Q4"),
        ex("Its 1988 second-quarter profit doubled.", "1989-11-02", "1988 second-quarter", "1988-Q2"),
        no("He finished third, half a length behind.", mention="third, half"),
    ],
)


def _reported_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    if ctx.anchor is None:
        return Value("XXXX-QX", "quarter")
    whole = m.group(0).lower()
    if "current" in whole:
        return shift(ctx.anchor, "quarter", 0)
    value = shift(ctx.anchor, "quarter", -1)
    if "year-ago" in whole or "year-earlier" in whole or "a year" in whole:
        year, q = value.value.split("-Q")
        return Value(f"{int(year) - 1:04d}-Q{q}", "quarter", day=value.day)
    return value


REPORTED_QUARTER = rule(
    "reported_quarter",
    r"\b(?:the|this|that|its)\s+(?:(?P<kind>latest|recent|current|most\s+recent|fiscal|just-ended|year-ago|year-earlier|"
    r"comparable|same)\s+)?(?:(?P<kind2>year-ago|year-earlier|fiscal)\s+)?quarter\b(?:\s+a\s+year\s+(?:ago|earlier))?",
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
        ex("Orders in its current quarter look weak.", "1998-04-20", "its current quarter", "1998-Q2"),
        ex("Net income rose in the quarter.", None, "the quarter", "XXXX-QX"),
        no("A quarter of the shares were sold.", anchor="1998-04-20"),
    ],
)
