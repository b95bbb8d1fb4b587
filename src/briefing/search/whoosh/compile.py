"""The query tree as a Whoosh query, built as Whoosh's own parser would build it (same clauses, same scores).

Words without a field search the default fields (each word in every one of them); a word the analyser splits
is all its parts. Then, once per query, `word*` and `word~` become plain terms: a prefix of 3 to 8 letters
is one term of the `prefixes` field, a shorter or longer one its few most frequent words; a fuzzy word is
looked up unstemmed, first letter fixed, in the vocabulary, and its neighbours searched stemmed. Whoosh
would otherwise expand them against the lexicon, slowly, and once more for every highlighted hit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq

from briefing.errors import QueryError
from briefing.search import ast
from briefing.search.api import Mark, PhraseMark
from briefing.search.query import DEFAULT_FIELDS, fold
from briefing.search.suggest import Vocabulary
from briefing.search.whoosh.schema import DATE_BOOST, PREFIX_MAX, PREFIX_MIN, calendar_range

PREFIX_EXPANSIONS = 3  # as-you-type: a partial last word stands for its few most frequent completions
FILTER_FIELDS = ("source", "author", "tags")
RANKING_FIELDS = ("title", "body", "notes", "prefixes", "vocab")


def compile_query(node: ast.Node, schema: Any, reader: Any, vocabulary: Vocabulary) -> Any:
    """The Whoosh query of a query tree, its multi-term clauses expanded."""
    built = _build(node, schema, vocabulary, None)
    q = wq.NullQuery if built is None else built.normalize()
    return live_only(_expand(q, reader, vocabulary))  # not normalised again: that would undo live_only


def _build(node: ast.Node, schema: Any, vocabulary: Vocabulary, field: str | None) -> Any:
    """A Whoosh query, or None for a clause that holds nothing to search (a word of punctuation only)."""
    if isinstance(node, ast.And | ast.Or):
        children = [c for c in (_build(n, schema, vocabulary, field) for n in node.children) if c is not None]
        if not children:
            return None
        return (wq.And if isinstance(node, ast.And) else wq.Or)(children)
    if isinstance(node, ast.Not):
        inner = _build(node.query, schema, vocabulary, field)
        return None if inner is None else wq.Not(inner)
    if isinstance(node, ast.Field):
        return _build(node.query, schema, vocabulary, node.name)
    if isinstance(node, ast.Every):
        return wq.Every()
    if isinstance(node, ast.Nothing):
        return wq.NullQuery
    if isinstance(node, ast.DateRange):
        name = "event_cal" if node.field == "event" else "published_cal"
        terms, years = calendar_range(node.low, node.high)
        clauses = [wq.Term(name, t, boost=DATE_BOOST) for t in terms]
        if years is not None:  # an open range over centuries: its whole years as one range
            clauses.append(wq.TermRange(name, years[0], years[1]))
        return wq.Or(clauses)
    if isinstance(node, ast.Partial):
        return _partial(vocabulary, node.text)
    if field is None:
        clauses = [c for c in (_leaf(node, schema, name) for name in DEFAULT_FIELDS) if c is not None]
        return wq.Or(clauses) if clauses else None
    return _leaf(node, schema, field)


def _leaf(node: ast.Node, schema: Any, field_name: str) -> Any:
    field = schema[field_name]
    if isinstance(node, ast.Term):
        texts = list(field.process_text(node.text, mode="query"))
        if not texts:
            return None
        if len(texts) > 1:
            return wq.And([wq.Term(field_name, t) for t in texts])
        return wq.Term(field_name, texts[0])
    if isinstance(node, ast.Phrase):
        words = [t.text for t in field.tokenize(node.words, mode="query")]
        return wq.Phrase(field_name, words, slop=node.slop)
    if isinstance(node, ast.Prefix | ast.Wildcard | ast.Fuzzy):
        raw = node.pattern if isinstance(node, ast.Wildcard) else node.text
        texts = list(field.process_text(raw, mode="query", tokenize=False, removestops=False))
        if not texts:
            return None
        if isinstance(node, ast.Prefix):
            return wq.Prefix(field_name, texts[0])
        if isinstance(node, ast.Wildcard):
            return wq.Wildcard(field_name, texts[0])
        return wq.FuzzyTerm(field_name, fold(node.text), maxdist=node.distance, prefixlength=0)
    raise QueryError(f"cannot search {type(node).__name__} in {field_name}:")  # a new node the backend lacks


def _partial(vocabulary: Vocabulary, word: str) -> Any:
    """A partial word typed so far: every word it begins when it is 3 to 8 letters long (one term of the
    `prefixes` field), else its few most frequent completions; either way in titles and bodies at once."""
    folded = fold(word)
    if PREFIX_MIN <= len(folded) <= PREFIX_MAX:
        return wq.Term("prefixes", folded)
    best = vocabulary.completions(folded, PREFIX_EXPANSIONS)
    return wq.Or([wq.Term("vocab", w) for w in dict.fromkeys([*best, folded])])


def _expand(q: Any, reader: Any, vocabulary: Vocabulary) -> Any:
    if isinstance(q, wq.Prefix | wq.Wildcard) and q.fieldname in ("title", "body", "notes", "tags", "vocab"):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        if isinstance(q, wq.Prefix) and PREFIX_MIN <= len(text) <= PREFIX_MAX and q.fieldname != "tags":
            return wq.Term("prefixes", fold(text), boost=q.boost)
        texts = [t.decode("utf-8") if isinstance(t, bytes) else t for t in q._btexts(reader)]
        texts = sorted(texts, key=lambda t: -reader.doc_frequency(q.fieldname, t))[: PREFIX_EXPANSIONS * 4]
        return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in texts]) if texts else wq.NullQuery
    if isinstance(q, wq.FuzzyTerm):
        neighbours = [w for w, _ in vocabulary.near(fold(q.text), max(q.maxdist, 1))]
        if q.fieldname in ("tags", "source", "author"):
            stems = neighbours
        else:
            stems = list(dict.fromkeys(s for s in (_analyse(reader.schema, w) for w in neighbours) if s))
        return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in stems]) if stems else wq.NullQuery
    if isinstance(q, wq.Term) and q.fieldname in FILTER_FIELDS:
        return wq.Term(q.fieldname, q.text, boost=DATE_BOOST)  # source:, author:, tag: select, not rank
    if hasattr(q, "children") and q.children():
        return q.apply(lambda child: _expand(child, reader, vocabulary))
    return q


def live_only(q: Any) -> Any:
    """The query with every NOT clause held to the live documents.

    Whoosh answers a NOT clause with an InverseMatcher that skips deleted documents everywhere but right
    after the negated clause's last match in a segment: `NOT title:oil` then also lists the deleted (or
    replaced) article that follows the segment's last oil title, with its stale stored fields. Inside an AND
    with a positive clause this cannot show (the positive clause holds only live documents); anywhere else
    the NOT becomes every live document but the clause's, each scoring 1 as before.
    """
    if isinstance(q, wq.Not):
        return wq.AndNot(wq.Every(), live_only(q.query))
    if isinstance(q, wq.And):
        children = list(q.subqueries)
        if all(isinstance(c, wq.Not) for c in children):
            children[0] = wq.AndNot(wq.Every(), children[0].query)
        children = [c.apply(live_only) if isinstance(c, wq.Not) else live_only(c) for c in children]
        return wq.And(children, boost=q.boost)
    if hasattr(q, "children") and q.children():
        return q.apply(live_only)
    return q


def _analyse(schema: Any, word: str) -> str | None:
    tokens = [t.text for t in schema["body"].analyzer(word)]
    return tokens[0] if tokens else None


def positive_terms(q: Any) -> Iterator[tuple[str, Mark]]:
    """The (field, term or phrase) a hit can match: everything in the query but what sits under a NOT."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.Term):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        yield q.fieldname, text
        return
    if isinstance(q, wq.Phrase):
        yield q.fieldname, PhraseMark(tuple(q.words), q.slop)
        return
    if isinstance(q, wq.AndNot):
        yield from positive_terms(q.a)
        return
    for child in q.children() if hasattr(q, "children") else ():
        yield from positive_terms(child)


def marks(q: Any) -> tuple[Mark, ...]:
    """What to highlight: the positive terms (word starts) and phrases of the text fields."""
    return tuple(dict.fromkeys(mark for field, mark in positive_terms(q) if field in RANKING_FIELDS and mark))
