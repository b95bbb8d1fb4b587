"""The tagger: run every rule near its trigger, settle overlaps, resolve the survivors in text order.

A rule-based tagger in the tradition of HeidelTime. Overlapping candidates are settled longest-first,
then by priority, then by the order of `rules.RULES`; each survivor is resolved against the anchor (the
publication date), the tense of its sentence and, for anaphoric phrases ("that year", "a year earlier"),
the date the text was last talking about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.timex.resolve import Context, generic, sentence_starts
from briefing.timex.rule import Rule
from briefing.timex.rules import RULES

DECADE_VALUE = re.compile(r"\d{3}X")
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


@dataclass(frozen=True)
class Mention:
    """A temporal expression: `text[start:end]`, its TIMEX3 value and, for ranges, the value of the end.

    `rule` names the rule that produced it."""

    start: int
    end: int
    text: str
    value: str
    granularity: str
    range_end: str | None = None
    type: str = "DATE"
    rule: str = field(default="", compare=False, repr=False)
    # how the value was obtained: "stated" in full, "completed" from the anchor, or "relative" to `base`
    basis: str = field(default="stated", compare=False, repr=False)
    base: str | None = field(default=None, compare=False, repr=False)
    # the direction the tense gave a year-less or relative expression ("past", "future"), if it was asked
    direction: str | None = field(default=None, compare=False, repr=False)

    @property
    def resolved(self) -> bool:
        """True when the value names a calendar period (a decade such as 201X, or no X; not a vague reference)."""
        if self.type != "DATE" or self.vague:
            return False
        return "X" not in self.value or bool(DECADE_VALUE.fullmatch(self.value))

    @property
    def vague(self) -> bool:
        return self.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


_BASIS_ORDER = ("stated", "completed", "relative")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    rule: Rule
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


# Each rule runs only in windows around its trigger. Literal alternations are scanned an order of
# magnitude faster than patterns that open with \b and options.
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


def _candidates(text: str, rules: tuple[Rule, ...]) -> list[_Candidate]:
    found: list[_Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    windows: dict[str, list[tuple[int, int]]] = {}  # rules that share a trigger share its windows
    for rule in rules:
        if rule.trigger is None:
            spans = [(0, len(text))]
        elif (spans := windows.get(rule.trigger.pattern)) is None:
            spans = windows[rule.trigger.pattern] = _windows(rule.trigger, text)
        has_lead = rule.has_lead
        for window_start, window_end in spans:
            for match in rule.pattern.finditer(text, window_start, window_end):
                lead = match.end("lead") if has_lead and match.start("lead") == match.start() else match.start()
                start, end = _trim(text, lead, match.end())
                if start < end and (rule.name, start, end) not in seen:
                    seen.add((rule.name, start, end))
                    found.append(_Candidate(start, end, rule.priority, rule, match))
    found.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    return found


def extract_mentions(text: str, anchor: dt.date | None = None, *, rules: tuple[Rule, ...] = RULES) -> list[Mention]:
    """Every temporal expression in `text`, with its TIMEX3 value resolved against `anchor`.

    `anchor` is the publication date of the text (or None when unknown: then year-less and relative
    expressions keep `X` placeholders). Offsets index into `text`; results are in text order.
    """
    if not text:
        return []
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    candidates = _candidates(text, rules)
    rejected: set[int] = set()
    mentions: list[Mention] = []
    for _attempt in range(3):
        mentions, newly_rejected = _resolve(text, anchor, candidates, rejected)
        if not newly_rejected:
            break
        # a longer candidate that turned out not to be a date must not hide a shorter one ("the 1988 quarter")
        rejected |= newly_rejected
    return _join_ranges(text, mentions)


def _retag(text: str, anchor: dt.date | None, without: str) -> list[Mention]:
    """The mentions of `text` found by every rule but the one named `without` (for Context.retag)."""
    return extract_mentions(text, anchor, rules=tuple(r for r in RULES if r.name != without))


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

    ctx = Context(text=text, anchor=anchor, sentence_starts=sentence_starts(text), reference=anchor, retag=_retag)
    mentions: list[Mention] = []
    newly_rejected: set[int] = set()
    for index, candidate in chosen:
        ctx.start_resolving()
        try:
            value = candidate.rule.resolve(candidate.match, ctx)
        except (ValueError, KeyError, OverflowError):
            value = None
        if value is None:
            if any(hidden[candidate.start : candidate.end]):
                newly_rejected.add(index)
            continue
        start, end = candidate.start, candidate.end
        basis, base = ctx.basis()
        if (
            candidate.rule.name in _YEARLESS_RULES
            and value.type == "DATE"
            and basis == "completed"
            and not _DEICTIC.search(text, start, end)
            and ctx.habitual(start, end)
        ):
            # "sales normally dip after the new year": every new year, no one date
            value, basis, base = generic(value, weekday=candidate.rule.name == "weekday"), "stated", None
        mentions.append(
            Mention(
                start,
                end,
                text[start:end],
                value.value,
                value.granularity,
                value.range_end,
                value.type,
                candidate.rule.name,
                basis,
                base.isoformat() if base else None,
                ctx.direction,
            )
        )
        if value.day is not None and candidate.rule.name != "vague" and not _comparison(text, candidate):
            opened = _range_opened_by(text, mentions, value.granularity)
            closed = _day(value.range_end) if value.granularity == "day" else None
            if opened is not None and opened < value.day:
                ctx.spoke_of_range(opened, value.day)
            elif closed is not None and closed > value.day:  # one expression for a range ("Jan. 3-5")
                ctx.spoke_of_range(value.day, closed)
            else:
                ctx.reference = value.day
            ctx.reference_granularity = value.granularity
            if value.granularity == "quarter" and candidate.rule.name in _REPORTED_PERIOD_RULES:
                ctx.report_period(value.day)
    return mentions, newly_rejected


# "from 3.26 mln a year earlier", "in the year-ago period": a comparison, which leaves the date spoken of where
# it was (a second "a year earlier" is a year before the same period, not two years)
_COMPARISON = re.compile(r"(?:(?:a|one)\s+year\s+(?:ago|earlier)|year[-\s](?:ago|earlier))", re.IGNORECASE)
# "... from 6.80 mln last year": a relative date that a figure is compared with
_COMPARED_BEFORE = re.compile(
    r"\b(?:from|than|against|versus|vs\.?|compared\s+(?:with|to))\s+(?:[^.;:()]|\.(?=\d)){0,30}$"
)


# Rules of dates written without their year, which a habitual statement makes year-less (a SET)
_YEARLESS_RULES = frozenset(
    {
        "month_day",
        "day_month",
        "month_modified",
        "month_in_context",
        "month_subject",
        "month_spelled_day",
        "week_of_month",
        "weekday",
        "holiday",
        "day_of_month",
        "bare_season",
        "new_year",
        "quarter",
        "quarter_code",
        "month_quarter",
    }
)
# ... unless they are counted from now ("last Friday", "next Easter", "this August")
_DEICTIC = re.compile(r"\b(?:last|next|this|coming|previous|following|past)\b", re.IGNORECASE)

# dates that a figure is compared with after "from", "than", ...: relative ones, and quarters ("rose 3% from the
# third quarter" in a story of the fourth: the quarter spoken of stays the fourth)
_COMPARED_RULES = ("relative_period", "ago", "relative_year_word", "quarter", "quarter_code")

# quarters as written: the first one a story names (not compared with) is the period it reports
_REPORTED_PERIOD_RULES = ("quarter", "quarter_code", "month_quarter")


def _comparison(text: str, candidate: _Candidate) -> bool:
    if _COMPARISON.fullmatch(text, candidate.start, candidate.end):
        return True
    return candidate.rule.name in _COMPARED_RULES and bool(
        _COMPARED_BEFORE.search(text, max(0, candidate.start - 40), candidate.start)
    )


_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|through|until|till|and)\s*$")
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)


def _range_opened_by(text: str, mentions: list[Mention], granularity: str) -> dt.date | None:
    """The first day of the range the last mention closes ("from Thursday to Friday"), if it closes one."""
    if len(mentions) < 2:
        return None
    first, last = mentions[-2], mentions[-1]
    if first.granularity != "day" or granularity != "day" or first.range_end is not None:
        return None
    return _day(first.value) if _worded_as_range(text, first, last) else None


def _worded_as_range(text: str, first: Mention, last: Mention) -> bool:
    """Whether the words around two mentions make them one range: `from A to B`, `between A and B`, `A-B`."""
    gap = text[first.end : last.start]
    opener = _RANGE_OPEN.search(text[max(0, first.start - 12) : first.start])
    return bool(_RANGE_JOIN.match(gap)) and (opener is not None or gap.strip() in ("-", "–", "—"))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _join_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    """`from Thursday to Friday`, `between 2016 and 2018`: two mentions become one range."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        current = mentions[i]
        if i + 1 < len(mentions):
            following = mentions[i + 1]
            same_kind = current.granularity == following.granularity and current.range_end is None
            if (
                same_kind
                and _worded_as_range(text, current, following)
                and not current.vague
                and (following.value >= current.value or "X" in current.value)
            ):
                out.append(
                    dataclasses.replace(
                        current,
                        end=following.end,
                        text=text[current.start : following.end],
                        range_end=following.range_end or following.value,
                        basis=max(current.basis, following.basis, key=_BASIS_ORDER.index),
                    )
                )
                i += 2
                continue
        out.append(current)
        i += 1
    return out


def example_failures(rule: Rule, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """What is wrong with `rule`'s examples when the whole tagger runs on them (empty: all hold).

    A positive example must be tagged by that rule, with its span and value; a negative one must get no
    mention from that rule (overlapping its `mention`, when given)."""
    problems: list[str] = []
    for example in rule.examples:
        found = extract_mentions(example.text, example.anchor, rules=rules)
        if example.positive:
            same = [m for m in found if m.text == example.mention]
            got = [(m.text, m.value, m.range_end, m.rule) for m in found]
            if not same:
                problems.append(f"{example.text!r}: {example.mention!r} not tagged; got {got}")
            elif same[0].rule != rule.name:
                problems.append(f"{example.text!r}: {example.mention!r} tagged by {same[0].rule!r}")
            elif (same[0].value, same[0].range_end) != (example.value, example.range_end):
                problems.append(
                    f"{example.text!r}: {example.mention!r} = {same[0].value} {same[0].range_end or ''}"
                    f" (expected {example.value} {example.range_end or ''})"
                )
            continue
        where = example.text.find(example.mention) if example.mention else -1
        for m in found:
            if m.rule != rule.name:
                continue
            if where < 0 or (m.start < where + len(example.mention or "") and where < m.end):
                problems.append(f"{example.text!r}: must not be tagged, got {m.text!r} = {m.value}")
    return problems


def dead_rules(rules: tuple[Rule, ...] = RULES) -> list[str]:
    """Rules that produce none of their own positive examples (shadowed by another rule, or broken)."""
    dead = []
    for rule in rules:
        produced = 0
        for example in rule.examples:
            if example.positive:
                found = extract_mentions(example.text, example.anchor, rules=rules)
                produced += any(m.text == example.mention and m.rule == rule.name for m in found)
        if not produced:
            dead.append(rule.name)
    return dead
