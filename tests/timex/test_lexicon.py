"""The lexicon's tables and the date arithmetic the resolvers share."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.timeline import format_period, period_bounds
from briefing.timex import lexicon
from briefing.timex.resolve import easter, holiday_date, nth_weekday, shift

D = dt.date


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (1818, D(1818, 3, 22)),  # the earliest possible
        (1943, D(1943, 4, 25)),  # the latest possible
        (1998, D(1998, 4, 12)),
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2021, D(2021, 4, 4)),
        (2024, D(2024, 3, 31)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter(year, day):
    assert easter(year) == day
    assert holiday_date("Easter", year) == day
    assert holiday_date("Good Friday", year) == day - dt.timedelta(days=2)


@given(st.integers(min_value=1583, max_value=4000))
def test_easter_is_a_sunday_between_march_22_and_april_25(year):
    day = easter(year)
    assert day.weekday() == 6 and D(year, 3, 22) <= day <= D(year, 4, 25)


@given(st.integers(min_value=1800, max_value=2400), st.integers(1, 12), st.integers(0, 6))
def test_last_weekday_of_a_month(year, month, weekday):
    last = nth_weekday(year, month, weekday, -1)
    assert last.month == month and last.weekday() == weekday
    assert (last + dt.timedelta(days=7)).month != month


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("Memorial Day", 2021, D(2021, 5, 31)),
        ("memorial day", 2022, D(2022, 5, 30)),
        ("Thanksgiving", 1999, D(1999, 11, 25)),
        ("Labor Day", 1999, D(1999, 9, 6)),
        ("Election Day", 2020, D(2020, 11, 3)),
        ("Election Day", 2016, D(2016, 11, 8)),
        ("New Year’s Eve", 2021, D(2021, 12, 31)),
    ],
)
def test_holiday_dates(name, year, day):
    assert holiday_date(name, year) == day


def test_every_holiday_has_a_date_and_is_in_the_pattern():
    pattern = re.compile(lexicon.HOLIDAY, re.IGNORECASE)
    for name in lexicon.HOLIDAYS:
        assert holiday_date(name, 2020).year == 2020
        assert pattern.fullmatch(name)


def test_one_month_pattern():
    every = re.compile(lexicon.MONTH)
    for number, name in enumerate(lexicon.MONTH_NAMES, start=1):
        for form in (name, name.upper(), name[:3] + ".", name[:3]):
            if every.fullmatch(form):
                assert lexicon.month_of(form) == number
        assert every.fullmatch(name) and every.fullmatch(name.upper())
        assert re.fullmatch(lexicon.MONTH_FULL, name) and not re.fullmatch(lexicon.MONTH_FULL, name[:3] + ".")
    assert every.fullmatch("Sept.") and lexicon.month_of("Sept.") == 9
    assert not re.fullmatch(lexicon.MONTH_AFTER_DAY, "Mar") and re.fullmatch(lexicon.MONTH_AFTER_DAY, "Feb.")
    trigger = re.compile(lexicon.MONTH_TRIGGER)
    assert all(trigger.search(form) for form in (*lexicon.MONTH_NAMES, *(n.upper() for n in lexicon.MONTH_NAMES)))


def test_one_season_table():
    for word, code in lexicon.SEASONS.items():
        assert re.fullmatch(lexicon.SEASON, word) and re.fullmatch(lexicon.SEASON_TRIGGER, word.capitalize())
        first, last = period_bounds(f"2020-{code}")
        assert first.month == lexicon.SEASON_START_MONTH[code] and (last - first).days in range(88, 93)
        assert format_period(f"2020-{code}", "season") == f"{lexicon.SEASON_NAMES[code]} 2020"
    assert period_bounds("2020-WI") == (D(2020, 12, 1), D(2021, 2, 28))


def test_number_words():
    assert lexicon.number_value("twelve") == 12 and lexicon.number_value("Ninety") == 90
    assert lexicon.number_value("a couple of") == 2 and lexicon.number_value("17") == 17
    assert lexicon.number_value("umpteen") is None
    assert re.fullmatch(lexicon.NUMBER, "seventeen") and not re.fullmatch(lexicon.NUMBER, "1234")


@pytest.mark.parametrize(
    ("unit", "amount", "value"),
    [
        ("day", -1, "2020-02-29"),
        ("weeks", 1, "2020-W10"),
        ("month", -3, "2019-12"),
        ("year", 1, "2021"),
        ("quarter", -1, "2019-Q4"),
        ("decades", -2, "200X"),
        ("century", 0, "20"),
    ],
)
def test_shift(unit, amount, value):
    assert shift(D(2020, 3, 1), unit, amount).value == value
