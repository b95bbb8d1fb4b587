"""The timeline model: dated events of an article and of a corpus, and how periods are bounded and written.

Tagging lives in `briefing.timex`; `extract_mentions` and `Mention` are re-exported here because
`briefing.timeline:extract_mentions` is the tagger's public entry point (the TempEval scorer and
`bench/timeline_eval.py` load it by that name).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.clean_blocks import preformatted_line_starts
from briefing.corrections import applied, corrections_path, find, load_corrections
from briefing.dates import partial_bounds
from briefing.errors import BriefingError
from briefing.timex.fiscal import PeriodEnd, fiscal_periods
from briefing.timex.lexicon import SEASON_NAMES, SEASON_START_MONTH
from briefing.timex.resolve import add_months, sentence_starts
from briefing.timex.tagger import DECADE_VALUE, GRANULARITIES, Mention, extract_mentions
from briefing.timex.zones import inside, non_event_spans, table_lines

if TYPE_CHECKING:
    from briefing.corpus import Article

__all__ = [
    "GRANULARITIES",
    "ArticleTimeline",
    "DateGroup",
    "Event",
    "Mention",
    "article_timeline",
    "corpus_timeline",
    "extract_mentions",
    "format_period",
    "infer_anchor",
    "period_bounds",
]


# ---------------------------------------------------------------------------------------------- timelines
@dataclass(frozen=True)
class Event:
    """One dated statement of an article: the sentence that holds a mention, and the mention's date."""

    article_id: str
    date: str
    granularity: str
    sentence: str
    mention: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    range_end: str | None = None
    resolved: bool = True
    anchor_inferred: bool = False
    # how the date was obtained (see BASES), how sure it is, and a one-line account of it
    basis: str = "stated"
    confidence: float = 1.0
    explanation: str = ""
    # the event's place in the article in reading order (1 = first), the handle the analyst corrects it by;
    # `dismissed` only ever shows when asked for (article_timeline(..., include_dismissed=True))
    number: int = 0
    dismissed: bool = False
    # who corrected or dismissed the event, and when (ISO 8601, UTC); empty when the tagger's date stands
    correction_by: str = ""
    correction_at: str = ""

    @property
    def stated(self) -> bool:
        return self.basis == "stated"

    @property
    def mark(self) -> str:
        """'' for a stated date, '*' for one the analyst corrected, '~' for one completed or counted from another
        date, '≈' for an inferred one."""
        return {"stated": "", "corrected": "*", "inferred": "≈"}.get(self.basis, "~")

    @property
    def sort_key(self) -> tuple[int, int, int, str, int]:
        return (*_date_order(self.date, self.resolved), self.article_id, self.start)

    @property
    def first_day(self) -> dt.date | None:
        return period_bounds(self.date)[0] if self.resolved else None

    @property
    def last_day(self) -> dt.date | None:
        if not self.resolved:
            return None
        return period_bounds(self.range_end or self.date)[1]

    def as_written(self) -> str:
        return format_period(self.date, self.granularity, self.range_end)


# How an event's date was obtained, surest first, with the confidence each gives.
BASES = {"corrected": 1.0, "stated": 1.0, "completed": 0.8, "relative": 0.7, "inferred": 0.5}
UNRESOLVED_CONFIDENCE = 0.2


@dataclass(frozen=True)
class ArticleTimeline:
    article_id: str
    anchor: dt.date | None
    anchor_inferred: bool
    anchor_note: str
    events: tuple[Event, ...]
    # why the analyst's corrections could not be read (the events are then as the tagger found them)
    corrections_error: str | None = None


def _date_order(value: str, resolved: bool = True) -> tuple[int, int, int]:
    """Unresolved last; then by first day; a longer period before the days it contains."""
    if not resolved or ("X" in value and not DECADE_VALUE.fullmatch(value)):
        return (1, 0, 0)
    try:
        first, last = period_bounds(value)
    except (ValueError, AttributeError):
        return (1, 0, 0)
    return (0, first.toordinal(), -(last - first).days)


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a TIMEX3 date value (day, week, month, season, quarter, half, year, decade, century)."""
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return first + dt.timedelta(days=5), first + dt.timedelta(days=6)
        return first, first + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        y = int(m[1])
        start_month = SEASON_START_MONTH[m[2]]
        first = dt.date(y, start_month, 1)
        last_y, last_m = add_months(y, start_month, 2)
        return first, dt.date(last_y, last_m, calendar.monthrange(last_y, last_m)[1])
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := re.fullmatch(r"(\d{3})X", value):
        decade = int(m[1]) * 10
        return dt.date(max(decade, 1), 1, 1), dt.date(decade + 9, 12, 31)
    if m := re.fullmatch(r"(\d{2})", value):
        century = int(m[1]) * 100
        return dt.date(max(century, 1), 1, 1), dt.date(century + 99, 12, 31)
    return partial_bounds(value)


def format_period(value: str, granularity: str, range_end: str | None = None) -> str:
    """A date as a reader would write it: '2016-07-18', 'Jul 2016', '2016', 'Q3 1989', 'the 1920s'."""

    def one(v: str) -> str:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            return f"{calendar.month_abbr[int(m[2])]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-Q(\d)", v):
            return f"Q{m[2]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-H(\d)", v):
            return f"H{m[2]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            return f"{SEASON_NAMES[m[2]]} {m[1]}"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})-WE", v):
            return f"weekend of {dt.date.fromisocalendar(int(m[1]), int(m[2]), 6).isoformat()}"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            return f"week {int(m[2])} of {m[1]}"
        if m := re.fullmatch(r"(\d{3})X", v):
            return f"the {m[1]}0s"
        if re.fullmatch(r"\d{2}", v):
            n = int(v) + 1
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"the {n}{suffix} century"
        return v

    return one(value) + (f" – {one(range_end)}" if range_end else "")


def infer_anchor(text: str, published: str | None) -> tuple[dt.date | None, bool, str]:
    """The date to resolve an article's relative dates against, whether it was inferred, and how.

    A full publication date is used as it is. A partial one (`2018-01`) is narrowed to the latest full date
    the text gives inside that period; with no publication date, the latest full date in the text is used.
    """
    if published and len(published) == 10:
        return dt.date.fromisoformat(published), False, f"published {published}"
    window = partial_bounds(published) if published else None
    provisional = window[1] if window else None
    latest: dt.date | None = None
    for mention in extract_mentions(text, provisional):
        if mention.granularity != "day" or not mention.resolved or not _HAS_DIGIT.search(mention.text):
            continue
        day = dt.date.fromisoformat(mention.value)
        if window and not (window[0] <= day <= window[1]):
            continue
        if not window and not _FULL_DATE_TEXT.search(mention.text):
            continue
        if latest is None or day > latest:
            latest = day
    if latest:
        how = f"latest date the text gives within {published}" if window else "latest full date in the text"
        return latest, True, f"{latest.isoformat()} ({how})"
    if window:
        return window[1], True, f"{window[1].isoformat()} (end of the publication period {published})"
    return None, False, "no date: relative and year-less dates are left unresolved"


_FULL_DATE_TEXT = re.compile(r"\d{4}")
_HAS_DIGIT = re.compile(r"\d")


def _sentence_span(text: str, starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, start) - 1
    s = starts[i] if i >= 0 else 0
    e = starts[i + 1] if i + 1 < len(starts) else len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


def _table_label(mention: Mention) -> bool:
    """A period named relative to now or to another date ("This year", "Prior year", "Year-ago", "Last qtr"), with
    no figure of its own: in a table, the label of a column or a row."""
    return (
        mention.basis != "stated"
        and mention.granularity in ("month", "quarter", "half", "year")
        and not _HAS_DIGIT.search(mention.text)
        and bool(_RELATIVE_LABEL.search(mention.text))
    )


# the words of a relative label (a month pair "May/Jul" heading a row of spreads is a period the table states)
_RELATIVE_LABEL = re.compile(
    r"\b(?:current|this|last|prior|previous|preceding|latest|same|year[-\s]+(?:ago|earlier))\b", re.IGNORECASE
)


_UP_TO_NOW = re.compile(r"[Tt]he\s+(?:past|last)\s+(?:year|month|week)")
_PERIOD_TO = re.compile(r"\s*(?:to|ended|ending|through|thru|until|up\s+to)\s+$", re.IGNORECASE)
_MONTHS_DURATION = re.compile(r"P(\d+)M")
_YEAR_TO = re.compile(
    r"(?P<y>(?:\b[Tt]he\s+(?:(?:fiscal|financial)\s+)?|\b(?:[Ff]iscal|[Ff]inancial)\s+|(?<=\band\s)|(?<=\bfor\s))[Yy]ear)"
    r"\s+(?:to|ended|ending|through)\s+$"
)


# "the fourth quarter ended January 31, 1987": a company's quarter, when it ends off the calendar's quarters
_QUARTER_TO = re.compile(
    r"(?P<q>\b(?:[Tt]he\s+|[Ii]ts\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?"
    r"(?:(?:fiscal|financial)\s+)?(?:quarter|qtr))\s+(?:to|ended|ending|through)\s+$"
)


def _periods_ending(body: str, mentions: Sequence[Mention]) -> dict[int, tuple[Mention, int]]:
    """'nine months to September 30', 'six mths to end-September': a length of months ending on a date is
    the period that ends then. Maps the index of the date to the duration and its number of months."""
    found: dict[int, tuple[Mention, int]] = {}
    for i in range(len(mentions) - 1):
        length, end = mentions[i], mentions[i + 1]
        months = _MONTHS_DURATION.fullmatch(length.value) if length.type == "DURATION" else None
        if (
            months
            and 1 <= int(months[1]) <= 36
            and end.type == "DATE"
            and end.resolved
            and end.granularity in ("day", "month")
            and _PERIOD_TO.fullmatch(body[length.end : end.start])
        ):
            found[i + 1] = (length, int(months[1]))
    for i, end in enumerate(mentions):
        # "the year to end-February", "the year ended June 30": the twelve months that end then
        if i in found or end.type != "DATE" or not end.resolved or end.granularity not in ("day", "month"):
            continue
        year = _YEAR_TO.search(body, max(0, end.start - 40), end.start)
        if year is not None:
            length = Mention(year.start("y"), year.end("y"), year["y"], "P12M", "duration", type="DURATION")
            found[i] = (length, 12)
            continue
        quarter = _QUARTER_TO.search(body, max(0, end.start - 48), end.start)
        if quarter is not None and period_bounds(end.value)[1].month % 3:
            # a calendar quarter ("the quarter ended Sept. 30") is the tagger's already
            length = Mention(quarter.start("q"), quarter.end("q"), quarter["q"], "P3M", "duration", type="DURATION")
            found[i] = (length, 3)
    return found


def _explain(
    mention: Mention,
    text: str,
    value: str,
    granularity: str,
    range_end: str | None,
    anchor: dt.date | None,
    inferred: bool,
    anchor_note: str,
) -> tuple[str, float, str]:
    """The basis, confidence and one-line explanation of an event's date ("Thursday → the Thursday before
    publication (2022-01-07), 2022-01-06")."""
    written = format_period(value, granularity, range_end)
    if not mention.resolved:
        return "inferred", UNRESOLVED_CONFIDENCE, f"{text}: no publication date, so the year is unknown"
    if mention.basis == "relative" and mention.base:
        return "relative", BASES["relative"], f"{text} → counted from {mention.base}, named earlier: {written}"
    if mention.basis == "stated" or anchor is None:
        return "stated", BASES["stated"], f"{text}: stated in full, {written}"
    if inferred:
        how = f"counted from an inferred publication date, {anchor_note}"
        return "inferred", BASES["inferred"], f"{text} → {how}: {written}"
    if mention.direction is not None:
        first, last = period_bounds(value)[0], period_bounds(range_end or value)[1]
        where = "before" if last < anchor else "after" if first > anchor else "of"
        why = " (the sentence looks ahead)" if mention.direction == "future" and where == "after" else ""
        core = re.sub(r"^(?:the|on|in|at|by)\s+", "", text, flags=re.IGNORECASE)
        return "completed", BASES["completed"], f"{text} → the {core} {where} publication ({anchor}){why}, {written}"
    return "completed", BASES["completed"], f"{text} → counted from the publication date ({anchor}): {written}"


def article_timeline(
    article: Article, *, include_vague: bool = False, include_dismissed: bool = False
) -> ArticleTimeline:
    """One event per distinct (date, sentence) of an article, sorted by date, unresolved ones last, with the
    analyst's corrections (`<id>.dates.yaml` beside the article) applied: dismissed events are left out
    unless `include_dismissed`."""
    body, published, article_id = article.body, article.published, article.id
    anchor, inferred, note = infer_anchor(body, published)
    mentions = extract_mentions(body, anchor)
    starts = sorted({*sentence_starts(body), *preformatted_line_starts(body)})
    references = non_event_spans(body)
    tables = table_lines(body)
    periods = _periods_ending(body, mentions)
    stated = [
        PeriodEnd(mentions[i].start, period_bounds(mentions[i].value)[1], months, mentions[i].granularity == "day")
        for i, (_, months) in sorted(periods.items())
    ]
    fiscal = fiscal_periods(mentions, stated, anchor, starts)
    # "the fiscal year" of "the fiscal year ended January 31" is part of that period, no event of its own
    within = [(length.start, length.end) for length, _ in periods.values()]
    seen: set[tuple[str, int]] = set()
    events: list[Event] = []
    for index, mention in enumerate(mentions):
        if mention.type != "DATE" or (mention.vague and not include_vague):
            continue  # a duration ("for three years") or a recurrence ("every week") is no point in time
        if inside(references, mention.start, mention.end):
            continue  # a date in a web address, a citation or a bibliography says when a source appeared
        if index not in periods and inside(within, mention.start, mention.end):
            continue
        if _table_label(mention) and inside(tables, mention.start, mention.end):
            continue  # "Current year", "Year-ago" heading a column of figures: the period the figures are for is
            # the one the story states, no event of the label's own
        if _UP_TO_NOW.fullmatch(mention.text) and not re.match(r"\s+of\b", body[mention.end : mention.end + 4]):
            continue  # "improved in the past year", "died over the last month": a stretch up to now, no date
        start, value, granularity, range_end = mention.start, mention.value, mention.granularity, mention.range_end
        if index in fiscal:
            value, granularity, range_end = fiscal[index]
        if index in periods:
            length, months = periods[index]
            last = period_bounds(mention.value)[1]
            year, month = add_months(last.year, last.month, 1 - months)
            start, value, granularity = length.start, f"{year:04d}-{month:02d}", "month"
            range_end = mention.value if mention.granularity == "day" else f"{last.year:04d}-{last.month:02d}"
        s, e = _sentence_span(body, starts, start, mention.end)
        key = (value, s)
        if key in seen:
            continue
        seen.add(key)
        text = body[start : mention.end]
        basis, confidence, explanation = _explain(
            mention, " ".join(text.split()), value, granularity, range_end, anchor, inferred, note
        )
        events.append(
            Event(
                article_id=article_id,
                date=value,
                granularity=granularity,
                sentence=" ".join(body[s:e].split()),
                mention=text,
                start=start,
                end=mention.end,
                sentence_start=s,
                sentence_end=e,
                range_end=range_end,
                resolved=mention.resolved,
                anchor_inferred=inferred,
                basis=basis,
                confidence=confidence,
                explanation=explanation,
            )
        )
    events = [replace(event, number=i) for i, event in enumerate(events, start=1)]
    events, problem = _corrected(article, events, include_dismissed)
    events.sort(key=lambda ev: ev.sort_key)
    return ArticleTimeline(article_id, anchor, inferred, note, tuple(events), problem)


def timeline_key(article: Article) -> int:
    """What an article's timeline depends on: its text and date, and the state of its corrections file."""
    return hash((article.published, article.body, corrections_stamp(article)))


def corrections_stamp(article: Article) -> tuple[int, int] | None:
    if article.path is None:
        return None
    try:
        found = corrections_path(article.path.parent, article.id).stat()
    except (OSError, BriefingError):
        return None
    return (found.st_mtime_ns, found.st_size)


def _corrected(article: Article, events: list[Event], include_dismissed: bool) -> tuple[list[Event], str | None]:
    if article.path is None:
        return events, None
    try:
        found = load_corrections(article.path.parent, article.id)
    except BriefingError as exc:
        return events, str(exc)
    out: list[Event | None] = list(events)
    for correction in found.items:
        index = find(correction, events, article.body)
        if index is None:
            continue
        event = events[index] if correction.date is None else applied(correction, events[index], format_period)
        if correction.dismissed:  # shown with the date the analyst gave it, if any, and who dismissed it
            dismissed = replace(
                event, dismissed=True, correction_by=correction.dismissed_by, correction_at=correction.dismissed_at
            )
            out[index] = dismissed if include_dismissed else None
        else:
            out[index] = event
    return [e for e in out if e is not None], None


@dataclass(frozen=True)
class DateGroup:
    """Everything the selected articles say about one date."""

    date: str
    granularity: str
    events: tuple[Event, ...]

    def heading(self) -> str:
        """The date as a reader writes it, or the partial value and a warning when no year is known."""
        if self.events and not self.events[0].resolved:
            return f"{self.date} (year unknown)"
        return format_period(self.date, self.granularity)


def corpus_timeline(
    articles: Iterable[Article],
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    ids: Iterable[str] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cache: dict[str, tuple[int, ArticleTimeline]] | None = None,
    stated_only: bool = False,
    include_dismissed: bool = False,
) -> list[DateGroup]:
    """Events of many articles merged and grouped by date; `start`/`end` keep periods that overlap them.

    Tagging a large corpus takes seconds: `progress(done, total)` is called as articles are read, and a
    `cache` dict kept by the caller between calls (article id -> timeline, checked against the article's
    text and date) makes the next call, with other filters, nearly free. `stated_only` keeps the dates
    the texts state in full (for a brief that must cite only what sources say). `include_dismissed` keeps
    the events the analyst dismissed, marked `dismissed` (so that they can be found and restored).
    """
    wanted = set(ids) if ids is not None else None
    first = _bound(start, 0)
    last = _bound(end, 1)
    groups: dict[str, list[Event]] = {}
    chosen = [a for a in articles if wanted is None or a.id in wanted]
    for done, article in enumerate(chosen, start=1):
        if progress is not None and (done % 250 == 0 or done == len(chosen)):
            progress(done, len(chosen))
        if include_dismissed:
            timeline = article_timeline(article, include_dismissed=True)
        elif cache is not None:
            key = timeline_key(article)
            cached = cache.get(article.id)
            timeline = cached[1] if cached is not None and cached[0] == key else article_timeline(article)
            cache[article.id] = (key, timeline)
        else:
            timeline = article_timeline(article)
        for event in timeline.events:
            if stated_only and not event.stated:
                continue
            if (first or last) and not event.resolved:
                continue
            if first and event.last_day and event.last_day < first:
                continue
            if last and event.first_day and event.first_day > last:
                continue
            groups.setdefault(event.date, []).append(event)
    ordered = sorted(groups.items(), key=lambda item: (*_date_order(item[0], item[1][0].resolved), item[0]))
    return [
        DateGroup(date, events[0].granularity, tuple(sorted(events, key=lambda e: (e.article_id, e.start))))
        for date, events in ordered
    ]


def _bound(value: str | dt.date | None, side: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return partial_bounds(value)[side]
