"""Resolution: the context of an expression (anchor, sentence, tense, the date last spoken of) and the
date arithmetic that turns a partial or relative expression into a TIMEX3 value."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dateutil.easter import easter as dateutil_easter

from briefing.timex.lexicon import HABITUAL, HOLIDAYS, PLAN_VERB, SEASON_START_MONTH, UNRESOLVED

# ---------------------------------------------------------------------------------------------- tense cues
# "was due to lower prices", "due to markdowns": a cause, not a plan ("is due to meet", "due to be paid")
_CAUSE = (
    r"(?:the|an?|its|their|his|her|this|that|these|those|higher|lower|weak|weaker|strong|stronger|poor|"
    r"increased|reduced|[a-z]+(?:s|ing|ed|ion|ity|ness|ment)\b|\d)"
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|would|next|upcoming|coming|as\s+soon\s+as|"
    r"(?:is|are|was|were|be)\s+(?:due|scheduled|set|expected|slated|planned|going|supposed)\s+to(?!\s+" + _CAUSE + r")|"
    r"to\s+be\s+(?:held|followed|signed|released|published|decided|completed|launched|opened|[a-z]{3,}ed)\b|"
    r"plans?\s+(?:[\w-]+\s+){0,3}?to\s+(?!the\b|an?\b)|intends?\s+to|aims?\s+to|hopes?\s+to|expects?\s+to|"
    r"(?:has|have)\s+to\s+be\b|"
    r"(?:un)?likely\s+to|poised\s+to|on\s+(?:track|course)\s+to|about\s+to|"
    r"to\s+(?:hold|meet|visit|begin|start|open|resume|vote|sign|host|launch|take\s+place|release|"
    r"complete|ratify|admit|decide|rule)\b|"
    # scheduling language: a plan stated in the present tense ("the committee meets on Friday", "results
    # are due in March") and modals of possibility ("talks may move to June")
    r"(?:meets?|opens|begins|starts|resumes|convenes|reconvenes|expires|kicks\s+off|gets\s+under\s*way|"
    r"(?:goes|heads|travels|flies|returns|comes\s+up|appears)\s+(?:to|before|for)|leaves\s+for|testifies|"
    r"takes\s+effect|comes\s+into\s+force|(?-i:may|might|should)(?!\s+(?:[a-z]+\s+)?have\b))\b)\b",
    re.IGNORECASE,
)
# A plan in the simple present ("the president travels to Kyiv on Wednesday"): not after a determiner (a noun:
# "the close on Friday"), "did" (a past question: "did it happen on Friday?") or "to" ("shares fell on Friday
# to close at $20": a plan after "to" is the verb before it, "plans to").
_PLAN_CUE = re.compile(
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bdid\s)(?<!\bto\s)"
    rf"\b{PLAN_VERB}\b",
    re.IGNORECASE,
)
# Phrases just before an expression that place it: a comparison with an earlier value ("down from 4% in
# January", "from 1.9% in February": a decimal point ends no clause, "below the level of early February"),
# "since", "the preceding round in"; or a plan ahead ("ahead of Sunday's vote"). They decide whatever the
# verbs elsewhere in the sentence say.
_PAST_BEFORE = re.compile(
    r"(?:\b(?:since|preceding|previous|prior(?!\s+to\b))\b[^.;,:!?\n]{0,44}"
    # a participle of something done ("the target zone set in December"), not one to be done ("to be signed on")
    r"|(?<!\bbe\s)(?<!\bbeen\s)\b(?:set|agreed|announced|adopted|approved|introduced|reached|imposed|signed)\s+(?:in|on)\s+"
    # the period that figures are for ("possibly in the figures for February", "data for the October/December
    # quarter")
    r"|\b(?:figures|data|statistics)\s+(?:for|in|of)\s+(?:the\s+)?"
    r"|\b(?:than|compared\s+(?:with|to)|versus|vs\.?|against)\s+(?:[^.;,:!?]|(?<=\d)[.,](?=\d)){0,24}?"
    r"\b(?:in|on|at|of|during)\s+"
    # "from" compares only with a figure ("from 4% in"; not "returns from recess in", "troops from Syria in")
    r"|\bfrom\s+[^.;,:!?\d]{0,12}?\d(?:[^.;,:!?]|(?<=\d)[.,](?=\d)){0,20}?\b(?:in|on|at|of|during)\s+"
    r"|\blevels?\s+(?:of|in|seen\s+in|reached\s+in|recorded\s+in)\s+(?:the\s+)?"
    r"|\b(?:highs?|lows?|peak)\s+(?:of|in|on|set\s+in|hit\s+in|reached\s+in)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_TIME_PREPOSITION = re.compile(
    r"\b(?:in|on|by|until|till|before|after|during|through|throughout|from|to|for)\s+(?:(?:early|mid|late)[-\s]+)?$",
    re.IGNORECASE,
)
_COMPARED_WITH = re.compile(
    r"\b(?:from|than|above|below|versus|vs\.?|against|compared\s+(?:with|to))\s+$", re.IGNORECASE
)
_FUTURE_BEFORE = re.compile(
    r"\b(?:ahead\s+of|in\s+time\s+for|in\s+the\s+run[-\s]up\s+to|(?:delivery|shipment|loading|arrival)\s+(?:in|on|by)|"
    r"(?:prepar(?:e|es|ed|ing)|ready|readie[sd]|readying|brac(?:e|es|ed|ing))\s+for|"
    # a new date set ("extended to May 22", "postponed until Tuesday")
    r"(?:extend|postpon|delay|adjourn|defer|push(?:ed|es|ing)?\s+back)\w*\s+(?:[^.;:]{0,24}?\s)?(?:to|until|till))"
    r"\s+(?:the\s+|an?\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)
# A date of shipment or delivery is ahead ("for June 20/July 20 shipment", "Mar/Apr delivery", "for May 15/Jun 15
# shipment"); in the plural only after "for" ("for April shipments"): "Q4 deliveries beat estimates", "February
# shipments were up" count what was delivered.
_FUTURE_AFTER = re.compile(
    r"(?:\s*(?:/|-|to)\s*(?:(?:early|mid|late)[-\s])?[A-Za-z]{3,9}\.?(?:\s*\d{1,2})?)?"
    r"(?:\s+(?!and\b|or\b|of\b|to\b)[a-z]+)?\s*"
    r"(?:(?P<one>shipment|delivery|loading|arrival)|shipments|deliveries|arrivals)\b"
    r"(?!\s+(?:were|was|rose|fell|totalled|totaled|increased|decreased|dropped|declined|climbed|reached)\b)",
    re.IGNORECASE,
)
_FOR_BEFORE = re.compile(r"\bfor\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
# Participles of planning look forward unless the sentence reports them in the past ("said the plans set for").
_WEAK_FUTURE_CUE = re.compile(
    r"\b(?:plann(?:ed|ing)|schedul(?:ed|ing)|(?:due|slated)\s+(?:for|to(?!\s+" + _CAUSE + r")|on)|set\s+(?:for|to))\b",
    re.IGNORECASE,
)
_REPORTED_PAST = re.compile(r"\b(?:said|told)\b", re.IGNORECASE)
_REPORTING_VERBS = ("said", "says", "told")
# A participle after "be" is passive, not past ("would be paid in January").
_PAST_CUE = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)\b(?:was|were|had|did|said|says|told|ago|last|earlier|reported|announced|killed|died|began|took|"
    r"came|went|met|held|signed|arrived|left|happened|occurred|started|ended|won|lost|made|gave|got|saw|fell|rose|"
    r"grew|paid|sold|bought|brought|found|kept|became|struck|fought|fled|stood|thought|felt|wrote|spoke|chose|drove)\b",
    re.IGNORECASE,
)
# Any regular past tense ("predicted", "issued"), a weaker cue than the listed verbs (a participle after "is"
# or "are" is a passive present: "talks are pencilled in for late March", "the strike is called off until");
# participles that usually look forward or describe (planned, expected, based, ...) and un-adjectives
# ("unspecified") are left out.
_PAST_ED_CUE = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bis\s)(?<!\bare\s)(?<!\bam\s)\b(?!(?:need|speed|feed|seed|breed|bleed|proceed|succeed|exceed|hundred|kindred|shed|wed|bed|red|led|fled|"
    r"armed|based|expected|scheduled|planned|proposed|supposed|intended|unexpected|detailed|interested|"
    r"concerned|related|limited|advanced|registered|listed|used|owned|aged|skilled|talented|wanted|needed|"
    r"associated|linked|tied|"
    r"required|anticipated|projected|estimated|forecasted|slated|elected|designated|united)\b|un)[a-z]{3,}ed\b"
)
DEADLINE_BEFORE = re.compile(
    r"\b(?:by|payable|expires?|expiring|record|effective|through|until|till)\s+$", re.IGNORECASE
)
_SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9\"”')\]])[.!?]+[\"”')\]]*\s+(?=[\"“'(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Sgt|St|No|vs|Inc|Co|Corp|Ltd|Jr|Sr|Prof)"
    r"|\b[A-Z])\.$"
)


# A hard-wrapped line (wire copy) that breaks mid-sentence: long, ending in a word or a comma.
_WRAPPED_LINE = re.compile(r"[^\n]{40,}[a-z,;]$")
_INDENTED = re.compile(r"\n[ \t]+")


def sentence_starts(text: str) -> list[int]:
    """Offsets where the sentences of `text` begin (abbreviations such as "Jan." or "Mr." end none; nor does
    the line break of hard-wrapped copy before a capital: "which expires in\nOctober")."""
    starts = [0]
    for match in _SENTENCE_END_RE.finditer(text):
        before = text[max(0, match.start() - 6) : match.start() + 1]
        if text[match.start()] == "." and _ABBREVIATIONS.search(before) and not _INDENTED.search(match.group(0)):
            continue  # "Inc. said" goes on; "... Ltd.\n    The bank" starts an indented paragraph
        if match.group(0) == "\n" and _WRAPPED_LINE.search(text, max(0, match.start() - 200), match.start()):
            continue
        starts.append(match.end())
    return starts


# ---------------------------------------------------------------------------------------------- context
class Context:
    """What a resolver may consult: the text, the anchor (publication date), the date last spoken of and
    the tense around an expression. It notes what was consulted, so that each value can say how it was
    obtained (stated in the text, completed from the publication date, or counted from another date)."""

    def __init__(
        self,
        text: str,
        anchor: dt.date | None,
        sentence_starts: list[int],
        reference: dt.date | None = None,
        reference_granularity: str = "day",
        retag: Callable[[str, dt.date | None, str], list[Any]] | None = None,
    ) -> None:
        self.text = text
        # the tagger itself, given by it (a rule module cannot import it: the tagger imports the rules), for a
        # rule that reads the date after its match ("two days before Christmas"): (text, anchor, a rule to
        # leave out) -> the mentions of the text
        self.retag = retag
        self._anchor = anchor
        self.sentence_starts = sentence_starts
        self._reference = reference
        self._range_start: dt.date | None = None
        self.reference_granularity = reference_granularity
        # the story's main reporting period: the first quarter it names as written ("fourth-quarter net
        # rose"), not one it compares with; "the previous quarter" and "the year-ago quarter" count from it
        # when the date last spoken of is no quarter
        self._period: dt.date | None = None
        self.used: set[str] = set()
        self.direction: str | None = None
        # the past tense came from a verb of saying ("said"), which dates the report, not what it reports
        self.reporting = False
        # how far before the expression the verb that gave the tense ends (0: a phrase just before it)
        self.cue_distance = 0
        self.cue_reporting = False  # ... and whether it is a verb of saying

    @property
    def anchor(self) -> dt.date | None:
        self.used.add("anchor")
        return self._anchor

    @property
    def reference(self) -> dt.date | None:
        self.used.add("reference")
        return self._reference

    @reference.setter
    def reference(self, value: dt.date | None) -> None:
        self._reference = value
        self._range_start = None

    @property
    def reference_start(self) -> dt.date | None:
        """The first day of the date last spoken of: of a range ("from Monday to Wednesday"), its first day,
        which "the day before" counts from (and "the day after" from its last, the reference)."""
        if self._range_start is not None:
            self.used.add("range start")
            return self._range_start
        self.used.add("reference")
        return self._reference

    def spoke_of_range(self, first: dt.date, last: dt.date) -> None:
        """The date last spoken of is a range: `last` closes it, `first` opened it."""
        self._reference = last
        self._range_start = first

    @property
    def period(self) -> dt.date | None:
        """The first day of the story's main reporting quarter, if it named one."""
        if self._period is not None:
            self.used.add("reference")
        return self._period

    def report_period(self, first_day: dt.date) -> None:
        """Note a quarter the story reports (the first one noted stays the main one)."""
        if self._period is None:
            self._period = first_day

    def peek_anchor(self) -> dt.date | None:
        """The anchor, for a filter that does not take its value from it."""
        return self._anchor

    def peek_reference(self) -> dt.date | None:
        """The date last spoken of, for a test that does not (yet) take the value from it."""
        return self._reference

    def start_resolving(self) -> None:
        self.used = set()
        self.direction = None

    def basis(self) -> tuple[str, dt.date | None]:
        """How the value just resolved was obtained: 'stated', 'completed' (from the anchor) or 'relative'
        (from another date of the text), with the date it was counted from."""
        if "range start" in self.used and self._range_start is not None:
            return "relative", self._range_start
        if "reference" in self.used and self._reference is not None and self._reference != self._anchor:
            return "relative", self._reference
        if self.used & {"anchor", "reference"} and self._anchor is not None:
            return "completed", self._anchor
        return "stated", None

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
        self.direction = self._tense(start, end)
        return self.direction

    def _tense(self, start: int, end: int) -> str | None:
        self.reporting = False
        self.cue_reporting = False
        self.cue_distance = 0
        s, e = self.sentence(start, end)
        before = self.text[max(s, start - 48) : start]
        if _PAST_BEFORE.search(before) or (
            _COMPARED_WITH.search(before) and re.search(r"['’]s\b", self.text[max(start, end - 2) : end + 3])
        ):
            return "past"  # ... or a figure of that day compared with: "up from Wednesday's 5.97 pct average"
        if _FUTURE_BEFORE.search(before):
            return "future"
        after = _FUTURE_AFTER.match(self.text, end, min(len(self.text), end + 24))
        if after and (after["one"] or _FOR_BEFORE.search(before)):
            self.cue_distance = 10_000  # a noun after it, not a verb before it
            return "future"
        best: tuple[float, str] | None = None
        cues = [("future", _FUTURE_CUE), ("future", _PLAN_CUE), ("past", _PAST_CUE), ("past-weak", _PAST_ED_CUE)]
        if not _REPORTED_PAST.search(self.text, s, e):
            cues.append(("future", _WEAK_FUTURE_CUE))
        for label, pattern in cues:
            for cue in pattern.finditer(self.text, s, e):
                if cue.start() >= start and cue.end() <= end:
                    continue
                said = cue.group(0).lower() in _REPORTING_VERBS
                distance = start - cue.end() if cue.end() <= start else 1.5 * (cue.start() - end) + 10
                if label == "future":
                    distance -= 5
                elif label == "past-weak":
                    distance += 5
                if best is None or distance < best[0]:
                    best = (distance, label)
                    self.cue_distance = start - cue.end() if cue.end() <= start else 10_000
                    self.cue_reporting = label == "past" and said
                    # "said on Tuesday" dates the saying; "said shareholders at the May 14 meeting will" and
                    # "... in early April, it said" do not
                    self.reporting = self.cue_reporting and (cue.start() >= end or start - cue.end() > 12)
        return best[1].removesuffix("-weak") if best else None

    def habitual(self, start: int, end: int) -> bool:
        """A habit or a generic statement in the clause of the expression ("sales normally dip after the new
        year", "the report, usually published in March, ..."): a cue word before it (or just after it) with
        no clause boundary between, and no year named in that stretch."""
        s, e = self.sentence(start, end)
        before = self.text[max(s, start - 80) : start]
        for cue in _HABITUAL.finditer(before):
            following = before[cue.end() : cue.end() + 6]
            if _MANNER.match(following):
                continue  # "business is proceeding normally and ...": how, not how often
            # a comma right after a cue that opens its clause sets it off ("As a rule, the bank does not move in
            # August"); after one that ends its clause it ends the habit ("falls in the first quarter of each
            # year, has dropped since early January")
            opens = not self.text[s : start - len(before) + cue.start()].strip() or _CLAUSE_END.search(
                self.text, s, start - len(before) + cue.start()
            )
            if not _CLAUSE_BREAK.search(before, cue.end() + (following[:1] == "," and bool(opens))):
                return True
        # just after it: "payable on April 21 every year", "April 10 annually" (not "April 9 and coupon date April
        # 10 annually")
        cue = _HABITUAL.search(self.text, end, min(e, end + 14))
        return cue is not None and not _CLAUSE_BREAK.search(self.text, end, cue.start())

    def deadline_before(self, start: int) -> bool:
        """'by', 'until', 'payable', ... just before the expression."""
        return bool(DEADLINE_BEFORE.search(self.text, max(0, start - 12), start))


# not inside a noun phrase ("the traditionally broad M3 aggregate", "its normally quiet market")
_HABITUAL = re.compile(r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?<!\btheir\s)" + HABITUAL, re.IGNORECASE)
# a cue followed by a conjunction or a full stop is an adverb of manner ("working normally and ..."), and a cue
# that opens a clause follows its start or a break
_MANNER = re.compile(r"\s*(?:and|or|but|[.;:!?])(?:\W|$)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:]\s*$")
# what ends the clause of a habit ("usually published in March, was delayed until June"), or names one year in it
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]]|\s[-–—]\s|\b(?:but|while|whereas|although|though|yet|except|this|last|next|that)\b|\d{4}",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------------- values
@dataclass(frozen=True)
class Value:
    """What a resolver returns: a TIMEX3 value, its granularity and type, the end of a range."""

    value: str
    granularity: str
    range_end: str | None = None
    type: str = "DATE"
    day: dt.date | None = field(default=None, compare=False)  # a representative day, for the reference time


def day_value(day: dt.date) -> Value:
    return Value(day.isoformat(), "day", day=day)


def month_value(year: int, month: int) -> Value:
    return Value(f"{year:04d}-{month:02d}", "month", day=dt.date(year, month, 1))


def year_value(year: int) -> Value:
    return Value(f"{year:04d}", "year", day=dt.date(year, 1, 1) if 1 <= year <= 9999 else None)


def quarter_value(year: int, quarter: int) -> Value:
    return Value(f"{year:04d}-Q{quarter}", "quarter", day=dt.date(year, 3 * quarter - 2, 1))


def season_value(year: int, code: str, day: dt.date | None = None) -> Value:
    return Value(f"{year:04d}-{code}", "season", day=day or dt.date(year, SEASON_START_MONTH[code], 1))


def weekend_value(saturday: dt.date) -> Value:
    return Value(f"{iso_week(saturday)}-WE", "weekend", day=saturday)


def generic(value: Value, weekday: bool = False) -> Value:
    """The year-less value of a date completed from the publication date, as a SET: what a habitual statement
    means by it ("in August" -> XXXX-08, "at Christmas" -> XXXX-12-25, "on Fridays" -> XXXX-WXX-5)."""
    if value.granularity == "day" and value.day is not None:
        v = f"XXXX-WXX-{value.day.isoweekday()}" if weekday else f"XXXX-{value.value[5:]}"
    elif value.granularity == "weekend":
        v = "XXXX-WXX-WE"
    elif value.granularity in ("month", "season", "quarter", "half"):
        v = "XXXX" + value.value[4:]
    else:
        v = "XXXX"
    return Value(v, "set", type="SET")


def unresolved(unit: str) -> Value:
    """The value of a relative expression when no anchor is known."""
    return Value(
        UNRESOLVED.get(unit, "XXXX"), "season" if unit in ("spring", "summer", "autumn", "fall", "winter") else unit
    )


# ---------------------------------------------------------------------------------------------- arithmetic
def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    if n < 0:
        day = first + dt.timedelta(days=offset + 28)
        return day if day.month == month else day - dt.timedelta(days=7)
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def easter(year: int) -> dt.date:
    """Western Easter Sunday (dateutil's Gregorian computation)."""
    return dateutil_easter(year)


def holiday_date(name: str, year: int) -> dt.date:
    """The day a holiday of the lexicon falls on in `year`."""
    kind, *args = HOLIDAYS[name.lower().replace("’", "'")]
    if kind == "fixed":
        return dt.date(year, int(args[0]), int(args[1]))  # type: ignore[call-overload]
    if kind == "nth":
        return nth_weekday(year, *map(int, args))  # type: ignore[call-overload]
    if kind == "after_nth":
        month, weekday, n, days = map(int, args)  # type: ignore[call-overload]
        return nth_weekday(year, month, weekday, n) + dt.timedelta(days=days)
    return easter(year) + dt.timedelta(days=int(args[0]))  # type: ignore[call-overload]


def shift(anchor: dt.date, unit: str, amount: int) -> Value:
    """The `unit` (day, week, ... century) `amount` units away from the one holding `anchor`."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return day_value(anchor + dt.timedelta(days=amount))
    if unit == "week":
        return Value(iso_week(anchor + dt.timedelta(weeks=amount)), "week", day=anchor + dt.timedelta(weeks=amount))
    if unit == "month":
        y, m = add_months(anchor.year, anchor.month, amount)
        return month_value(y, m)
    if unit == "year":
        return year_value(anchor.year + amount)
    if unit == "quarter":
        q_index = anchor.year * 4 + quarter_of(anchor) - 1 + amount
        return quarter_value(q_index // 4, q_index % 4 + 1)
    if unit == "decade":
        year = anchor.year + 10 * amount
        return Value(f"{year // 10:03d}X", "decade", day=dt.date(year, 1, 1))
    if unit == "centurie" or unit == "century":
        year = anchor.year + 100 * amount
        return Value(f"{year // 100:02d}", "century", day=dt.date(max(year, 1), 1, 1))
    raise ValueError(unit)


# ---------------------------------------------------------------------------------------------- direction
def nearest(ctx: Context, before: dt.date | None, after: dt.date | None, start: int, end: int) -> dt.date | None:
    """Choose between the candidate on or before the anchor and the one on or after it.

    A verb that looks forward decides for the later one; otherwise the earlier one wins unless the later
    one is much nearer (a deadline a week away is not a date eleven months ago).
    """
    if before is None or after is None:
        return before or after
    anchor = ctx.anchor or before
    tense = ctx.tense(start, end)
    if tense == "future":
        recent = (anchor - before).days <= (7 if ctx.cue_distance <= 20 else 45)
        if recent and (after - anchor).days > 300:
            # a verb far off may govern something else ("will pay ... 2.36 times its March 31 book value" in
            # April): a date of the last weeks (of the last days, for a verb near: "banks that agreed to sign
            # up by June 17" on June 18), not one almost a year ahead written without its year
            return before
        return after
    if tense == "past" and ctx.cue_distance <= 20 and not ctx.cue_reporting and not ctx.deadline_before(start):
        # a past verb right before keeps the earlier one unless the later one is only days away ("the fiscal
        # year ended Jan. 31" read on Oct. 31 is the January before); a verb further off ("won a contract ...
        # for delivery on July 5") may govern something else
        return after if 8 * (after - anchor).days < (anchor - before).days else before
    if ctx.deadline_before(start):
        # "by", "until", "payable": usually ahead, but a deadline just passed is reported too ("by Jan. 14"
        # in a story of Jan. 15)
        return before if 4 * (anchor - before).days < (after - anchor).days else after
    return after if 2 * (after - anchor).days < (anchor - before).days else before


def resolve_month_day(ctx: Context, month: int, day: int, start: int, end: int) -> Value:
    """A day of a month with no year: the one before the anchor unless the sentence looks forward."""
    anchor = ctx.anchor
    if anchor is None:
        return Value(f"XXXX-{month:02d}-{day:02d}", "day")
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := safe_date(y, month, day))]
    if not candidates:
        return Value(f"XXXX-{month:02d}-{day:02d}", "day")
    before = max((d for d in candidates if d <= anchor), default=None)
    after = min((d for d in candidates if d >= anchor), default=None)
    return day_value(nearest(ctx, before, after, start, end) or candidates[0])


def resolve_month(ctx: Context, month: int, start: int, end: int, relation: str | None) -> Value:
    """A month with no year ("in March", "last March"): the relation decides, else the tense."""
    anchor = ctx.anchor
    if anchor is None:
        return Value(f"XXXX-{month:02d}", "month")
    if relation == "last":
        return month_value(anchor.year if month < anchor.month else anchor.year - 1, month)
    if relation == "next":
        return month_value(anchor.year if month > anchor.month else anchor.year + 1, month)
    if relation == "this" or month == anchor.month:
        return month_value(anchor.year, month)
    before = dt.date(anchor.year if month < anchor.month else anchor.year - 1, month, 1)
    after = dt.date(anchor.year if month > anchor.month else anchor.year + 1, month, 1)
    tense = ctx.tense(start, end)
    ended = (anchor - dt.date(before.year, month, calendar.monthrange(before.year, month)[1])).days
    if tense == "past" and not ctx.reporting and not ctx.deadline_before(start):
        chosen = before
    elif (
        tense == "future"
        and ctx.cue_distance > 20
        and ended <= 45
        and not _TIME_PREPOSITION.search(ctx.text, max(0, start - 12), start)
    ):
        # "November shipments and exports fell" in December: a month just ended, figures of it (a month after a
        # preposition is the time of the verb: "will pull its troops from Syria in April" is the next April)
        chosen = before
    else:
        chosen = nearest(ctx, before, after, start, end) or before
    return month_value(chosen.year, month)


def resolve_weekday(ctx: Context, weekday: int, start: int, end: int, relation: str | None) -> Value:
    """A weekday: the last one before the anchor unless the relation or the tense says otherwise."""
    anchor = ctx.anchor
    if anchor is None:
        return Value(f"XXXX-WXX-{weekday + 1}", "day")
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
    return day_value(day)


# "the same period a year earlier", "the year-ago quarter": a reporting period named just before
_PERIOD_NOUN_BEFORE = re.compile(r"\b(?:period|quarter|qtr)\s+$", re.IGNORECASE)
_PERIOD_NOUN_AFTER = re.compile(r"\s+(?:period|quarter|qtr)\b", re.IGNORECASE)


def year_before_reported_quarter(ctx: Context, start: int | None = None, end: int | None = None) -> Value | None:
    """In results reporting, 'a year earlier' compares with the same quarter of the previous year: the quarter
    last spoken of, or (for "the same period a year earlier", "the year-ago period" after other dates) the
    quarter the story reports."""
    if ctx.reference_granularity == "quarter" and ctx.peek_reference() is not None:
        reference = ctx.reference
        assert reference is not None
        return quarter_value(reference.year - 1, quarter_of(reference))
    if start is None or end is None:
        return None
    named = _PERIOD_NOUN_BEFORE.search(ctx.text, max(0, start - 10), start) or _PERIOD_NOUN_AFTER.match(ctx.text, end)
    period = ctx.period if named else None
    return quarter_value(period.year - 1, quarter_of(period)) if period else None


def _season_span(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First day of a season of `year` and the first day after it (winter runs into the next year)."""
    start_month = SEASON_START_MONTH[code]
    end_year, end_month = add_months(year, start_month, 3)
    return dt.date(year, start_month, 1), dt.date(end_year, end_month, 1)


def resolve_season(ctx: Context, code: str, start: int, end: int) -> Value:
    """A season without a year ("in the spring", "since the autumn"): the one under way at the anchor, else
    the one the tense points to, else the nearest."""
    anchor = ctx.anchor
    if anchor is None:
        return Value(f"XXXX-{code}", "season")
    spans = [(y, *_season_span(y, code)) for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1)]
    for year, first, after_last in spans:
        if first <= anchor < after_last:
            return season_value(year, code)
    before = max((s for s in spans if s[2] <= anchor), key=lambda s: s[1])
    after = min((s for s in spans if s[1] > anchor), key=lambda s: s[1])
    tense = ctx.tense(start, end)
    if tense == "past" and not ctx.reporting:
        return season_value(before[0], code)  # "had slumped by the summer": a deadline met in the past
    if tense == "future":
        return season_value(after[0], code)
    chosen = nearest(ctx, before[2] - dt.timedelta(days=1), after[1], start, end)
    return season_value(before[0] if chosen == before[2] - dt.timedelta(days=1) else after[0], code)


def resolve_day_of_month(ctx: Context, day: int, start: int, end: int) -> Value | None:
    """'on the 12th': that day of the month the text is speaking of, or of the month the tense points to."""
    anchor = ctx.anchor
    if anchor is None:
        return Value(f"XXXX-XX-{day:02d}", "day")
    reference = ctx.reference
    if reference is not None and reference != anchor and ctx.reference_granularity in ("day", "month"):
        found = safe_date(reference.year, reference.month, day)
        return day_value(found) if found else None
    candidates = [
        d for delta in (-1, 0, 1) if (d := safe_date(*add_months(anchor.year, anchor.month, delta), day)) is not None
    ]
    before = max((d for d in candidates if d <= anchor), default=None)
    after = min((d for d in candidates if d >= anchor), default=None)
    tense = ctx.tense(start, end)
    if tense == "past" and before and not ctx.reporting and not ctx.deadline_before(start):
        return day_value(before)
    if tense == "future" and after:
        return day_value(after)
    chosen = nearest(ctx, before, after, start, end)
    return day_value(chosen) if chosen else None


def reported_year(ctx: Context, start: int, end: int) -> int | None:
    """The year a results story reports when that is the year before the anchor: the year of the quarter
    or half last spoken of, or (early in a year, in the past tense) the year just ended."""
    anchor, reference = ctx.anchor, ctx.reference
    if anchor is None:
        return None
    if reference is not None and reference.year == anchor.year - 1:
        if ctx.reference_granularity in ("quarter", "half") or (
            ctx.reference_granularity == "year" and anchor.month <= 4
        ):
            return reference.year
    if anchor.month <= 3 and ctx.tense(start, end) == "past" and not ctx.deadline_before(start):
        return anchor.year - 1
    return None
