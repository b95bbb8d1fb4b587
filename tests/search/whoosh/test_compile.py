"""The query language, read by briefing's own parser and compiled for Whoosh, means what Whoosh's parser made
of it before (the documents and scores of the old pipeline: Whoosh's MultifieldParser over the default
fields), for random queries of words, prefixes, phrases, fields, AND, OR, NOT, '-' and groups."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import qparser

from briefing.errors import QueryError
from briefing.search import query as ql
from briefing.search.whoosh.compile import _expand, live_only
from tests.search.whoosh.test_postings import index  # noqa: F401 - the shared generated index

_WORDS = ["oil", "price", "crude", "gold", "bank", "rate", "loan", "interest", "tariff", "mark", "zzz", "Prices"]


def _whoosh_parsed(idx, text: str):
    """What the old pipeline made of a query: aliases and '-'/'+' rewritten, then Whoosh's parser."""
    searcher = idx.engine.searcher()
    normalised = re.sub(r'(?<![\w"])([A-Za-z_]+):(?=\S)', lambda m: ql.field_name(m.group(1)) + ":", text)
    normalised = re.sub(r'(^|[\s(])-(?=[\w"(])', r"\1NOT ", normalised)
    normalised = re.sub(r'(^|[\s(])\+(?=[\w"(])', r"\1", normalised)
    parser = qparser.MultifieldParser(list(ql.DEFAULT_FIELDS), searcher.schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # with NOT held to the live documents, as compile_query does (Whoosh's own NOT may answer a deleted one)
    return live_only(_expand(parser.parse(normalised), searcher.reader(), idx.engine.vocabulary()))


def _answers(idx, q) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in idx.engine.searcher().search(q, limit=None, optimize=False)}


def _same(idx, text: str) -> None:
    expected = _answers(idx, _whoosh_parsed(idx, text))
    found = _answers(idx, idx.engine.compile(ql.parse(text)))
    assert set(found) == set(expected), text
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-5, abs=1e-9), (text, docnum)


@pytest.mark.parametrize(
    "text",
    [
        "oil",
        "oil prices",
        "Oil OR gold price",
        "oil AND gold OR bank",
        "NOT oil gold",
        "oil -gold",
        "+oil +gold",
        '"crude oil" price',
        '"crude oil price"~3',
        "title:oil body:price",
        "title:(oil OR gold)",
        "tag:energy oil",
        "source:reuters",
        "mark* oil",
        "ma*",
        "interest*",
        "(oil OR gold) AND (price OR rate) -loan",
        "e-mail Russia's U.S.",
        "oil oil",
        "Über naïve",
    ],
)
def test_the_same_documents_and_scores_as_whooshs_parser(index, text):  # noqa: F811
    _same(index, text)


_word = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(lambda w: w[:3] + "*"),
    st.sampled_from(["title:oil", "source:reuters", "tag:energy", "body:price", "author:writer"]),
    st.lists(
        st.sampled_from(_WORDS), min_size=2, max_size=3, unique=True
    ).map(  # Whoosh's own NOT misses a phrase that repeats a word
        lambda ws: '"' + " ".join(ws) + '"'
    ),
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3).map(lambda ws: "(" + " OR ".join(ws) + ")"),
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3).map(lambda ws: "(" + " ".join(ws) + ")"),
)
_text = st.lists(
    st.tuples(st.sampled_from(["", "", "OR ", "AND ", "NOT ", "-", "+"]), _word), min_size=1, max_size=5
).map(lambda parts: " ".join(op + word for op, word in parts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_text)
def test_random_queries_mean_what_whooshs_parser_made_of_them(index, text):  # noqa: F811
    if re.match(r"(OR|AND) ", text):
        return  # a leading operator: Whoosh reads it as a word, briefing too, but its parser is not the reference
    try:
        ql.parse(text)
    except QueryError:
        return
    _same(index, text)


@pytest.mark.parametrize(
    "query",
    ["oil", "oil prices", "Kazakhstan café", "CSTO 2022", "a b c", "Über naïve", "x1 ZZ9", "and or", "Tokaev"],
)
def test_plain_words_compile_to_what_whooshs_parser_makes(query):
    from briefing.search.whoosh.compile import _build
    from briefing.search.whoosh.schema import schema

    built = schema()
    parser = qparser.MultifieldParser(list(ql.DEFAULT_FIELDS), built, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    assert _build(ql.parse(query), built, None, None).normalize() == parser.parse(query)  # type: ignore[arg-type]
