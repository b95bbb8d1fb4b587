"""Periods named relative to the publication date or to the date last spoken of: "last week", "two
years ago", "earlier this month", "the start of the year", "that year", seasons."""

from __future__ import annotations

import datetime as dt
import re

from briefing.timex.lexicon import NUMBER, SEASON, SEASON_START_MONTH, SEASON_TRIGGER, SEASONS, YEAR, number_value
from briefing.timex.resolve import (
    Context,
    Value,
    reported_year,
    resolve_season,
    season_value,
    shift,
    unresolved,
    weekend_value,
    year_before_reported_quarter,
    year_value,
)
from briefing.timex.rule import ex, no, rule

_STEPS = {
    "last": -1,
    "this past": -1,
    "past": -1,
    "previous": -1,
    "prior": -1,
    "preceding": -1,
    "next": 1,
    "coming": 1,
    "following": 1,
}


# How fine a granularity is: an anaphoric period is counted from a reference at least as fine.
_FINENESS = {
    "day": 0,
    "weekend": 1,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
}


def _relative_season(base: dt.date, code: str, step: int) -> Value:
    year = base.year
    season_month = SEASON_START_MONTH[code]
    if step < 0 and (base.month <= season_month + 2 or code == "WI"):
        year -= 1 if base.month < season_month + 3 or code == "WI" else 0
    elif step > 0 and base.month >= season_month:
        year += 1
    return season_value(year, code)


def _relative_period(m: re.Match[str], ctx: Context) -> Value | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    rel = rel.removeprefix("the ").strip()
    anaphoric = rel in ("that", "same", "following", "previous", "prior", "preceding")
    if anaphoric and _FINENESS.get(ctx.reference_granularity, 9) > _FINENESS.get(unit, 5):
        anaphoric = False  # "the previous week" after "in 1986": the week before this one, not 1985-W52
    base = (ctx.reference if anaphoric else ctx.anchor) or ctx.anchor
    if base is None:
        return unresolved(unit)
    step = _STEPS.get(rel, 0)
    if unit == "decade" and step and not anaphoric:
        # "the past decade", "over the next decade": ten years up to (or from) now, not a calendar decade
        return Value("P10Y", "duration", type="DURATION")
    if unit == "quarter" and anaphoric and ctx.reference_granularity != "quarter" and ctx.anchor:
        # the previous quarter of a results story: the one before the quarter it reports (the first it named
        # as written), else before the latest ended
        base = ctx.period or shift(ctx.anchor, "quarter", -1).day or base
    if unit in SEASONS:
        if re.match(r"\s+" + _SEASON_ADJECTIVE, ctx.text[m.end() : m.end() + 16]):
            return None  # "indications were that winter kill might be higher": a kind of damage, no time
        return _relative_season(base, SEASONS[unit], step)
    if unit == "weekend":
        saturday = base + dt.timedelta(days=(5 - base.weekday()) % 7)
        if step < 0 or (step == 0 and saturday > base and not ctx.looks_forward(m.start(), m.end()) and rel != "this"):
            saturday -= dt.timedelta(days=7)
        elif step > 0 and saturday <= base:
            saturday += dt.timedelta(days=7)
        return weekend_value(saturday)
    if unit == "quarter" and rel in ("latest", "past", "this past"):
        step = -1
    return shift(base, unit, step)


RELATIVE_PERIOD = rule(
    "relative_period",
    r"\b(?P<mod>(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate|[Mm]id)[-\s]+)?(?P<lead>[Ii]n\s+)?(?:the\s+)?(?P<rel>[Ll]ast|"
    r"[Nn]ext|[Tt]his|[Tt]his\s+past|[Tt]he\s+past|[Tt]he\s+coming|[Tt]he\s+previous|[Tt]he\s+current|[Tt]he\s+following|"
    r"[Tt]he\s+latest|[Tt]he\s+same|[Tt]hat|[Cc]urrent|[Pp]revious|[Cc]oming|[Tt]he\s+prior|[Tt]he\s+preceding)\s+"
    rf"(?P<unit>week|month|year|quarter|decade|century|weekend|{SEASON[3:-1]})\b(?:['’]s)?",
    _relative_period,
    trigger="week|month|year|quarter|decade|centur|" + SEASON[3:-1],
    priority=1,
    examples=[
        ex("Last week a wave of peaceful displays broke out.", "2022-01-10", "Last week", "2022-W01"),
        ex("Output fell this summer.", "1998-08-03", "this summer", "1998-SU"),
        ex("Prices rose last summer.", "1998-08-03", "last summer", "1997-SU"),
        ex("The agency will report next month.", "1999-03-12", "next month", "1999-04"),
        ex("The ministry said last month that it agreed.", "1998-09-11", "last month", "1998-08"),
        ex("Officials met this week.", "2000-02-10", "this week", "2000-W06"),
        ex("They met last week.", "2021-01-03", "last week", "2020-W52"),
        ex("They met last month.", "2021-01-15", "last month", "2020-12"),
        ex("Sales will recover next quarter.", "1998-02-13", "next quarter", "1998-Q2"),
        ex("Snow fell last winter.", "1998-02-13", "last winter", "1997-WI"),
        ex("Since the U.S. retreat from Afghanistan last year left a vacuum.", "2022-01-10", "last year", "2021"),
        ex("Sales will recover next year.", "1998-02-13", "next year", "1999"),
        ex("The war began in 1990. That year, prices rose.", "1999-01-01", "That year", "1990"),
        ex("The war began in 1990. The following year, it ended.", "1999-01-01", "The following year", "1991"),
        ex("Sales in the latest quarter were flat.", "1998-04-20", "the latest quarter", "1998-Q1"),
        ex("Orders in the current quarter look weak.", "1998-04-20", "the current quarter", "1998-Q2"),
        ex("Profit rose from the previous quarter.", "2019-08-01", "the previous quarter", "2019-Q1"),
        ex("Profit rose in the third quarter from the prior quarter.", "2019-11-01", "the prior quarter", "2019-Q2"),
        ex(
            "Second-quarter growth, revised on Thursday, was 0.3% above the prior quarter.",
            "2023-10-05",
            "the prior quarter",
            "2023-Q1",
        ),
        ex("Sales fell in the preceding month.", "2019-11-01", "the preceding month", "2019-10"),
        ex("Sales in 1986 rose, and were up from the previous week.", "1987-02-26", "the previous week", "1987-W08"),
        ex(
            "Sales rose in the week ended February 21 from the previous week.",
            "1987-02-26",
            "the previous week",
            "1987-W07",
        ),
        ex("Prices have doubled over the past decade.", "2022-01-05", "the past decade", "P10Y"),
        ex("Growth will slow in the next decade.", "2022-01-05", "the next decade", "P10Y"),
        ex("Fashion changed in this decade.", "2022-01-05", "this decade", "202X"),
        no("The last weekday was calm."),
        no("Next years of growth are uncertain.", mention="Next years"),
        no("Indications were that winter kill might exceed 100,000 hectares.", "1987-03-31", "that winter"),
        no("He said that spring barley suffered most.", "1987-03-31", "that spring"),
    ],
)


def _complement_date(m: re.Match[str], ctx: Context) -> dt.date | None | bool:
    """What "N days before/after ..." counts from: the date that follows ("two days before Christmas", "a
    week after March 3"), or False when an event follows ("a year after he was killed", "30 days before
    closing"): a span of time from an event the text does not date, not a date counted from the anchor.
    None when nothing follows (the clause ends: "a year after, ...")."""
    rest = ctx.text[m.end() : m.end() + 48]
    if not rest.strip() or rest.lstrip()[0] in ",;:.!?)":
        return None
    if ctx.retag is None:  # no tagger to read what follows: as if an event followed
        return False
    sentence_start = ctx.sentence(m.start(), m.end())[0]
    # the sentence up to the complement, so that its tense places the date as the tagger will
    offset = m.end() - sentence_start + len(rest) - len(rest.lstrip())
    for mention in ctx.retag(ctx.text[sentence_start : m.end() + 48], ctx.peek_anchor(), "ago"):
        if mention.start == offset and mention.resolved:
            day = _first_day(mention.value)
            if day is not None:
                ctx.used.add("reference")
                ctx.reference = day
                return day
    return False


def _first_day(value: str) -> dt.date | None:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            return dt.date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _ago(m: re.Match[str], ctx: Context) -> Value | None:
    n = number_value(m["n"])
    direction = m["dir"].lower()
    anaphoric = direction in ("earlier", "before", "later", "after")
    if direction in ("before", "after"):
        following = _complement_date(m, ctx)
        if following is False:
            return None  # the duration rule tags "a year" alone
    base = (ctx.reference if anaphoric else ctx.anchor) or ctx.anchor
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    unit = m["unit"].lower()
    if n == 1 and unit == "year" and sign < 0 and (quarter := year_before_reported_quarter(ctx, m.start(), m.end())):
        return quarter
    if n is None:
        return Value("FUTURE_REF" if sign > 0 else "PAST_REF", "ref")
    if base is None:
        return unresolved(unit.rstrip("s"))
    return shift(base, unit, sign * n)


AGO = rule(
    "ago",
    r"\b(?:(?:about|some|nearly|almost|around|roughly|more\s+than|less\s+than|over|just|only)\s+)?"
    rf"(?P<n>{NUMBER}|several|a\s+few|few|many)\s+(?P<unit>days?|weeks?|months?|years?|decades?|centuries|century)\s+"
    r"(?P<dir>ago|earlier|before|later|after|hence|from\s+now|back)\b",
    _ago,
    trigger="ago|earlier|before|later|after|hence|from now|back",
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("He was elected three decades ago.", "2022-01-10", "three decades ago", "199X"),
        ex("The firm was founded 50 years ago.", "1999-02-16", "50 years ago", "1949"),
        ex("They met two weeks ago.", "1998-03-22", "two weeks ago", "1998-W10"),
        ex("They met 11 days ago.", "1999-04-19", "11 days ago", "1999-04-08"),
        # "a"/"an"/"one" are numbers like any other (a separate rule for them could never fire)
        ex("They met a year ago.", "1999-04-19", "a year ago", "1998"),
        ex("The deal closed a month ago.", "1999-04-19", "a month ago", "1999-03"),
        ex("Revenue fell 8% from a year earlier, after a profit.", "1989-11-02", "a year earlier", "1988"),
        ex(
            "Citadel posted a third-quarter net loss, versus $5.3 million a year earlier.",
            "1989-11-02",
            "a year earlier",
            "1988-Q3",
        ),
        ex("The war began in 1990. Two years later it ended.", "1999-01-01", "Two years later", "1992"),
        ex("They met several weeks ago.", "1999-04-19", "several weeks ago", "PAST_REF"),
        # counted from the date that follows, not from the anchor
        ex("They met two days before Christmas.", "1999-10-24", "two days before", "1998-12-23"),
        ex("They will meet two days before Christmas.", "1999-10-24", "two days before", "1999-12-23"),
        ex("He left a week after March 3, 1998.", "1999-10-24", "a week after", "1998-W11"),
        # an event follows: a span of time from an undated event, not a date (the duration rule tags it)
        no("He was honoured one year after he was killed.", "1999-10-24", "one year after"),
        no("The banks must wait 30 days before closing the purchase.", "1989-10-27", "30 days before"),
        no("Two weeks after the election, he resigned.", "1999-10-24", "Two weeks after"),
        no("He was two years older than her."),
    ],
)


def _this_period_modified(m: re.Match[str], ctx: Context) -> Value | None:
    rel = m["rel"].lower()
    base = ctx.reference if rel == "that" and ctx.reference else ctx.anchor
    if base is None:
        return unresolved(m["unit"].lower())
    step = {"last": -1, "next": 1}.get(rel, 0)
    return shift(base, m["unit"], step)


THIS_PERIOD_MODIFIED = rule(
    "this_period_modified",
    r"\b(?P<mod>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+(?:in\s+)?(?P<rel>this|that|last|next|the)\s+(?P<unit>week|month|year)\b",
    _this_period_modified,
    trigger="week|month|year",
    priority=2,
    examples=[
        ex("Earlier this month, Shoigu warned of new conflicts.", "2016-07-23", "Earlier this month", "2016-07"),
        ex("A vote is expected later in the year.", "2016-07-23", "later in the year", "2016"),
        ex("It collapsed early last year.", "2016-07-23", "early last year", "2015"),
        no("Earlier reports this week were wrong.", mention="Earlier reports"),
    ],
)


def _boundary(m: re.Match[str], ctx: Context) -> Value | None:
    rel = (m["rel"] or "").lower()
    base = ctx.reference if rel == "that" and ctx.reference else ctx.anchor
    unit = m["unit"].lower()
    if base is None:
        return unresolved(unit)
    step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    if rel == "new" and unit == "year" and base.month >= 10:
        step = 1
    return shift(base, unit, step)


YEAR_BOUNDARY = rule(
    "year_boundary",
    r"\b(?:the\s+)?(?P<which>start|beginning|end|turn|middle)\s+of\s+(?:the\s+)?"
    r"(?P<rel>new|this|last|next|that|current|coming)?\s*(?P<unit>year|month|week|decade|century)\b",
    _boundary,
    trigger="[Ss]tart of|[Bb]eginning of|[Ee]nd of|[Tt]urn of|[Mm]iddle of",
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("Protests over gas prices at the start of the new year.", "2022-01-10", "the start of the new year", "2022"),
        ex("The plant closes by the end of the year.", "1998-11-02", "the end of the year", "1998"),
        ex("Talks continue until the start of the new year.", "2021-11-10", "the start of the new year", "2022"),
        ex("It is due by the end of next month.", "2021-11-10", "the end of next month", "2021-12"),
        ex("Prices fell at the turn of the decade.", "2021-11-10", "the turn of the decade", "202X"),
        no("The start of talks was delayed."),
    ],
)


def _year_end(m: re.Match[str], ctx: Context) -> Value | None:
    """'year-end': the end of the year being reported (results published early in a year speak of the
    year just ended), else of the current year."""
    if m["y"]:
        return year_value(int(m["y"]))
    if ctx.anchor is None:
        return Value("XXXX", "year")
    return year_value(reported_year(ctx, m.start(), m.end()) or ctx.anchor.year)


YEAR_END = rule(
    "year_end",
    rf"\b(?:(?P<y>{YEAR})\s+)?(?:year[-\s]?end|year['’]s\s+end)\b",
    _year_end,
    trigger="[Yy]ear",
    flags=re.IGNORECASE,
    priority=1,
    examples=[
        ex("Stocks were low at year-end.", "1998-11-02", "year-end", "1998"),
        ex("Stocks were low at the year's end.", "1998-11-02", "year's end", "1998"),
        ex("Its 1997 year-end figures were weak.", "1998-11-02", "1997 year-end", "1997"),
        ex("Year-end debt fell sharply.", "2020-02-10", "Year-end", "2019"),
        ex("It delayed its fourth quarter and yearend results.", "1987-03-26", "yearend", "1986"),
        ex("Yearend stocks will be low.", "1987-12-02", "Yearend", "1987"),
        ex("Debt will be cut by year-end.", "2020-02-10", "year-end", "2020"),
        no("The year ended badly for the firm.", mention="year ended"),
    ],
)


def _season_year(m: re.Match[str], ctx: Context) -> Value | None:
    code = SEASONS[m["s"].lower()]
    return season_value(int(m["y"]), code, day=dt.date(int(m["y"]), 1, 1))


SEASON_YEAR = rule(
    "season_year",
    rf"\b(?:the\s+)?(?:(?P<mod>early|late|mid)[-\s])?(?P<s>{SEASON})\s+(?:of\s+)?(?P<y>{YEAR})\b",
    _season_year,
    trigger=SEASON_TRIGGER,
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("Talks collapsed in the summer of 1998.", "2000-01-01", "the summer of 1998", "1998-SU"),
        ex("Sales fell in late autumn 2001.", None, "late autumn 2001", "2001-FA"),
        ex("Fall 1999 was busy.", None, "Fall 1999", "1999-FA"),
        no("It fell 1999 points.", mention="fell 1999"),
    ],
)


def _relative_year(m: re.Match[str], ctx: Context) -> Value | None:
    """'the fiscal year', 'the full year' (the year being reported), 'year-ago', 'year-earlier' (the year
    before, or the year-ago quarter when results of a quarter are being compared). "last year", "that
    year" and the like are `relative_period`'s."""
    w = " ".join(m["w"].lower().replace("-", " ").split())
    if m["y"]:
        return year_value(int(m["y"]))
    if ctx.anchor is None:
        return Value("XXXX", "year")
    if w in ("year ago", "year earlier"):
        if quarter := year_before_reported_quarter(ctx, m.start(), m.end()):
            return quarter  # results compared with the year-ago quarter
        anchor = ctx.peek_anchor()
        reference = ctx.peek_reference()
        if (
            anchor is not None
            and reference is not None
            and reference.year < anchor.year
            and ctx.reference_granularity == "day"
        ):
            # "the nine months ended September 30, 1986 ... from 23 mln in the year-earlier period": the year
            # before the period reported (ended on that day), not before publication; after "the 1988 period"
            # (itself the year-ago one) it stays the year before publication
            return year_value((ctx.reference or anchor).year - 1)
        return year_value(ctx.anchor.year - 1)
    if "fiscal" in w:
        return year_value(ctx.anchor.year)
    return year_value(reported_year(ctx, m.start(), m.end()) or ctx.anchor.year)


RELATIVE_YEAR_WORD = rule(
    "relative_year_word",
    r"\b(?P<w>[Tt]he\s+(?:current\s+)?fiscal\s+year|(?:[Tt]he\s+)?[Ff]ull[-\s][Yy]ear|[Yy]ear[-\s]ago|[Yy]ear[-\s]earlier)"
    rf"(?:['’]s)?\b(?:\s+(?P<y>{YEAR})\b)?",
    _relative_year,
    trigger="[Yy]ear",
    priority=1,
    examples=[
        ex(
            "Net income for the third quarter rose from $7 million in the year-earlier period.",
            "1989-11-02",
            "year-earlier",
            "1988-Q3",
        ),
        ex("Year-ago sales were higher.", "1989-11-02", "Year-ago", "1988"),
        ex(
            "In the nine months ended September 30, 1986, the loss widened from the year earlier period.",
            "1987-03-02",
            "year earlier",
            "1985",
        ),
        ex("Profit for the full year rose.", "1989-11-02", "the full year", "1989"),
        ex("For the full year 2019 profit rose.", "2020-02-10", "the full year 2019", "2019"),
        ex("The company reported fourth-quarter results; full-year profit rose.", "2020-02-10", "full-year", "2019"),
        ex("Full-year profit rose 5 pct.", "2020-02-10", "Full-year", "2019"),
        ex("The company expects full-year profit to rise.", "2020-02-10", "full-year", "2020"),
        ex(
            "Dreyer's reported 1986 earnings. Net income for the full year fell.", "1987-03-13", "the full year", "1986"
        ),
        ex("Spending in the current fiscal year is capped.", "1989-11-02", "the current fiscal year", "1989"),
        ex("The contract was for work in the current fiscal year.", "1987-02-26", "the current fiscal year", "1987"),
        ex("The fiscal year 1999 budget.", "1998-01-01", "The fiscal year 1999", "1999"),
        no("The yearly report was late."),
    ],
)


# A season naming a kind of crop or goods ("in winter wheat areas", "in spring barley", "in summer clothing",
# "in the Winter Olympics") is no time.
_SEASON_ADJECTIVE = (
    r"(?:wheat|grains?|crops?|rice|barley|corn|maize|rapeseed|rape|oats|rye|cereals?|sowings?|plantings?|"
    r"pastures?|cotton|potatoes|vegetables|clothing|clothes|coats?|wear|tyres|tires|fashions?|collections?|kill|"
    r"[Oo]lympics|[Gg]ames|[Pp]alace)\b"
)


def _bare_season(m: re.Match[str], ctx: Context) -> Value | None:
    word = m["s"].lower()
    if word == "fall" and not m["the"]:
        return None  # "prices to fall": a verb
    # the expression starts after its lead word, which the tense and deadline cues must see ("by spring")
    return resolve_season(ctx, SEASONS[word], m.end("lead"), m.end())


BARE_SEASON = rule(
    "bare_season",
    r"\b(?P<lead>(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]ill|[Dd]uring|[Tt]hrough|[Tt]hroughout|[Oo]ver|[Bb]efore|[Aa]fter|"
    r"[Ff]rom|[Ii]nto|[Ff]or|[Cc]ome)\s+)(?P<the>the\s+)?(?:(?P<mod>early|late|mid)[-\s])?(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|"
    r"[Ww]inter)\b(?!['’-]|\s+(?:of|in|from|to|on|at|by|and|was|is|has|had|will|would|\d)|\s+"
    + _SEASON_ADJECTIVE
    + ")",
    _bare_season,
    trigger=SEASON_TRIGGER,
    priority=1,
    examples=[
        ex("Growth should pick up in the spring.", "2022-01-05", "the spring", "2022-SP"),
        ex("Growth picked up by the summer.", "2022-01-05", "the summer", "2021-SU"),
        ex("Prices have risen since the autumn.", "2022-01-05", "the autumn", "2021-FA"),
        ex("Talks will resume in the autumn.", "2022-01-05", "the autumn", "2022-FA"),
        ex("Troops withdrew during the winter.", "2022-04-20", "the winter", "2021-WI"),
        ex("Crops suffer in summer.", "2022-07-05", "summer", "2022-SU"),
        ex("A deal is expected by late summer.", "2022-03-05", "late summer", "2022-SU"),
        ex("A new constitution could be in place by spring.", "2023-10-04", "spring", "2024-SP"),
        ex("Demand should recover by the spring.", "2023-10-04", "the spring", "2024-SP"),
        ex("The cabinet fell in the autumn; elections follow in the spring.", "2024-01-15", "the spring", "2024-SP"),
        ex("Come the autumn, the government will face a reckoning.", "2023-06-10", "the autumn", "2023-FA"),
        # a habit: every winter (a SET), not one
        ex("Demand for heating oil typically peaks in winter.", "2023-06-10", "winter", "XXXX-WI"),
        no("Prices are expected to fall in March.", mention="fall"),
        no("After the fall of Kabul, aid stopped."),
        no("Since the fall in prices, sales rose."),
        no("Spring water was sold in the market."),
        no("Showers improved irrigation supplies in winter wheat areas.", "1987-03-17", "winter"),
        no("Dry weather hurt yields in spring barley and in summer crops.", "1987-03-17", "spring"),
        no("She won gold in the Winter Olympics.", "2022-03-01", "Winter"),
    ],
)


def _new_year(m: re.Match[str], ctx: Context) -> Value | None:
    """'until the new year': the year that begins next, or in its first months the one just begun."""
    anchor = ctx.anchor
    if anchor is None:
        return Value("XXXX", "year")
    tense = ctx.tense(m.end("lead") if m["lead"] else m.start(), m.end())
    if anchor.month >= 9:
        return year_value(anchor.year + 1)
    if anchor.month <= 3:
        return year_value(anchor.year)
    return year_value(anchor.year + 1 if tense == "future" else anchor.year)


NEW_YEAR = rule(
    "new_year",
    r"\b(?P<lead>(?:[Uu]ntil|[Tt]ill|[Bb]y|[Ii]n|[Ii]nto|[Oo]ver|[Aa]fter|[Bb]efore|[Ss]ince|[Ff]or|[Ff]rom|[Dd]uring|"
    r"[Tt]hrough|[Aa]round|[Aa]t|[Ee]arly\s+in|[Ll]ate\s+in|[Cc]ome)\s+)?the\s+[Nn]ew\s+[Yy]ear\b"
    r"(?!['’]s|\s+(?:[Dd]ay|[Ee]ve|[Hh]olidays?|[Cc]elebrations?|[Pp]art(?:y|ies)|[Mm]essage|[Aa]ddress|[Rr]esolutions?))",
    _new_year,
    trigger="[Nn]ew [Yy]ear",
    priority=1,
    examples=[
        ex("Rates are on hold until the new year.", "2021-11-05", "the new year", "2022"),
        ex("Rates have been on hold since the new year.", "2022-02-05", "the new year", "2022"),
        ex("Prices rose after the new year.", "2022-01-20", "the new year", "2022"),
        ex("A decision is expected in the new year.", "2021-12-15", "the new year", "2022"),
        ex("Retail sales normally dip after the new year.", "2023-11-20", "the new year", "XXXX"),
        no("The New Year's Day parade was cancelled.", mention="New Year"),
        no("He gave the new year message.", mention="new year"),
    ],
)


def _two_periods_away(m: re.Match[str], ctx: Context) -> Value | None:
    """'the week before last': two weeks back; 'the year after next': two years ahead."""
    unit = m["unit"].lower()
    if ctx.anchor is None:
        return unresolved(unit)
    return shift(ctx.anchor, unit, -2 if m["dir"].lower().startswith("before") else 2)


TWO_PERIODS_AWAY = rule(
    "two_periods_away",
    r"\b[Tt]he\s+(?P<unit>week|month|quarter|year)\s+(?P<dir>before\s+last|after\s+next)\b",
    _two_periods_away,
    trigger=r"before\s+last|after\s+next",
    priority=2,
    examples=[
        ex("Protests began the week before last.", "2023-05-10", "the week before last", "2023-W17"),
        ex("Elections are due the year after next.", "2023-05-10", "the year after next", "2025"),
        ex("Sales fell in the month before last.", "2023-01-10", "the month before last", "2022-11"),
        no("The year before, last orders were taken.", mention="year before, last"),
    ],
)
