"""'The day before' / 'the day after' a range of days: counted from its first / last day, and said so."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.timeline import extract_mentions

FRIDAY = dt.date(2022, 1, 7)


@pytest.mark.parametrize(
    ("text", "expression", "value", "base"),
    [
        (
            "Overnight from Thursday to Friday troops moved in. The day before, crowds gathered.",
            "The day before",
            "2022-01-05",
            "2022-01-06",
        ),
        (
            "Talks ran from Monday to Wednesday. The day after, they signed.",
            "The day after",
            "2022-01-06",
            "2022-01-05",
        ),
        ("Talks ran on Jan. 3-5. The previous day, aides met.", "The previous day", "2022-01-02", "2022-01-03"),
        ("Talks ran on Jan. 3-5. The day after, they signed.", "The day after", "2022-01-06", "2022-01-05"),
        ("Talks were held on Wednesday. The day before, aides met.", "The day before", "2022-01-04", "2022-01-05"),
    ],
)
def test_anaphoric_days_after_a_range(text, expression, value, base):
    found = {m.text: m for m in extract_mentions(text, FRIDAY)}
    mention = found[expression]
    assert mention.value == value
    assert (mention.basis, mention.base) == ("relative", base)


def test_a_range_then_a_single_day_forgets_the_range():
    text = "Talks ran from Monday to Wednesday. On Thursday they signed. The day before, aides met."
    found = {m.text: m for m in extract_mentions(text, FRIDAY)}
    assert found["The day before"].value == "2022-01-05"
