"""The tagger's rules, as records grouped by kind. Each record holds its pattern, trigger, priority,
resolver and examples (positive and negative); `tests/timex/test_rules.py` checks every example against
the whole tagger, and fails on a rule that never produces its own examples.

To add a way of writing a date: add a `rule(...)` with examples to the module of its kind and list it
here. The order below only breaks ties between candidates of the same span and priority.
"""

from __future__ import annotations

from briefing.timex.rule import Rule
from briefing.timex.rules import calendar, days, durations, periods, relative, years

RULES: tuple[Rule, ...] = (
    calendar.MONTH_DAY_YEAR,
    calendar.DAY_MONTH_YEAR,
    calendar.ISO_DATE,
    calendar.NUMERIC_DATE,
    calendar.MONTH_DAY,
    calendar.DAY_MONTH,
    calendar.MONTH_YEAR,
    calendar.MONTH_RELATIVE_YEAR,
    calendar.MONTH_MODIFIED,
    calendar.MONTH_IN_CONTEXT,
    calendar.MONTH_POSSESSIVE,
    calendar.MONTH_SUBJECT,
    years.YEAR_RANGE,
    years.YEAR_ALONE,
    years.DECADE,
    years.CENTURY,
    days.WEEKDAY_RULE,
    days.DEICTIC_DAY,
    days.HOLIDAY_RULE,
    relative.RELATIVE_PERIOD,
    days.THE_WEEKEND,
    relative.AGO,
    relative.THIS_PERIOD_MODIFIED,
    relative.YEAR_BOUNDARY,
    relative.YEAR_END,
    relative.SEASON_YEAR,
    periods.QUARTER,
    periods.REPORTED_QUARTER,
    periods.YEAR_QUARTER,
    years.FISCAL_YEAR,
    relative.RELATIVE_YEAR_WORD,
    durations.DURATION,
    durations.SET,
    years.SPELLED_YEAR,
    days.ANAPHORIC_DAY,
    durations.VAGUE,
    calendar.WEEK_OF_MONTH,
    days.TWO_DAYS,
    relative.TWO_PERIODS_AWAY,
    days.DAY_OF_MONTH_ALONE,
    relative.BARE_SEASON,
    relative.NEW_YEAR,
    periods.QUARTER_CODE,
    periods.MONTH_QUARTER,
    calendar.MONTH_PAIR,
    calendar.MONTH_SPELLED_DAY,
    days.MISSPELLED_DAY,
)
RULES_BY_NAME = {r.name: r for r in RULES}
