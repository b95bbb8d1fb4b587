"""Reporting periods read against the periods a results story states (issue 16 §1.2).

When a story says when a reporting period ends ("the fiscal year ended January 31", "the year to December 28",
"six months ended Jan 31, 1987"), its quarters and halves are the company's, not the calendar's: "the fourth
quarter" of a year ended January 31, 1987 is November 1986 to January 31, 1987, and "the quarter" of a half
ended then is the three months ending then. Without a year of its own, such a period is the one that ended
last before publication (or, in the sentence that states the end, the one ending then; ahead, for a sentence
that looks forward); "prior year", "year-ago" and "year-earlier" take the one a year before.

The tagger gives calendar quarters (TimeML's convention); this pass only runs on an article's timeline.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.timex.resolve import add_months
from briefing.timex.tagger import Mention

_PERIOD_RULES = ("quarter", "reported_quarter", "quarter_code")
_PERIOD_VALUE = re.compile(r"(?P<y>\d{4})-(?P<l>[QH])(?P<n>[1-4])")
# a year of its own ("the third quarter of 1987", "2Q87", "last year's first half") or the period under way
_OWN_YEAR = re.compile(
    r"\d{4}|\d[QH]\s*['’]?\d\d\b|\b(?:this|next|last)\s+year|\b(?:current|this|next)\b", re.IGNORECASE
)
_YEAR_BEFORE = re.compile(r"prior[-\s]+year|year[-\s]+(?:ago|earlier)|previous[-\s]+year|a\s+year\s+(?:ago|earlier)")


_BEFORE = re.compile(r"\b(?:previous|prior|preceding)\b", re.IGNORECASE)


def _reported_last(found: dict[int, tuple[str, str, str | None]]) -> dt.date | None:
    """The last day of the first company quarter read so far (a range of three months), if any."""
    for value, granularity, end in found.values():
        if granularity != "month" or not end:
            continue
        first = (int(value[:4]), int(value[5:7]))
        last = (int(end[:4]), int(end[5:7]))
        if add_months(*first, 2) == last:
            return _month_end(*last)
    return None


@dataclass(frozen=True)
class PeriodEnd:
    """A stated end of a reporting period: where its date is written, its last day, its length in months,
    and whether the day itself is written ("January 31", not "end-January")."""

    offset: int
    last: dt.date
    months: int
    to_the_day: bool


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _value(last: dt.date, months: int, stated: Sequence[PeriodEnd]) -> tuple[str, str, str | None]:
    """The value of the `months` months ending with the month of `last`: a calendar quarter or half when it
    is one, else the months it spans (to the stated day when the story gives it)."""
    year, month = add_months(last.year, last.month, 1 - months)
    if months == 3 and last.month % 3 == 0:
        return f"{last.year:04d}-Q{last.month // 3}", "quarter", None
    if months == 6 and last.month % 6 == 0:
        return f"{last.year:04d}-H{last.month // 6}", "half", None
    day = next(
        (e.last for e in stated if e.to_the_day and (e.last.year, e.last.month) == (last.year, last.month)), None
    )
    return f"{year:04d}-{month:02d}", "month", day.isoformat() if day else f"{last.year:04d}-{last.month:02d}"


def fiscal_periods(
    mentions: Sequence[Mention], stated: Sequence[PeriodEnd], anchor: dt.date | None, starts: Sequence[int]
) -> dict[int, tuple[str, str, str | None]]:
    """The quarters and halves among `mentions` (by index) read as the story's reporting periods: index ->
    (value, granularity, end of the range). `stated` are the period ends the story gives, `starts` the
    offsets of its sentences. Periods with a year of their own keep their calendar value."""
    if anchor is None or not stated:
        return {}
    years = [e for e in stated if e.months == 12]
    year_end = years[0].last.month if years else None
    out: dict[int, tuple[str, str, str | None]] = {}
    quarters = [e for e in stated if e.months == 3]
    for index, mention in enumerate(mentions):
        if mention.rule == "relative_period" and mention.granularity == "quarter" and _BEFORE.search(mention.text):
            # "the previous quarter" of a story that states its quarter's end: the company's quarter before it
            reported = quarters[0].last if quarters else _reported_last(out)
            if reported is not None:
                year, month = add_months(reported.year, reported.month, -3)
                out[index] = _value(_month_end(year, month), 3, stated)
            continue
        if mention.rule not in _PERIOD_RULES or mention.type != "DATE" or _OWN_YEAR.search(mention.text):
            continue
        written = _PERIOD_VALUE.fullmatch(mention.value)
        if mention.rule == "reported_quarter" and mention.value[:4].isdigit():
            letter, number = "Q", None  # "the quarter": the three months that end with a stated period
        elif written is not None and year_end is not None:
            letter, number = written["l"], int(written["n"])
        else:
            continue
        months = 3 if letter == "Q" else 6
        if number is None:
            month, step = stated[0].last.month, 3
        else:
            month, step = (year_end - 1 - months * (12 // months - number)) % 12 + 1, 12
        sentence = bisect.bisect_right(starts, mention.start)
        same = [
            e
            for e in stated
            if bisect.bisect_right(starts, e.offset) == sentence and (e.last.month - month) % step == 0
        ]
        candidates = [
            _month_end(year, m)
            for year in range(anchor.year - 3, anchor.year + 3)
            for m in range(1, 13)
            if (m - month) % step == 0
        ]
        if mention.direction == "future":
            # ahead, unless it is the period that ends on the date stated ("expects to report a loss for the
            # fourth quarter and the year ended January 31")
            same = [e for e in same if e.last.month == month]
        if same:
            last = same[0].last
            last = _month_end(last.year, last.month)
        elif mention.direction == "future":
            last = min(d for d in candidates if d > anchor)
        else:
            last = max(d for d in candidates if d <= anchor)
            if _YEAR_BEFORE.search(mention.text.lower()):
                last = _month_end(last.year - 1, last.month)
        out[index] = _value(last, months, stated)
    return out
