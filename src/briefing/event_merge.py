"""Grouping reports into happenings: compatible dates, candidate pairs, agglomeration.

See `briefing.events` for the method; this module holds its machinery and its thresholds.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from briefing.event_text import Vectors
from briefing.timeline import period_bounds

if TYPE_CHECKING:
    from briefing.events import Report

NEAR_DAYS = 1  # days further apart are never one happening dated differently
SAME_THRESHOLD = 0.08  # centroid cosine for groups on the same day or period
CONTAIN_PENALTY = 0.05  # added per doubling of the container over the contained (a month around a day: +0.25)
CONTAIN_MAX = 0.3
NEAR_THRESHOLD = 0.2  # centroid cosine for a group a day or two off to join (a conflict)
RECURRENCE_THRESHOLD = 0.4  # an article telling two days apart in words this close: two occurrences
TWIN_THRESHOLD = 0.8  # ... when both groups have as many articles (the same story carried twice)
STRONG_PAIR = 0.1  # two reports this much above the linkage needed join their groups whatever the rest
COMMON_NAME_SHARE = 0.05  # a name in more reports than this ('US' in world news) is no evidence alone
PAIR_MIN = 0.05  # a pair of reports less alike than this is never a candidate
MAX_SPAN_DAYS = 31  # longer periods (quarters, years) are never merged
BLOCK_TERM_LIMIT = 40  # a term in more reports of one period than this finds no candidates there
COMMON_TERM_SHARE = 0.01  # a term in more reports than this share (and the floor) finds no candidates
COMMON_TERM_FLOOR = 50
CANDIDATE_TERMS = 12  # a report's heaviest words (not common ones) find its candidates


class Span(NamedTuple):
    first: int  # ordinal of the first day
    last: int

    @property
    def days(self) -> int:
        return self.last - self.first + 1


def span_of(report: Report) -> Span | None:
    """The days a report's date covers, or None when it has no calendar date."""
    return period_span(report.value, report.range_end) if report.resolved else None


@functools.lru_cache(maxsize=16384)
def period_span(value: str, range_end: str | None = None) -> Span | None:
    """The days of a TIMEX3 date value (and a range's end), or None when it names no calendar period."""
    try:
        first, _ = period_bounds(value)
        _, last = period_bounds(range_end or value)
    except (ValueError, AttributeError, TypeError):
        return None
    if last < first:
        return None
    return Span(first.toordinal(), last.toordinal())


_SAME, _CONTAINS, _NEAR = "same", "contains", "near"


def compatible(a: Span, b: Span) -> tuple[str, float] | None:
    """How two dates can belong to one happening, and the similarity that asks for (None: they cannot)."""
    if a == b:
        return _SAME, SAME_THRESHOLD
    inner, outer = (a, b) if a.days <= b.days else (b, a)
    if outer.first <= inner.first and inner.last <= outer.last:
        ratio = outer.days / inner.days
        penalty = min(CONTAIN_MAX, CONTAIN_PENALTY * math.log2(ratio)) if ratio > 1 else 0.0
        return _CONTAINS, SAME_THRESHOLD + penalty
    overlap = min(a.last, b.last) - max(a.first, b.first) + 1
    if overlap > 0:
        union = max(a.last, b.last) - min(a.first, b.first) + 1
        if overlap / union >= 0.5:
            return _CONTAINS, SAME_THRESHOLD + CONTAIN_PENALTY
        return None
    gap = max(a.first, b.first) - min(a.last, b.last)
    if a.days <= 7 and b.days <= 7 and gap <= NEAR_DAYS:
        return _NEAR, NEAR_THRESHOLD  # a day or two off, or just outside a weekend: one happening dated differently
    return None


def disjoint(a: Span, b: Span) -> bool:
    return a.last < b.first or b.last < a.first


def candidate_pairs(
    items: Sequence[Report], spans: Sequence[Span | None], mergeable: Sequence[int], vectors: Vectors
) -> list[tuple[float, int, int, str]]:
    """Pairs of reports of different articles, with compatible dates and something in common, best first.

    Reports are blocked by date (one block per distinct period); for every two compatible blocks, an inverted
    index over one block gives every pair that shares a term and its exact cosine. A term found in more than
    `BLOCK_TERM_LIMIT` reports of a block ('pct' on a busy day) is left out of the index.
    """
    blocks: dict[Span, list[int]] = defaultdict(list)
    for i in mergeable:
        span = spans[i]
        assert span is not None
        blocks[span].append(i)
    common = max(COMMON_TERM_FLOOR, COMMON_TERM_SHARE * vectors.n)
    df = vectors.df
    names = common_names(vectors)
    keys: dict[int, list[tuple[str, float]]] = {}
    for i in mergeable:
        weighted = [(t, w) for t, w in vectors.vectors[i].items() if df[t] <= common]
        weighted.sort(key=lambda tw: -tw[1])
        keys[i] = weighted[:CANDIDATE_TERMS]
    indexes: dict[Span, dict[str, list[tuple[int, float]]]] = {}
    common_in_block: dict[Span, set[str]] = {}
    for span, members in blocks.items():
        index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j in members:
            for term, w in keys[j]:
                index[term].append((j, w))
        indexes[span] = {t: p for t, p in index.items() if len(p) <= BLOCK_TERM_LIMIT}
        common_in_block[span] = {t for t, p in index.items() if len(p) > BLOCK_TERM_LIMIT}
    ordered = sorted(blocks, key=lambda s: (s.first, s.last))
    firsts = [s.first for s in ordered]
    out: list[tuple[float, int, int, str]] = []
    for span in ordered:
        low = bisect.bisect_left(firsts, span.first - MAX_SPAN_DAYS)
        high = bisect.bisect_right(firsts, span.last + NEAR_DAYS)
        for other in ordered[low:high]:
            if (other.first, other.last) < (span.first, span.last):
                continue  # each pair of blocks once
            fit = compatible(span, other)
            if fit is None:
                continue
            # the smaller block asks the larger one's index (a day's reports against their month's); within a
            # block each report asks an index of the reports before it, so each pair is seen once
            same = other == span
            queries, index = blocks[span], ({} if same else indexes[other])
            if not same and len(queries) > len(blocks[other]):
                queries, index = blocks[other], indexes[span]
            cut = max(PAIR_MIN, fit[1] - SAME_THRESHOLD)  # a month around a day asks for more in common
            get = index.get
            for i in queries:
                scores: dict[int, float] = {}
                for term, w in keys[i]:
                    postings = get(term)
                    if postings:
                        for j, wj in postings:
                            scores[j] = scores.get(j, 0.0) + w * wj
                if same:
                    for term, w in keys[i]:
                        if term in common_in_block[span]:
                            continue
                        index.setdefault(term, []).append((i, w))  # type: ignore[attr-defined]
                article = items[i].article
                for j, partial in scores.items():
                    if partial < cut or items[j].article == article:
                        continue
                    if vectors.figures_clash(i, j) or not _evidence(vectors, i, j, names):
                        continue
                    score = vectors.cosine(i, j)  # every word counts, not only the keys
                    if score >= PAIR_MIN:
                        out.append((score, i, j, fit[0]))
    out.sort(key=lambda p: (-p[0], p[1], p[2]))
    return out


class _Cluster:
    __slots__ = ("members", "centroid", "norm2", "articles", "names", "triggers", "spans")

    def __init__(
        self,
        i: int,
        vector: dict[str, float],
        article: str,
        names: frozenset[str],
        triggers: frozenset[str],
        span: Span | None,
    ) -> None:
        self.members = [i]
        self.centroid = dict(vector)
        self.norm2 = sum(v * v for v in vector.values())
        self.articles = {article}
        self.names = set(names)
        self.triggers = set(triggers)
        self.spans: set[Span | None] = {span}

    def other_names(self, other: _Cluster) -> bool:
        """Both name who or where, and no name in common: two cities' protests, another company's sales."""
        return bool(self.names) and bool(other.names) and not (self.names & other.names)

    def dot(self, other: _Cluster) -> float:
        a, b = self.centroid, other.centroid
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(term, 0.0) for term, v in a.items())

    def absorb(self, other: _Cluster) -> None:
        self.norm2 += 2 * self.dot(other) + other.norm2
        self.members.extend(other.members)
        centroid = self.centroid
        for term, v in other.centroid.items():
            centroid[term] = centroid.get(term, 0.0) + v
        self.articles |= other.articles
        self.names |= other.names
        self.triggers |= other.triggers
        self.spans |= other.spans

    def cosine(self, other: _Cluster) -> float:
        norm = math.sqrt(max(self.norm2, 1e-12) * max(other.norm2, 1e-12))
        return self.dot(other) / norm


def agglomerate(
    items: Sequence[Report],
    spans: Sequence[Span | None],
    pairs: Sequence[tuple[float, int, int, str]],
    vectors: Vectors,
) -> list[list[int]]:
    """Same-date merges first (centroid linkage), then conflicts: a smaller group a day or two off joins."""
    clusters: dict[int, _Cluster] = {}  # made on first use: most reports stay alone
    owner = list(range(len(items)))

    def cluster(k: int) -> _Cluster:
        found = clusters.get(k)
        if found is None:
            found = clusters[k] = _Cluster(
                k, vectors.vectors[k], items[k].article, vectors.names[k], vectors.triggers[k], spans[k]
            )
        return found

    def join(a: int, b: int) -> None:
        big, small = (a, b) if len(clusters[a].members) >= len(clusters[b].members) else (b, a)
        for k in clusters[small].members:
            owner[k] = big
        clusters[big].absorb(clusters.pop(small))

    # the same date first, so that an article's precise report, not its vaguer one, takes its place
    for score, i, j, _kind in [p for p in pairs if p[3] == _SAME] + [p for p in pairs if p[3] == _CONTAINS]:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        left, right = cluster(a), cluster(b)
        needed = _dates_fit(left.spans, right.spans, allow_near=False)
        if needed is None or left.other_names(right):
            continue
        if left.articles & right.articles:
            needed += STRONG_PAIR  # a second report of one article joins only when plainly the same thing
            score = 0.0
        if score >= needed + STRONG_PAIR or left.cosine(right) >= needed:
            join(a, b)

    for _score, i, j, kind in pairs:
        if kind != _NEAR:
            continue
        a, b = owner[i], owner[j]
        if a == b:
            continue
        left, right = cluster(a), cluster(b)
        if not (left.triggers & right.triggers):
            continue  # a day off and not the same thing happening: a reaction, a sequel
        if left.other_names(right) or _dates_fit(left.spans, right.spans, allow_near=True) is None:
            continue
        similarity = left.cosine(right)
        if similarity < NEAR_THRESHOLD + (STRONG_PAIR if left.articles & right.articles else 0.0):
            continue
        if len(left.articles) == len(right.articles) and similarity < TWIN_THRESHOLD:
            continue  # two equal groups a day apart: no majority to say which date is right
        if vectors.figures_clash(i, j) or _recurrence(items, spans, left.members, right.members, vectors):
            continue
        join(a, b)
    groups = [c.members for c in clusters.values()]
    groups.extend([k] for k in range(len(items)) if k not in clusters and owner[k] == k)
    return groups


def common_names(vectors: Vectors) -> frozenset[str]:
    """Names in so many reports ('US' in world news) that sharing them says nothing."""
    name_df: Counter[str] = Counter(name for names in vectors.names for name in names)
    return frozenset(name for name, df in name_df.items() if df > COMMON_NAME_SHARE * vectors.n)


def _evidence(vectors: Vectors, i: int, j: int, common: frozenset[str]) -> bool:
    """Two reports share something specific: a word next to both date phrases, a rare name, a figure, or two
    words of the date phrases' own clauses (not just 'US')."""
    if vectors.triggers[i] & vectors.triggers[j] or vectors.figures[i] & vectors.figures[j]:
        return True
    return (
        bool((vectors.names[i] & vectors.names[j]) - common) or len((vectors.core[i] & vectors.core[j]) - common) >= 2
    )


@functools.lru_cache(maxsize=65536)
def _fit(a: Span, b: Span) -> tuple[str, float] | None:
    return compatible(a, b)


def _dates_fit(left: set[Span | None], right: set[Span | None], *, allow_near: bool) -> float | None:
    """The linkage two groups need given their dates (the strictest pair), or None when a pair cannot be one."""
    if None in left or None in right:
        return None
    needed = 0.0
    for si in left:
        for sj in right:
            fit = _fit(si, sj)  # type: ignore[arg-type]
            if fit is None or (fit[0] == _NEAR and not allow_near):
                return None
            needed = max(needed, fit[1])
    if allow_near:
        days = [s.first for s in (*left, *right) if s is not None and s.last == s.first]
        if days and max(days) - min(days) > NEAR_DAYS:
            return None
    return needed


def _recurrence(
    items: Sequence[Report], spans: Sequence[Span | None], left: list[int], right: list[int], vectors: Vectors
) -> bool:
    """Different days where an article of one side also reports the other side's day in like words.

    That article tells two occurrences apart (a weekly meeting, a second rate cut): they are not one
    happening dated differently.
    """

    def days(side: list[int]) -> set[int]:
        return {s.first for k in side if (s := spans[k]) is not None and s.days == 1}

    left_days, right_days = days(left), days(right)
    if not left_days or not right_days or left_days == right_days:
        return False
    for side, other, other_days in ((left, right, right_days - left_days), (right, left, left_days - right_days)):
        if not other_days:
            continue
        for k in side:
            for j in vectors.by_article.get(items[k].article, ()):
                sj = spans[j]
                if j == k or sj is None or sj.days != 1 or sj.first not in other_days:
                    continue
                if items[j].sentence == items[k].sentence:
                    continue  # "said on Monday that forces struck late Sunday": one sentence, two happenings
                if any(vectors.cosine(j, o) >= RECURRENCE_THRESHOLD for o in other if o != j):
                    return True
    return False
