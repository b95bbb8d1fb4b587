"""Small date helpers shared by ingest, search and the timeline: month names and ISO partial dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from briefing.errors import DateError

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

MONTH_ALT = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# "July 20, 2016", "Jan. 10, 2022", "20 July 2016", "2016-07-20": the forms of a complete date.
FULL_DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_ALT})\.?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.IGNORECASE,
)

ISO_PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def full_date_from_match(match: re.Match[str]) -> dt.date | None:
    """The date a FULL_DATE_RE match names, or None when it is not a real calendar day."""
    groups = match.groupdict()
    try:
        if groups["y1"]:
            return dt.date(int(groups["y1"]), month_number(groups["m1"]), int(groups["d1"]))
        if groups["y2"]:
            return dt.date(int(groups["y2"]), month_number(groups["m2"]), int(groups["d2"]))
        return dt.date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
    except (ValueError, KeyError):
        return None


def normalise_partial(value: object, what: str = "date") -> str:
    """Check and normalise an ISO date that may be partial: `2018`, `2018-01`, `2018-01-25`."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    text = str(value).strip()
    match = ISO_PARTIAL_RE.match(text)
    if not match:
        raise DateError(f"{what} {text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))  # also refuses year 0000, which no date can hold
    except ValueError:
        raise DateError(f"{what} {text!r} is not a real calendar date") from None
    return text


def check_range(start: str | None, end: str | None, names: tuple[str, str] = ("--from", "--to")) -> None:
    """Refuse a date range whose start lies after its end (`--from 2023 --to 2020`); `names` are what the
    bounds are called where they were typed (the CLI's options, a dialog's fields)."""
    if start and end and partial_bounds(start)[0] > partial_bounds(end)[1]:
        raise DateError(f"the range is reversed: {names[0]} {start} is after {names[1]} {end}")


def partial_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a partial ISO date."""
    text = normalise_partial(value)
    year, month, day = ISO_PARTIAL_RE.match(text).groups()  # type: ignore[union-attr]
    y = int(year)
    if day:
        d = dt.date(y, int(month), int(day))
        return d, d
    if month:
        m = int(month)
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)
