"""Temporal expressions in English news: find them, resolve them to TIMEX3 values, build timelines.

A rule-based tagger in the tradition of HeidelTime. Each rule is a regular expression with a resolver;
all rules run over the text, overlapping candidates are settled longest-first, and each survivor is
resolved against the anchor (the article's publication date), the tense of its sentence and, for
anaphoric phrases such as "that year" or "a year earlier", the date the text was last talking about.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.dates import MONTHS, partial_bounds

if TYPE_CHECKING:
    from briefing.corpus import Article

# ---------------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Mention:
    """A temporal expression: `text[start:end]`, its TIMEX3 value and, for ranges, the value of the end."""

    start: int
    end: int
    text: str
    value: str
    granularity: str
    range_end: str | None = None
    type: str = "DATE"

    @property
    def resolved(self) -> bool:
        """True when the value names a calendar period (a decade such as 201X, or no X; not a vague reference)."""
        if self.type != "DATE" or self.vague:
            return False
        return "X" not in self.value or bool(_DECADE_VALUE.fullmatch(self.value))

    @property
    def vague(self) -> bool:
        return self.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


_DECADE_VALUE = re.compile(r"\d{3}X")
GRANULARITIES = (
    "day",
    "weekend",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
    "ref",
    "duration",
)

# ---------------------------------------------------------------------------------------------- vocabulary

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d|21\d\d)"
_PART = r"(?:night|morning|afternoon|evening)"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a couple of": 2,
    "a dozen": 12,
}
_NUM = (
    r"(?:\d{1,3}|a couple of|a dozen|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + ")"
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|would|next|upcoming|coming|as\s+soon\s+as|"
    r"(?:is|are|was|were|be)\s+(?:due|scheduled|set|expected|slated|planned|going|supposed)\s+to|"
    r"to\s+be\s+(?:held|followed|signed|released|published|decided|completed|launched|opened)|"
    r"plans?\s+to|intends?\s+to|aims?\s+to|hopes?\s+to|"
    r"to\s+(?:hold|meet|visit|begin|start|open|resume|vote|sign|host|launch|take\s+place))\b",
    re.IGNORECASE,
)
# Participles of planning look forward unless the sentence reports them in the past ("said the plans set for").
_WEAK_FUTURE_CUE = re.compile(
    r"\b(?:plann(?:ed|ing)|schedul(?:ed|ing)|(?:due|slated)\s+(?:for|to|on)|set\s+(?:for|to))\b", re.IGNORECASE
)
_REPORTED_PAST = re.compile(r"\b(?:said|told)\b", re.IGNORECASE)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|says|told|ago|last|earlier|reported|announced|killed|died|began|began|took|"
    r"came|went|met|held|signed|arrived|left|happened|occurred|started|ended|won|lost)\b",
    re.IGNORECASE,
)
# Any regular past tense ("predicted", "issued"), a weaker cue than the listed verbs; participles that
# usually look forward or describe (planned, expected, based, ...) and un-adjectives ("unspecified") are left out.
_PAST_ED_CUE = re.compile(
    r"\b(?!(?:need|speed|feed|seed|breed|bleed|proceed|succeed|exceed|hundred|kindred|shed|wed|bed|red|led|fled|"
    r"armed|based|expected|scheduled|planned|proposed|supposed|intended|unexpected|detailed|interested|"
    r"concerned|related|limited|advanced|registered|listed|used|owned|aged|skilled|talented|wanted|needed|"
    r"required|anticipated|projected|estimated|forecasted|slated|elected|designated|united)\b|un)[a-z]{3,}ed\b"
)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|payable|expires?|expiring|record|effective|through|until|till)\s+$", re.IGNORECASE
)
_SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9\"”')\]])[.!?]+[\"”')\]]*\s+(?=[\"“'(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Sgt|St|No|vs|Inc|Co|Corp|Ltd|Jr|Sr|Prof)"
    r"|\b[A-Z])\.$"
)


# ---------------------------------------------------------------------------------------------- date arithmetic
def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "independence day": lambda y: dt.date(y, 7, 4),
    "bastille day": lambda y: dt.date(y, 7, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    "victory day": lambda y: dt.date(y, 5, 9),
    "may day": lambda y: dt.date(y, 5, 1),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: (
        _nth_weekday(y, 5, 0, 5) if _nth_weekday(y, 5, 0, 5).month == 5 else _nth_weekday(y, 5, 0, 4)
    ),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "easter sunday": _easter,
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
}
_HOLIDAY = "(?:" + "|".join(re.escape(h).replace("'", "['’]") for h in sorted(HOLIDAYS, key=len, reverse=True)) + ")"


# ---------------------------------------------------------------------------------------------- context
@dataclass
class _Context:
    text: str
    anchor: dt.date | None
    sentence_starts: list[int]
    reference: dt.date | None = None  # the date the text was last talking about
    reference_granularity: str = "day"

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        s = self.sentence_starts[i] if i >= 0 else 0
        e = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return s, max(e, end)

    def looks_forward(self, start: int, end: int) -> bool:
        return self.tense(start, end) == "future"

    def tense(self, start: int, end: int) -> str | None:
        """'future' or 'past' from the verb cue nearest the expression in its sentence, else None.

        Cues before the expression weigh more: in English the verb that governs a date usually precedes it.
        """
        s, e = self.sentence(start, end)
        best: tuple[float, str] | None = None
        cues = [("future", _FUTURE_CUE), ("past", _PAST_CUE), ("past-weak", _PAST_ED_CUE)]
        if not _REPORTED_PAST.search(self.text, s, e):
            cues.append(("future", _WEAK_FUTURE_CUE))
        for label, pattern in cues:
            for cue in pattern.finditer(self.text, s, e):
                if cue.start() >= start and cue.end() <= end:
                    continue
                distance = start - cue.end() if cue.end() <= start else 1.5 * (cue.start() - end) + 10
                if label == "future":
                    distance -= 5
                elif label == "past-weak":
                    distance += 5
                if best is None or distance < best[0]:
                    best = (distance, label)
        return best[1].removesuffix("-weak") if best else None


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for match in _SENTENCE_END_RE.finditer(text):
        before = text[max(0, match.start() - 6) : match.start() + 1]
        if text[match.start()] == "." and _ABBREVIATIONS.search(before):
            continue
        starts.append(match.end())
    return starts


# ---------------------------------------------------------------------------------------------- resolution helpers
@dataclass(frozen=True)
class _Value:
    value: str
    granularity: str
    range_end: str | None = None
    type: str = "DATE"
    day: dt.date | None = field(default=None, compare=False)  # a representative day, for the reference time


def _day_value(day: dt.date) -> _Value:
    return _Value(day.isoformat(), "day", day=day)


def _month_value(year: int, month: int) -> _Value:
    return _Value(f"{year:04d}-{month:02d}", "month", day=dt.date(year, month, 1))


def _year_value(year: int) -> _Value:
    return _Value(f"{year:04d}", "year", day=dt.date(year, 1, 1) if 1 <= year <= 9999 else None)


def _nearest(ctx: _Context, before: dt.date | None, after: dt.date | None, start: int, end: int) -> dt.date | None:
    """Choose between the candidate on or before the anchor and the one on or after it.

    A verb that looks forward decides for the later one; otherwise the earlier one wins unless the later
    one is much nearer (a deadline a week away is not a date eleven months ago).
    """
    if before is None or after is None:
        return before or after
    anchor = ctx.anchor or before
    if ctx.tense(start, end) == "future":
        return after
    if _DEADLINE_BEFORE.search(ctx.text, max(0, start - 12), start):
        # "by", "until", "payable": usually ahead, but a deadline just passed is reported too ("by Jan. 14"
        # in a story of Jan. 15)
        return before if 4 * (anchor - before).days < (after - anchor).days else after
    return after if 2 * (after - anchor).days < (anchor - before).days else before


def _resolve_month_day(ctx: _Context, month: int, day: int, start: int, end: int) -> _Value:
    """A day of a month with no year: the one before the anchor unless the sentence looks forward."""
    anchor = ctx.anchor
    if anchor is None:
        return _Value(f"XXXX-{month:02d}-{day:02d}", "day")
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if not candidates:
        return _Value(f"XXXX-{month:02d}-{day:02d}", "day")
    before = max((d for d in candidates if d <= anchor), default=None)
    after = min((d for d in candidates if d >= anchor), default=None)
    return _day_value(_nearest(ctx, before, after, start, end) or candidates[0])


def _resolve_month(ctx: _Context, month: int, start: int, end: int, relation: str | None) -> _Value:
    anchor = ctx.anchor
    if anchor is None:
        return _Value(f"XXXX-{month:02d}", "month")
    if relation == "last":
        return _month_value(anchor.year if month < anchor.month else anchor.year - 1, month)
    if relation == "next":
        return _month_value(anchor.year if month > anchor.month else anchor.year + 1, month)
    if relation == "this" or month == anchor.month:
        return _month_value(anchor.year, month)
    before = dt.date(anchor.year if month < anchor.month else anchor.year - 1, month, 1)
    after = dt.date(anchor.year if month > anchor.month else anchor.year + 1, month, 1)
    if ctx.tense(start, end) == "past" and not _DEADLINE_BEFORE.search(ctx.text, max(0, start - 12), start):
        chosen = before
    else:
        chosen = _nearest(ctx, before, after, start, end) or before
    return _month_value(chosen.year, month)


def _resolve_weekday(ctx: _Context, weekday: int, start: int, end: int, relation: str | None) -> _Value:
    anchor = ctx.anchor
    if anchor is None:
        return _Value(f"XXXX-WXX-{weekday + 1}", "day")
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if relation == "last":
        day = anchor - dt.timedelta(days=back or 7)
    elif relation == "next":
        day = anchor + dt.timedelta(days=ahead or 7)
    elif relation == "this":
        day = anchor + dt.timedelta(days=ahead)
    else:
        tense = ctx.tense(start, end)
        day = anchor + dt.timedelta(days=ahead) if tense == "future" else anchor - dt.timedelta(days=back)
    return _day_value(day)


def _number(text: str) -> int | None:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def _shift(anchor: dt.date, unit: str, amount: int) -> _Value:
    """The period `amount` units away from the anchor (negative: in the past)."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return _day_value(anchor + dt.timedelta(days=amount))
    if unit == "week":
        return _Value(_iso_week(anchor + dt.timedelta(weeks=amount)), "week", day=anchor + dt.timedelta(weeks=amount))
    if unit == "month":
        y, m = _add_months(anchor.year, anchor.month, amount)
        return _month_value(y, m)
    if unit == "year":
        return _year_value(anchor.year + amount)
    if unit == "quarter":
        q_index = anchor.year * 4 + _quarter(anchor) - 1 + amount
        return _Value(
            f"{q_index // 4:04d}-Q{q_index % 4 + 1}", "quarter", day=dt.date(q_index // 4, (q_index % 4) * 3 + 1, 1)
        )
    if unit == "decade":
        year = anchor.year + 10 * amount
        return _Value(f"{year // 10:03d}X", "decade", day=dt.date(year, 1, 1))
    if unit == "centurie" or unit == "century":
        year = anchor.year + 100 * amount
        return _Value(f"{year // 100:02d}", "century", day=dt.date(max(year, 1), 1, 1))
    raise ValueError(unit)


_UNRESOLVED = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "month": "XXXX-XX",
    "year": "XXXX",
    "quarter": "XXXX-QX",
    "decade": "XXXX",
    "century": "XXXX",
    "season": "XXXX",
    "weekend": "XXXX-WXX-WE",
}


# ---------------------------------------------------------------------------------------------- rules
Resolver = Callable[[re.Match[str], _Context], "_Value | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    priority: int = 0


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str, flags: int = 0, priority: int = 0) -> Callable[[Resolver], Resolver]:
    def register(func: Resolver) -> Resolver:
        _RULES.append(_Rule(name, re.compile(pattern, flags), func, priority))
        return func

    return register


def _month_of(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _year_int(text: str) -> int:
    return int(text)


# Full dates -----------------------------------------------------------------------------------------
@_rule(
    "weekday_month_day_year",
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:\s*(?:-|–|to|through|and)\s*(?P<d2>{_DAY}))?,?\s+(?P<y>{_YEAR})\b(?!\s*(?:-|–)\d)",
    priority=3,
)
def _full_mdy(m: re.Match[str], ctx: _Context) -> _Value | None:
    day = _safe_date(int(m["y"]), _month_of(m["m"]), int(re.sub(r"\D", "", m["d"])))
    return _day_range(_day_value(day), m["d2"]) if day else None


def _day_range(value: _Value, last_day_text: str | None) -> _Value:
    """'Jan 9-10': the range's end is the same month's later day, when there is one."""
    if not last_day_text or value.day is None:
        return value
    end_day = _safe_date(value.day.year, value.day.month, int(re.sub(r"\D", "", last_day_text)))
    if end_day and end_day > value.day:
        return _Value(value.value, "day", end_day.isoformat(), day=value.day)
    return value


@_rule(
    "day_month_year",
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{_DAY})(?:\s*(?:-|–)\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b",
    priority=3,
)
def _full_dmy(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _full_mdy(m, ctx)


@_rule(
    "iso_date",
    r"(?<![\d-])(?P<y>1[6-9]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
    priority=3,
)
def _iso(m: re.Match[str], ctx: _Context) -> _Value | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day_value(day) if day else None


@_rule("numeric_date", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])", priority=3)
def _numeric(m: re.Match[str], ctx: _Context) -> _Value | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if a <= 12 else (b, a)
    result = _safe_date(int(m["y"]), month, day)
    return _day_value(result) if result else None


# Month and day, no year -----------------------------------------------------------------------------
@_rule(
    "month_day",
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:\s*(?:-|–|to|through|and)\s*(?P<d2>{_DAY}))?(?![\d,]*\d)(?!\s*(?:%|per\s*cent|percent))\b",
    priority=2,
)
def _month_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    month, day = _month_of(m["m"]), int(re.sub(r"\D", "", m["d"]))
    if m["m"] in ("May", "MAY", "Mar", "Jun") and not re.match(r"\d", m["d"]):
        return None
    if _safe_date(2000, month, day) is None:
        return None
    return _day_range(_resolve_month_day(ctx, month, day, m.start(), m.end()), m["d2"])


@_rule(
    "day_month",
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{_DAY})(?:\s*(?:-|–)\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?))\b(?!\s+\d)",
    priority=2,
)
def _day_month(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _month_day(m, ctx)


# Month and year ------------------------------------------------------------------------------------
@_rule(
    "month_year",
    rf"\b(?:(?P<mod>early|mid|late|the\s+(?:start|beginning|end|middle)\s+of)[-\s]+)?(?P<m>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b",
    re.IGNORECASE,
    priority=2,
)
def _month_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    if not m["m"][0].isupper():
        return None
    return _month_value(int(m["y"]), _month_of(m["m"]))


@_rule(
    "month_relative_year",
    rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
    priority=2,
)
def _month_rel_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    month = _month_of(m["m"])
    if ctx.anchor is None:
        return _Value(f"XXXX-{month:02d}", "month")
    year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return _month_value(year, month)


# Month alone -------------------------------------------------------------------------------------
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


@_rule(
    "month_modified",
    rf"\b(?P<mod>(?:[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+(?:start|beginning|end|middle)\s+of|[Ll]ast|[Nn]ext|[Tt]his|[Tt]his\s+past|[Ee]arly\s+last|[Ll]ate\s+last|[Ee]arly\s+next|[Ll]ate\s+next))[-\s]+(?P<m>{_MONTH_FULL})\b(?!\s+\d)",
    priority=1,
)
def _month_modified(m: re.Match[str], ctx: _Context) -> _Value | None:
    mod = m["mod"].lower()
    relation = (
        "last" if "last" in mod or "past" in mod else "next" if "next" in mod else "this" if mod == "this" else None
    )
    return _resolve_month(ctx, _month_of(m["m"]), m.start(), m.end(), relation)


@_rule(
    "month_in_context",
    rf"\b(?P<lead>(?P<prep>[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Dd]uring|[Ff]rom|[Tt]hrough|[Tt]hroughout|[Bb]efore|[Aa]fter|"
    rf"between|of|to|and|or|for|[Ss]ince\s+early|[Ss]ince\s+late)\s+|(?P<det>(?:[Aa]n?|[Tt]he)\s+))"
    rf"(?P<m>{_MONTH_FULL})\b(?!\s+\d)",
    priority=0,
)
def _month_alone(m: re.Match[str], ctx: _Context) -> _Value | None:
    if m["m"] == "May" and (m["det"] or m["prep"] in ("and", "or", "to", "for", "by", "By", "of")):
        return None  # "Theresa May", "the May government", "pressure by May"
    if m["det"] and not re.match(r"\s+[a-z]", ctx.text[m.end() : m.end() + 2]):
        return None  # "a June agreement" is a month; "the March" alone is not enough
    return _resolve_month(ctx, _month_of(m["m"]), m.start("m"), m.end(), None)


# Years, decades, centuries ---------------------------------------------------------------------------
_YEAR_BAD_FOLLOWERS = (
    r"(?:km|kilomet|miles?|metres?|meters?|kg|tons?|tonnes?|people|persons|troops|soldiers|personnel|men|women|"
    r"children|pounds|dollars|euros|rubles?|roubles?|barrels|feet|ft|hectares|acres|votes|seats|units|cars|"
    r"vehicles|jobs|workers|employees|shares|points|percent|per\s+cent|residents|cases|deaths|hours|minutes|"
    r"calories|words|pages|copies|rioters|protesters|houses|homes|beds)\b"
)


@_rule(
    "year_range",
    rf"\b(?P<lead>(?:from|between)\s+)?(?P<y1>{_YEAR})\s*(?:-|–|—|to|through|and|until)\s*(?P<y2>{_YEAR}|\d\d)\b(?![-–]\d)",
    priority=2,
)
def _year_range(m: re.Match[str], ctx: _Context) -> _Value | None:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else (first // 100) * 100 + int(second_text)
    if not first < second <= first + 100:
        return None
    return _Value(f"{first:04d}", "year", f"{second:04d}", day=dt.date(first, 1, 1))


_CLOCK_FOLLOWERS = re.compile(
    r"\s*(?:GMT|UTC|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|MSK|IST|JST|hrs|hours|h|local(?:\s+time)?)\b",
    re.IGNORECASE,
)


@_rule(
    "year",
    rf"(?<![\d$£€#.,/:-])(?<!No\.\s)(?P<mod>(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s])?(?P<y>{_YEAR})(?![\d%,.:/-]\d|\d|\s*(?:%|per\s*cent))(?:['’]s\b)?",
    priority=0,
)
def _year(m: re.Match[str], ctx: _Context) -> _Value | None:
    year = int(m["y"])
    after = ctx.text[m.end() : m.end() + 24]
    before = ctx.text[max(0, m.start() - 24) : m.start()]
    temporal_before = re.search(
        r"(?:\b(?:in|since|until|till|by|from|during|of|before|after|through|to|between|and|early|late|mid|fiscal|year|"
        r"the|around|circa|c\.|summer|winter|spring|autumn|fall|end|start|beginning|middle)[\s-]*|[(,]\s*)$",
        before,
        re.IGNORECASE,
    )
    if re.match(r"\s+" + _YEAR_BAD_FOLLOWERS, after, re.IGNORECASE) and not temporal_before:
        return None
    if _CLOCK_FOLLOWERS.match(after):
        return None  # a 24-hour clock time: "1600 GMT", "at 0930 local time"
    if (
        re.match(r"\s+[a-z]+s\b", after)
        and not temporal_before
        and not re.match(r"\s+(?:was|is|has|as|levels?)\b", after)
    ):
        return None
    if year < 1800 and not temporal_before:
        return None
    return _year_value(year)


@_rule(
    "decade",
    r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s])?(?P<dec>1[6-9]\d0|20\d0|['’]\d0)['’]?s\b(?:\s*(?:-|–|to|and)\s*(?:the\s+)?(?P<dec2>1[6-9]\d0|20\d0)['’]?s\b)?",
    re.IGNORECASE,
    priority=2,
)
def _decade(m: re.Match[str], ctx: _Context) -> _Value | None:
    text = m["dec"]
    if text[0] in "'’":
        century = (ctx.anchor.year // 100) if ctx.anchor else 19
        year = century * 100 + int(text[1:])
        if ctx.anchor and year > ctx.anchor.year:
            year -= 100
    else:
        year = int(text)
    value = f"{year // 10:03d}X"
    end = f"{int(m['dec2']) // 10:03d}X" if m["dec2"] else None
    return _Value(value, "decade", end, day=dt.date(year, 1, 1))


@_rule(
    "century",
    r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b|\b(?:the\s+)?(?P<w>nineteenth|twentieth|twenty-first)\s+century\b",
    re.IGNORECASE,
    priority=1,
)
def _century(m: re.Match[str], ctx: _Context) -> _Value | None:
    n = int(m["n"]) if m["n"] else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}[m["w"].lower()]
    return _Value(f"{n - 1:02d}", "century", day=dt.date(max((n - 1) * 100, 1), 1, 1))


# Weekdays and parts of days ------------------------------------------------------------------------
@_rule(
    "weekday",
    rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his\s+coming|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater|[Tt]he\s+previous|[Tt]he\s+following)\s+)?(?P<wd>{_WEEKDAY})(?:['’]s)?(?:\s+(?P<part>{_PART}))?\b",
    priority=1,
)
def _weekday(m: re.Match[str], ctx: _Context) -> _Value | None:
    rel = (m["rel"] or "").lower()
    relation = (
        "last"
        if rel in ("last", "the previous")
        else "next"
        if rel in ("next", "the following", "this coming")
        else None
    )
    return _resolve_weekday(ctx, WEEKDAYS[m["wd"].lower()], m.start(), m.end(), relation)


@_rule(
    "deictic_day",
    rf"\b(?:(?P<mod>[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+)?(?P<w>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Tt]his\s+{_PART}|[Ll]ast\s+night)(?:['’]s)?(?:\s+(?P<part>{_PART}))?\b",
    priority=1,
)
def _deictic(m: re.Match[str], ctx: _Context) -> _Value | None:
    word = m["w"].lower().split()[0]
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}[word]
    if ctx.anchor is None:
        return _Value("XXXX-XX-XX", "day")
    return _day_value(ctx.anchor + dt.timedelta(days=offset))


@_rule(
    "holiday",
    rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>{_HOLIDAY})\b(?:\s+(?P<y>{_YEAR})\b)?",
    re.IGNORECASE,
    priority=1,
)
def _holiday(m: re.Match[str], ctx: _Context) -> _Value | None:
    if not m["h"][0].isupper():
        return None
    compute = HOLIDAYS[m["h"].lower().replace("’", "'")]
    if m["y"]:
        return _day_value(compute(int(m["y"])))
    if ctx.anchor is None:
        return None
    this_year = compute(ctx.anchor.year)
    rel = (m["rel"] or "").lower()
    if rel == "last" or (not rel and this_year > ctx.anchor and not ctx.looks_forward(m.start(), m.end())):
        day = this_year if this_year < ctx.anchor else compute(ctx.anchor.year - 1)
        if rel != "last" and this_year <= ctx.anchor:
            day = this_year
    elif rel == "next" and this_year <= ctx.anchor:
        day = compute(ctx.anchor.year + 1)
    else:
        day = this_year
    return _day_value(day)


# Relative periods ------------------------------------------------------------------------------------
_REL_UNIT = r"(?P<unit>week|month|year|quarter|decade|century|weekend|spring|summer|autumn|fall|winter)"


@_rule(
    "relative_period",
    rf"\b(?P<mod>(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate|[Mm]id)[-\s]+)?(?P<lead>[Ii]n\s+)?(?:the\s+)?(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his\s+past|[Tt]he\s+past|[Tt]he\s+coming|[Tt]he\s+previous|[Tt]he\s+current|[Tt]he\s+following|[Tt]he\s+latest|[Tt]he\s+same|[Tt]hat|[Cc]urrent|[Pp]revious|[Cc]oming)\s+{_REL_UNIT}\b(?:['’]s)?",
    priority=1,
)
def _relative_period(m: re.Match[str], ctx: _Context) -> _Value | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    anaphoric = rel in ("that", "the same", "the following", "the previous")
    base = (ctx.reference if anaphoric else ctx.anchor) or ctx.anchor
    if base is None:
        return _Value(_UNRESOLVED.get(unit, "XXXX"), "season" if unit in SEASONS else unit)
    step = {
        "last": -1,
        "this past": -1,
        "the past": -1,
        "the previous": -1,
        "previous": -1,
        "next": 1,
        "the coming": 1,
        "coming": 1,
        "the following": 1,
    }.get(rel, 0)
    if unit in SEASONS:
        code = SEASONS[unit]
        year = base.year
        season_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        if step < 0 and (base.month <= season_month + 2 or code == "WI"):
            year -= 1 if base.month < season_month + 3 or code == "WI" else 0
        elif step > 0 and base.month >= season_month:
            year += 1
        return _Value(f"{year:04d}-{code}", "season", day=dt.date(year, season_month, 1))
    if unit == "weekend":
        saturday = base + dt.timedelta(days=(5 - base.weekday()) % 7)
        if step < 0 or (step == 0 and saturday > base and not ctx.looks_forward(m.start(), m.end()) and rel != "this"):
            saturday -= dt.timedelta(days=7)
        elif step > 0 and saturday <= base:
            saturday += dt.timedelta(days=7)
        return _weekend_value(saturday)
    if unit == "quarter" and rel in ("the latest", "the past", "this past"):
        step = -1
    return _shift(base, unit, step)


@_rule("the_weekend", r"\b(?P<lead>(?:over|during|at|on)\s+)?[Tt]he\s+weekend\b", priority=0)
def _the_weekend(m: re.Match[str], ctx: _Context) -> _Value | None:
    """'over the weekend': the one just past, unless the sentence looks forward."""
    if ctx.anchor is None:
        return _Value("XXXX-WXX-WE", "weekend")
    saturday = ctx.anchor + dt.timedelta(days=(5 - ctx.anchor.weekday()) % 7)
    if saturday > ctx.anchor and not ctx.looks_forward(m.start(), m.end()):
        saturday -= dt.timedelta(days=7)
    return _weekend_value(saturday)


def _weekend_value(saturday: dt.date) -> _Value:
    return _Value(f"{_iso_week(saturday)}-WE", "weekend", day=saturday)


@_rule(
    "ago",
    rf"\b(?:(?:about|some|nearly|almost|around|roughly|more\s+than|less\s+than|over|just|only)\s+)?(?P<n>{_NUM}|several|a\s+few|few|many)\s+(?P<unit>days?|weeks?|months?|years?|decades?|centuries|century)\s+(?P<dir>ago|earlier|before|later|after|hence|from\s+now|back)\b",
    re.IGNORECASE,
    priority=2,
)
def _ago(m: re.Match[str], ctx: _Context) -> _Value | None:
    n = _number(m["n"])
    direction = m["dir"].lower()
    anaphoric = direction in ("earlier", "before", "later", "after")
    base = (ctx.reference if anaphoric else ctx.anchor) or ctx.anchor
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    unit = m["unit"].lower()
    if n == 1 and unit == "year" and sign < 0 and (quarter := _year_before_reported_quarter(ctx)):
        return quarter
    if n is None:
        return _Value("FUTURE_REF" if sign > 0 else "PAST_REF", "ref")
    if base is None:
        return _Value(_UNRESOLVED.get(unit.rstrip("s"), "XXXX"), unit.rstrip("s"))
    return _shift(base, unit, sign * n)


def _year_before_reported_quarter(ctx: _Context) -> _Value | None:
    """In results reporting, 'a year earlier' compares with the same quarter of the previous year."""
    if ctx.reference_granularity != "quarter" or ctx.reference is None:
        return None
    q = _quarter(ctx.reference)
    return _Value(f"{ctx.reference.year - 1:04d}-Q{q}", "quarter", day=dt.date(ctx.reference.year - 1, 3 * q - 2, 1))


@_rule(
    "a_unit_ago",
    r"\b(?P<n>a|an|one)\s+(?P<unit>day|week|month|year|decade)\s+(?P<dir>ago|earlier|before|later|after)\b",
    re.IGNORECASE,
    priority=2,
)
def _a_unit_ago(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _ago(m, ctx)


@_rule(
    "this_period_modified",
    r"\b(?P<mod>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+(?:in\s+)?(?P<rel>this|that|last|next|the)\s+(?P<unit>week|month|year)\b",
    priority=2,
)
def _this_period_modified(m: re.Match[str], ctx: _Context) -> _Value | None:
    rel = m["rel"].lower()
    base = ctx.reference if rel == "that" and ctx.reference else ctx.anchor
    if base is None:
        return _Value(_UNRESOLVED[m["unit"].lower()], m["unit"].lower())
    step = {"last": -1, "next": 1}.get(rel, 0)
    return _shift(base, m["unit"], step)


@_rule(
    "year_boundary",
    r"\b(?:the\s+)?(?P<which>start|beginning|end|turn|middle)\s+of\s+(?:the\s+)?(?P<rel>new|this|last|next|that|current|coming)?\s*(?P<unit>year|month|week|decade|century)\b",
    re.IGNORECASE,
    priority=2,
)
def _boundary(m: re.Match[str], ctx: _Context) -> _Value | None:
    rel = (m["rel"] or "").lower()
    base = ctx.reference if rel == "that" and ctx.reference else ctx.anchor
    unit = m["unit"].lower()
    if base is None:
        return _Value(_UNRESOLVED.get(unit, "XXXX"), unit)
    step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    if rel == "new" and unit == "year" and base.month >= 10:
        step = 1
    return _shift(base, unit, step)


@_rule(
    "year_end",
    r"\b(?:(?P<y>1[6-9]\d\d|20\d\d)\s+)?(?:year[-\s]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year)\b",
    re.IGNORECASE,
    priority=1,
)
def _year_end(m: re.Match[str], ctx: _Context) -> _Value | None:
    if m["y"]:
        return _year_value(int(m["y"]))
    return _year_value(ctx.anchor.year) if ctx.anchor else _Value("XXXX", "year")


@_rule(
    "season_year",
    rf"\b(?:the\s+)?(?:(?P<mod>early|late|mid)[-\s])?(?P<s>{_SEASON})\s+(?:of\s+)?(?P<y>{_YEAR})\b",
    re.IGNORECASE,
    priority=2,
)
def _season_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    code = SEASONS[m["s"].lower()]
    return _Value(f"{int(m['y']):04d}-{code}", "season", day=dt.date(int(m["y"]), 1, 1))


# Quarters and halves --------------------------------------------------------------------------------
@_rule(
    "quarter",
    rf"\b(?:(?P<lead>(?:its|a|an|their|his|her)\s+)|(?:the|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+)?(?:(?P<y0>{_YEAR})\s+)?(?:(?:fiscal|flat|calendar|current|latest|comparable|corresponding|same)[-\s]+)?(?P<ord>{_ORD})[-\s](?P<unit>quarter|half|period)(?:(?:\s+of|,)\s+(?:fiscal\s+)?(?P<y>{_YEAR}))?\b",
    re.IGNORECASE,
    priority=2,
)
def _quarter_rule(m: re.Match[str], ctx: _Context) -> _Value | None:
    number = _ORDINALS[m["ord"].lower()]
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
            current = _quarter(ctx.anchor) if letter == "Q" else (1 if ctx.anchor.month <= 6 else 2)
            if number > current and not ctx.looks_forward(m.start(), m.end()):
                year -= 1
    else:
        return _Value(f"XXXX-{letter}{number}", "quarter" if letter == "Q" else "half")
    first_month = 3 * number - 2 if letter == "Q" else 6 * number - 5
    return _Value(
        f"{year:04d}-{letter}{number}", "quarter" if letter == "Q" else "half", day=dt.date(year, first_month, 1)
    )


@_rule(
    "reported_quarter",
    r"\b(?:the|this|that|its)\s+(?:(?P<kind>latest|recent|current|most\s+recent|fiscal|just-ended|year-ago|year-earlier|comparable|same)\s+)?(?:(?P<kind2>year-ago|year-earlier|fiscal)\s+)?quarter\b(?:\s+a\s+year\s+(?:ago|earlier))?",
    re.IGNORECASE,
    priority=1,
)
def _reported_quarter(m: re.Match[str], ctx: _Context) -> _Value | None:
    if ctx.anchor is None:
        return _Value("XXXX-QX", "quarter")
    whole = m.group(0).lower()
    if "current" in whole:
        return _shift(ctx.anchor, "quarter", 0)
    value = _shift(ctx.anchor, "quarter", -1)
    if "year-ago" in whole or "year-earlier" in whole or "a year" in whole:
        year, q = value.value.split("-Q")
        return _Value(f"{int(year) - 1:04d}-Q{q}", "quarter", day=value.day)
    return value


@_rule("fiscal_year", rf"\b(?:fiscal|FY)\s*(?:year\s+)?(?P<y>{_YEAR})\b", priority=2)
def _fiscal(m: re.Match[str], ctx: _Context) -> _Value | None:
    return _year_value(int(m["y"]))


# Reference words ----------------------------------------------------------------------------------
@_rule(
    "relative_year_word",
    r"\b(?P<w>[Ll]ast\s+year|[Tt]his\s+year|[Nn]ext\s+year|[Tt]he\s+past\s+year|[Tt]he\s+previous\s+year|[Tt]he\s+following\s+year|[Tt]hat\s+year|[Tt]he\s+same\s+year|[Tt]he\s+current\s+year|[Tt]he\s+(?:current\s+)?fiscal\s+year|[Tt]he\s+full\s+year|[Yy]ear[-\s]ago|[Yy]ear[-\s]earlier)(?:['’]s)?\b",
    priority=1,
)
def _relative_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    w = " ".join(m["w"].lower().replace("-", " ").split())
    anaphoric = w in ("that year", "the same year", "the following year", "the previous year")
    base = (ctx.reference if anaphoric else ctx.anchor) or ctx.anchor
    if base is None:
        return _Value("XXXX", "year")
    step = (
        -1
        if w in ("last year", "the past year", "the previous year", "year ago", "year earlier")
        else 1
        if w
        in (
            "next year",
            "the following year",
        )
        else 0
    )
    if w in ("year ago", "year earlier") and (quarter := _year_before_reported_quarter(ctx)):
        return quarter  # results compared with the year-ago quarter
    return _year_value(base.year + step)


_DURATION_UNITS = {
    "minute": ("PT", "M", 1),
    "hour": ("PT", "H", 1),
    "day": ("P", "D", 1),
    "week": ("P", "W", 1),
    "month": ("P", "M", 1),
    "quarter": ("P", "Q", 1),
    "year": ("P", "Y", 1),
    "decade": ("P", "Y", 10),
    "centur": ("P", "Y", 100),
}
_VAGUE_AMOUNT = r"several|a\s+few|few|many|some|a\s+couple\s+of|a\s+number\s+of"


@_rule(
    "duration",
    r"\b(?P<lead>(?:for|over|during|in|lasting)\s+)?(?P<the>[Tt]he\s+(?:(?:past|next|last|first|coming|previous|"
    r"following|remaining|latest)\s+)?)?(?:(?P<n>\d+(?:\.\d+)?|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|"
    r"[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Hh]undred)"
    r"|(?P<vague>" + _VAGUE_AMOUNT + r"))(?:\s+(?:more|additional|full|straight|consecutive))?"
    r"(?P<sep>[-\s])(?P<unit>minute|hour|day|week|month|quarter|year|decade|centur)(?P<plural>s|y|ies)?\b",
    priority=-1,
)
def _duration(m: re.Match[str], ctx: _Context) -> _Value | None:
    """A length of time ("five years", "the past two months", "a two-year term"): TIMEX3 DURATION, never an
    event on the timeline."""
    after = ctx.text[m.end() : m.end() + 24]
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    if re.match(r"\s*(?:ago|earlier|later|before|after|hence|from\s+now|back|old\b|-old|of\s+age)", after, re.I):
        return None  # a date ("two years ago") or an age
    if re.search(r"\b(?:times|once|twice|per|every|each)\s+$", before, re.IGNORECASE):
        return None  # a frequency ("twice a day")
    amount = m["n"]
    unit = m["unit"].lower()
    if re.match(r"\s+or\s+(?:so|two|three|more|less)\b", after, re.IGNORECASE):
        return None  # "a week or so ago", "a year or two": vaguer than a length
    if unit == "quarter" and (
        (amount or "").lower() in ("a", "an") or (m["sep"] == "-" and m["plural"]) or re.match(r"\s+of\b", after)
    ):
        return None  # fractions: "a quarter of", "three-quarters"
    if (amount or "").lower() == "one" and unit == "day" and not (m["lead"] or m["the"]):
        return None  # "one day he will return": an indefinite time, not a length
    if amount and amount.isdigit() and len(amount) >= 4:
        return None  # "the 1988 quarter"
    if (amount or "").lower() in ("a", "an") and re.search(
        r"(?:\d\S*|million|billion|cents?|dollars?|percent|pounds?|euros?|tonnes?|barrels?)\s+$", before, re.IGNORECASE
    ):
        return None  # a rate: "$5 million a year", "2 percent a month"
    if amount is None:
        number = "X"
    elif amount.lower() in ("a", "an"):
        if m["the"] or m["sep"] == "-":
            return None
        number = "1"
    else:
        value = _number(amount) if not re.fullmatch(r"\d+\.\d+", amount) else None
        if value is None:
            if amount.lower() != "hundred" and not re.fullmatch(r"\d+\.\d+", amount):
                return None
            number = amount if amount.lower() != "hundred" else "100"
        elif value == 0:
            return None
        else:
            number = str(value)
    prefix, letter, scale = _DURATION_UNITS[unit]
    if number not in ("X",) and scale != 1 and "." not in number:
        number = str(int(number) * scale)
    elif number == "X" and scale != 1:
        letter = {10: "DE", 100: "CE"}[scale]
    return _Value(f"{prefix}{number}{letter}", "duration", type="DURATION")


_SET_UNITS = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P1Q", "hour": "PT1H"}


@_rule(
    "set",
    r"\b(?:[Ee]very|[Ee]ach)\s+(?:(?P<unit>day|week|month|year|quarter|hour)"
    rf"|(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)|(?P<month>{_MONTH}))\b",
    priority=0,
)
def _set(m: re.Match[str], ctx: _Context) -> _Value | None:
    """Recurring times ("every week", "each Thursday"): TIMEX3 SET, never an event on the timeline. Adverbs
    such as "daily" are left out: as often adjectives ("daily newspaper") as times."""
    if m["unit"]:
        value = _SET_UNITS[m["unit"]]
    elif m["wd"]:
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    else:
        value = f"XXXX-{_month_of(m['month']):02d}"
    return _Value(value, "set", type="SET")


_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SPELLED_TAIL = (
    rf"(?:(?P<tens>{_TENS})(?:[-\s](?P<units>{_UNITS}))?|(?P<teens>{_TEENS})|(?:oh|o)[-\s](?P<oh>{_UNITS})|hundred)"
)


@_rule(
    "spelled_year",
    r"\b(?P<lead>[Ii]n\s+)?(?P<theyear>[Tt]he\s+year\s+)?(?:(?P<c19>[Nn]ineteen)\s+"
    + _SPELLED_TAIL
    + rf"|(?P<c20>[Tt]wo\s+thousand)(?:\s+(?:and\s+)?(?P<small>{_TEENS}|{_UNITS}))?)\b",
    priority=1,
)
def _spelled_year(m: re.Match[str], ctx: _Context) -> _Value | None:
    """Years read out in broadcast transcripts: 'nineteen ninety-six', 'the year two thousand'."""
    if m["c20"]:
        if not (m["lead"] or m["theyear"]):
            return None  # "two thousand people"
        small = m["small"]
        return _year_value(2000 + (_NUMBER_WORDS[small.lower()] if small else 0))
    after = ctx.text[m.end() : m.end() + 24]
    if re.match(r"\s+(?:[a-z]+s|people|men|women|of|more|percent|per\s+cent)\b", after) and not re.match(
        r"\s+(?:was|is|has|as)\b", after
    ):
        return None  # "nineteen hundred soldiers"
    tail = 0
    if m["tens"]:
        tail = _NUMBER_WORDS[m["tens"].lower()] + (_NUMBER_WORDS[m["units"].lower()] if m["units"] else 0)
    elif m["teens"]:
        tail = _NUMBER_WORDS[m["teens"].lower()]
    elif m["oh"]:
        tail = _NUMBER_WORDS[m["oh"].lower()]
    return _year_value(1900 + tail)


@_rule(
    "anaphoric_day",
    r"\b(?:[Tt]hat\s+(?:same\s+)?day|[Tt]he\s+same\s+day|[Tt]he\s+(?:next|following|previous)\s+(?:day|morning|evening|night)|[Tt]he\s+day\s+(?:before|after))\b",
    priority=1,
)
def _anaphoric_day(m: re.Match[str], ctx: _Context) -> _Value | None:
    base = ctx.reference if ctx.reference and ctx.reference_granularity == "day" else None
    if base is None:
        return None
    whole = m.group(0).lower()
    offset = (
        1
        if ("next" in whole or "following" in whole or "after" in whole)
        else -1
        if ("previous" in whole or "before" in whole)
        else 0
    )
    return _day_value(base + dt.timedelta(days=offset))


@_rule(
    "vague",
    r"\b(?P<w>[Nn]ow|[Rr]ight\s+now|[Cc]urrently|[Pp]resently|[Nn]owadays|[Tt]hese\s+days|[Aa]t\s+present|[Rr]ecently|[Mm]ore\s+recently|[Uu]ntil\s+recently|(?P<lead>[Ii]n\s+)?[Tt]he\s+past|[Tt]he\s+(?:near\s+|distant\s+|foreseeable\s+)?future|[Ii]n\s+(?:the\s+)?coming\s+(?:days|weeks|months|years)|[Rr]ecent\s+(?:days|weeks|months|years))\b(?!\s+(?:\d|that|than))",
    priority=0,
)
def _vague(m: re.Match[str], ctx: _Context) -> _Value | None:
    w = m["w"].lower()
    if w.endswith("the past") and re.match(
        r"\s+(?:\d|few|several|two|three|four|five|decade|year|month|week)", ctx.text[m.end() :]
    ):
        return None
    if w in ("now",) and re.match(r"[-–]", ctx.text[m.end() : m.end() + 1]):
        return None
    if any(k in w for k in ("future", "coming")):
        return _Value("FUTURE_REF", "ref")
    if any(k in w for k in ("recent", "previous", "formerly", "past")):
        return _Value("PAST_REF", "ref")
    return _Value("PRESENT_REF", "ref")


# ---------------------------------------------------------------------------------------------- extraction
@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    rule: _Rule
    match: re.Match[str]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Spans hold the expression alone: no surrounding space or punctuation, no possessive 's."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end - start > 2 and text[end - 2] in "'’" and text[end - 1] == "s" and text[end - 3].isalpha():
        end -= 2
    return start, end


_MONTH_TRIGGER = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_YEAR_TRIGGER = r"\d\d\d\d"
# Each rule runs only in windows around its trigger: a literal the rule cannot match without. Literal
# alternations are scanned an order of magnitude faster than patterns that open with \b and options.
_TRIGGERS: dict[str, str] = {
    "weekday_month_day_year": _MONTH_TRIGGER,
    "day_month_year": _MONTH_TRIGGER,
    "month_day": _MONTH_TRIGGER,
    "day_month": _MONTH_TRIGGER,
    "month_year": _MONTH_TRIGGER,
    "month_relative_year": _MONTH_TRIGGER,
    "month_modified": _MONTH_TRIGGER,
    "month_in_context": _MONTH_TRIGGER,
    "iso_date": r"\d\d\d\d-\d",
    "numeric_date": r"\d/\d",
    "year_range": _YEAR_TRIGGER,
    "year": _YEAR_TRIGGER,
    "decade": r"0['’]?s",
    "century": "entury",
    "weekday": "(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
    "deictic_day": "[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|(?:morning|afternoon|evening|night)",
    "holiday": "[Dd]ay|[Cc]hristmas|[Tt]hanksgiving|[Ee]aster|[Hh]alloween|[Ee]ve",
    "relative_period": "week|month|year|quarter|decade|centur|spring|summer|autumn|fall|winter",
    "ago": "ago|earlier|before|later|after|hence|from now|back",
    "a_unit_ago": "ago|earlier|before|later|after",
    "the_weekend": "weekend",
    "this_period_modified": "week|month|year",
    "year_boundary": "[Ss]tart of|[Bb]eginning of|[Ee]nd of|[Tt]urn of|[Mm]iddle of",
    "year_end": "[Yy]ear|end of the year",
    "season_year": "[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter",
    "quarter": "[Qq]uarter|[Hh]alf|[Pp]eriod|QUARTER",
    "reported_quarter": "[Qq]uarter",
    "fiscal_year": "[Ff]iscal|FY",
    "relative_year_word": "[Yy]ear",
    "anaphoric_day": "day|morning|evening|night",
    "spelled_year": "[Nn]ineteen|[Tt]wo thousand",
    "duration": "minute|hour|day|week|month|quarter|year|decade|centur",
    "set": "[Ee]very|[Ee]ach",
    "vague": "[Nn]ow|[Cc]urrently|[Pp]resently|[Rr]ecent|[Ff]uture|[Cc]oming|[Pp]ast|[Pp]resent|[Tt]hese days",
}
_TRIGGER_RES = {name: re.compile(pattern) for name, pattern in _TRIGGERS.items()}
_WINDOW_BEFORE, _WINDOW_AFTER = 60, 80


def _windows(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged spans of text around every trigger hit."""
    spans: list[tuple[int, int]] = []
    size = len(text)
    for hit in trigger.finditer(text):
        start, end = max(0, hit.start() - _WINDOW_BEFORE), min(size, hit.end() + _WINDOW_AFTER)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    for rule in _RULES:
        trigger = _TRIGGER_RES.get(rule.name)
        spans = _windows(trigger, text) if trigger else [(0, len(text))]
        has_lead = "lead" in rule.pattern.groupindex
        for window_start, window_end in spans:
            for match in rule.pattern.finditer(text, window_start, window_end):
                lead = match.end("lead") if has_lead and match.start("lead") == match.start() else match.start()
                start, end = _trim(text, lead, match.end())
                if start < end and (rule.name, start, end) not in seen:
                    seen.add((rule.name, start, end))
                    found.append(_Candidate(start, end, rule.priority, rule, match))
    found.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    return found


def extract_mentions(text: str, anchor: dt.date | None = None) -> list[Mention]:
    """Every temporal expression in `text`, with its TIMEX3 value resolved against `anchor`.

    `anchor` is the publication date of the text (or None when unknown: then year-less and relative
    expressions keep `X` placeholders). Offsets index into `text`; results are in text order.
    """
    if not text:
        return []
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    candidates = _candidates(text)
    rejected: set[int] = set()
    for _attempt in range(3):
        mentions, newly_rejected = _resolve(text, anchor, candidates, rejected)
        if not newly_rejected:
            break
        # a longer candidate that turned out not to be a date must not hide a shorter one ("the 1988 quarter")
        rejected |= newly_rejected
    return _join_ranges(text, mentions)


def _resolve(
    text: str, anchor: dt.date | None, candidates: list[_Candidate], rejected: set[int]
) -> tuple[list[Mention], set[int]]:
    """Take the longest candidates that do not overlap, resolve them in text order; also return the
    candidates (by index) that resolved to nothing while hiding another one."""
    taken = bytearray(len(text))
    chosen: list[tuple[int, _Candidate]] = []
    hidden = bytearray(len(text))
    for index, candidate in enumerate(candidates):
        if index in rejected:
            continue
        if any(taken[candidate.start : candidate.end]):
            hidden[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
            continue
        chosen.append((index, candidate))
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    chosen.sort(key=lambda item: item[1].start)

    ctx = _Context(text=text, anchor=anchor, sentence_starts=_sentence_starts(text), reference=anchor)
    mentions: list[Mention] = []
    newly_rejected: set[int] = set()
    for index, candidate in chosen:
        try:
            value = candidate.rule.resolve(candidate.match, ctx)
        except (ValueError, KeyError, OverflowError):
            value = None
        if value is None:
            if any(hidden[candidate.start : candidate.end]):
                newly_rejected.add(index)
            continue
        start, end = candidate.start, candidate.end
        mentions.append(
            Mention(start, end, text[start:end], value.value, value.granularity, value.range_end, value.type)
        )
        if value.day is not None and candidate.rule.name not in ("vague",):
            ctx.reference = value.day
            ctx.reference_granularity = value.granularity
    return mentions, newly_rejected


_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|through|until|till|and)\s*$")
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)


def _join_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    """`from Thursday to Friday`, `between 2016 and 2018`: two mentions become one range."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        current = mentions[i]
        if i + 1 < len(mentions):
            following = mentions[i + 1]
            gap = text[current.end : following.start]
            opener = _RANGE_OPEN.search(text[max(0, current.start - 12) : current.start])
            same_kind = current.granularity == following.granularity and current.range_end is None
            if (
                same_kind
                and _RANGE_JOIN.match(gap)
                and (opener or gap.strip() in ("-", "–", "—"))
                and not current.vague
            ):
                if following.value >= current.value or "X" in current.value:
                    out.append(
                        Mention(
                            current.start,
                            following.end,
                            text[current.start : following.end],
                            current.value,
                            current.granularity,
                            following.range_end or following.value,
                            current.type,
                        )
                    )
                    i += 2
                    continue
        out.append(current)
        i += 1
    return out


# ---------------------------------------------------------------------------------------------- timelines
@dataclass(frozen=True)
class Event:
    """One dated statement of an article: the sentence that holds a mention, and the mention's date."""

    article_id: str
    date: str
    granularity: str
    sentence: str
    mention: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    range_end: str | None = None
    resolved: bool = True
    anchor_inferred: bool = False

    @property
    def sort_key(self) -> tuple[int, int, int, str, int]:
        return (*_date_order(self.date, self.resolved), self.article_id, self.start)

    @property
    def first_day(self) -> dt.date | None:
        return period_bounds(self.date)[0] if self.resolved else None

    @property
    def last_day(self) -> dt.date | None:
        if not self.resolved:
            return None
        return period_bounds(self.range_end or self.date)[1]

    def as_written(self) -> str:
        return format_period(self.date, self.granularity, self.range_end)


@dataclass(frozen=True)
class ArticleTimeline:
    article_id: str
    anchor: dt.date | None
    anchor_inferred: bool
    anchor_note: str
    events: tuple[Event, ...]


def _date_order(value: str, resolved: bool = True) -> tuple[int, int, int]:
    """Unresolved last; then by first day; a longer period before the days it contains."""
    if not resolved or ("X" in value and not _DECADE_VALUE.fullmatch(value)):
        return (1, 0, 0)
    try:
        first, last = period_bounds(value)
    except (ValueError, AttributeError):
        return (1, 0, 0)
    return (0, first.toordinal(), -(last - first).days)


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a TIMEX3 date value (day, week, month, season, quarter, half, year, decade, century)."""
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return first + dt.timedelta(days=5), first + dt.timedelta(days=6)
        return first, first + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        y = int(m[1])
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[2]]
        first = dt.date(y, start_month, 1)
        last_y, last_m = _add_months(y, start_month, 2)
        return first, dt.date(last_y, last_m, calendar.monthrange(last_y, last_m)[1])
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := re.fullmatch(r"(\d{3})X", value):
        decade = int(m[1]) * 10
        return dt.date(max(decade, 1), 1, 1), dt.date(decade + 9, 12, 31)
    if m := re.fullmatch(r"(\d{2})", value):
        century = int(m[1]) * 100
        return dt.date(max(century, 1), 1, 1), dt.date(century + 99, 12, 31)
    return partial_bounds(value)


def format_period(value: str, granularity: str, range_end: str | None = None) -> str:
    """A date as a reader would write it: '2016-07-18', 'Jul 2016', '2016', 'Q3 1989', 'the 1920s'."""

    def one(v: str) -> str:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            return f"{calendar.month_abbr[int(m[2])]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-Q(\d)", v):
            return f"Q{m[2]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-H(\d)", v):
            return f"H{m[2]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            return f"{dict(SP='spring', SU='summer', FA='autumn', WI='winter')[m[2]]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})-WE", v):
            return f"weekend of {dt.date.fromisocalendar(int(m[1]), int(m[2]), 6).isoformat()}"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            return f"week {int(m[2])} of {m[1]}"
        if m := re.fullmatch(r"(\d{3})X", v):
            return f"the {m[1]}0s"
        if re.fullmatch(r"\d{2}", v):
            n = int(v) + 1
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"the {n}{suffix} century"
        return v

    return one(value) + (f" – {one(range_end)}" if range_end else "")


def infer_anchor(text: str, published: str | None) -> tuple[dt.date | None, bool, str]:
    """The date to resolve an article's relative dates against, whether it was inferred, and how.

    A full publication date is used as it is. A partial one (`2018-01`) is narrowed to the latest full date
    the text gives inside that period; with no publication date, the latest full date in the text is used.
    """
    if published and len(published) == 10:
        return dt.date.fromisoformat(published), False, f"published {published}"
    window = partial_bounds(published) if published else None
    provisional = window[1] if window else None
    latest: dt.date | None = None
    for mention in extract_mentions(text, provisional):
        if mention.granularity != "day" or not mention.resolved or not _HAS_DIGIT.search(mention.text):
            continue
        day = dt.date.fromisoformat(mention.value)
        if window and not (window[0] <= day <= window[1]):
            continue
        if not window and not _FULL_DATE_TEXT.search(mention.text):
            continue
        if latest is None or day > latest:
            latest = day
    if latest:
        how = f"latest date the text gives within {published}" if window else "latest full date in the text"
        return latest, True, f"{latest.isoformat()} ({how})"
    if window:
        return window[1], True, f"{window[1].isoformat()} (end of the publication period {published})"
    return None, False, "no date: relative and year-less dates are left unresolved"


_FULL_DATE_TEXT = re.compile(r"\d{4}")
_HAS_DIGIT = re.compile(r"\d")


def _sentence_span(text: str, starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, start) - 1
    s = starts[i] if i >= 0 else 0
    e = starts[i + 1] if i + 1 < len(starts) else len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


def article_timeline(article: Article, *, include_vague: bool = False) -> ArticleTimeline:
    """One event per distinct (date, sentence) of an article, sorted by date, unresolved ones last."""
    body, published, article_id = article.body, article.published, article.id
    anchor, inferred, note = infer_anchor(body, published)
    mentions = extract_mentions(body, anchor)
    starts = _sentence_starts(body)
    seen: set[tuple[str, int]] = set()
    events: list[Event] = []
    for mention in mentions:
        if mention.type != "DATE" or (mention.vague and not include_vague):
            continue  # a duration ("for three years") or a recurrence ("every week") is no point in time
        s, e = _sentence_span(body, starts, mention.start, mention.end)
        key = (mention.value, s)
        if key in seen:
            continue
        seen.add(key)
        sentence = " ".join(body[s:e].split())
        events.append(
            Event(
                article_id=article_id,
                date=mention.value,
                granularity=mention.granularity,
                sentence=sentence,
                mention=mention.text,
                start=mention.start,
                end=mention.end,
                sentence_start=s,
                sentence_end=e,
                range_end=mention.range_end,
                resolved=mention.resolved,
                anchor_inferred=inferred,
            )
        )
    events.sort(key=lambda ev: ev.sort_key)
    return ArticleTimeline(article_id, anchor, inferred, note, tuple(events))


@dataclass(frozen=True)
class DateGroup:
    """Everything the selected articles say about one date."""

    date: str
    granularity: str
    events: tuple[Event, ...]

    def heading(self) -> str:
        """The date as a reader writes it, or the partial value and a warning when no year is known."""
        if self.events and not self.events[0].resolved:
            return f"{self.date} (year unknown)"
        return format_period(self.date, self.granularity)


def corpus_timeline(
    articles: Iterable[Article],
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    ids: Iterable[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cache: dict[str, tuple[int, ArticleTimeline]] | None = None,
) -> list[DateGroup]:
    """Events of many articles merged and grouped by date; `start`/`end` keep periods that overlap them.

    Tagging a large corpus takes seconds: `progress(done, total)` is called as articles are read, and a
    `cache` dict kept by the caller between calls (article id -> timeline, checked against the article's
    text and date) makes the next call, with other filters, nearly free.
    """
    wanted = set(ids) if ids is not None else None
    first = _bound(start, 0)
    last = _bound(end, 1)
    groups: dict[str, list[Event]] = {}
    chosen = [a for a in articles if wanted is None or a.id in wanted]
    for done, article in enumerate(chosen, start=1):
        if progress is not None and (done % 250 == 0 or done == len(chosen)):
            progress(done, len(chosen))
        if cache is not None:
            key = hash((article.published, article.body))
            cached = cache.get(article.id)
            timeline = cached[1] if cached is not None and cached[0] == key else article_timeline(article)
            cache[article.id] = (key, timeline)
        else:
            timeline = article_timeline(article)
        for event in timeline.events:
            if (first or last) and not event.resolved:
                continue
            if first and event.last_day and event.last_day < first:
                continue
            if last and event.first_day and event.first_day > last:
                continue
            groups.setdefault(event.date, []).append(event)
    ordered = sorted(groups.items(), key=lambda item: (*_date_order(item[0], item[1][0].resolved), item[0]))
    return [
        DateGroup(date, events[0].granularity, tuple(sorted(events, key=lambda e: (e.article_id, e.start))))
        for date, events in ordered
    ]


def _bound(value: str | dt.date | None, side: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return partial_bounds(value)[side]
