"""Years, spans of years, decades, centuries, fiscal years and years spelled out."""

from __future__ import annotations

import datetime as dt
import re

from briefing.timex.lexicon import NAME_HEADS, NUMBER_WORDS, TEENS, TENS, UNITS, YEAR
from briefing.timex.resolve import Context, Value, year_value
from briefing.timex.rule import ex, no, rule

_YEAR_TRIGGER = r"\d\d\d\d"

# Nouns of counting after a number: "2000 troops" is a count, not a year.
_YEAR_BAD_FOLLOWERS = (
    r"(?:km|kilomet|miles?|metres?|meters?|kg|tons?|tonnes?|people|persons|troops|soldiers|personnel|men|women|"
    r"children|pounds|dollars|euros|rubles?|roubles?|barrels|feet|ft|hectares|acres|votes|seats|units|cars|"
    r"vehicles|jobs|workers|employees|shares|points|percent|per\s+cent|residents|cases|deaths|hours|minutes|"
    r"calories|words|pages|copies|rioters|protesters|houses|homes|beds|refugees|migrants|civilians|prisoners|"
    r"detainees|hostages|students|doctors|nurses|teachers|police(?:men)?|officers|families|villages|buildings|"
    r"tanks|planes|aircraft|ships|missiles|rockets|weapons|animals|cattle|sheep|visitors|tourists|fans|"
    r"spectators|participants|delegates|members|voters|farmers|miners|staff|patients|victims|casualties|"
    r"arrests|lives|bodies|fighters|militants|rebels|insurgents|marines|sailors|pilots|companies|firms|"
    r"stores|shops|branches|schools|hospitals|factories|flights|trucks|lorries|buses|containers|signatures|"
    r"tickets|dlrs|yen|francs|marks|lire|cts|mln|billion|million)\b"
)
# A year right after the head of a name ("Vision 2030", "Agenda 2063", "Resolution 2118", "Treasury Loan
# 1997") or a product name ("LaserJet 2000"), or before a series letter ("Trust 1986-A"), belongs to the name.
_NAME_BEFORE = re.compile(rf"\b(?:(?:{NAME_HEADS})|[A-Z][a-z]+[A-Z][A-Za-z]*)\s$")
_NAME_AFTER = re.compile(r"-[A-Z]\b")

# Nouns after a year that make it the year of a noun ("its 1998 results", "1999 sales"), not a count.
# Other plural nouns too, when the year is near the publication date and not a round number.

_TEMPORAL_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|during|of|before|after|through|to|between|and|early|late|mid|fiscal|year|"
    r"the|around|circa|c\.|summer|winter|spring|autumn|fall|end|start|beginning|middle)[\s-]*|[(,]\s*)$",
    re.IGNORECASE,
)
# Before a count noun only these keep a year a year ("in 2000 troops left" is odd; "and 1800 migrants" is a count).
_STRONG_TEMPORAL_BEFORE = re.compile(
    r"\b(?:in|since|until|till|during|before|after|through|early|late|mid|fiscal|year|circa|summer|winter|spring|"
    r"autumn|fall|end|start|beginning|middle)[\s-]*$",
    re.IGNORECASE,
)
_CLOCK_FOLLOWERS = re.compile(
    r"\s*(?:GMT|UTC|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|MSK|IST|JST|hrs|hours|h|local(?:\s+time)?)\b",
    re.IGNORECASE,
)


def _year_range(m: re.Match[str], ctx: Context) -> Value | None:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else (first // 100) * 100 + int(second_text)
    if not first < second <= first + 100:
        return None
    return Value(f"{first:04d}", "year", f"{second:04d}", day=dt.date(first, 1, 1))


YEAR_RANGE = rule(
    "year_range",
    rf"\b(?P<lead>(?:from|between)\s+)?(?P<y1>{YEAR})\s*(?:-|–|—|/|to|through|and|until)\s*(?P<y2>{YEAR}|\d\d)\b(?![-–/]\d)",
    _year_range,
    trigger=_YEAR_TRIGGER,
    priority=2,
    examples=[
        ex(
            "It was during this period – from 2020-2021 – that a discourse began.",
            "2022-01-20",
            "2020-2021",
            "2020",
            "2021",
        ),
        ex("Exercises were held between 2016 and 2018 in Tajikistan.", "2020-05-01", "2016 and 2018", "2016", "2018"),
        ex("The plan covers 1998-99.", "1998-01-01", "1998-99", "1998", "1999"),
        # split (fiscal, crop, season) years: "the 1988/89 income year", "the 1986/87 season"
        ex("The system applies from the 1988/89 income year.", "1987-06-18", "1988/89", "1988", "1989"),
        ex("Sugar output in the 1986/87 season rose.", "1987-06-18", "1986/87", "1986", "1987"),
        no("The ratio was 1800/1200 at the close.", mention="1800/1200"),
        no("The score was 2018-2016 after extra time."),
    ],
)


def _year(m: re.Match[str], ctx: Context) -> Value | None:
    year = int(m["y"])
    after = ctx.text[m.end() : m.end() + 24]
    before = ctx.text[max(0, m.start() - 24) : m.start()]
    temporal_before = _TEMPORAL_BEFORE.search(before)
    if re.match(r"\s+" + _YEAR_BAD_FOLLOWERS, after, re.IGNORECASE) and not _STRONG_TEMPORAL_BEFORE.search(before):
        return None
    if _CLOCK_FOLLOWERS.match(after):
        return None  # a 24-hour clock time: "1600 GMT", "at 0930 local time"
    if _NAME_BEFORE.search(before) or _NAME_AFTER.match(after):
        return None  # part of a name: "Vision 2030"
    if (
        re.match(r"\s+[a-z]+s\b", after)
        and not temporal_before
        and not re.match(r"\s+(?:was|is|has|as|levels?)\b", after)
        and not _year_of_a_noun(year, ctx)
    ):
        return None
    if year < 1800 and not temporal_before:
        return None
    return year_value(year)


def _year_of_a_noun(year: int, ctx: Context) -> bool:
    """'1987 sales', '1986 results': a year before a plural noun (counts such as '2000 troops' are filtered
    by the noun before this): believed when it is near the publication date and not a round number."""
    anchor = ctx.peek_anchor()
    if anchor is None or year % 100 == 0:
        return False
    return anchor.year - 60 <= year <= anchor.year + 30


YEAR_ALONE = rule(
    "year",
    rf"(?<![\d$£€#.,/-])(?<!\d:)(?<!No\.\s)(?P<mod>(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s])?(?P<y>{YEAR})"
    r"(?![\d%,.:/-]\d|\d|\s*(?:%|per\s*cent))(?:['’]s\b)?",
    _year,
    trigger=_YEAR_TRIGGER,
    priority=0,
    examples=[
        ex("In 2016 Kazakhstan's former president accused a businessman.", "2022-01-07", "2016", "2016"),
        ex("The 201st will remain in Tajikistan until 2042 at the earliest.", "2018-01-25", "2042", "2042"),
        ex("Deployments on the border for the first time since 2005.", "2018-01-25", "2005", "2005"),
        ex("Reforms stalled in mid-1998.", "1999-01-01", "mid-1998", "1998"),
        ex("Its 1986 results were strong and 1987 sales will grow.", "1987-03-10", "1986", "1986"),
        ex("Its 1986 results were strong and 1987 sales will grow.", "1987-03-10", "1987", "1987"),
        ex("The 1988 budget was approved.", "1987-03-10", "1988", "1988"),
        ex("GM will boost its 1987 imports of U.S. goods.", "1987-03-10", "1987", "1987"),
        # a table note glued to its label
        ex("NOTE:1986 reflects a tax benefit of 24,000.", "1987-04-01", "1986", "1986"),
        ex("Results:1985 restated for the merger.", "1987-04-01", "1985", "1985"),
        no("It said 2000 troops were sent and 1500 people fled."),
        no("Some 2000 refugees and 1800 migrants crossed.", anchor="2015-06-01"),
        no("About 2000 tickets were sold.", anchor="2001-06-01"),
        no("Saudi Arabia's Vision 2030 plan aims to diversify."),
        no("The African Union's Agenda 2063 was cited."),
        no("UN Resolution 2118 demanded it."),
        no("HP introduced the LaserJet 2000, its first printer."),
        no("It sold notes of California Cars Grantor Trust 1986-A.", anchor="1987-03-02"),
        no("Prices rose 2,015 points, or 1995 %."),
        no("The figure was 1999.5 on the index."),
        no("Call 1-800-2020 for details."),
        no("The odds were 3:2000 against it and the ratio 1:1999."),
        no("The meeting is at 10 a.m. local time (1600 GMT) and the deadline is 1600 EST."),
        no("Shelling resumed at 0930 hours and again at 2100 local time."),
    ],
)


def _decade(m: re.Match[str], ctx: Context) -> Value | None:
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
    return Value(value, "decade", end, day=dt.date(year, 1, 1))


DECADE = rule(
    "decade",
    r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s])?(?P<dec>1[6-9]\d0|20\d0|['’]\d0)['’]?s\b"
    r"(?:\s*(?:-|–|to|and)\s*(?:the\s+)?(?P<dec2>1[6-9]\d0|20\d0)['’]?s\b)?",
    _decade,
    trigger=r"0['’]?s",
    flags=re.IGNORECASE,
    priority=2,
    examples=[
        ex("Why did millions flee to China in the 1920s?", "2018-01-25", "the 1920s", "192X"),
        ex("Kazakhs fled in the 1920s-1930s during collectivisation.", "2018-01-25", "the 1920s-1930s", "192X", "193X"),
        ex("Growth continued in the 1990s.", None, "the 1990s", "199X"),
        ex("Fashion of the '60s returned.", "1999-05-01", "the '60s", "196X"),
        no("He owns 1950 shares."),
    ],
)


def _century(m: re.Match[str], ctx: Context) -> Value | None:
    n = int(m["n"]) if m["n"] else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}[m["w"].lower()]
    return Value(f"{n - 1:02d}", "century", day=dt.date(max((n - 1) * 100, 1), 1, 1))


CENTURY = rule(
    "century",
    r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b|\b(?:the\s+)?(?P<w>nineteenth|twentieth|twenty-first)\s+century\b",
    _century,
    trigger="entury",
    flags=re.IGNORECASE,
    priority=1,
    examples=[
        ex("Borders changed in the 19th century.", None, "the 19th century", "18"),
        ex("A twenty-first century war.", None, "twenty-first century", "20"),
        no("The century mark was passed."),
    ],
)


def _fiscal(m: re.Match[str], ctx: Context) -> Value | None:
    return year_value(int(m["y"]))


FISCAL_YEAR = rule(
    "fiscal_year",
    rf"\b(?:[Ff]iscal|FY|F/Y)\s*(?:[Yy]ear\s+)?['’]?(?P<y>{YEAR})\b",
    _fiscal,
    trigger="[Ff]iscal|FY|F/Y",
    priority=2,
    examples=[
        ex("The group was founded in fiscal 1988.", "1989-10-30", "fiscal 1988", "1988"),
        ex("Profit for FY2019 doubled.", "2020-01-01", "FY2019", "2019"),
        ex("Its fiscal year 1999 budget.", "1998-01-01", "fiscal year 1999", "1999"),
        ex("Fiscal 1999 profit rose.", "1999-08-01", "Fiscal 1999", "1999"),
        no("Fiscal policy in 1999 was tight."),
    ],
)

_SPELLED_TAIL = (
    rf"(?:(?P<tens>{TENS})(?:[-\s](?P<units>{UNITS}))?|(?P<teens>{TEENS})|(?:oh|o)[-\s](?P<oh>{UNITS})|hundred)"
)


def _spelled_year(m: re.Match[str], ctx: Context) -> Value | None:
    """Years read out in broadcast transcripts: 'nineteen ninety-six', 'the year two thousand'."""
    if m["c20"]:
        if not (m["lead"] or m["theyear"]):
            return None  # "two thousand people"
        small = m["small"]
        return year_value(2000 + (NUMBER_WORDS[small.lower()] if small else 0))
    after = ctx.text[m.end() : m.end() + 24]
    if re.match(r"\s+(?:[a-z]+s|people|men|women|of|more|percent|per\s+cent)\b", after) and not re.match(
        r"\s+(?:was|is|has|as)\b", after
    ):
        return None  # "nineteen hundred soldiers"
    tail = 0
    if m["tens"]:
        tail = NUMBER_WORDS[m["tens"].lower()] + (NUMBER_WORDS[m["units"].lower()] if m["units"] else 0)
    elif m["teens"]:
        tail = NUMBER_WORDS[m["teens"].lower()]
    elif m["oh"]:
        tail = NUMBER_WORDS[m["oh"].lower()]
    return year_value(1900 + tail)


SPELLED_YEAR = rule(
    "spelled_year",
    r"\b(?P<lead>[Ii]n\s+)?(?P<theyear>[Tt]he\s+year\s+)?(?:(?P<c19>[Nn]ineteen)\s+"
    + _SPELLED_TAIL
    + rf"|(?P<c20>[Tt]wo\s+thousand)(?:\s+(?:and\s+)?(?P<small>{TEENS}|{UNITS}))?)\b",
    _spelled_year,
    trigger="[Nn]ineteen|[Tt]wo thousand",
    priority=1,
    examples=[
        ex("He left Cuba in nineteen fifty-nine.", "1998-05-01", "nineteen fifty-nine", "1959"),
        ex("By the year two thousand the plan was dead.", "1998-05-01", "the year two thousand", "2000"),
        ex("It was built in nineteen oh-five.", "1998-05-01", "nineteen oh-five", "1905"),
        no("Two thousand people marched and nineteen were hurt."),
        no("Nineteen hundred soldiers crossed the border."),
    ],
)
