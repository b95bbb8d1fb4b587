"""Calendar dates: full dates, a day of a month without a year, a month with or without a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from briefing.timex.lexicon import (
    AMBIGUOUS_MONTHS,
    DAY_OF_MONTH,
    MONTH,
    MONTH_AFTER_DAY,
    MONTH_FULL,
    MONTH_TRIGGER,
    NUMBER_WORDS,
    ORDINAL,
    ORDINALS,
    TEEN_WORDS,
    UNIT_WORDS,
    WEEKDAY,
    YEAR,
    capitalised_either,
    month_of,
)
from briefing.timex.resolve import (
    Context,
    Value,
    day_value,
    iso_week,
    month_value,
    resolve_month,
    resolve_month_day,
    safe_date,
)
from briefing.timex.rule import ex, no, rule

_RANGE_DAY = rf"(?:\s*(?:-|–|to|through|and)\s*(?P<d2>{DAY_OF_MONTH}))?"
_WEEKDAY_BEFORE = rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"


def _day_range(value: Value, last_day_text: str | None) -> Value:
    """'Jan 9-10': the range's end is the same month's later day, when there is one."""
    if not last_day_text or value.day is None:
        return value
    end_day = safe_date(value.day.year, value.day.month, int(re.sub(r"\D", "", last_day_text)))
    if end_day and end_day > value.day:
        return Value(value.value, "day", end_day.isoformat(), day=value.day)
    return value


# ---------------------------------------------------------------------------------------------- full dates
def _full_date(m: re.Match[str], ctx: Context) -> Value | None:
    day = safe_date(int(m["y"]), month_of(m["m"]), int(re.sub(r"\D", "", m["d"])))
    return _day_range(day_value(day), m["d2"]) if day else None


MONTH_DAY_YEAR = rule(
    "weekday_month_day_year",
    rf"\b{_WEEKDAY_BEFORE}(?P<m>{MONTH})\s+(?P<d>{DAY_OF_MONTH}){_RANGE_DAY},?\s+(?P<y>{YEAR})\b(?!\s*(?:-|–)\d)",
    _full_date,
    trigger=MONTH_TRIGGER,
    priority=3,
    examples=[
        ex("The talks ended on July 20, 2016.", None, "July 20, 2016", "2016-07-20"),
        ex("The talks ended on Jan. 10, 2022.", None, "Jan. 10, 2022", "2022-01-10"),
        ex("The vote was held on Monday, Oct. 26, 1998.", None, "Monday, Oct. 26, 1998", "1998-10-26"),
        ex("Talks are set for March 3-4, 1999 in Geneva.", None, "March 3-4, 1999", "1999-03-03", "1999-03-04"),
        ex("BRUSSELS, MARCH 2, 1987 - Ministers met.", None, "MARCH 2, 1987", "1987-03-02"),
        no("The form says February 30, 2019 by mistake."),
    ],
)


DAY_MONTH_YEAR = rule(
    "day_month_year",
    rf"\b{_WEEKDAY_BEFORE}(?:the\s+)?(?P<d>{DAY_OF_MONTH})(?:\s*(?:-|–)\s*(?P<d2>{DAY_OF_MONTH}))?\s+(?:of\s+)?"
    rf"(?P<m>{MONTH}),?\s+(?P<y>{YEAR})\b",
    _full_date,
    trigger=MONTH_TRIGGER,
    priority=3,
    examples=[
        ex("The talks ended on 20 July 2016.", None, "20 July 2016", "2016-07-20"),
        ex("It was signed on the 3rd of March, 1999.", None, "the 3rd of March, 1999", "1999-03-03"),
        ex("Hearings ran 9-11 Sept 2001.", None, "9-11 Sept 2001", "2001-09-09", "2001-09-11"),
        no("He scored 31 June 2020 points.", mention="31 June 2020"),
    ],
)


def _iso(m: re.Match[str], ctx: Context) -> Value | None:
    day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day_value(day) if day else None


ISO_DATE = rule(
    "iso_date",
    r"(?<![\d-])(?P<y>1[6-9]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
    _iso,
    trigger=r"\d\d\d\d-\d",
    priority=3,
    examples=[
        ex("Filed 2016-07-20 by the desk.", None, "2016-07-20", "2016-07-20"),
        ex("Updated: 1999-12-31", "2000-01-01", "1999-12-31", "1999-12-31"),
        no("Order no. 2016-07-20-4 was cancelled."),
        no("The code 2019-02-30 is no date."),
    ],
)


def _numeric(m: re.Match[str], ctx: Context) -> Value | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if a <= 12 else (b, a)
    result = safe_date(int(m["y"]), month, day)
    return day_value(result) if result else None


NUMERIC_DATE = rule(
    "numeric_date",
    r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])",
    _numeric,
    trigger=r"\d/\d",
    priority=3,
    examples=[
        # month first, as in American usage, unless the first number cannot be a month
        ex("The notice is dated 3/4/1999.", None, "3/4/1999", "1999-03-04"),
        ex("The notice is dated 12/31/1998.", None, "12/31/1998", "1998-12-31"),
        ex("The notice is dated 25/12/2001.", None, "25/12/2001", "2001-12-25"),
        no("It rose 13/14/2001."),
        no("See page 1/2/20034 and 1.2/3/2001."),
    ],
)


# ---------------------------------------------------------------------------------------------- a day of a month
def _month_day(m: re.Match[str], ctx: Context) -> Value | None:
    month, day = month_of(m["m"]), int(re.sub(r"\D", "", m["d"]))
    if m["m"] in AMBIGUOUS_MONTHS and not re.match(r"\d", m["d"]):
        return None
    if safe_date(2000, month, day) is None:
        return None
    if (rel := m.groupdict().get("rel")) and ctx.anchor is not None:
        # "on October 27 next year", "signed on July 31 last year"
        found = safe_date(ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[rel.lower()], month, day)
        return _day_range(day_value(found), m["d2"]) if found else None
    return _day_range(resolve_month_day(ctx, month, day, m.start(), m.end()), m["d2"])


MONTH_DAY = rule(
    "month_day",
    rf"\b{_WEEKDAY_BEFORE}(?P<m>{MONTH})\s+(?P<d>{DAY_OF_MONTH}){_RANGE_DAY}(?![\d,]*\d)"
    r"(?!\s*(?:%|per\s*cent|percent))\b(?:,?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b)?",
    _month_day,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("The Atlantic Council raised the question on Jan 6.", "2022-01-07", "Jan 6", "2022-01-06"),
        ex("Talks are due in Geneva on Jan 9, to be followed by a Council.", "2022-01-07", "Jan 9", "2022-01-09"),
        ex("A summit outside Moscow December 26.", "2018-01-25", "December 26", "2017-12-26"),
        ex("The offer expires Nov. 21, the company said.", "1989-11-02", "Nov. 21", "1989-11-21"),
        ex("The dividend is payable Jan. 2 to holders of record.", "1989-11-02", "Jan. 2", "1990-01-02"),
        ex("The fund had bought 481,000 shares through Sept. 29.", "1989-10-30", "Sept. 29", "1989-09-29"),
        ex("The ceremony was held on Feb. 29.", "2021-03-05", "Feb. 29", "2020-02-29"),
        ex("The ceremony will be held on Feb. 29.", "2023-03-05", "Feb. 29", "2024-02-29"),
        ex(
            "Russia and NATO hold pre-scheduled talks on Jan 9-10", "2022-01-07", "Jan 9-10", "2022-01-09", "2022-01-10"
        ),
        no("Inflation was 3.5% in March 3% in April.", mention="March 3"),
        no("The May 40 percent rise was a shock.", mention="May 40"),
        no("It fell 20% by March 2,500 points.", mention="March 2,500"),
        no("The form gave February 30 as the day."),
        ex("It will pay a first coupon on October 27 next year.", "1987-04-09", "October 27 next year", "1988-10-27"),
        ex("The protocol, signed on July 31 last year, was extended.", "1987-06-02", "July 31 last year", "1986-07-31"),
        ex("The payment date will be October 27 this year.", "1987-04-09", "October 27 this year", "1987-10-27"),
        no("Sales on March 3 rose, and next year they will rise.", "1987-04-09", "next year"),
    ],
)


DAY_MONTH = rule(
    "day_month",
    rf"\b{_WEEKDAY_BEFORE}(?:the\s+)?(?P<d>{DAY_OF_MONTH})(?:\s*(?:-|–)\s*(?P<d2>{DAY_OF_MONTH}))?\s+(?:of\s+)?"
    rf"(?P<m>{MONTH_AFTER_DAY})\b(?!\s+\d)",
    _month_day,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("Elections were held on 12 December, officials said.", "2022-01-07", "12 December", "2021-12-12"),
        ex("They will meet on the 3rd of February.", "2022-01-07", "the 3rd of February", "2022-02-03"),
        no("He bought 3 Mar bars at the shop.", mention="3 Mar"),
    ],
)


# ---------------------------------------------------------------------------------------------- a month and a year
def _month_year(m: re.Match[str], ctx: Context) -> Value | None:
    if not m["m"][0].isupper():
        return None
    return month_value(int(m["y"]), month_of(m["m"]))


MONTH_YEAR = rule(
    "month_year",
    rf"\b(?:(?P<mod>early|mid|late|the\s+(?:start|beginning|end|middle)\s+of)[-\s]+)?(?P<m>{MONTH})(?:\s+of)?,?\s+(?P<y>{YEAR})\b",
    _month_year,
    trigger=MONTH_TRIGGER,
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex(
            "In Apr 2021, Belarus president Alyaksandr Lukashenka said he had survived a coup.",
            "2022-01-07",
            "Apr 2021",
            "2021-04",
        ),
        ex("Russia and Tajikistan signed in October 2012.", "2018-01-25", "October 2012", "2012-10"),
        ex("Prices peaked in late March of 1998.", "1999-01-01", "late March of 1998", "1998-03"),
        no("The may 2019 memo was lost.", mention="may 2019"),
    ],
)


def _month_relative_year(m: re.Match[str], ctx: Context) -> Value | None:
    month = month_of(m["m"])
    if ctx.anchor is None:
        return Value(f"XXXX-{month:02d}", "month")
    if m["ago"]:
        # "422 mln in February a year ago": the February before the one the figures are for
        found = resolve_month(ctx, month, m.start(), m.start("m") + len(m["m"]), None)
        return month_value(int(found.value[:4]) - 1, month)
    year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return month_value(year, month)


MONTH_RELATIVE_YEAR = rule(
    "month_relative_year",
    rf"\b(?P<m>{MONTH})\s+(?:(?:of\s+)?(?P<rel>this|last|next)\s+year|(?P<ago>a\s+year\s+(?:ago|earlier|before)))\b",
    _month_relative_year,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("Talks resume in March of next year.", "2021-11-02", "March of next year", "2022-03"),
        ex("It closed in June last year.", "2021-11-02", "June last year", "2020-06"),
        ex("It opens in June this year.", None, "June this year", "XXXX-06"),
        ex("It was above the 422 mln in February a year ago.", "1987-03-16", "February a year ago", "1986-02"),
        ex(
            "Exports fell from their level in December a year earlier.",
            "1987-02-10",
            "December a year earlier",
            "1985-12",
        ),
        no("The march last year was peaceful."),
        no("The march a year ago was peaceful."),
    ],
)


# ---------------------------------------------------------------------------------------------- a month alone
def _month_modified(m: re.Match[str], ctx: Context) -> Value | None:
    mod = m["mod"].lower()
    relation = (
        "last" if "last" in mod or "past" in mod else "next" if "next" in mod else "this" if mod == "this" else None
    )
    return resolve_month(ctx, month_of(m["m"]), m.start(), m.end(), relation)


MONTH_MODIFIED = rule(
    "month_modified",
    r"\b(?P<mod>(?:[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd|[Tt]he\s+(?:start|beginning|end|middle)\s+of|[Ll]ast|[Nn]ext|[Tt]his|"
    r"[Tt]his\s+past|[Ee]arly\s+last|[Ll]ate\s+last|[Ee]arly\s+next|[Ll]ate\s+next))[-\s]+"
    rf"(?P<m>{MONTH_FULL})\b(?!\s+\d)",
    _month_modified,
    trigger=MONTH_TRIGGER,
    priority=1,
    examples=[
        ex("Last September, there was a brief mutiny.", "2016-07-23", "Last September", "2015-09"),
        ex("Last May, KSOR conducted unprecedented exercises.", "2016-07-23", "Last May", "2016-05"),
        ex("During the unrest that took place in early January.", "2022-01-20", "early January", "2022-01"),
        ex("Talks are pencilled in for late March.", "2023-02-06", "late March", "2023-03"),
        ex("The plan is due in late November.", "1999-12-20", "late November", "1999-11"),
        ex("They will meet in mid-November.", "1989-10-30", "mid-November", "1989-11"),
        ex("They met in mid-November.", "1989-10-30", "mid-November", "1988-11"),
        ex("The vote is next March.", "2021-04-02", "next March", "2022-03"),
        ex("Six mths to end-September profit rose.", "1987-10-20", "end-September", "1987-09"),
        no("Last May 9 was a holiday.", mention="Last May"),
    ],
)


def _month_alone(m: re.Match[str], ctx: Context) -> Value | None:
    if m["m"] == "May" and (m["det"] or m["prep"] in ("and", "or", "to", "for", "by", "By", "of")):
        return None  # "Theresa May", "the May government", "pressure by May"
    if m["det"] and not re.match(r"\s+[a-z]", ctx.text[m.end() : m.end() + 2]):
        return None  # "a June agreement" is a month; "the March" alone is not enough
    if re.match(r"['’]s\b", ctx.text[m.end() : m.end() + 3]) and (found := _just_ended(month_of(m["m"]), ctx)):
        return found
    return resolve_month(ctx, month_of(m["m"]), m.start("m"), m.end(), None)


MONTH_IN_CONTEXT = rule(
    "month_in_context",
    r"\b(?P<lead>(?P<prep>[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Dd]uring|[Ff]rom|[Tt]hrough|[Tt]hroughout|[Bb]efore|"
    r"[Aa]fter|[Bb]etween|of|to|and|or|for|[Ss]ince\s+early|[Ss]ince\s+late)\s+|(?P<det>(?:[Aa]n?|[Tt]he|[A-Z][a-z]+['’]s)\s+))"
    rf"(?P<m>{MONTH_FULL})\b(?!\s+\d)",
    _month_alone,
    trigger=MONTH_TRIGGER,
    priority=0,
    examples=[
        ex("In September, it announced plans to buy the firm.", "1989-10-30", "September", "1989-09"),
        ex("The job figures for January were strong.", "1998-03-06", "January", "1998-01"),
        ex("The firm is bound by a June agreement with holders.", "1989-10-30", "June", "1989-06"),
        ex("The split would be paid on a still unspecified date in January.", "1989-10-26", "January", "1990-01"),
        ex("Elections are due in May.", "2022-01-07", "May", "2022-05"),
        ex(
            "Inflation is expected to improve in February after January's very high 0.9 pct rate.",
            "1987-03-02",
            "January",
            "1987-01",
        ),
        # after a possessive, before the noun it dates
        ex("Brazil's September trade surplus was the best this year.", "1987-10-20", "September", "1987-09"),
        ex("Japan's February exports rose.", "1987-03-20", "February", "1987-02"),
        ex("Tourists usually flock to the coast in August.", "2023-03-10", "August", "XXXX-08"),
        ex("The report, usually published in March, was delayed until June.", "2023-04-01", "June", "2023-06"),
        no("Britain's May government fell.", "1987-03-20", "May"),
        no("The bank's March.", "1987-03-20", "March"),
        ex("Between January and March the economy shrank.", "2023-05-15", "January and March", "2023-01", "2023-03"),
        ex("The bank held rates in September and is likely to again in December.", "2023-10-25", "December", "2023-12"),
        ex("Parliament returns from recess in January.", "2023-03-10", "January", "2024-01"),
        ex("The army will pull its troops from Syria in April.", "2023-06-10", "April", "2024-04"),
        ex("Output slowed to 1.1% from 1.9% in February and would pick up.", "2023-04-12", "February", "2023-02"),
        no("The May government fell and pressure grew for May to resign."),
        no("Theresa May met the press."),
        no("He read the March."),
    ],
)


def _month_subject(m: re.Match[str], ctx: Context) -> Value | None:
    return resolve_month(ctx, month_of(m["m"]), m.start("m"), m.end(), None)


# A month named alone as the subject or at the head of a clause ("said February fell within the tax season",
# "January was the coldest"): only the names that are neither verbs nor common first names.
MONTH_SUBJECT = rule(
    "month_subject",
    r"(?:(?P<lead>\b(?:said|says|and|but|that|while|because|when|whereas)\s+)|(?<![\w,;'’-]\s)(?<![\w'’-]))"
    r"(?P<m>January|February|July|September|October|November|December)\b(?=\s+[a-z])(?!\s+(?:of|the)\b)",
    _month_subject,
    trigger="uary|July|ember|October",
    priority=-1,
    examples=[
        ex("The service said February fell within the tax season.", "1987-03-19", "February", "1987-02"),
        ex("January was the coldest month on record.", "1987-03-19", "January", "1987-01"),
        ex("Exports rose, but December showed a fall.", "1987-03-19", "December", "1986-12"),
        ex("Talks resume in the autumn. October will bring a new round.", "1987-06-19", "October", "1987-10"),
        no("Coach Kevin July scored twice.", anchor="1987-03-19"),
        no("The October Revolution was marked.", anchor="1987-03-19", mention="October"),
        no("September of that year was wet.", anchor="1987-03-19", mention="September"),
    ],
)


def _month_possessive(m: re.Match[str], ctx: Context) -> Value | None:
    if m["m"] in ("May", "MAY"):
        return None  # "May's government": the name
    return _just_ended(month_of(m["m"]), ctx) or resolve_month(ctx, month_of(m["m"]), m.start("m"), m.end("m"), None)


def _just_ended(month: int, ctx: Context) -> Value | None:
    """A month in the possessive that ended in the last two months ("after January's very high rate",
    "maintain January's suspension" in March) names figures or a decision already known, whatever the tense."""
    anchor = ctx.anchor
    if anchor is None or month == anchor.month:
        return None
    year = anchor.year if month < anchor.month else anchor.year - 1
    if (anchor - dt.date(year, month, calendar.monthrange(year, month)[1])).days <= 62:
        return month_value(year, month)
    return None


MONTH_POSSESSIVE = rule(
    "month_possessive",
    rf"\b(?P<m>{MONTH_FULL})['’]s\b",
    _month_possessive,
    trigger=MONTH_TRIGGER,
    priority=0,
    examples=[
        ex("Showers reversed February's below-normal trend.", "1987-03-17", "February", "1987-02"),
        ex("January's figures were revised up.", "1987-03-17", "January", "1987-01"),
        ex("The board will decide at September's meeting.", "1987-03-17", "September", "1987-09"),
        ex("Ecuador would maintain January's suspension of interest payments.", "1987-03-15", "January", "1987-01"),
        ex("The board will meet at April's end.", "1987-03-15", "April", "1987-04"),
        no("May's cabinet met on Tuesday.", "2018-03-01", "May"),
    ],
)


def _week_of_month(m: re.Match[str], ctx: Context) -> Value | None:
    """'the first week of June': the week holding that month's 4th, 11th, 18th or 25th (the last: the week
    holding its fourth-last day)."""
    month = month_of(m["m"])
    if m["y"]:
        year = int(m["y"])
    else:
        resolved = resolve_month(ctx, month, m.start(), m.end(), None)
        if resolved.day is None:
            return Value("XXXX-WXX", "week")
        year = resolved.day.year
    which = m["ord"].lower()
    if which in ("last", "final"):
        day = dt.date(year, month, calendar.monthrange(year, month)[1] - 3)
    else:
        day = dt.date(year, month, 7 * ORDINALS[which] - 3)
    return Value(iso_week(day), "week", day=day)


WEEK_OF_MONTH = rule(
    "week_of_month",
    rf"\b(?:[Tt]he\s+)?(?P<ord>{ORDINAL[3:-1]}|last|final)\s+week\s+of\s+(?P<m>{MONTH})(?:,?\s+(?P<y>{YEAR}))?\b",
    _week_of_month,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("Talks may move to the first week of June.", "2022-01-05", "the first week of June", "2022-W22"),
        ex("Talks were held in the last week of December.", "2022-01-05", "the last week of December", "2021-W52"),
        ex("Sales peaked in the second week of March 1999.", None, "the second week of March 1999", "1999-W10"),
        no("It was the first week of talks."),
    ],
)


_PAST_PERIOD_BEFORE = re.compile(r"\b(?:in|during|since|between|from)\s+(?:the\s+)?$", re.IGNORECASE)
_DATA_PERIOD_AFTER = re.compile(r"\s+(?:period|quarter|months|figures|data)\b|\s+(?:were|was)\b")
_SHIPPED_AFTER = re.compile(r"\s*(?:shipments?|delivery|deliveries|loading|arrival|sold|traded|position)\b")


# "the July/February period in 1985/86", "the March/May period of 1986": the year is said after the pair
_PAIR_YEAR_AFTER = re.compile(
    rf"\s+(?P<period>period\s+)?(?:in|of|for)\s+(?:the\s+)?(?P<y>{YEAR})(?:/(?P<split>\d\d(?:\d\d)?)\b)?"
)


# "1987/88 (Oct/Sept)": the months that a split year runs, a gloss of it
_SPLIT_YEAR_GLOSSED = re.compile(rf"\b{YEAR}\s*/\s*\d\d(?:\d\d)?(?:\s+[a-z]+){{0,2}}\s*\(\s*$")


def _month_pair(m: re.Match[str], ctx: Context) -> Value | None:
    """'Mar/Apr shipment': two months in a row, read as one period."""
    if _SPLIT_YEAR_GLOSSED.search(ctx.text, max(0, m.start() - 40), m.start()):
        return None
    first, second = month_of(m["m1"] or m["h1"]), month_of(m["m2"])
    after = _PAIR_YEAR_AFTER.match(ctx.text, m.end(), min(len(ctx.text), m.end() + 40))
    if m["y"]:
        start = month_value(int(m["y"]), first)
    elif after is not None and (after["period"] or after["split"]):
        # a season split over two years ("1985/86") starts in its first year's second half
        year = int(after["y"]) + (1 if after["split"] and first < 7 else 0)
        start = month_value(year, first)
    elif (
        ctx.anchor
        and (second - first) % 12 >= (ctx.anchor.month - first) % 12
        and not _SHIPPED_AFTER.match(ctx.text, m.end(), min(len(ctx.text), m.end() + 24))
    ):
        # the months under way at publication ("GNP in the January/March period" in March)
        start = month_value(ctx.anchor.year - (first > ctx.anchor.month), first)
    elif ctx.anchor and (m["h1"] or _DATA_PERIOD_AFTER.match(ctx.text, m.end(), min(len(ctx.text), m.end() + 16))):
        # a period compared or reported ("the Jan-Sept period", "figures for January-March", "the
        # October/December quarter"), not a position traded
        start = resolve_month(ctx, first, m.start(), m.end(), None)
    elif ctx.anchor and not (_PAST_PERIOD_BEFORE.search(ctx.text, max(0, m.start() - 16), m.start())):
        # a pair of months is a trading position, shipped or delivered after it is traded: "sold for Dec/Jan
        # shipment" in November, "March/April sold at 4,340 dlrs" in February are ahead
        start = month_value(ctx.anchor.year + (first < ctx.anchor.month), first)
    else:
        start = resolve_month(ctx, first, m.start(), m.end(), None)
    if start.day is None:
        return Value(f"XXXX-{first:02d}", "month", f"XXXX-{second:02d}")
    end_year = start.day.year + (1 if second < first else 0)
    return Value(start.value, "month", f"{end_year:04d}-{second:02d}", day=start.day)


MONTH_PAIR = rule(
    "month_pair",
    rf"\b(?:(?:(?:[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd)-)?(?P<m1>{MONTH})\s*/\s*(?:(?:early|mid|late|end)-)?|(?P<h1>{MONTH})-)"
    rf"(?P<m2>{MONTH})(?:\s+(?P<y>{YEAR}))?\b",
    _month_pair,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("Mar/Apr shipment of sugar was sold.", "1987-03-10", "Mar/Apr", "1987-03", "1987-04"),
        ex("Traders sold 20,000 tonnes for Dec/Jan shipment.", "1987-11-10", "Dec/Jan", "1987-12", "1988-01"),
        ex("Prices for June/July 1987 delivery rose.", None, "June/July 1987", "1987-06", "1987-07"),
        ex(
            "Routine sales were made. March/April sold at 4,340 dlrs.",
            "1987-02-26",
            "March/April",
            "1987-03",
            "1987-04",
        ),
        ex("In January/February exports fell 5 pct.", "1987-03-26", "January/February", "1987-01", "1987-02"),
        ex(
            "It took 962,192 tonnes, against 1.8 mln during the July/February period in 1985/86.",
            "1987-03-09",
            "July/February",
            "1985-07",
            "1986-02",
        ),
        ex("Output in the March/May period of 1986 fell.", "1987-03-09", "March/May", "1986-03", "1986-05"),
        ex("Sales in the Jan/Feb period in 1986/87 rose.", "1987-03-09", "Jan/Feb", "1987-01", "1987-02"),
        ex("Exports in the Oct/Dec period rose 5 pct.", "1987-03-09", "Oct/Dec", "1986-10", "1986-12"),
        ex("The surplus in the Jan-Sept period was 7.9 billion.", "1987-10-20", "Jan-Sept", "1987-01", "1987-09"),
        ex("Car exports in the January-June period fell.", "1987-10-20", "January-June", "1987-01", "1987-06"),
        ex(
            "Tweendecker del Queensland mid-April/early-May for trip with sugar.",
            "1987-04-01",
            "mid-April/early-May",
            "1987-04",
            "1987-05",
        ),
        ex("Sold for late-Dec/early-Jan shipment.", "1987-11-10", "late-Dec/early-Jan", "1987-12", "1988-01"),
        ex(
            "GNP would have to grow 2.6 pct in the January/March period.",
            "1987-03-17",
            "January/March",
            "1987-01",
            "1987-03",
        ),
        ex("GNP rose 0.8 pct in the October/December quarter.", "1987-03-17", "October/December", "1986-10", "1986-12"),
        ex(
            "Cumulative figures for January-March were as follows.", "1987-04-02", "January-March", "1987-01", "1987-03"
        ),
        no("The ratio 3/4 was unclear."),
        no("Production for 1987/88 (Oct/Sept) is put at 1.2 mln tonnes.", "1987-11-02", "Oct/Sept"),
        no("The 1986/1987 (April/March) crop was 2.1 mln tonnes.", "1987-11-02", "April/March"),
        no("Exports in the 1986/87 crop year (Oct/Sept) rose.", "1987-11-02", "Oct/Sept"),
        no("Sold Dec/Jan in 1986 terms at 4,340 dlrs.", anchor="1987-11-10", mention="in 1986"),
    ],
)

_SPELLED_DAYS = "|".join(
    capitalised_either([w])
    for w in (
        "thirty-one",
        "thirty one",
        "thirty",
        *(f"twenty{sep}{u}" for u in UNIT_WORDS for sep in ("-", " ")),
        "twenty",
        *reversed(TEEN_WORDS),
        *reversed(UNIT_WORDS),
    )
)


def _month_spelled_day(m: re.Match[str], ctx: Context) -> Value | None:
    """'Pay Aug Three': a day written out after its month, as in wire dividend notices."""
    closed = re.match(r"\s*[,.;:)]", ctx.text[m.end() : m.end() + 3]) and m["m"] not in AMBIGUOUS_MONTHS
    if not m["lead"] and not m["y"] and not closed and (m["m"] in AMBIGUOUS_MONTHS or m["d"][0].islower()):
        return None  # "in March two ministers resigned"; "April one, 1987", "issued March one, said" are dates
    words = m["d"].lower().replace("-", " ").split()
    day = sum(NUMBER_WORDS[w] for w in words)
    month = month_of(m["m"])
    if m["y"]:
        found = safe_date(int(m["y"]), month, day)
        return day_value(found) if found else None
    if safe_date(2000, month, day) is None:
        return None
    return resolve_month_day(ctx, month, day, m.start(), m.end())


MONTH_SPELLED_DAY = rule(
    "month_spelled_day",
    r"\b(?P<lead>(?:[Pp]ay|[Pp]ayable|[Rr]ecord|[Oo]n|[Bb]y|[Uu]ntil|[Ff]rom|[Ee]ffective|[Bb]eginning|[Ss]tarting)\s+)?"
    rf"(?P<m>{MONTH})\s+(?P<d>{_SPELLED_DAYS})\b(?:,?\s+(?P<y>{YEAR})\b)?"
    r"(?!\s+(?:percent|pct|per|dlrs|million|billion|mln|years?|months?|weeks?|days?|times|of)\b)",
    _month_spelled_day,
    trigger=MONTH_TRIGGER,
    priority=2,
    examples=[
        ex("Qtly div 15 cts vs 15 cts prior. Pay Aug Three, record July 15.", "1987-06-10", "Aug Three", "1987-08-03"),
        ex("Pay April Twenty, record March 31.", "1987-03-10", "April Twenty", "1987-04-20"),
        ex("Dividend payable May Fifteen.", "1987-03-10", "May Fifteen", "1987-05-15"),
        ex("Convertible from March one, 1988, to September one, 1989.", "1987-02-26", "March one, 1988", "1988-03-01"),
        ex(
            "It will sell three tankers, effective April one, 1987, to Socanav.",
            "1987-03-18",
            "April one, 1987",
            "1987-04-01",
        ),
        ex("The tax applies effective July one.", "1987-03-18", "July one", "1987-07-01"),
        ex("The accord, signed June two, 1986, lapses.", "1987-03-18", "June two, 1986", "1986-06-02"),
        ex(
            "The earlier statement, issued March one, said it would not comment.",
            "1987-03-18",
            "March one",
            "1987-03-01",
        ),
        ex("The pact was signed on the eve of June two.", "1987-03-18", "June two", "1986-06-02"),
        no("In March two ministers resigned.", anchor="1987-03-10"),
        no("In May one, two or three firms may close.", anchor="1987-03-10"),
        no("In April three firms, 1987 being a bad year, closed.", anchor="1987-03-10", mention="April three"),
        no("May Two be the answer.", anchor="1987-03-10"),
    ],
)
