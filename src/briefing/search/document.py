"""An article, its notes and its event days as one engine-neutral document to index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.corpus import Article


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    body: str
    source: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    published: dt.date | None = None  # the first day of the published date, for ranges and sorting
    published_text: str | None = None  # as written in the article (2016-07, 2022-01-07)
    event_days: tuple[dt.date, ...] = ()
    notes: str = ""
    has_notes: bool = False


def notes_text(corpus: Path, article_id: str) -> tuple[str, bool]:
    """Note text and tags of an article, for the `notes` field (empty when there are none or they are broken)."""
    from briefing.notes import index_text

    try:
        return index_text(corpus, article_id)
    except BriefingError:
        return "", False


def event_days(article: Article) -> tuple[dt.date, ...]:
    """Every day the article's timeline mentions (a day range of up to a month: each of its days)."""
    from briefing.timeline import article_timeline, period_bounds

    days: set[dt.date] = set()
    for event in article_timeline(article).events:
        if not event.resolved:
            continue
        first, _ = period_bounds(event.date)
        days.add(first)
        if event.range_end and event.granularity == "day":
            last = period_bounds(event.range_end)[1]
            span = (last - first).days
            if 0 < span <= 31:
                days.update(first + dt.timedelta(days=i) for i in range(span + 1))
    return tuple(d for d in sorted(days) if d.year >= 1000)


def build(article: Article, corpus: Path, days: tuple[dt.date, ...] | None = None) -> Document:
    """The document of an article; `days` reuses event days already computed (saving a note re-tags nothing)."""
    text, has_notes = notes_text(corpus, article.id)
    published = article.published_start if article.published else None
    return Document(
        id=article.id,
        title=article.title,
        body=article.body,
        source=article.source,
        author=article.author or "",
        tags=tuple(article.tags),
        published=dt.date(published.year, published.month, published.day) if published else None,
        published_text=article.published,
        event_days=event_days(article) if days is None else days,
        notes=text,
        has_notes=has_notes,
    )


def with_notes(document: Document, corpus: Path) -> Document:
    """The same document with its notes read again (after a note was saved)."""
    from dataclasses import replace

    text, has_notes = notes_text(corpus, document.id)
    return replace(document, notes=text, has_notes=has_notes)
