"""The Whoosh schema of an article, and the calendar tokens that make any date range a handful of terms."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from whoosh import fields, scoring
from whoosh.analysis import CharsetFilter, NgramFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.filters import LowercaseFilter
from whoosh.support.charset import accent_map

from briefing.search.document import Document

SCHEMA_VERSION = 12  # 12: tags and notes in vocab and prefixes (as-you-type finds them)
PREFIX_MIN, PREFIX_MAX = 3, 8  # word prefixes indexed whole, so that `inte*` is one term, not 126
BM25_B, BM25_K1 = 0.75, 1.5
WHOLE_YEARS_LISTED = 300  # more whole years than this in a date range: one range of year tokens
DATE_BOOST = 0.001  # date, source, author and tag clauses select, they should not rank


def schema() -> Any:
    words = StemmingAnalyzer(stoplist=None, minsize=1) | CharsetFilter(accent_map)
    plain = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    prefixes = plain | NgramFilter(PREFIX_MIN, PREFIX_MAX, at="start")
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=words, stored=True, field_boost=1.25, phrase=True),
        body=fields.TEXT(analyzer=words, stored=True, phrase=True),
        vocab=fields.TEXT(analyzer=plain, phrase=False),
        source=fields.TEXT(analyzer=plain, stored=True),
        author=fields.TEXT(analyzer=plain, stored=True),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        prefixes=fields.TEXT(analyzer=prefixes, phrase=False),
        published=fields.DATETIME(sortable=True),
        published_cal=fields.KEYWORD(commas=True),
        published_text=fields.STORED(),
        event_cal=fields.KEYWORD(commas=True),
        event_days=fields.STORED(),  # kept so that saving a note re-reads the notes, not the timeline
        notes=fields.TEXT(analyzer=words, stored=False),
        has_notes=fields.STORED(),
    )


def weighting() -> Any:
    return scoring.BM25F(B=BM25_B, K1=BM25_K1)


def whoosh_fields(document: Document) -> dict[str, Any]:
    """The document as Whoosh fields."""
    # every word a finished query finds (DEFAULT_FIELDS) is also found while being typed, and suggested
    text = "\n".join([document.title, document.body, " ".join(document.tags), document.notes])
    doc: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "body": document.body,
        "vocab": text,
        "prefixes": text,
        "source": document.source,
        "author": document.author,
        "tags": ",".join(document.tags),
        "published_text": document.published_text,
        "notes": document.notes,
        "has_notes": document.has_notes,
        "event_cal": ",".join(calendar_tokens(document.event_days)),
        "event_days": ",".join(d.isoformat() for d in document.event_days),
    }
    if document.published_text and document.published:
        start = document.published
        doc["published"] = dt.datetime(start.year, start.month, start.day)
        doc["published_cal"] = ",".join(calendar_tokens([start]))
    return doc


def calendar_tokens(days: Iterable[dt.date]) -> list[str]:
    """A day as its year, month and day tokens (y2022, m2022-01, d2022-01-06): any date range is then a
    handful of terms (whole years, whole months, the odd days at the edges)."""
    tokens: dict[str, None] = {}
    for day in days:
        tokens[f"y{day.year:04d}"] = None
        tokens[f"m{day.year:04d}-{day.month:02d}"] = None
        tokens[f"d{day.isoformat()}"] = None
    return list(tokens)


def calendar_range(low: dt.date, high: dt.date) -> tuple[list[str], tuple[str, str] | None]:
    """The calendar tokens that cover the days low..high, fewest first: years, then months, then days; for an
    open range over centuries, the whole years as the first and last year tokens of a lexicographic range,
    and the tokens of the partial years at its edges (so that `>2020-06` does not take in 2020-03)."""
    low = max(low, dt.date(1000, 1, 1))
    high = min(high, dt.date(2999, 12, 31))
    first_year = low.year if (low.month, low.day) == (1, 1) else low.year + 1
    last_year = high.year if (high.month, high.day) == (12, 31) else high.year - 1
    if last_year - first_year >= WHOLE_YEARS_LISTED:
        edges: list[str] = []
        if first_year > low.year:
            edges += _calendar_tokens_between(low, dt.date(low.year, 12, 31))
        if last_year < high.year:
            edges += _calendar_tokens_between(dt.date(high.year, 1, 1), high)
        return edges, (f"y{first_year:04d}", f"y{last_year:04d}")
    return _calendar_tokens_between(low, high), None


def _calendar_tokens_between(low: dt.date, high: dt.date) -> list[str]:
    terms: list[str] = []
    day = low
    while day <= high:
        year_end = dt.date(day.year, 12, 31)
        month_last = calendar.monthrange(day.year, day.month)[1]
        month_end = dt.date(day.year, day.month, month_last)
        if day.month == 1 and day.day == 1 and year_end <= high:
            terms.append(f"y{day.year:04d}")
            day = year_end + dt.timedelta(days=1)
        elif day.day == 1 and month_end <= high:
            terms.append(f"m{day.year:04d}-{day.month:02d}")
            day = month_end + dt.timedelta(days=1)
        else:
            terms.append(f"d{day.isoformat()}")
            day += dt.timedelta(days=1)
    return terms
