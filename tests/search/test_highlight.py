"""One highlighter: the article view marks what the result's snippets mark."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.corpus import Article, read_article, write_article
from briefing.search import SearchIndex
from briefing.search.api import PhraseMark
from briefing.search.highlight import Marker, phrase_places, spans
from briefing.ui.widgets.article import term_spans


def _marked(text: str, found: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in found]


def test_the_article_view_marks_what_the_snippets_mark(tmp_path):
    corpus = tmp_path / "corpus"
    body = "Erdoğan met the companies. " + "Filler about nothing at all here. " * 30 + "A company of Erdogan's allies."
    write_article(corpus, Article(id="erdogan", title="Erdoğan and company", body=body))
    with SearchIndex(corpus, tmp_path / "index") as idx:
        result = idx.search("erdogan company")
    (hit,) = result.hits
    in_snippets = {w.lower() for s in hit.snippets for w in _marked(s.text, list(s.spans))}
    assert {"erdoğan", "companies", "company"} <= in_snippets
    article = read_article(corpus / "erdogan.md")
    in_article = _marked(article.body, term_spans(article.body, result.marks))
    assert {w.lower() for w in in_article} == {"erdoğan", "companies", "company", "erdogan"}
    assert [article.title[a:b] for a, b in hit.title_spans] == ["Erdoğan", "company"]


def test_the_whole_article_is_marked_not_only_its_first_part():
    body = "x " * 40_000 + "oil"
    assert Marker(["oil"]).spans(body) == []  # snippets look at the start of a long text only
    assert spans(body, ["oil"]) == [(80_000, 80_003)]


# ------------------------------------------------------------------------------------------ phrases
PHRASE_BODY = (
    "Interest rates rose sharply in March.\n\n"
    "The rates of pay were of no interest to the union. "
    "Rose gardens hold no interest for bankers.\n\n"
    "Markets watched the interest rate closely; an interest-rate cut came later."
)


try:
    from briefing.search.tantivy.compile import holds_phrase as HOLDS_PHRASE
except ImportError:  # the tantivy extra is not installed
    HOLDS_PHRASE = None


def _engines() -> list[str]:
    return ["whoosh"] if HOLDS_PHRASE is None else ["whoosh", "tantivy"]


@pytest.fixture(scope="module", params=_engines())
def phrase_index(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"phrase-{request.param}")
    corpus = root / "corpus"
    write_article(corpus, Article(id="rates", title="Interest rates and rate of interest", body=PHRASE_BODY))
    with SearchIndex(corpus, root / "index", engine=request.param) as idx:
        yield idx, read_article(corpus / "rates.md")


def _marks_of(idx, article, query):
    result = idx.search(query)
    (hit,) = result.hits
    in_snippets = [w.lower() for s in hit.snippets for w in _marked(s.text, list(s.spans))]
    in_article = [w.lower() for w in _marked(article.body, term_spans(article.body, result.marks))]
    in_title = [w.lower() for w in _marked(article.title, list(hit.title_spans))]
    return in_snippets, in_article, in_title


def test_a_phrase_marks_its_occurrences_not_its_words_anywhere(phrase_index):
    idx, article = phrase_index
    in_snippets, in_article, in_title = _marks_of(idx, article, '"interest rate"')  # stemmed: rates too
    assert in_article == ["interest rates", "interest rate", "interest-rate"]
    assert in_snippets == in_article
    assert in_title == ["interest rates"]


def test_a_phrase_and_plain_words_mark_the_occurrences_and_every_plain_word(phrase_index):
    idx, article = phrase_index
    _, in_article, _ = _marks_of(idx, article, '"interest rates" gardens')
    assert in_article == ["interest rates", "gardens", "interest rate", "interest-rate"]


def test_a_sloppy_phrase_marks_the_words_of_each_occurrence_within_the_slop(phrase_index):
    idx, article = phrase_index
    # interest (0) rose (2): within 2; "Rose gardens hold no interest" is the reverse order, not marked
    _, in_article, _ = _marks_of(idx, article, '"interest rose"~2')
    assert in_article == ["interest", "rose"]
    # three words, each within 3 of the one before: "rates of pay were of no interest" is too far apart
    assert idx.search('"rates pay interest"~3').hits == ()  # pay (9) -> interest (13): 4 apart
    _, in_article, _ = _marks_of(idx, article, '"rates pay interest"~4')
    assert in_article == ["rates", "pay", "interest"]


def test_a_negated_phrase_marks_nothing(phrase_index):
    idx, article = phrase_index
    _, in_article, _ = _marks_of(idx, article, 'gardens NOT "interest pay"')
    assert in_article == ["gardens"]


def test_both_engines_give_the_same_marks(tmp_path):
    pytest.importorskip("tantivy")
    corpus = tmp_path / "corpus"
    write_article(corpus, Article(id="rates", title="Interest rates and rate of interest", body=PHRASE_BODY))
    found = {}
    for engine in ("whoosh", "tantivy"):
        with SearchIndex(corpus, tmp_path / engine, engine=engine) as idx:
            found[engine] = [
                idx.search(q).marks for q in ('"interest rates"', '"interest rose"~2 gardens', 'bank* "rate cut"')
            ]
    assert found["whoosh"] == found["tantivy"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abc"), max_size=12),
    st.lists(st.sampled_from("abc"), min_size=1, max_size=3),
    st.integers(min_value=1, max_value=4),
)
def test_phrase_places_are_the_words_of_every_occurrence(terms, words, slop):
    """Against every way of placing the words: in order, each within `slop` after the one before."""
    chains = [
        chain
        for chain in itertools.product(range(len(terms)), repeat=len(words))
        if all(terms[p] == w for p, w in zip(chain, words, strict=True))
        and all(1 <= b - a <= slop for a, b in itertools.pairwise(chain))
    ]
    places = phrase_places(terms, words, slop)
    assert places == [sorted({chain[i] for chain in chains}) for i in range(len(words))]
    if HOLDS_PHRASE is not None:  # the tantivy engine checks its sloppy phrases by the same rule
        assert HOLDS_PHRASE(terms, tuple(words), slop) == bool(chains)


def test_a_phrase_split_by_a_paragraph_break_is_marked_word_by_word():
    text = "The interest\n\nrates. Interest rates."
    assert spans(text, [PhraseMark(("interest", "rate"))]) == [(4, 12), (14, 19), (21, 35)]
    assert spans(text, [PhraseMark(("interest", "rate")), "rate"]) == [(4, 12), (14, 19), (21, 35)]
