"""The plain-function analysers give exactly the terms of the Whoosh schema's own analysers (the tantivy
backend indexes them, so the two engines match the same documents)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.search.whoosh import analysis
from briefing.search.whoosh.schema import schema

SCHEMA = schema()
TEXTS = [
    "Erdoğan's e-mail to the U.S. companies: 3.5% of GDP, wom?n col*r",
    "Protesters protested; the protesting protester's protests. Ünïcödé ÆØÅ straße İstanbul",
    "  \n\t ",
    "_under_score__ 2022-01-06 10.30am N.A.T.O. ..dots.. a.b.c.d",
    "Ǆ ǅ ǆ ﬁnance ﬂow ½ ² Ⅻ naïve café résumé coöperate",
    "日本語のテキスト 中文 한국어 العربية עברית Ελληνικά Русский",
]


def _whoosh(field: str, text: str, **kw) -> list[str]:
    return [t.text for t in SCHEMA[field].analyzer(text, **kw)]


@pytest.mark.parametrize("text", TEXTS)
def test_the_functions_are_the_schemas_analysers(text):
    assert analysis.words(text) == _whoosh("body", text)
    assert analysis.plain(text) == _whoosh("vocab", text)
    assert analysis.prefixes(text) == _whoosh("prefixes", text)
    assert analysis.keywords(text + ", Central Asia ,,x") == _whoosh("tags", text + ", Central Asia ,,x")
    assert [analysis.word(text)] == list(SCHEMA["body"].process_text(text, mode="query", tokenize=False))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_the_functions_match_whoosh_on_any_text(text):
    assert analysis.words(text) == _whoosh("body", text)
    assert [term for _, _, term in analysis.located_words(text)] == _whoosh("body", text)
    assert analysis.plain(text) == _whoosh("vocab", text)
    assert analysis.prefixes(text) == _whoosh("prefixes", text)
    assert analysis.keywords(text) == _whoosh("tags", text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcXYZ09_.*- \n'İıŞşğéß"), max_size=80))
def test_the_functions_match_whoosh_on_word_like_text(text):
    assert analysis.words(text) == _whoosh("body", text)
    located = analysis.located_words(text)
    assert [term for _, _, term in located] == _whoosh("body", text)
    assert [text[a:b].lower() for a, b, _ in located] == analysis.lowered(text)  # where each word is
    assert analysis.plain(text) == _whoosh("vocab", text)
    assert analysis.prefixes(text) == _whoosh("prefixes", text)
    assert [analysis.word(text)] == list(SCHEMA["body"].process_text(text, mode="query", tokenize=False))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab.Z9 İé\n,"), max_size=20), min_size=4, max_size=4))
def test_the_parts_of_a_text_give_the_words_of_the_whole(parts):
    """The tantivy backend splits title, body, tags and notes once each: their words, one after the other,
    are the words of the whole that Whoosh's vocab and prefixes fields analyse."""
    title, body, tags, notes = parts
    whole = "\n".join([title, body, tags, notes])
    joined = [*analysis.lowered(title), *analysis.lowered(body), *analysis.lowered(tags), *analysis.lowered(notes)]
    assert analysis.folded(joined) == _whoosh("vocab", whole)
