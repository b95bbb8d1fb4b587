"""Expressions that are no point in time: durations ("five years"), recurrences ("every week") and
vague references ("now", "recently", "the future")."""

from __future__ import annotations

import re

from briefing.timex.lexicon import MONTH, SEASON, SEASONS, WEEKDAYS, month_of, number_value
from briefing.timex.resolve import Context, Value
from briefing.timex.rule import ex, no, rule

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
# Wire abbreviations: "Nine mths", "six mths to end-September", "two yrs".
_ABBREVIATED_UNITS = {"mth": "month", "yr": "year", "wk": "week", "qtr": "quarter"}
_VAGUE_AMOUNT = r"several|a\s+few|few|many|some|a\s+couple\s+of|a\s+number\s+of"
_DURATION_NUMBER = (
    r"\d+(?:\.\d+)?|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|"
    r"[Tt]welve|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Hh]undred"
)


def _duration(m: re.Match[str], ctx: Context) -> Value | None:
    """A length of time ("five years", "the past two months", "a two-year term"): TIMEX3 DURATION, never an
    event on the timeline."""
    after = ctx.text[m.end() : m.end() + 24]
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    if re.match(r"\s*(?:ago|earlier|later|hence|from\s+now|back|old\b|-old|of\s+age)", after, re.I):
        return None  # a date ("two years ago") or an age; "a year after he died" is a length of time (the
        # rule "ago" takes "two days before Christmas" first)
    if re.search(r"\b(?:times|once|twice|per|every|each)\s+$", before, re.IGNORECASE):
        return None  # a frequency ("twice a day")
    amount = m["n"]
    unit = _ABBREVIATED_UNITS.get(m["unit"].lower(), m["unit"].lower())
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
        value = number_value(amount) if not re.fullmatch(r"\d+\.\d+", amount) else None
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
    return Value(f"{prefix}{number}{letter}", "duration", type="DURATION")


DURATION = rule(
    "duration",
    r"\b(?P<lead>(?:for|over|during|in|lasting)\s+)?(?P<the>[Tt]he\s+(?:(?:past|next|last|first|coming|previous|"
    r"following|remaining|latest)\s+)?)?(?:(?P<n>" + _DURATION_NUMBER + r")"
    r"|(?P<vague>" + _VAGUE_AMOUNT + r"))(?:\s+(?:more|additional|full|straight|consecutive))?"
    r"(?P<sep>[-\s])(?P<unit>minute|hour|day|week|month|quarter|year|decade|centur|mth|yr|wk|qtr)(?P<plural>s|y|ies)?\b",
    _duration,
    trigger="minute|hour|day|week|month|quarter|year|decade|centur|mth|yr|wk|qtr",
    priority=-1,
    examples=[
        ex("Sales rose in the past two years.", "1999-01-01", "the past two years", "P2Y"),
        ex("Profit rose 8% in the first nine months.", "1999-01-01", "the first nine months", "P9M"),
        ex("He signed a two-year contract.", "1999-01-01", "two-year", "P2Y"),
        ex("The talks lasted five hours.", "1999-01-01", "five hours", "PT5H"),
        ex("The drought has lasted for several years.", "1999-01-01", "several years", "PXY"),
        ex("Rebels held the town for a decade.", "1999-01-01", "a decade", "P10Y"),
        ex("He served 20 years in prison.", "1999-01-01", "20 years", "P20Y"),
        ex("Nine mths shr 1.20 dlrs vs 1.05 dlrs.", "1987-03-10", "Nine mths", "P9M"),
        ex("Profit for the six mths rose.", "1987-03-10", "the six mths", "P6M"),
        ex("He was honoured one year after he was killed.", "1999-10-24", "one year", "P1Y"),
        ex("The banks must wait 30 days before closing the purchase.", "1989-10-27", "30 days", "P30D"),
        no("The firm earns $5 million a year."),
        no("Take the pill twice a day."),
        no("A quarter of the shares were sold."),
        no("Three-quarters of voters agreed."),
        no("A 10-year-old boy was hurt."),
    ],
)

_SET_UNITS = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P1Q", "hour": "PT1H"}


def _set(m: re.Match[str], ctx: Context) -> Value | None:
    """Recurring times ("every week", "each Thursday"): TIMEX3 SET, never an event on the timeline. Adverbs
    such as "daily" are left out: as often adjectives ("daily newspaper") as times."""
    if m["unit"]:
        value = _SET_UNITS[m["unit"]]
    elif m["wd"]:
        value = f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    elif m["season"]:
        value = f"XXXX-{SEASONS[m['season'].lower()]}"
    else:
        value = f"XXXX-{month_of(m['month']):02d}"
    return Value(value, "set", type="SET")


SET = rule(
    "set",
    r"\b(?:[Ee]very|[Ee]ach)\s+(?:(?P<unit>day|week|month|year|quarter|hour)"
    rf"|(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)|(?P<month>{MONTH})|(?P<season>{SEASON}))\b",
    _set,
    trigger="[Ee]very|[Ee]ach",
    priority=0,
    examples=[
        ex("They meet every week.", "1999-01-01", "every week", "P1W"),
        ex("They meet each Thursday.", "1999-01-01", "each Thursday", "XXXX-WXX-4"),
        ex("Prices rise every March.", "1999-01-01", "every March", "XXXX-03"),
        ex("Each spring, farmers burn the stubble.", "2023-01-10", "Each spring", "XXXX-SP"),
        no("Every dayworker was paid."),
    ],
)


def _vague(m: re.Match[str], ctx: Context) -> Value | None:
    w = m["w"].lower()
    if w.endswith("the past") and re.match(
        r"\s+(?:\d|few|several|two|three|four|five|decade|year|month|week)", ctx.text[m.end() :]
    ):
        return None
    if w in ("now",) and re.match(r"[-–]", ctx.text[m.end() : m.end() + 1]):
        return None
    if any(k in w for k in ("future", "coming")):
        return Value("FUTURE_REF", "ref")
    if any(k in w for k in ("recent", "previous", "formerly", "past")):
        return Value("PAST_REF", "ref")
    return Value("PRESENT_REF", "ref")


VAGUE = rule(
    "vague",
    r"\b(?P<w>[Nn]ow|[Rr]ight\s+now|[Cc]urrently|[Pp]resently|[Nn]owadays|[Tt]hese\s+days|[Aa]t\s+present|[Rr]ecently|"
    r"[Mm]ore\s+recently|[Uu]ntil\s+recently|(?P<lead>[Ii]n\s+)?[Tt]he\s+past|[Tt]he\s+(?:near\s+|distant\s+|foreseeable\s+)?future|"
    r"[Ii]n\s+(?:the\s+)?coming\s+(?:days|weeks|months|years)|[Rr]ecent\s+(?:days|weeks|months|years))\b(?!\s+(?:\d|that|than))",
    _vague,
    trigger="[Nn]ow|[Cc]urrently|[Pp]resently|[Rr]ecent|[Ff]uture|[Cc]oming|[Pp]ast|[Pp]resent|[Tt]hese days",
    priority=0,
    examples=[
        ex("Sales are weak now.", "1998-08-11", "now", "PRESENT_REF"),
        ex("Sales have fallen recently.", "1998-08-11", "recently", "PAST_REF"),
        ex("The plan is for the future.", "1998-08-11", "the future", "FUTURE_REF"),
        ex("Prices will rise in the coming months.", "1998-08-11", "in the coming months", "FUTURE_REF"),
        no("A now-famous speech was given."),
        no("In the past few years prices rose.", mention="In the past"),
    ],
)
