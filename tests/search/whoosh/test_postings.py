"""The posting searcher must answer exactly as Whoosh's own searcher would, only faster.

A generated corpus (several segments, deleted and replaced documents, posting lists longer than one block)
is searched both ways; every matching document and every score must agree.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.corpus import Article, write_article
from briefing.search import SearchIndex
from briefing.search import query as ql
from briefing.search.whoosh import postings
from briefing.search.whoosh.postings import PostingSearcher, Unsupported
from briefing.search.whoosh.schema import BM25_B, BM25_K1

WORDS = (
    "oil price crude opec output barrel gulf kuwait export quota bank rate loan credit interest dollar yen "
    "market trade deficit surplus tariff grain wheat corn soviet harvest company profit loss share dividend "
    "merger acquisition stake bid court strike union port ship tanker gold silver mine coffee cocoa sugar"
).split()


def _article(rng: random.Random, number: int, dated: bool = True) -> Article:
    words = [rng.choice(WORDS[: 8 + number % len(WORDS)]) for _ in range(rng.randint(20, 160))]
    if number % 3 == 0:
        words[5:5] = ["interest", "rate"]
    if number % 4 == 0:
        words[-3:-3] = ["crude", "oil", "price"]
    return Article(
        id=f"art-{number:04d}",
        title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize(),
        body=" ".join(words).capitalize() + ".",
        source=rng.choice(["Reuters", "AP", "Wire Desk"]),
        author=rng.choice([None, "A. Writer", "B. Reporter"]),
        published=f"{rng.randint(2015, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else None,
        tags=tuple(rng.sample(["energy", "banks", "farming", "metals"], k=rng.randint(0, 2))),
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("postings")
    corpus = root / "corpus"
    for number in range(420):
        write_article(corpus, _article(rng, number))
    idx = SearchIndex(corpus, root / "index")
    idx.update()
    # a second and third segment, with deleted and replaced documents
    for number in range(0, 420, 37):
        (corpus / f"art-{number:04d}.md").unlink()
    for number in range(5, 420, 41):
        write_article(corpus, _article(rng, number + 1000), replace_existing=True)
    for number in range(420, 470):
        write_article(corpus, _article(rng, number))
    idx.update()
    yield idx
    idx.close()


QUERIES = [
    "oil",
    "oil price",
    "crude OR gold",
    "interest rate -loan",
    "bank NOT credit NOT yen",
    '"crude oil"',
    '"crude oil price"',
    '"interest rate" tariff',
    "title:oil",
    "source:reuters",
    "author:writer published:[2016 to 2018]",
    "tag:energy published:>2020-06",
    "published:2019",
    "mark*",
    "mer*",
    "oi*",
    "opek~",
    "dividnd~ OR coffee",
    "NOT oil",
    "NOT title:oil",  # a NOT alone, with deleted documents around: see test_not_never_answers_a_deleted_document
    "-title:oil NOT title:gold",
    "title:gold OR (NOT title:oil)",
    'NOT "crude oil"',
    "NOT published:2019",
    "NOT NOT title:oil",
    "(oil OR gold) AND (price OR rate)",
    "nosuchword",
]


def _parsed(idx: SearchIndex, text: str):
    idx.open()
    return idx.engine.compile(ql.parse(text))


@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_scores_as_whoosh(index, text):
    searcher = index.engine.searcher()
    parsed = _parsed(index, text)
    expected = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None, optimize=False)}
    found = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).evaluate(parsed)
    assert set(found) == set(expected)
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-5, abs=1e-9), docnum


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("text", ["oil", "source:reuters", "published:[2016 to 2019]"])
def test_same_order_as_whoosh_by_date(index, text, sort):
    searcher = index.engine.searcher()
    parsed = _parsed(index, text)
    expected = [h.docnum for h in searcher.search(parsed, limit=None, sortedby="published", reverse=sort == "newest")]
    ranked = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).run(parsed, limit=len(expected) + 5, sort=sort)
    assert list(ranked.docnums) == expected
    assert ranked.total == len(expected)


def test_top_hits_are_the_best_scores_and_the_total_is_exact(index):
    searcher = index.engine.searcher()
    parsed = _parsed(index, "oil price")
    runner = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1)
    everything = runner.evaluate(parsed)
    ranked = runner.run(parsed, limit=10)
    assert ranked.total == len(everything) > 10
    assert list(ranked.scores) == sorted(everything.values(), reverse=True)[:10]
    # a second run answers from the cached postings, with the same result
    assert runner.run(parsed, limit=10) == ranked


def test_unknown_shapes_are_left_to_whoosh(index):
    searcher = index.engine.searcher()
    parsed = _parsed(index, '"crude price"~3')
    with pytest.raises(Unsupported):
        PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).evaluate(parsed)
    # and the index still answers it, through Whoosh
    assert index.search('"crude price"~3', limit=5).total > 0


def test_not_never_answers_a_deleted_document(tmp_path):
    """Whoosh's own NOT also returns the deleted document lying right after the negated clause's last match
    in a segment (a deleted article, with its stale fields): the compiled query must not, whoever answers."""
    corpus = tmp_path / "corpus"
    for number in range(6):
        title = "Oil price up" if number == 3 else "Gold rally"
        write_article(corpus, Article(id=f"a{number}", title=title, body=f"Crude story {number}.", source="AP"))
    with SearchIndex(corpus, tmp_path / "index") as idx:
        idx.update()
        (corpus / "a4.md").unlink()
        idx.update()
        searcher = idx.engine.searcher()
        reader = searcher.reader()
        # the layout that shows it: one segment, a4 deleted right after a3, the only oil title
        assert [searcher.stored_fields(d)["id"] for d in range(reader.doc_count_all())] == [f"a{n}" for n in range(6)]
        assert [d for d in range(6) if reader.is_deleted(d)] == [4]
        for text in ("NOT title:oil", "-title:oil", "NOT title:oil NOT title:zzz", "title:zzz OR (NOT title:oil)"):
            parsed = _parsed(idx, text)
            expected = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None, optimize=False)}
            found = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).evaluate(parsed)
            assert set(expected) == set(found) == {0, 1, 2, 5}, text
            assert found == pytest.approx(expected), text
        # a phrase with slop is answered by Whoosh's searcher: what the user would have seen
        assert {hit.id for hit in idx.search('NOT title:"oil up"~3', limit=20).hits} == {"a0", "a1", "a2", "a5"}
        assert idx.search('NOT title:"oil up"~3', limit=20).total == 4


def test_undated_articles_come_last_when_sorting_by_date(tmp_path):
    rng = random.Random(3)
    corpus = tmp_path / "corpus"
    for number in range(12):
        write_article(corpus, _article(rng, number, dated=number % 4 != 0))
    with SearchIndex(corpus, tmp_path / "index") as idx:
        idx.update()
        for sort in ("newest", "oldest"):
            hits = idx.search("", limit=20, sort=sort).hits
            assert [h.published is None for h in hits] == [False] * 9 + [True] * 3
            dates = [h.published for h in hits[:9]]
            assert dates == sorted(dates, reverse=sort == "newest")


def test_results_do_not_depend_on_what_is_cached(index, monkeypatch):
    searcher = index.engine.searcher()
    parsed = [_parsed(index, text) for text in ("oil price", "crude OR gold", '"interest rate" tariff', "mark*")]
    fresh = [PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).run(q, limit=20) for q in parsed]
    monkeypatch.setattr(postings, "HOT_POSTINGS", 50)  # most lists fall out of the dict layer at once
    monkeypatch.setattr(postings, "CACHED_POSTINGS", 400)  # and many out of the array layer too
    runner = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1)
    for _ in range(3):
        assert [runner.run(q, limit=20) for q in parsed] == fresh
    assert runner._cached <= 400 + max(len(v[0]) for v in runner._cache.values())


def test_same_answers_through_whooshs_public_api_alone(index, monkeypatch):
    """Should a Whoosh release change the codec internals read for speed, the public API gives the same."""
    searcher = index.engine.searcher()
    queries = [_parsed(index, text) for text in ("oil price", '"crude oil"', "interest rate -loan", "mer*")]
    expected = [
        PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).run(q, limit=30, sort=s)
        for q in queries
        for s in ("relevance", "newest")
    ]

    class PublicOnly:
        def __init__(self, matcher):
            self.matcher = matcher

        def is_active(self):
            return self.matcher.is_active()

        def id(self):
            return self.matcher.id()

        def weight(self):
            return self.matcher.weight()

        def value(self):
            return self.matcher.value()

        def next(self):
            return self.matcher.next()

    def internals_gone(*args):
        raise AttributeError("no such internals")

    real_leaf = postings._leaf
    monkeypatch.setattr(postings, "_leaf", lambda matcher: PublicOnly(real_leaf(matcher)))
    monkeypatch.setattr(postings, "_length_bytes", internals_gone)
    monkeypatch.setattr(postings, "_column_values", internals_gone)
    found = [
        PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).run(q, limit=30, sort=s)
        for q in queries
        for s in ("relevance", "newest")
    ]
    assert [r.docnums for r in found] == [r.docnums for r in expected]
    for got, want in zip(found, expected, strict=True):
        assert got.scores == pytest.approx(want.scores, rel=1e-9)


_WORDS = ["oil", "price", "crude", "gold", "bank", "rate", "loan", "interest", "tariff", "mark", "zzz"]
_query_word = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(lambda w: w[:3] + "*"),
    st.sampled_from(["title:oil", "source:reuters", "tag:energy", "published:[2016 to 2019]", "published:>2020"]),
    st.lists(
        st.sampled_from(_WORDS), min_size=2, max_size=3, unique=True
    ).map(  # Whoosh's own NOT misses a phrase that repeats a word
        lambda ws: '"' + " ".join(ws) + '"'
    ),
    st.sampled_from(["opek~", "dividnd~", "goldd~", "crud~"]),
    st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3).map(lambda ws: "(" + " OR ".join(ws) + ")"),
)
_query_text = st.lists(
    st.tuples(st.sampled_from(["", "", "OR ", "NOT ", "-"]), _query_word), min_size=1, max_size=4
).map(lambda parts: " ".join(op + word for op, word in parts).lstrip("OR ").strip())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_query_text)
def test_random_queries_match_whoosh(index, text):
    from briefing.errors import QueryError

    try:
        parsed = _parsed(index, text)
    except QueryError:
        return
    searcher = index.engine.searcher()
    expected = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None, optimize=False)}
    try:
        found = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1).evaluate(parsed)
    except Unsupported:
        return
    assert set(found) == set(expected), text
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-5, abs=1e-9), (text, docnum)
