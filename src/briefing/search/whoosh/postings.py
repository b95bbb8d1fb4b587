"""Query execution over the Whoosh index's posting lists, read a block at a time.

Whoosh keeps the index (schema, segments, lexicon, postings, stored fields); this module answers the
queries. Whoosh's own matchers spend some 10 µs of Python per posting per query term, which is what made
prefixes, common words and keystrokes slow at 100,000 articles. Here each term's posting list is read
whole, a block of ids and weights at a time, scored with the same BM25F as Whoosh (its idf, average field
lengths and length encoding, so rankings agree), and combined with dictionaries; the top hits are then
taken with a heap. Totals are always exact.

Query shapes this module does not know raise `Unsupported`, and the caller runs Whoosh's searcher instead.
Nothing here is Whoosh's public API beyond the searcher and query classes: the posting and column readers
are used through attributes of whoosh-reloaded's codec, checked once and fallen back from when missing.
"""

from __future__ import annotations

import heapq
import struct
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

CACHED_POSTINGS = 3_000_000  # scored postings kept between queries (keystrokes repeat the same terms), 12 bytes each
HOT_POSTINGS = 300_000  # of which the most recent are also kept ready as dicts


class Unsupported(Exception):
    """A query shape (or an index layout) this module does not handle; use Whoosh's searcher."""


@dataclass(frozen=True)
class Ranked:
    """The best documents of a query, best first, with their scores and the exact number of matches."""

    docnums: tuple[int, ...]
    scores: tuple[float, ...]
    total: int


class PostingSearcher:
    """Answers parsed Whoosh queries from the posting lists of one Whoosh searcher (one index state).

    Not thread-safe: the caller holds the index lock. Thrown away with its searcher when the index changes.
    """

    def __init__(self, searcher: Any, b: float, k1: float) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        self.b = b
        self.k1 = k1
        self.leaves: list[tuple[Any, int, int]] = []
        self.deleted: set[int] = set()
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            count = reader.doc_count_all()
            self.leaves.append((reader, offset, count))
            if reader.has_deletions():
                live = set(reader.all_doc_ids())
                self.deleted.update(offset + d for d in range(count) if d not in live)
        self.doc_count_all = sum(count for _, _, count in self.leaves)
        self._norms: dict[tuple[str, int], list[float]] = {}
        # compact arrays rather than dicts: the common words' lists stay cached at a few MB
        self._cache: OrderedDict[tuple[str, str], tuple[array[int], array[float]]] = OrderedDict()
        self._cached = 0
        self._hot: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self._hot_postings = 0
        self._dates: list[int | None] | None = None

    # -- running ------------------------------------------------------------------------------------------
    def run(self, query: Any, limit: int, sort: str = "relevance") -> Ranked:
        scores = self.evaluate(query)
        items = scores.items()
        if sort == "relevance":
            best = heapq.nlargest(limit, items, key=lambda item: (item[1], -item[0]))
        else:
            # as Whoosh sorts: by date, then by document number (reversed with the dates); undated last
            dates = self.dates()
            if sort == "newest":
                best = heapq.nlargest(
                    limit, items, key=lambda item: (dates[item[0]] is not None, dates[item[0]] or 0, item[0])
                )
            else:
                best = heapq.nsmallest(
                    limit, items, key=lambda item: (dates[item[0]] is None, dates[item[0]] or 0, item[0])
                )
        return Ranked(tuple(d for d, _ in best), tuple(s for _, s in best), len(scores))

    def evaluate(self, q: Any) -> dict[int, float]:
        """Every document the query matches, with its score."""
        from whoosh import query as wq

        kind = type(q)
        if kind is wq.Term:
            return self._scaled(self.term(q.fieldname, q.text), q.boost)
        if kind is wq.And:
            return self._and(q.subqueries, q.boost)
        if kind is wq.Or:
            if q.minmatch or q.scale:
                raise Unsupported("Or with minmatch or scale")
            return self._or([self.evaluate(child) for child in q.subqueries], q.boost)
        if kind is wq.Phrase:
            return self._scaled(self.phrase(q.fieldname, list(q.words), q.slop), q.boost)
        if kind is wq.Not:  # as Whoosh scores it: every other document, each 1
            return self._minus(self.every(1.0), self.evaluate(q.query))
        if kind is wq.AndNot:
            return self._minus(self.evaluate(q.a), self.evaluate(q.b))
        if kind is wq.AndMaybe:
            required, optional = self.evaluate(q.a), self.evaluate(q.b)
            return {d: s + optional.get(d, 0.0) for d, s in required.items()}
        if kind is wq.Require:
            required, scored = self.evaluate(q.b), self.evaluate(q.a)
            return {d: s for d, s in scored.items() if d in required}
        if kind is wq.Every and not q.fieldname:  # as Whoosh scores it: its boost, or 1
            return self.every(q.boost or 1.0)
        if q is wq.NullQuery or kind.__name__ == "_NullQuery":
            return {}
        if isinstance(q, wq.TermRange | wq.Prefix | wq.Wildcard):
            texts = list(q._btexts(self.searcher.reader()))
            return self._or([self.term(q.fieldname, t) for t in texts], q.boost)
        raise Unsupported(kind.__name__)

    # -- combining ----------------------------------------------------------------------------------------
    @staticmethod
    def _scaled(scores: dict[int, float], boost: float) -> dict[int, float]:
        if boost == 1.0:
            return scores
        return {d: s * boost for d, s in scores.items()}

    def _and(self, children: list[Any], boost: float) -> dict[int, float]:
        from whoosh import query as wq

        positive = [c for c in children if not isinstance(c, wq.Not)]
        negative = [c.query for c in children if isinstance(c, wq.Not)]
        if not positive:
            result = self.every()
        else:
            parts = sorted((self.evaluate(c) for c in positive), key=len)
            result = dict(parts[0])
            for part in parts[1:]:
                if not result:
                    break
                result = {d: s + part[d] for d, s in result.items() if d in part}
        for child in negative:
            if not result:
                break
            excluded = self.evaluate(child)
            # Whoosh intersects with the NOT clause's inverse, which adds 1 to every score: the same here
            result = {d: s + 1.0 for d, s in result.items() if d not in excluded}
        return self._scaled(result, boost)

    def _or(self, parts: list[dict[int, float]], boost: float) -> dict[int, float]:
        parts = [p for p in parts if p]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        result = dict(parts[0])
        for part in parts[1:]:
            get = result.get
            for d, s in part.items():
                result[d] = get(d, 0.0) + s
        return self._scaled(result, boost)

    @staticmethod
    def _minus(scores: dict[int, float], excluded: dict[int, float]) -> dict[int, float]:
        if not excluded:
            return scores
        return {d: s for d, s in scores.items() if d not in excluded}

    def every(self, score: float = 0.0) -> dict[int, float]:
        deleted = self.deleted
        return {d: score for d in range(self.doc_count_all) if d not in deleted}

    # -- terms --------------------------------------------------------------------------------------------
    def term(self, field_name: str, text: Any) -> dict[int, float]:
        """The live documents holding a term, each with its BM25F score (or its weight, if unscorable)."""
        if field_name not in self.schema:
            return {}
        field = self.schema[field_name]
        if isinstance(text, bytes):
            btext, text = text, text.decode("utf-8")
        else:
            btext = field.to_bytes(text)
        key = (field_name, text)
        hot = self._hot.get(key)
        if hot is not None:
            self._hot.move_to_end(key)
            return hot
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return self._remember(key, dict(zip(*cached, strict=True)))
        scores: dict[int, float] = {}
        scorable = bool(field.scorable)
        factor = None
        for reader, offset, _count in self.leaves:
            if (field_name, btext) not in reader:
                continue
            ids, weights = _ids_and_weights(reader.postings(field_name, btext))
            if scorable:
                if factor is None:  # only for a term that is there: an empty index has no idf
                    factor = self.searcher.idf(field_name, text) * (self.k1 + 1)
                norms = self._norms_of(field_name, reader, offset)
                values: Any = [factor * w / (w + norms[d]) for d, w in zip(ids, weights, strict=True)]
            else:
                values = weights
            if offset:
                ids = [d + offset for d in ids]
            scores.update(zip(ids, values, strict=True))
        if self.deleted:
            for d in self.deleted.intersection(scores):
                del scores[d]
        self._cache[key] = (array("i", scores.keys()), array("d", scores.values()))
        self._cached += len(scores)
        while self._cached > CACHED_POSTINGS and len(self._cache) > 1:
            _, (dropped, _scores) = self._cache.popitem(last=False)
            self._cached -= len(dropped)
        return self._remember(key, scores)

    def _remember(self, key: tuple[str, str], scores: dict[int, float]) -> dict[int, float]:
        """Keep a term's scores ready as a dict (callers never change the dicts they are given)."""
        self._hot[key] = scores
        self._hot_postings += len(scores)
        while self._hot_postings > HOT_POSTINGS and len(self._hot) > 1:
            _, dropped = self._hot.popitem(last=False)
            self._hot_postings -= len(dropped)
        return scores

    def _norms_of(self, field_name: str, reader: Any, offset: int) -> list[float]:
        """Per document of a segment, the BM25 length term k1 * (1 - b + b * length / average length)."""
        key = (field_name, offset)
        norms = self._norms.get(key)
        if norms is None:
            from whoosh.util.numeric import byte_to_length

            average = self.searcher.avg_field_length(field_name) or 1
            k1, b = self.k1, self.b
            count = reader.doc_count_all()
            try:
                raw = _length_bytes(reader, field_name)
                table = [k1 * ((1 - b) + b * byte_to_length(code) / average) for code in range(256)]
                norms = [table[code] for code in raw]
                norms.extend([table[0]] * (count - len(norms)))
            except AttributeError:  # another codec or version: the public reader, a document at a time
                norms = [
                    k1 * ((1 - b) + b * (reader.doc_field_length(d, field_name) or 0) / average) for d in range(count)
                ]
            self._norms[key] = norms
        return norms

    # -- phrases ------------------------------------------------------------------------------------------
    def phrase(self, field_name: str, words: list[Any], slop: int) -> dict[int, float]:
        """Documents where the words stand next to each other in order, scored as the sum of the words."""
        if slop != 1:
            raise Unsupported("phrase with slop")
        field = self.schema[field_name] if field_name in self.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")
        if len(words) == 1:
            return self.term(field_name, words[0])
        parts = [self.term(field_name, w) for w in words]
        if not all(parts):
            return {}
        candidates = set(min(parts, key=len))
        for part in parts:
            candidates.intersection_update(part)
        if not candidates:
            return {}
        positions = [self._positions(field, field_name, w, candidates) for w in words]
        found: dict[int, float] = {}
        rest = list(enumerate(positions[1:], start=1))
        for d in candidates:
            if any(all(p + i in later[d] for i, later in rest) for p in positions[0][d]):
                found[d] = sum(part[d] for part in parts)
        return found

    def _positions(self, field: Any, field_name: str, word: Any, docs: set[int]) -> dict[int, set[int]]:
        btext = word if isinstance(word, bytes) else field.to_bytes(word)
        decode = field.format.decode_positions
        out: dict[int, set[int]] = {}
        for reader, offset, count in self.leaves:
            local = {d - offset for d in docs if offset <= d < offset + count}
            if not local or (field_name, btext) not in reader:
                continue
            for ids, values in _ids_and_values(reader.postings(field_name, btext), local):
                for d, value in zip(ids, values, strict=True):
                    if d in local:
                        out[d + offset] = set(decode(value))
        return out

    # -- dates --------------------------------------------------------------------------------------------
    def dates(self) -> list[int | None]:
        """The sortable `published` value of every document (None when it has none)."""
        if self._dates is None:
            dates: list[int | None] = []
            for reader, _offset, count in self.leaves:
                if not reader.has_column("published"):
                    dates.extend([None] * count)
                    continue
                column = reader.column_reader("published", translate=False)
                try:
                    values, default = _column_values(column)
                    dates.extend(None if v == default else v for v in values)
                    dates.extend([None] * (count - len(values)))
                except AttributeError:  # another codec or version: the public API, a document at a time
                    dates.extend(
                        column[d] if reader.stored_fields(d).get("published_text") else None for d in range(count)
                    )
            self._dates = dates
        return self._dates


def _length_bytes(reader: Any, field_name: str) -> bytes:
    """A segment's encoded field lengths, one byte a document, read at once from whoosh-reloaded's column
    file (AttributeError on another codec: the caller then asks the public reader)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    column = reader._perdoc._cached_reader(_lenfield(field_name), LENGTHS_COLUMN)
    if column is None:
        return b""
    return bytes(column._dbfile.get(column._basepos, column._count))


def _column_values(column: Any) -> tuple[tuple[int, ...], int]:
    """A numeric column's raw values and its default, read at once (AttributeError on another codec)."""
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    return struct.unpack(f"!{column._count}{column._typecode}", raw), column._default


def _leaf(matcher: Any) -> Any:
    """The codec's block matcher under the wrappers Whoosh puts around it (deletions, boosts)."""
    while not hasattr(matcher, "_read_ids") and hasattr(matcher, "child"):
        matcher = matcher.child
    return matcher


def _blocks(matcher: Any) -> Any:
    leaf = _leaf(matcher)
    if not hasattr(leaf, "_read_ids"):  # a short list kept in the lexicon itself
        ids, weights, values = [], [], []
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            values.append(leaf.value())
            leaf.next()
        yield ids, weights, lambda: values
        return
    while leaf.is_active():
        if leaf._ids is None:
            leaf._read_ids()
        if leaf._weights is None:
            leaf._read_weights()
        yield leaf._ids, leaf._weights, (lambda lf=leaf: lf._values if lf._values is not None else _values(lf))
        if leaf._lastblock:
            return
        leaf._next_block()


def _values(leaf: Any) -> Any:
    leaf._read_values()
    return leaf._values


def _ids_and_weights(matcher: Any) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    for block_ids, block_weights, _ in _blocks(matcher):
        ids.extend(block_ids)
        weights.extend(block_weights)
    return ids, weights


def _ids_and_values(matcher: Any, wanted: set[int]) -> Any:
    """(ids, values) of the blocks that hold any of the wanted documents; values are read only for those."""
    for block_ids, _weights, values in _blocks(matcher):
        if not wanted.isdisjoint(block_ids):
            yield block_ids, values()
