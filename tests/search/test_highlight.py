"""One highlighter: the article view marks what the result's snippets mark."""

from __future__ import annotations

from briefing.corpus import Article, read_article, write_article
from briefing.search import SearchIndex
from briefing.search.highlight import Marker, spans
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
