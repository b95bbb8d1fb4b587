"""Every rule against its own examples, through the whole tagger: a test per example, a check for dead rules."""

from __future__ import annotations

import dataclasses
import re

import pytest

from briefing.timex.rule import Rule, ex, rule
from briefing.timex.rules import RULES, RULES_BY_NAME
from briefing.timex.tagger import dead_rules, example_failures, extract_mentions

CASES = [
    pytest.param(r, i, id=f"{r.name}-{i}-{'pos' if e.positive else 'neg'}")
    for r in RULES
    for i, e in enumerate(r.examples)
]


@pytest.mark.parametrize(("the_rule", "index"), CASES)
def test_rule_produces_its_example(the_rule: Rule, index: int):
    only_this = dataclasses.replace(the_rule, examples=(the_rule.examples[index],))
    assert example_failures(only_this) == []


def test_every_rule_has_positive_and_negative_examples():
    for r in RULES:
        positives = [e for e in r.examples if e.positive]
        assert len(positives) >= 2, r.name
        assert len(r.examples) > len(positives), r.name


def test_rule_names_are_unique():
    assert len(RULES_BY_NAME) == len(RULES)


def test_no_rule_is_dead():
    assert dead_rules() == []


def test_a_shadowed_rule_is_reported_dead():
    """The check catches what it is for: a rule whose text another rule always takes first (like the old
    `a_unit_ago`, which `ago` shadowed)."""
    shadow = rule(
        "a_unit_ago_again",
        r"\b(?P<n>a|an|one)\s+(?P<unit>year)\s+(?P<dir>ago)\b",
        RULES_BY_NAME["ago"].resolve,
        trigger="ago",
        priority=2,
        examples=[ex("They met a year ago.", "1999-04-19", "a year ago", "1998")],
    )
    assert dead_rules((*RULES, shadow)) == ["a_unit_ago_again"]
    assert dead_rules((shadow, *RULES)) == []  # listed first, it wins the tie


def test_a_wrong_example_is_reported():
    broken = rule(
        "iso_wrong",
        RULES_BY_NAME["iso_date"].pattern.pattern,
        RULES_BY_NAME["iso_date"].resolve,
        trigger=r"\d\d\d\d-\d",
        priority=5,
        examples=[ex("Filed 2016-07-20.", None, "2016-07-20", "2016-07-21")],
    )
    problems = example_failures(broken, (broken, *RULES))
    assert len(problems) == 1 and "expected 2016-07-21" in problems[0]


def test_mentions_name_their_rule():
    found = extract_mentions("On March 3, 1998 and two weeks ago.", None)
    assert [m.rule for m in found] == ["weekday_month_day_year", "ago"]
    assert all(re.fullmatch(r"[a-z_]+", m.rule) for m in found)
