"""Events across sources: date mentions of different articles that report the same happening, merged.

An article's timeline gives date mentions, each in its sentence (a *report*). Reports of different articles
are grouped into one *event* when their dates are compatible and their sentences speak of the same thing:

- dates (`event_merge.compatible`): the same day or period; a day inside a reported week, month or range
  (a longer container asks for closer wording); two ranges that mostly overlap. Two days one apart are
  compatible only as a *conflict*: the same happening dated differently.
- content (`event_text`): TF-IDF cosine of the sentences with the date phrase and every temporal word left
  out. Words next to the date phrase weigh more; words of another clause ("met Bush on Monday *after US
  forces attacked*") or nearer another date phrase weigh little. Names and figures weigh more.
- grouping (`event_merge.agglomerate`): candidate pairs come from an inverted index per date block; groups
  merge from the best pair down when their centroids are alike, when the pair itself shares something
  specific (a word next to both date phrases, a rare name, a figure, or two words of the date's own clause;
  'US' alone is not enough), and when the two sides do not name different people or places, nor give
  different figures (one company's sales against another's). Same-date merges come first, then periods
  around them, then conflicts: a smaller group dated a day off joins a larger one only if they share a
  word next to the date phrase (a reaction the next day does not) and no article of theirs tells the two
  days apart in like words (a recurrence).

Each event has a date (the one the reports of most articles allow, the most precise first), how well its
reports agree, a label (the most central sentence), its reports, its independent sources (articles of one
outlet count once) and a conflict flag with who says what. Plain values in, frozen dataclasses out; no I/O.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.event_merge import (
    MAX_SPAN_DAYS,
    NEAR_DAYS,
    Span,
    agglomerate,
    candidate_pairs,
    disjoint,
    period_span,
    span_of,
)
from briefing.event_text import Terms, Vectors, phrase_span, terms_of
from briefing.timeline import Event, article_timeline, format_period, period_bounds, timeline_key

if TYPE_CHECKING:
    from briefing.corpus import Article
    from briefing.timeline import ArticleTimeline

LABEL_CHARS = 200


# ---------------------------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Report:
    """One date mention of one article: what the article says happened, in which sentence, on which date."""

    article: str
    source: str
    published: str | None
    sentence: str
    value: str
    mention: str = ""
    granularity: str = "day"
    range_end: str | None = None
    resolved: bool = True
    title: str = ""
    start: int = -1  # offset of the date phrase in the article body (-1: unknown)
    sentence_start: int = -1
    sentence_end: int = -1
    terms: Terms | None = field(default=None, compare=False, hash=False, repr=False)  # filled by the merge

    def as_written(self) -> str:
        return format_period(self.value, self.granularity, self.range_end)

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "source": self.source,
            "published": self.published,
            "sentence": self.sentence,
            "value": self.value if not self.range_end else f"{self.value}/{self.range_end}",
        }


@dataclass(frozen=True)
class Claim:
    """A date the reports give for an event, and who gives it."""

    value: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MergedEvent:
    """One happening and every report of it."""

    date: str
    granularity: str
    range_end: str | None
    label: str
    reports: tuple[Report, ...]
    sources: int
    conflict: bool
    values: tuple[Claim, ...]
    agreement: float  # share of the reports whose date holds `date`
    resolved: bool = True

    @property
    def single(self) -> bool:
        return len(self.reports) == 1

    def as_written(self) -> str:
        return format_period(self.date, self.granularity, self.range_end)

    @property
    def sentence(self) -> str:
        """The whole sentence the label was taken from: what an export quotes (the label may be shortened)."""
        return label_sentence(self.label, [r.sentence for r in self.reports])

    def source_line(self) -> str:
        """'3 sources', '1 source, 2 reports', with the conflict spelled out."""
        text = f"{self.sources} source{'s' if self.sources != 1 else ''}"
        if len(self.reports) != self.sources:
            text += f", {len(self.reports)} reports"
        if self.conflict:
            text += " · dates differ: " + "; ".join(f"{c.value} ({', '.join(c.articles)})" for c in self.values)
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date if not self.range_end else f"{self.date}/{self.range_end}",
            "label": self.label,
            "mentions": [r.to_json() for r in self.reports],
            "sources": self.sources,
            "conflict": self.conflict,
            "values": {c.value: list(c.articles) for c in self.values},
        }


def merge_reports(reports: Iterable[Report]) -> list[MergedEvent]:
    """Group reports of the same happening from different articles; every report ends in exactly one event."""
    with _gc_paused():
        return _merge(list(reports))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The merge makes hundreds of thousands of small objects and no cycles: the cycle collector, set off again
    and again by them, would take a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _merge(items: list[Report]) -> list[MergedEvent]:
    spans = [span_of(r) for r in items]
    mergeable = [i for i, s in enumerate(spans) if s is not None and s.days <= MAX_SPAN_DAYS]
    terms = [r.terms or t for r, t in zip(items, _analyse(items, only_missing=True), strict=True)]
    vectors = Vectors(terms)
    for i, r in enumerate(items):
        vectors.by_article.setdefault(r.article, []).append(i)
    pairs = candidate_pairs(items, spans, mergeable, vectors)
    clusters = agglomerate(items, spans, pairs, vectors)
    events = [_event(items, spans, members, vectors) for members in clusters]
    events.sort(key=_event_order)
    return events


def _analyse(items: Sequence[Report], *, only_missing: bool = False) -> list[Terms | None]:
    """The words of each report's sentence (other date phrases of the same sentence are known by their clause)."""
    phrases = [phrase_span(r) for r in items]
    same_sentence: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(items):
        same_sentence[(r.article, r.sentence)].append(i)
    return [
        None
        if only_missing and r.terms is not None
        else terms_of(
            r.sentence,
            phrases[i],
            [phrases[k] for k in same_sentence[(r.article, r.sentence)] if k != i and phrases[k] != phrases[i]],
        )
        for i, r in enumerate(items)
    ]


def _event(items: Sequence[Report], spans: Sequence[Span | None], members: list[int], vectors: Vectors) -> MergedEvent:
    if len(members) == 1:
        r = items[members[0]]
        key = r.value if not r.range_end else f"{r.value}/{r.range_end}"
        return MergedEvent(
            date=r.value,
            granularity=r.granularity,
            range_end=r.range_end,
            label=_shorten(r.sentence),
            reports=(r,),
            sources=1,
            conflict=False,
            values=(Claim(key, (r.article,), (r.source or r.article,)),),
            agreement=1.0,
            resolved=r.resolved,
        )
    members = sorted(members, key=lambda k: (items[k].published or "", items[k].article, items[k].start))
    reports = tuple(items[k] for k in members)
    claims: dict[str, list[int]] = {}
    for k in members:
        r = items[k]
        key = r.value if not r.range_end else f"{r.value}/{r.range_end}"
        claims.setdefault(key, []).append(k)
    # the date: the claim that the reports of most articles allow (theirs, or a period around it), the most
    # precise first among equals; a month report allows the day a day report gives, not the reverse
    best_key, best = None, (-1, 0, 0, "")
    for key, ks in claims.items():
        span = spans[ks[0]]
        allowing = {items[k].article for k in members if span is None or ((sk := spans[k]) and _within(span, sk))}
        score = (len(allowing), -(span.days if span else 10**6), len(ks), key)
        if score[:3] > best[:3] or (score[:3] == best[:3] and key < best[3]):
            best_key, best = key, score
    assert best_key is not None
    chosen = items[claims[best_key][0]]
    chosen_span = spans[claims[best_key][0]]
    agreeing = [k for k in members if chosen_span is None or (spans[k] is not None and _holds(spans[k], chosen_span))]  # type: ignore[arg-type]
    conflict = False
    if chosen_span is not None:
        agreeing_articles = {items[k].article for k in agreeing}
        for k in members:
            sk = spans[k]
            if sk is not None and disjoint(sk, chosen_span) and items[k].article not in agreeing_articles:
                conflict = True  # another article dates it otherwise (an article's own two dates are no dispute)
                break
    ordered_claims = sorted(claims.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    values = tuple(
        Claim(
            value=key,
            articles=tuple(items[k].article for k in ks),
            sources=tuple(dict.fromkeys(items[k].source or items[k].article for k in ks)),
        )
        for key, ks in ordered_claims
    )
    return MergedEvent(
        date=chosen.value,
        granularity=chosen.granularity,
        range_end=chosen.range_end,
        label=_label(items, members, vectors),
        reports=reports,
        sources=independent_sources(reports),
        conflict=conflict,
        values=values,
        agreement=round(len(agreeing) / len(members), 3),
        resolved=chosen.resolved,
    )


def _within(inner: Span, outer: Span) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last


def _holds(inner_or_outer: Span, date: Span) -> bool:
    """A report's date is consistent with the event date: it contains it or lies inside it."""
    a, b = inner_or_outer, date
    return (a.first <= b.first and b.last <= a.last) or (b.first <= a.first and a.last <= b.last)


def _label(items: Sequence[Report], members: list[int], vectors: Vectors) -> str:
    """The most central sentence: the one nearest the event's centroid (the shortest among equals)."""
    if len(members) == 1:
        return _shorten(items[members[0]].sentence)
    centroid: dict[str, float] = defaultdict(float)
    for k in members:
        for term, v in vectors.vectors[k].items():
            centroid[term] += v
    best = max(
        members,
        key=lambda k: (sum(v * centroid[t] for t, v in vectors.vectors[k].items()), -len(items[k].sentence)),
    )
    return _shorten(items[best].sentence)


def _shorten(sentence: str) -> str:
    text = " ".join(sentence.split())
    if len(text) <= LABEL_CHARS:
        return text
    cut = text.rfind(" ", 0, LABEL_CHARS - 1)
    return text[: cut if cut > LABEL_CHARS // 2 else LABEL_CHARS - 1].rstrip(" ,;:") + "…"


def label_sentence(label: str, sentences: Iterable[str]) -> str:
    """The whole sentence among `sentences` that `label` shows (shortened with '…' or not); the label if none."""
    for sentence in sentences:
        text = " ".join(sentence.split())
        if text == label or (label.endswith("…") and len(text) >= len(label) and text.startswith(label[:-1])):
            return text
    return label


def _source_key(source: str) -> str:
    return " ".join(source.casefold().split())


def independent_sources(reports: Iterable[Report]) -> int:
    """Distinct outlets: two articles of one outlet count once; an article without a source counts alone."""
    keys = {_source_key(r.source) or f"\0{r.article}" for r in reports}
    return len(keys)


def _event_order(event: MergedEvent) -> tuple[int, int, int, str, str]:
    """By date (a longer period before the days it holds), unresolved last."""
    span = period_span(event.date, event.range_end) if event.resolved else None
    if span is None:
        return (1, 0, 0, event.date, event.label)
    return (0, span.first, span.first - span.last, event.reports[0].article, event.label)


# ---------------------------------------------------------------------------------------------- corpus
def reports_of(article: Article, events: Iterable[Event]) -> list[Report]:
    """Reports from an article's timeline events, their sentences analysed (once per article: the app keeps
    them with the article's timeline, so a merge with other filters starts from here).

    Any extra fields a timeline event carries (how its date was worked out) are ignored.
    """
    reports = [
        Report(
            article=article.id,
            source=article.source or "",
            published=article.published,
            sentence=event.sentence,
            value=event.date,
            mention=event.mention,
            granularity=event.granularity,
            range_end=event.range_end,
            resolved=event.resolved,
            title=article.title,
            start=event.start,
            sentence_start=event.sentence_start,
            sentence_end=event.sentence_end,
        )
        for event in events
    ]
    return [dataclasses.replace(r, terms=t) for r, t in zip(reports, _analyse(reports), strict=True)]


def corpus_events(
    articles: Iterable[Article],
    *,
    start: str | None = None,
    end: str | None = None,
    ids: Iterable[str] | None = None,
    conflicts_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cache: dict[str, tuple[int, ArticleTimeline]] | None = None,
    report_cache: dict[str, tuple[int, list[Report]]] | None = None,
) -> list[MergedEvent]:
    """The merged events of the selected articles; `start`/`end` keep events whose date overlaps them.

    Reports a few days outside the window take part in the merge (a conflict may straddle its edge). The
    caller may keep `cache` (timelines) and `report_cache` (analysed reports) between calls, by article id.
    """
    from briefing.timeline import _bound  # the timeline's own reading of window bounds

    wanted = set(ids) if ids is not None else None
    first, last = _bound(start, 0), _bound(end, 1)
    chosen = [a for a in articles if wanted is None or a.id in wanted]
    reports: list[Report] = []
    for done, article in enumerate(chosen, start=1):
        if progress is not None and (done % 250 == 0 or done == len(chosen)):
            progress(done, len(chosen))
        if report_cache is not None:
            known = report_cache.get(article.id)
            key = hash((timeline_key(article), article.source, article.title))
            if known is not None and known[0] == key:
                reports.extend(known[1])
                continue
        if cache is not None:
            text_key = timeline_key(article)
            cached = cache.get(article.id)
            timeline = cached[1] if cached is not None and cached[0] == text_key else article_timeline(article)
            cache[article.id] = (text_key, timeline)
        else:
            timeline = article_timeline(article)
        mine = reports_of(article, timeline.events)
        if report_cache is not None:
            report_cache[article.id] = (key, mine)
        reports.extend(mine)
    return select_events(merge_reports(_near_window(reports, first, last)), first, last, conflicts_only)


def _near_window(reports: list[Report], first: Any, last: Any) -> list[Report]:
    if first is None and last is None:
        return reports
    margin = dt.timedelta(days=NEAR_DAYS)
    out = []
    for r in reports:
        span = span_of(r)
        if span is None:
            continue
        if first is not None and span.last < (first - margin).toordinal():
            continue
        if last is not None and span.first > (last + margin).toordinal():
            continue
        out.append(r)
    return out


def select_events(
    events: Iterable[MergedEvent], first: Any = None, last: Any = None, conflicts_only: bool = False
) -> list[MergedEvent]:
    """Events whose date overlaps the window [first, last] (dates or None), optionally only the conflicts."""
    out = []
    for event in events:
        if conflicts_only and not event.conflict:
            continue
        if first is not None or last is not None:
            if not event.resolved:
                continue
            try:
                a, _ = period_bounds(event.date)
                _, b = period_bounds(event.range_end or event.date)
            except (ValueError, AttributeError):
                continue
            if (first is not None and b < first) or (last is not None and a > last):
                continue
        out.append(event)
    return out
