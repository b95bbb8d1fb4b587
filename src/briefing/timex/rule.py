"""A rule of the tagger as one record: what it matches, where it may match, how it resolves, and the
examples that show (and test) what it does."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.timex.resolve import Context, Value

Resolver = Callable[[re.Match[str], Context], "Value | None"]


@dataclass(frozen=True)
class Example:
    """A sentence, the publication date it is read against, and what the rule makes of `mention` in it.

    `value` None marks a negative example: the rule must tag nothing there (or nothing overlapping
    `mention` when it is given)."""

    text: str
    anchor: dt.date | None
    mention: str | None
    value: str | None
    range_end: str | None = None

    @property
    def positive(self) -> bool:
        return self.value is not None


def ex(text: str, anchor: str | None, mention: str, value: str, range_end: str | None = None) -> Example:
    """A positive example: `mention` in `text`, read on `anchor` (ISO date or None), resolves to `value`."""
    return Example(text, dt.date.fromisoformat(anchor) if anchor else None, mention, value, range_end)


def no(text: str, anchor: str | None = "2022-01-07", mention: str | None = None) -> Example:
    """A negative example: the rule tags nothing in `text` (or nothing overlapping `mention`)."""
    return Example(text, dt.date.fromisoformat(anchor) if anchor else None, mention, None)


@dataclass(frozen=True)
class Rule:
    """One way of writing a date.

    `pattern` is built from the lexicon's fragments; it only runs in windows around a hit of `trigger` (a
    literal the pattern cannot match without; None: everywhere). When candidates overlap, the longest
    wins, then the higher `priority`, then the rule listed first in `rules.RULES`. `resolve` turns a match
    into a value (None: not a date after all). A group named `lead` is context the span leaves out.
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    trigger: re.Pattern[str] | None
    priority: int = 0
    examples: tuple[Example, ...] = ()

    @property
    def has_lead(self) -> bool:
        return "lead" in self.pattern.groupindex


def rule(
    name: str,
    pattern: str,
    resolve: Resolver,
    *,
    trigger: str | None,
    priority: int = 0,
    flags: int = 0,
    examples: Sequence[Example] = (),
) -> Rule:
    return Rule(
        name=name,
        pattern=re.compile(pattern, flags),
        resolve=resolve,
        trigger=re.compile(trigger) if trigger else None,
        priority=priority,
        examples=tuple(examples),
    )
