"""Every word the tagger knows, once: months, weekdays, parts of the day, seasons, numbers, holidays.

Rules build their patterns from the fragments here, and resolvers read the tables here; a word added
here is known to every rule that speaks of its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.dates import MONTHS

__all__ = ["MONTHS"]

# ---------------------------------------------------------------------------------------------- months
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Abbreviations as regex fragments, by month number ("May" has none: it is its own abbreviation).
MONTH_ABBREVIATIONS = {
    1: r"Jan\.?",
    2: r"Feb\.?",
    3: r"Mar\.?",
    4: r"Apr\.?",
    6: r"Jun\.?",
    7: r"Jul\.?",
    8: r"Aug\.?",
    9: r"Sept?\.?",
    10: r"Oct\.?",
    11: r"Nov\.?",
    12: r"Dec\.?",
}
# "Mar", "Apr", "Jun", "Jul" after a bare number are more often something else ("3 Mar" is rare in
# prose, "5 Jul" in tables): rules that read a day before the month leave them out.
ABBREVIATIONS_AFTER_A_DAY = (1, 2, 8, 9, 10, 11, 12)
# Month names that are also common words or names, which a month needs a digit or context to be.
AMBIGUOUS_MONTHS = ("May", "MAY", "Mar", "Jun")


def month_pattern(abbreviations: Iterable[int] = MONTH_ABBREVIATIONS, *, upper: bool = True) -> str:
    """The one month pattern: full names, then the chosen abbreviations, then (optionally) capitals."""
    parts = list(MONTH_NAMES)
    parts += [MONTH_ABBREVIATIONS[n] for n in abbreviations]
    if upper:
        parts += [name.upper() for name in MONTH_NAMES]
    return "(?:" + "|".join(parts) + ")"


MONTH = month_pattern()
MONTH_FULL = month_pattern((), upper=False)
MONTH_AFTER_DAY = month_pattern(ABBREVIATIONS_AFTER_A_DAY, upper=False)
# The literal every month pattern contains: rules on months only run near one of these.
MONTH_TRIGGER = "|".join([name[:3] for name in MONTH_NAMES] + [name[:3].upper() for name in MONTH_NAMES])


def month_of(token: str) -> int:
    """The number of a month name or abbreviation ("Sept.", "MARCH")."""
    return MONTHS[token.lower().rstrip(".")]


# ---------------------------------------------------------------------------------------------- days
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
# Wire copy sometimes writes them in lower case ("On thursday some 1,350 inspectors will check"); no English
# word is spelled like a weekday, so either case of the first letter is a weekday.
WEEKDAY = "(?:" + "|".join(f"[{n[0]}{n[0].lower()}]{n[1:]}" for n in WEEKDAY_NAMES) + ")"
WEEKDAY_TRIGGER = "(?:" + "|".join(f"[{n[0]}{n[0].lower()}]{n[1:-3]}" for n in WEEKDAY_NAMES) + ")day"
DAY_OF_MONTH = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d|21\d\d)"
PART_OF_DAY = r"(?:night|morning|afternoon|evening)"

# Misspellings of day words ("tommorrow", "yesterdy", "wensday", "Thrusday"): the words they may stand for, and
# real words of the same shape that never do (the tagger reads a misspelling only within a small edit distance
# of one of these, keeping its first letter; a weekday only where a day is expected: "on Wensday").
MISSPELLABLE_DAYS = ("yesterday", "tomorrow", *(name.lower() for name in WEEKDAY_NAMES))
NOT_MISSPELLED_DAYS = frozenset(
    {
        "someday",
        "midday",
        "weekday",
        "workday",
        "mayday",
        "payday",
        "heyday",
        "doomsday",
        "holiday",
        "birthday",
        "faraday",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "yesterday",
        "tomorrow",
        "yesteryear",
        "yesterdays",
        "tomorrows",
        "munday",  # a surname, one letter from Monday
        "tuesdays",
    }
)

# ---------------------------------------------------------------------------------------------- seasons
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
SEASON = "(?:" + "|".join(SEASONS) + ")"
SEASON_TRIGGER = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in SEASONS)

# ---------------------------------------------------------------------------------------------- numbers
UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEEN_WORDS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    **{w: i for i, w in enumerate(UNIT_WORDS, start=1)},
    **{w: i for i, w in enumerate(TEEN_WORDS, start=10)},
    **{w: 10 * i for i, w in enumerate(TENS_WORDS, start=2)},
    "a couple of": 2,
    "a dozen": 12,
}
NUMBER = (
    r"(?:\d{1,3}|a couple of|a dozen|"
    + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + ")"
)
UNITS = "|".join(UNIT_WORDS)
TEENS = "|".join(TEEN_WORDS)
TENS = "|".join(TENS_WORDS)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
ORDINAL = "(?:" + "|".join(ORDINALS) + ")"


def capitalised_either(words: Iterable[str]) -> str:
    """`[Tt]wo|[Tt]hree`: words that may open a sentence."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words)


def number_value(text: str) -> int | None:
    """'12' -> 12, 'twelve' -> 12, 'a couple of' -> 2; None for anything else."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


# ---------------------------------------------------------------------------------------------- holidays
# Each holiday by how its date is found: ("fixed", month, day), ("nth", month, weekday, n) with n = -1 for
# the last, ("easter", days after Easter Sunday), ("after_nth", month, weekday, n, days) for a day after one.
HOLIDAYS: dict[str, tuple[object, ...]] = {
    "new year's day": ("fixed", 1, 1),
    "new year's eve": ("fixed", 12, 31),
    "christmas day": ("fixed", 12, 25),
    "christmas eve": ("fixed", 12, 24),
    "christmas": ("fixed", 12, 25),
    "boxing day": ("fixed", 12, 26),
    "valentine's day": ("fixed", 2, 14),
    "independence day": ("fixed", 7, 4),
    "bastille day": ("fixed", 7, 14),
    "halloween": ("fixed", 10, 31),
    "victory day": ("fixed", 5, 9),
    "may day": ("fixed", 5, 1),
    "labor day": ("nth", 9, 0, 1),
    "memorial day": ("nth", 5, 0, -1),
    "thanksgiving day": ("nth", 11, 3, 4),
    "thanksgiving": ("nth", 11, 3, 4),
    "election day": ("after_nth", 11, 0, 1, 1),
    "easter sunday": ("easter", 0),
    "easter": ("easter", 0),
    "good friday": ("easter", -2),
}
HOLIDAY = "(?:" + "|".join(re.escape(h).replace("'", "['’]") for h in sorted(HOLIDAYS, key=len, reverse=True)) + ")"
HOLIDAY_TRIGGER = "[Dd]ay|[Cc]hristmas|[Tt]hanksgiving|[Ee]aster|[Hh]alloween|[Ee]ve"

# ---------------------------------------------------------------------------------------------- names
# Words that head a name a year can be part of: "Vision 2030", "Agenda 2063", "Resolution 2118".
NAME_HEADS = "|".join(
    (
        "Vision",
        "Agenda",
        "Horizon",
        "Expo",
        "Euro",
        "Windows",
        "Office",
        "Resolution",
        "Act",
        "Treaty",
        "Accord",
        "Convention",
        "Declaration",
        "Decree",
        "Directive",
        "Regulation",
        "Loan",
        "Bond",
        "Trust",
        "Fund",
        "Lease",
        "Strategy",
        "Programme",
        "Program",
        "Project",
        "Initiative",
        "Model",
        "Version",
        "Release",
        "Edition",
        "Class",
        "Cup",
        "Games",
        "Olympics",
        "Index",
    )
)

# ---------------------------------------------------------------------------------------------- plans
# Verbs that, in the simple present, state a plan or a timetable ("the president travels to Kyiv on
# Wednesday", "voters go to the polls on Sunday", "bids close on the 30th", "what happens on Friday?"):
# the date they govern is ahead. Each is written in the forms it takes after a subject; a form that is
# also a common noun ("returns", "votes", "visit", "reports") is left out or needs the word that makes it
# a verb ("returns to").
PLAN_VERBS = (
    r"travels?",
    r"fl(?:y|ies)",
    r"heads?\s+(?:to|for|back|home)",
    r"go(?:es)?\s+(?:to\s+the\s+polls|on\s+sale|into\s+effect|ahead)",
    r"takes?\s+office",
    r"visits",
    r"hosts",
    r"closes?(?=\s+(?:on|at|in|this|next)\b)",
    r"reopens?",
    r"returns?\s+(?:to|from|home)",
    r"arrives?",
    r"departs?",
    r"lands\s+in",
    r"unveils",
    r"happens",
    r"decides",
    r"rules?\s+on",
    r"testif(?:y|ies)",
    r"wraps?\s+up",
    r"concludes",
    r"runs?\s+(?:until|through|till)",
    r"hits?\s+(?:theaters|theatres|cinemas|shelves|stores)",
    r"enters?\s+into\s+force",
    r"(?:is|are)\s+(?:closed|shut)",
    r"(?:is|are|['’]re|['’]ll\s+be)\s+back\s+(?:on|in|at|with)\b",  # "we're back on air on Monday"
    r"follows?(?=\s+(?:in|on|at|next|this|later)\b)",  # "elections follow in the spring", not "follows Tuesday's vote"
)
# Verbs of expecting in the present ("the company expects margins to recover in Q3", "we anticipate a
# decision in June"): what they expect is ahead.
EXPECTATION_VERBS = (r"expects?", r"anticipates?", r"predicts?", r"foresees?")
PLAN_VERB = "(?:" + "|".join(PLAN_VERBS + EXPECTATION_VERBS) + ")"

# ---------------------------------------------------------------------------------------------- habits
# Words that make a statement habitual or generic ("sales normally dip after the new year", "tourists usually
# flock to the coast in August", "each year in April"): a year-less date in their clause is every such date
# (TimeML: a SET, "XXXX-08"), not one. Left out as too often about one occasion: "always", "often",
# "generally" ("generally expected in May"), "historically" ("historically low in March"); "as usual" and
# "unusually" do not match.
HABITUAL_CUES = (
    r"normally",
    r"usually",
    r"typically",
    r"traditionally",
    r"customarily",
    r"habitually",
    r"invariably",
    r"routinely",
    r"tend(?:s|ed)?\s+to",
    r"(?:every|each)\s+year",
    r"(?<!pct\s)(?<!percent\s)(?<!%\s)annually",  # not a rate ("rising 7.75 pct annually in April")
    r"as\s+a\s+rule",
    r"by\s+tradition",
)
HABITUAL = r"\b(?:" + "|".join(HABITUAL_CUES) + r")\b"

# ---------------------------------------------------------------------------------------------- units of time
UNRESOLVED = {
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
