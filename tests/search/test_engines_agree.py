"""Both engines match the same documents for every form of query, on 240 Reuters articles with dates, sources,
authors, tags and notes: hundreds of queries drawn from the corpus's own words (words, phrases with and
without slop, prefixes of every length, wildcards, fuzzy words, fields, boolean groups, NOT, date ranges,
as-you-type words). Ranking may differ; the matching documents, their count and the date order may not."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.notes import add_note
from briefing.search import SearchIndex

pytest.importorskip("tantivy")

SAMPLE = Path(__file__).parent.parent / "data" / "reuters_sample.jsonl.gz"
SOURCES = ["Reuters", "Agence France-Presse", "Anadolu Ajansı", "Caravanserai"]
AUTHORS = ["Ayşe Öztürk", "John Smith", "Marie Curie-Skłodowska", ""]
TAGS = ["oil", "Central Asia", "grain", "Türkiye", "money-fx", "trade"]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    root = tmp_path_factory.mktemp("agree")
    corpus = root / "corpus"
    rng = random.Random(17)
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:240]
    for n, row in enumerate(rows):
        published = None
        if n % 7:
            day = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
            published = day.isoformat() if n % 5 else day.isoformat()[:7]
        tags = tuple(rng.sample(TAGS, rng.randrange(0, 3)))
        article = Article(
            id=row["id"],
            title=row["title"].title() if n % 2 else row["title"],
            body=row["body"],
            source=SOURCES[n % len(SOURCES)],
            author=AUTHORS[n % len(AUTHORS)] or None,
            published=published,
            tags=tags,
        )
        write_article(corpus, article)
        if n % 9 == 0:
            add_note(corpus, row["id"], f"Erdoğan's remark on {row['title'].lower()[:40]}", tags=["follow-up"])
    indexes = {}
    for name in ("whoosh", "tantivy"):
        index = SearchIndex(corpus, root / f"index-{name}", engine=name)
        assert index.update().added == len(rows)
        indexes[name] = index
    words = sorted({w.lower() for row in rows for w in re.findall(r"[A-Za-z]{3,}", row["body"])})
    bodies = [re.findall(r"[A-Za-z]+", row["body"]) for row in rows]
    yield indexes, words, bodies
    for index in indexes.values():
        index.close()


def _queries(words: list[str], bodies: list[list[str]]) -> list[str]:
    rng = random.Random(4)
    pick = rng.choice
    queries = [
        "notes:erdogan",
        "note:follow",
        "notes:remark*",
        "tag:oil",
        'tag:"central asia"',
        "tag:türkiye",
        "tag:turkiye",
        "tag:cen*",
        "source:reuters",
        "source:ajansi",
        "source:france*",
        "author:ozturk",
        "author:öztürk",
        "author:curie",
        "published:1990",
        "published:[1990 to 1995]",
        "published:>2020-06",
        "published:<1987-03",
        "published:>=2010-02-15",
        "published:<=1999",
        "published:[to 1988]",
        "published:[2015 to]",
        "event:1987",
        "event:1987-03",
        "event:[1986 to 1987-02]",
        "event:>1987-06",
        "event:<1980",
        "NOT published:[1985 to 2030]",
        "oil -published:1990",
        "*",
        "oil *",
        "the the",
        "u.s.",
        "U.S. dollar",
        "co*",
        "s*",
        "mln*",
        "international*",
        "wh??t",
        "*ation",
        "dlr?",
        "pri*e",
        '"mln dlrs"',
        '"mln dlrs"~3',
        '"dlrs mln"~3',
        '"the of"~2',
        '"of the"~5',
        'title:"Bahia cocoa"',
        "Tokaev~",
        "whaet~",
        "dolar~2",
        "tag:gran~",
        "source:reutrs~",
        "oil OR gas",
        "oil AND NOT gas",
        "(oil OR gas) -price",
        "NOT oil",
        "-oil -gas",
        "oil -",
        "title:(oil OR wheat)",
        "id:reuters-00001",
        "id:reuters-0001*",
    ]
    for _ in range(120):
        a, b = pick(words), pick(words)
        body = pick(bodies)
        start = rng.randrange(0, max(1, len(body) - 4))
        phrase = " ".join(body[start : start + rng.randrange(2, 4)])
        gapped = " ".join(body[start : start + 4 : 2])
        form = rng.randrange(12)
        queries.append(
            [
                a,
                f"{a} {b}",
                f"{a} OR {b}",
                f"{a} -{b}",
                f'"{phrase}"',
                f'"{gapped}"~{rng.randrange(2, 5)}',
                f"{a[: rng.randrange(1, 11)]}*",
                f"{a[:2]}?{a[3:6]}*" if len(a) > 4 else f"{a}?",
                f"{a[:1]}{a[2:]}~",
                f"title:{a} OR body:{b}",
                f"{a} published:[{rng.randrange(1985, 2000)} to {rng.randrange(2000, 2030)}]",
                f"{a} event:>{rng.randrange(1980, 1990)}-0{rng.randrange(1, 9)}",
            ][form]
        )
    return queries


def _ids(index: SearchIndex, query: str, **kw) -> tuple[set[str], int]:
    result = index.search(query, limit=1000, snippets=False, **kw)
    return {h.id for h in result.hits}, result.total


def test_same_documents_for_every_query_form(engines):
    indexes, words, bodies = engines
    differ = []
    for query in _queries(words, bodies):
        got = {name: _ids(index, query) for name, index in indexes.items()}
        if got["whoosh"] != got["tantivy"]:
            w, t = got["whoosh"][0], got["tantivy"][0]
            differ.append(
                f"{query!r}: whoosh {len(w)}, tantivy {len(t)} (only whoosh {sorted(w - t)[:3]}, "
                f"only tantivy {sorted(t - w)[:3]})"
            )
    assert differ == [], "\n".join(differ)


def _wide_phrases(bodies, count: int) -> list[str]:
    """Three words of a body, each two words after the one before, as a sloppy phrase (some slops too small)."""
    rng = random.Random(23)
    found = []
    for _ in range(count):
        body = rng.choice([b for b in bodies if len(b) > 12])
        start = rng.randrange(0, len(body) - 9)
        found.append(f'"{" ".join(body[start : start + 9 : 3])}"~{rng.randrange(2, 6)}')
    return found


def test_same_documents_for_sloppy_phrases_of_three_words(engines):
    """tantivy's slop counts how far each word is from its exact place, Whoosh's how far it is from the word
    before: the candidates tantivy is asked for must reach every document Whoosh finds."""
    indexes, _words, bodies = engines
    differ = []
    for query in _wide_phrases(bodies, 40):
        got = {name: _ids(index, query) for name, index in indexes.items()}
        if got["whoosh"] != got["tantivy"]:
            differ.append(f"{query!r}: whoosh {len(got['whoosh'][0])}, tantivy {len(got['tantivy'][0])}")
    assert differ == [], "\n".join(differ)


def test_same_marks_for_every_query_form(engines):
    """What the highlighter marks (word starts and phrases) is the same whichever engine answered, and so are
    the marked spans of the snippets and titles of every article both list."""
    indexes, words, bodies = engines
    differ = []
    for query in [*_queries(words, bodies)[::4], *_wide_phrases(bodies, 10)]:
        got = {}
        for name, index in indexes.items():
            result = index.search(query, limit=20)
            got[name] = (result.marks, {h.id: (h.title_spans, h.snippets) for h in result.hits})
        (w_marks, w_hits), (t_marks, t_hits) = got["whoosh"], got["tantivy"]
        if w_marks != t_marks or any(w_hits[i] != t_hits[i] for i in w_hits.keys() & t_hits.keys()):
            differ.append(f"{query!r}: whoosh {w_marks}, tantivy {t_marks}")
    assert differ == [], "\n".join(differ)


def test_same_documents_as_you_type(engines):
    indexes, words, _bodies = engines
    rng = random.Random(9)
    differ = []
    for _ in range(60):
        word = rng.choice(words)
        typed = f"{rng.choice(words)} {word[: rng.randrange(1, len(word) + 1)]}"
        got = {name: _ids(index, typed, as_you_type=True) for name, index in indexes.items()}
        if got["whoosh"] != got["tantivy"]:
            differ.append(typed)
    assert differ == [], "\n".join(differ)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_same_date_order(engines, sort):
    indexes, _words, _bodies = engines

    def dates(index):
        hits = index.search("said", sort=sort, limit=1000, snippets=False).hits
        return [h.published for h in hits]

    assert dates(indexes["whoosh"]) == dates(indexes["tantivy"])


def test_same_suggestions(engines):
    indexes, words, _bodies = engines
    for word in ["whaet", "dolar", "Erdogn", "intrest", "goverment"]:
        assert indexes["whoosh"].suggest(word) == indexes["tantivy"].suggest(word)
        assert indexes["whoosh"].search(word).suggestion == indexes["tantivy"].search(word).suggestion
