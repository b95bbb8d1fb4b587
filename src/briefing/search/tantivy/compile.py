"""The query tree as a tantivy query that matches the documents the Whoosh backend's query matches.

The steps are the Whoosh backend's (`search.whoosh.compile`), on a small tree of plain clauses: words analysed
by the same analysers, default fields, Whoosh's normalisation (an `Every` inside a group makes the group
`Every`, a clause with nothing to search drops out), then the expansions: a prefix of 3 to 8 letters is one
term of `prefixes`, a shorter or longer one its few most frequent words of the field; a fuzzy word its
neighbours in the vocabulary. Sloppy phrases are checked against the stored text, as Whoosh checks them
(in order, each word within `slop` positions of the previous one); tantivy's sloppy phrase would also take
the words reversed (beyond VERIFY_LIMIT candidates, tantivy's answer stands).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tantivy

from briefing.errors import QueryError
from briefing.search import ast
from briefing.search.api import Mark, PhraseMark
from briefing.search.highlight import phrase_places
from briefing.search.query import DEFAULT_FIELDS, fold
from briefing.search.suggest import Vocabulary
from briefing.search.tantivy.schema import MAX_DAY, MIN_DAY, PLAIN_FIELDS, TEXT_FIELDS, day_number
from briefing.search.whoosh import analysis

PREFIX_MIN, PREFIX_MAX = 3, 8
PREFIX_EXPANSIONS = 3  # as-you-type: a partial last word stands for its few most frequent completions
TITLE_BOOST = 1.25
FILTER_BOOST = 0.001  # date, source, author and tag clauses select, they should not rank
FILTER_FIELDS = ("source", "author", "tags")
EXPANDED_FIELDS = ("title", "body", "notes", "tags", "vocab")  # a prefix there is its few most frequent words
MARKED_FIELDS = ("title", "body", "notes", "prefixes", "vocab")


# ------------------------------------------------------------------------------------ the plain clauses
@dataclass(frozen=True)
class Clause:
    kind: str  # and, or, not, every, null, term, phrase, prefix, wildcard, fuzzy, range
    field: str = ""
    text: str = ""
    words: tuple[str, ...] = ()
    number: int = 0  # a phrase's slop, a fuzzy word's distance
    children: tuple[Clause, ...] = ()
    low: dt.date | None = None
    high: dt.date | None = None


EVERY = Clause("every")
NULL = Clause("null")


def _analyse(field: str, text: str) -> list[str]:
    """The terms of a text in a field, as the field's Whoosh analyser makes them."""
    if field in TEXT_FIELDS:
        return analysis.words(text)
    if field in (*PLAIN_FIELDS, "vocab"):
        return analysis.plain(text)
    if field == "tags":
        return analysis.keywords(text)
    return [text]  # id: the value as it is


def _whole(field: str, text: str) -> str:
    """A text taken as one word (prefixes, wildcards, fuzzy words), as the field's analyser takes it."""
    if field in TEXT_FIELDS:
        return analysis.word(text)
    if field in PLAIN_FIELDS:
        return analysis.plain_word(text)
    if field == "tags":
        return text.lower()
    return text


def build(node: ast.Node, field: str | None = None) -> Clause | None:
    """The clause of a node, or None for one that holds nothing to search (a word of punctuation only)."""
    if isinstance(node, ast.And | ast.Or):
        children = tuple(c for c in (build(n, field) for n in node.children) if c is not None)
        if not children:
            return None
        return Clause("and" if isinstance(node, ast.And) else "or", children=children)
    if isinstance(node, ast.Not):
        inner = build(node.query, field)
        return None if inner is None else Clause("not", children=(inner,))
    if isinstance(node, ast.Field):
        return build(node.query, node.name)
    if isinstance(node, ast.Every):
        return EVERY
    if isinstance(node, ast.Nothing):
        return NULL
    if isinstance(node, ast.DateRange):
        return Clause("range", field=node.field, low=node.low, high=node.high)
    if isinstance(node, ast.Partial):
        return Clause("partial", text=node.text)
    if field is None:
        clauses = tuple(c for c in (_leaf(node, name) for name in DEFAULT_FIELDS) if c is not None)
        return Clause("or", children=clauses) if clauses else None
    return _leaf(node, field)


def _leaf(node: ast.Node, field: str) -> Clause | None:
    if isinstance(node, ast.Term):
        texts = _analyse(field, node.text)
        if not texts:
            return None
        if len(texts) > 1:
            return Clause("and", children=tuple(Clause("term", field, t) for t in texts))
        return Clause("term", field, texts[0])
    if isinstance(node, ast.Phrase):
        return Clause("phrase", field, words=tuple(_analyse(field, node.words)), number=node.slop)
    if isinstance(node, ast.Prefix):
        return Clause("prefix", field, _whole(field, node.text))
    if isinstance(node, ast.Wildcard):
        return Clause("wildcard", field, _whole(field, node.pattern))
    if isinstance(node, ast.Fuzzy):
        return Clause("fuzzy", field, fold(node.text), number=node.distance)
    raise QueryError(f"cannot search {type(node).__name__} in {field}:")  # a new node the backend lacks


def normalize(clause: Clause) -> Clause:
    """Whoosh's normalisation, which decides what some queries match."""
    if clause.kind in ("and", "or"):
        flat: list[Clause] = []
        for child in (normalize(c) for c in clause.children):
            flat.extend(child.children if child.kind == clause.kind else (child,))
        if all(c.kind == "null" for c in flat):
            return NULL
        if any(c.kind == "every" for c in flat):
            return EVERY
        kept = list(dict.fromkeys(c for c in flat if c.kind != "null"))
        return kept[0] if len(kept) == 1 else Clause(clause.kind, children=tuple(kept))
    if clause.kind == "not":
        inner = normalize(clause.children[0])
        return NULL if inner.kind == "null" else Clause("not", children=(inner,))
    if clause.kind == "phrase":
        if not clause.words:
            return NULL
        if len(clause.words) == 1:
            return Clause("term", clause.field, clause.words[0])
    if clause.kind == "wildcard":
        text = clause.text
        if text == "*":
            return EVERY
        if "*" not in text and "?" not in text:
            return Clause("term", clause.field, text)
        if "?" not in text and "[" not in text and text.find("*") == len(text) - 1:
            return Clause("prefix", clause.field, text[:-1])
    return clause


# ---------------------------------------------------------------------------------------- to tantivy
class Compiler:
    """Turns a query tree into a tantivy query over one searcher; remembers the words to highlight."""

    def __init__(
        self, schema: Any, searcher: Any, vocabulary: Vocabulary, verify: Callable[..., list[str] | None]
    ) -> None:
        self.schema = schema
        self.searcher = searcher
        self.vocabulary = vocabulary
        # (field, words, slop, candidates) -> the ids whose text holds the phrase, None when there are too many
        self.verify = verify
        self._marks: dict[Mark, None] = {}

    @property
    def marks(self) -> tuple[Mark, ...]:
        return tuple(self._marks)

    def compile(self, node: ast.Node) -> Any:
        built = build(node)
        return self._query(NULL if built is None else normalize(built), positive=True)

    def _query(self, clause: Clause, positive: bool) -> Any:
        kind = clause.kind
        if kind == "and":
            parts = [(c.kind == "not", c) for c in clause.children]
            occurs = [
                (tantivy.Occur.MustNot, self._query(c.children[0], False))
                if negated
                else (tantivy.Occur.Must, self._query(c, positive))
                for negated, c in parts
            ]
            if all(negated for negated, _ in parts):
                occurs.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(occurs)
        if kind == "or":
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._query(c, positive)) for c in clause.children]
            )
        if kind == "not":
            return tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, tantivy.Query.all_query()),
                    (tantivy.Occur.MustNot, self._query(clause.children[0], False)),
                ]
            )
        if kind == "every":
            return tantivy.Query.all_query()
        if kind == "null":
            return tantivy.Query.empty_query()
        if kind == "range":
            return self._range(clause)
        if kind == "partial":
            return self._partial(clause.text, positive)
        if kind == "term":
            return self._term(clause.field, clause.text, positive)
        if kind == "phrase":
            return self._phrase(clause, positive)
        if kind in ("prefix", "wildcard"):
            return self._expand(clause, positive)
        if kind == "fuzzy":
            return self._fuzzy(clause, positive)
        raise QueryError(f"cannot search a {kind} clause")  # a bug: every kind above is handled

    def _mark(self, field: str, text: str, positive: bool) -> None:
        if positive and field in MARKED_FIELDS and text:
            self._marks[text] = None

    def _term(self, field: str, text: str, positive: bool) -> Any:
        self._mark(field, text, positive)
        query = tantivy.Query.term_query(self.schema, field, text)
        if field == "title":
            return tantivy.Query.boost_query(query, TITLE_BOOST)
        if field in FILTER_FIELDS:
            return tantivy.Query.boost_query(query, FILTER_BOOST)
        return query

    def _any(self, field: str, texts: list[str], positive: bool) -> Any:
        if not texts:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, self._term(field, t, positive)) for t in texts])

    def _range(self, clause: Clause) -> Any:
        assert clause.low is not None and clause.high is not None
        low, high = max(clause.low, MIN_DAY), min(clause.high, MAX_DAY)
        if low > high:
            return tantivy.Query.empty_query()
        name = "event" if clause.field == "event" else "published"
        query = tantivy.Query.range_query(
            self.schema, name, tantivy.FieldType.Integer, day_number(low), day_number(high), use_inverted_index=True
        )
        return tantivy.Query.boost_query(query, FILTER_BOOST)

    def _partial(self, word: str, positive: bool) -> Any:
        folded = fold(word)
        if PREFIX_MIN <= len(folded) <= PREFIX_MAX:
            return self._term("prefixes", folded, positive)
        best = self.vocabulary.completions(folded, PREFIX_EXPANSIONS)
        return self._any("vocab", list(dict.fromkeys([*best, folded])), positive)

    def _phrase(self, clause: Clause, positive: bool) -> Any:
        if positive and clause.field in MARKED_FIELDS:
            self._marks[PhraseMark(clause.words, clause.number)] = None
        if clause.number <= 1:
            query = tantivy.Query.phrase_query(self.schema, clause.field, list(clause.words), 0)
        else:
            # tantivy's sloppy phrase also takes the words out of order: its documents are checked in the text.
            # Its slop counts how far each word is from where an exact phrase would put it (a x b x x x c is
            # "a b c" with slop 4, Whoosh's slop 4 too, each word within 4 of the one before): n words within
            # `slop` of each other are at most (n - 1) * (slop - 1) out of place. With three words and more
            # it still misses some (its matching of repeated words is greedy): the documents checked are then
            # those holding every word, and the sloppy phrase only scores them
            reach = (len(clause.words) - 1) * (clause.number - 1)
            sloppy = tantivy.Query.phrase_query(self.schema, clause.field, list(clause.words), reach)
            candidates = sloppy
            if len(clause.words) > 2:
                every = [tantivy.Query.term_query(self.schema, clause.field, w) for w in dict.fromkeys(clause.words)]
                candidates = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in every])
            ids = self.verify(clause.field, clause.words, clause.number, candidates)
            if ids is not None:
                found = tantivy.Query.term_set_query(self.schema, "id", ids) if ids else tantivy.Query.empty_query()
                sloppy = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Must if candidates is sloppy else tantivy.Occur.Should, sloppy),
                        (tantivy.Occur.Must, tantivy.Query.const_score_query(found, 0.0)),
                    ]
                )
            query = sloppy
        return tantivy.Query.boost_query(query, TITLE_BOOST) if clause.field == "title" else query

    def _expand(self, clause: Clause, positive: bool) -> Any:
        field, text = clause.field, clause.text
        if clause.kind == "prefix":
            if field in EXPANDED_FIELDS and field != "tags" and PREFIX_MIN <= len(text) <= PREFIX_MAX:
                return self._term("prefixes", fold(text), positive)
            head, pattern = text, None
        else:
            head = re.split(r"[*?\[]", text, maxsplit=1)[0]
            pattern = re.compile(fnmatch.translate(text))
        found = [t for t, _ in self.searcher.terms_with_prefix(field, head)]  # most frequent first
        if pattern is not None:
            found = [t for t in found if pattern.match(t)]
        if field in EXPANDED_FIELDS:
            found = found[: PREFIX_EXPANSIONS * 4]
        return self._any(field, found, positive)

    def _fuzzy(self, clause: Clause, positive: bool) -> Any:
        neighbours = [w for w, _ in self.vocabulary.near(clause.text, max(clause.number, 1))]
        if clause.field in FILTER_FIELDS:
            texts = neighbours
        else:
            stems = (analysis.words(w) for w in neighbours)
            texts = list(dict.fromkeys(s[0] for s in stems if s))
        return self._any(clause.field, texts, positive)


def holds_phrase(tokens: list[str], words: tuple[str, ...], slop: int) -> bool:
    """Whether the words follow each other in `tokens`, each within `slop` positions after the previous one
    (the rule the highlighter marks phrases by)."""
    places = phrase_places(tokens, words, slop)
    return bool(places and places[0])
