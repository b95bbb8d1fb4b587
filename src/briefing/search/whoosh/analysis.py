"""The Whoosh schema's analysers as plain functions from text to terms, for another engine that must index and
search exactly the terms Whoosh does (the tantivy backend indexes these, pre-analysed).

Each function gives the same terms, in the same order, as the analyser of `schema.schema()` it names
(tests/search/whoosh/test_analysis.py checks them against Whoosh's own on hostile text): Whoosh's tokenizer
pattern, its Porter stemmer, its accent map. They skip Whoosh's token objects, which makes them several
times faster.
"""

from __future__ import annotations

import re

from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from briefing.search.whoosh.schema import PREFIX_MAX, PREFIX_MIN

_COMMAS = re.compile(r"[^,]+")
_STEMS: dict[str, str] = {}
_STEM_CACHE = 200_000


def _stem(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) > _STEM_CACHE:
            _STEMS.clear()
        found = _STEMS[word] = stem(word)
    return found


def words(text: str) -> list[str]:
    """The `words` analyser (title, body, notes): words, lower case, stemmed, then accents folded."""
    return [_stem(m.group().lower()).translate(accent_map) for m in default_pattern.finditer(text)]


def word(text: str) -> str:
    """The `words` analyser of a text taken whole, untokenised (`tokenize=False`: prefixes, wildcards)."""
    return _stem(text.lower()).translate(accent_map)


def plain(text: str) -> list[str]:
    """The `plain` analyser (vocab, source, author): words, lower case, accents folded, not stemmed."""
    return [m.group().lower().translate(accent_map) for m in default_pattern.finditer(text)]


def plain_word(text: str) -> str:
    return text.lower().translate(accent_map)


def prefixes(text: str) -> list[str]:
    """The `prefixes` analyser: each plain word's starts of PREFIX_MIN to PREFIX_MAX letters."""
    found: list[str] = []
    for token in plain(text):
        found.extend(token[:size] for size in range(PREFIX_MIN, min(PREFIX_MAX, len(token)) + 1))
    return found


def keywords(text: str) -> list[str]:
    """The `tags` analyser: comma-separated values, stripped, lower case."""
    return [part.strip().lower() for part in _COMMAS.findall(text)]
