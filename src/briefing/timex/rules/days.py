"""Days named without a date: weekdays, yesterday/today/tomorrow, holidays, "that day", the weekend."""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz.distance import OSA

from briefing.timex.lexicon import (
    HOLIDAY,
    HOLIDAY_TRIGGER,
    MISSPELLABLE_DAYS,
    NOT_MISSPELLED_DAYS,
    PART_OF_DAY,
    WEEKDAY,
    WEEKDAY_TRIGGER,
    WEEKDAYS,
    YEAR,
)
from briefing.timex.resolve import (
    Context,
    Value,
    day_value,
    holiday_date,
    nearest,
    resolve_day_of_month,
    resolve_weekday,
    weekend_value,
)
from briefing.timex.rule import ex, no, rule


def _weekday(m: re.Match[str], ctx: Context) -> Value | None:
    rel = (m["rel"] or "").lower()
    relation = (
        "last"
        if rel in ("last", "the previous")
        else "next"
        if rel in ("next", "the following", "this coming")
        else None
    )
    return resolve_weekday(ctx, WEEKDAYS[m["wd"].lower()], m.start(), m.end(), relation)


WEEKDAY_RULE = rule(
    "weekday",
    r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his\s+coming|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater|[Tt]he\s+previous|"
    rf"[Tt]he\s+following)\s+)?(?P<wd>{WEEKDAY})(?:['’]s)?(?:\s+(?P<part>{PART_OF_DAY}))?\b",
    _weekday,
    trigger=WEEKDAY_TRIGGER,
    priority=1,
    examples=[
        ex(
            "Outbreaks of gunfire were heard on Thursday night in Almaty.", "2022-01-07", "Thursday night", "2022-01-06"
        ),
        ex("Passenger trains were due to start running again on Friday.", "2022-01-07", "Friday", "2022-01-07"),
        ex("He arrived in the capital on Tuesday.", "2000-04-05", "Tuesday", "2000-04-04"),
        ex("On thursday some 1,350 inspectors will check prices.", "1987-03-23", "thursday", "1987-03-26"),
        ex("The government last friday ordered a roll back of prices.", "1987-03-23", "last friday", "1987-03-20"),
        ex("He will arrive in the capital on Tuesday.", "2000-04-05", "Tuesday", "2000-04-11"),
        ex("Fighting broke out last Friday.", "1998-08-11", "last Friday", "1998-08-07"),
        ex("The envoys are expected to meet Friday.", "1999-03-10", "Friday", "1999-03-12"),
        ex(
            "Exiles will now fight the ruling, the government predicted Wednesday.",
            "2000-01-15",
            "Wednesday",
            "2000-01-12",
        ),
        ex(
            "The envoys issued a statement Friday saying that entry will help them.",
            "1999-03-13",
            "Friday",
            "1999-03-12",
        ),
        ex("They met on Thursday.", "2021-01-02", "Thursday", "2020-12-31"),
        ex("The president travels to Kyiv on Wednesday, aides said.", "2023-05-08", "Wednesday", "2023-05-10"),
        ex("Q: What happens on Friday? A: We vote.", "2023-05-10", "Friday", "2023-05-12"),
        ex("Stocks slipped at the close on Friday.", "2023-05-10", "Friday", "2023-05-05"),
        ex("Shares fell 50 cents on Friday to close at $20.", "2023-05-10", "Friday", "2023-05-05"),
        ex("Did it happen on Friday?", "2023-05-10", "Friday", "2023-05-05"),
        ex("We're back on air on Monday with a special edition.", "2023-10-13", "Monday", "2023-10-16"),
        ex("The move follows Tuesday's declaration by Ford.", "2023-05-12", "Tuesday", "2023-05-09"),
        ex("The market usually closes early on Friday.", "2023-05-10", "Friday", "XXXX-WXX-5"),
        no("Robinson Crusoe met Friday on the island.", mention="Crusoe"),
    ],
)


def _deictic(m: re.Match[str], ctx: Context) -> Value | None:
    word = m["w"].lower().split()[0]
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}[word]
    if ctx.anchor is None:
        return Value("XXXX-XX-XX", "day")
    return day_value(ctx.anchor + dt.timedelta(days=offset))


DEICTIC_DAY = rule(
    "deictic_day",
    r"\b(?:(?P<mod>[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+)?(?P<w>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|"
    rf"[Tt]his\s+{PART_OF_DAY}|[Ll]ast\s+night)(?:['’]s)?(?:\s+(?P<part>{PART_OF_DAY}))?\b",
    _deictic,
    trigger="[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|(?:morning|afternoon|evening|night)",
    priority=1,
    examples=[
        ex("Almaty's airport will fully reopen this evening.", "2022-01-07", "this evening", "2022-01-07"),
        ex("Already yesterday there was gunfire, Abramov told the Monitor.", "2022-01-10", "yesterday", "2022-01-09"),
        ex("It happened yesterday.", "2021-01-01", "yesterday", "2020-12-31"),
        ex("It happened yesterday.", "2020-03-01", "yesterday", "2020-02-29"),
        ex("The summit opens tomorrow.", "2000-02-29", "tomorrow", "2000-03-01"),
        ex("Shots were fired late last night.", "2000-02-29", "late last night", "2000-02-28"),
        no("The morning paper was late."),
    ],
)


def _holiday(m: re.Match[str], ctx: Context) -> Value | None:
    """A holiday without a year: the occurrence the tense points to, else the nearest ("normality by
    Easter" said in November is next Easter; "families gather at Christmas" said on 1 December is this one)."""
    if not m["h"][0].isupper():
        return None
    name = m["h"]
    if m["y"]:
        return day_value(holiday_date(name, int(m["y"])))
    anchor = ctx.anchor
    if anchor is None:
        return None
    rel = (m["rel"] or "").lower()
    days = [holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    before = max(d for d in days if d <= anchor) if days[0] <= anchor else days[0]
    after = min(d for d in days if d >= anchor)
    if rel == "last":
        return day_value(before if before < anchor else holiday_date(name, before.year - 1))
    if rel == "next":
        return day_value(after if after > anchor else holiday_date(name, after.year + 1))
    if rel == "this":
        return day_value(days[1])
    tense = ctx.tense(m.start(), m.end())
    if tense == "past" and not ctx.deadline_before(m.start()):
        far_verb = ctx.cue_distance > 12 or re.search(
            r"\b(?:late|early)\s+$", ctx.text[max(0, m.start() - 7) : m.start()]
        )
        if far_verb and (after - anchor).days <= 30 < 300 < (anchor - before).days:
            # a holiday weeks ahead, not one more than ten months back, unless the past verb governs it ("they
            # gathered at Christmas"): "March sales were hurt by a late Easter" in early April
            return day_value(after)
        return day_value(before)
    if tense == "future":
        return day_value(after)
    return day_value(nearest(ctx, before, after, m.start(), m.end()) or before)


HOLIDAY_RULE = rule(
    "holiday",
    rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>{HOLIDAY})\b(?:\s+(?P<y>{YEAR})\b)?",
    _holiday,
    trigger=HOLIDAY_TRIGGER,
    flags=re.IGNORECASE,
    priority=1,
    examples=[
        ex("The rally took place on Christmas Day.", "2021-12-30", "Christmas Day", "2021-12-25"),
        ex("Markets were shut on Thanksgiving.", "1999-12-01", "Thanksgiving", "1999-11-25"),
        ex("The truce held over Easter 2019.", "2020-01-01", "Easter 2019", "2019-04-21"),
        ex("Services were held on Good Friday 2024.", None, "Good Friday 2024", "2024-03-29"),
        ex("Crowds gathered last Easter.", "2022-01-07", "last Easter", "2021-04-04"),
        ex("Parades were held on Memorial Day.", "2021-06-10", "Memorial Day", "2021-05-31"),
        ex("Voters go to the polls on Election Day, which will be close.", "2020-10-01", "Election Day", "2020-11-03"),
        ex("Offices close on Labor Day 1999.", None, "Labor Day 1999", "1999-09-06"),
        ex("The minister promised normality by Easter.", "2021-11-10", "Easter", "2022-04-17"),
        ex("Families gather at Christmas.", "2021-12-01", "Christmas", "2021-12-25"),
        ex("Families gathered at Christmas.", "2021-12-01", "Christmas", "2020-12-25"),
        ex("Shops will reopen after Easter.", "2021-04-20", "Easter", "2022-04-17"),
        ex("Sales rose over Thanksgiving.", "2021-11-29", "Thanksgiving", "2021-11-25"),
        ex("The truce ends on Christmas Eve.", "2021-11-29", "Christmas Eve", "2021-12-24"),
        ex("March sales were soft because of a late Easter, analysts said.", "1987-04-09", "Easter", "1987-04-19"),
        ex("Sales were soft after Easter, analysts said.", "1987-04-25", "Easter", "1987-04-19"),
        ex("Sales were soft at Easter, analysts said.", "1987-03-25", "Easter", "1986-03-30"),
        ex("Officials hope the bridge reopens before Thanksgiving.", "2023-02-01", "Thanksgiving", "2023-11-23"),
        ex("The strike is called off until after Christmas.", "2022-11-30", "Christmas", "2022-12-25"),
        ex("Markets tend to be quiet at Christmas, dealers say.", "2023-11-01", "Christmas", "XXXX-12-25"),
        no("The easter egg hunt was cancelled."),
        no("He spoke at Christmas.", anchor=None),
    ],
)


def _anaphoric_day(m: re.Match[str], ctx: Context) -> Value | None:
    if not ctx.peek_reference() or ctx.reference_granularity != "day":
        return None
    whole = m.group(0).lower()
    base = ctx.reference_start if ("previous" in whole or "before" in whole) else ctx.reference
    assert base is not None
    offset = (
        1
        if ("next" in whole or "following" in whole or "after" in whole)
        else -1
        if ("previous" in whole or "before" in whole)
        else 0
    )
    return day_value(base + dt.timedelta(days=offset))


ANAPHORIC_DAY = rule(
    "anaphoric_day",
    r"\b(?:[Tt]hat\s+(?:same\s+)?day|[Tt]he\s+same\s+day|[Tt]he\s+(?:next|following|previous)\s+(?:day|morning|evening|night)"
    r"|[Tt]he\s+day\s+(?:before|after))\b",
    _anaphoric_day,
    trigger="day|morning|evening|night",
    priority=1,
    examples=[
        ex("Troops arrived on March 3, 1998. The next day they left.", "1998-03-10", "The next day", "1998-03-04"),
        ex("The vote was on May 9, 2020 and results came the day after.", None, "the day after", "2020-05-10"),
        # after a range: "before" counts from its first day, "after" from its last
        ex(
            "Overnight from Thursday to Friday troops moved in. The day before, crowds burned police cars.",
            "2022-01-07",
            "The day before",
            "2022-01-05",
        ),
        ex(
            "Talks ran from Monday to Wednesday. The day after, they signed.",
            "2022-01-07",
            "The day after",
            "2022-01-06",
        ),
        ex(
            "Talks ran from Monday to Wednesday. The previous day, aides met.",
            "2022-01-07",
            "The previous day",
            "2022-01-02",
        ),
        no("The next day will tell.", anchor=None),
        no("In 1998 rebels struck. The following morning was calm.", anchor=None, mention="The following morning"),
    ],
)


def _the_weekend(m: re.Match[str], ctx: Context) -> Value | None:
    """'over the weekend': the one just past, unless the sentence looks forward."""
    if ctx.anchor is None:
        return Value("XXXX-WXX-WE", "weekend")
    saturday = ctx.anchor + dt.timedelta(days=(5 - ctx.anchor.weekday()) % 7)
    if saturday > ctx.anchor and not ctx.looks_forward(m.start(), m.end()):
        saturday -= dt.timedelta(days=7)
    return weekend_value(saturday)


THE_WEEKEND = rule(
    "the_weekend",
    r"\b(?P<lead>(?:over|during|at|on)\s+)?[Tt]he\s+weekend\b",
    _the_weekend,
    trigger="weekend",
    priority=0,
    examples=[
        ex("Protests continued over the weekend.", "2022-01-10", "the weekend", "2022-W01-WE"),
        ex("Talks will resume at the weekend.", "2022-01-05", "the weekend", "2022-W01-WE"),
        no("A weekend of talks ended.", mention="weekend"),
    ],
)


def _two_days(m: re.Match[str], ctx: Context) -> Value | None:
    if ctx.anchor is None:
        return Value("XXXX-XX-XX", "day")
    return day_value(ctx.anchor + dt.timedelta(days=-2 if "before" in m["dir"].lower() else 2))


TWO_DAYS = rule(
    "two_days_away",
    r"\b(?:[Tt]he\s+)?day\s+(?P<dir>before\s+yesterday|after\s+tomorrow)\b",
    _two_days,
    trigger="yesterday|tomorrow",
    priority=2,
    examples=[
        ex("The day before yesterday troops arrived.", "2022-01-05", "The day before yesterday", "2022-01-03"),
        ex("Talks resume the day after tomorrow.", "2022-01-05", "the day after tomorrow", "2022-01-07"),
        ex("It began the day before yesterday.", "2022-03-01", "the day before yesterday", "2022-02-27"),
        no("The day before, yesterday's plan was dropped.", mention="day before, yesterday"),
    ],
)


def _day_of_month(m: re.Match[str], ctx: Context) -> Value | None:
    return resolve_day_of_month(ctx, int(m["d"]), m.end("lead"), m.end())


DAY_OF_MONTH_ALONE = rule(
    "day_of_month",
    r"\b(?P<lead>(?:[Oo]n|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Ss]ince|[Bb]efore|[Aa]fter|[Tt]hrough)\s+)"
    r"the\s+(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:)!?]|$|\s(?:and|or|when|at|in|of\s+(?:this|that|next|last|the)\s+month|through|to|until)\b))",
    _day_of_month,
    trigger=r"\d(?:st|nd|rd|th)\b",
    priority=1,
    examples=[
        ex("The committee will meet on the 12th.", "2022-01-05", "the 12th", "2022-01-12"),
        ex("The committee met on the 12th.", "2022-01-15", "the 12th", "2022-01-12"),
        ex("The committee met on the 28th.", "2022-01-05", "the 28th", "2021-12-28"),
        ex("The committee will meet on the 3rd.", "2022-01-05", "the 3rd", "2022-02-03"),
        ex("Talks opened on March 3, 2020 and closed on the 12th.", "2022-01-05", "the 12th", "2020-03-12"),
        ex("Bids close on the 30th.", "2023-05-10", "the 30th", "2023-05-30"),
        ex("Bids closed on the 30th.", "2023-05-10", "the 30th", "2023-04-30"),
        no("He lives on the 12th floor."),
        no("It is the 21st century.", mention="21st"),
        no("He finished on the 3rd hole.", mention="the 3rd"),
    ],
)


# a weekday is expected after these ("on Wensday", "by Thrusday"); a bare capitalised word may be a name
_DAY_EXPECTED = re.compile(
    r"\b(?:on|by|until|till|since|from|before|after|early|late|through|every|each)\s+$", re.IGNORECASE
)


def _misspelled_day(m: re.Match[str], ctx: Context) -> Value | None:
    """A misspelled yesterday, tomorrow or weekday: the nearest of them by edit distance (one edit for a word
    of up to seven letters, two for a longer one; an edit may swap two letters), with its first letter."""
    word = m["w"].lower()
    if word in NOT_MISSPELLED_DAYS or (word.endswith("s") and word[:-1] in MISSPELLABLE_DAYS):
        return None
    best = min(MISSPELLABLE_DAYS, key=lambda target: OSA.distance(word, target))
    distance = OSA.distance(word, best)
    if distance == 0 or distance > (1 if len(best) <= 7 else 2) or best[0] != word[0]:
        return None
    if best in WEEKDAYS:
        if not m["rel"] and not _DAY_EXPECTED.search(ctx.text, max(0, m.start() - 10), m.start()):
            return None
        rel = (m["rel"] or "").lower()
        relation = {"last": "last", "next": "next", "this": "this"}.get(rel)
        return resolve_weekday(ctx, WEEKDAYS[best], m.start(), m.end(), relation)
    if m["rel"] or ctx.anchor is None:
        return None if m["rel"] else Value("XXXX-XX-XX", "day")
    return day_value(ctx.anchor + dt.timedelta(days=-1 if best == "yesterday" else 1))


MISSPELLED_DAY = rule(
    "misspelled_day",
    r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<w>[Tt][a-z]{0,3}m[a-z]{0,4}r[a-z]{0,3}w|[Yy][a-z]{4,9}"
    r"|[MTWFSmtwfs][a-z]{2,7}(?:day|dy|dya|ady))\b" + rf"(?:\s+{PART_OF_DAY}\b)?",
    _misspelled_day,
    trigger=r"[Yy]e?s?t[aeiou]?r|[Tt][oa]?m+[aeo]{0,2}r|d[ae]?ya?\b",
    priority=-2,
    examples=[
        ex("The committee will meet tommorrow to decide.", "2023-05-10", "tommorrow", "2023-05-11"),
        ex("Talks resume tomorow in Geneva.", "2023-05-10", "tomorow", "2023-05-11"),
        ex("Shots were fired yesterdy near the border.", "2023-05-10", "yesterdy", "2023-05-09"),
        ex("We will know tomorow morning.", "2023-05-10", "tomorow morning", "2023-05-11"),
        ex("Protesters gathered on wensday outside parliament.", "2023-05-12", "wensday", "2023-05-10"),
        ex("The vote will be held on Thrusday.", "2023-05-08", "Thrusday", "2023-05-11"),
        ex("Police said the raid took place last Saterday.", "2023-05-10", "last Saterday", "2023-05-06"),
        no("Jane Munday said the plan was sound."),
        no("Thursby and Sons opened a shop."),
        no("The stars of yesteryear returned."),
        no("The tomorrows we were promised never came."),
        no("Someday the midday payday will come."),
        no("Faraday said the yellow yields were younger."),
        no("Tunday said the vote was fair.", mention="Tunday"),
    ],
)
