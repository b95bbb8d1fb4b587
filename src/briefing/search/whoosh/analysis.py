"""The Whoosh schema's analysers as plain functions from text to terms, for another engine that must index and
search exactly the terms Whoosh does (the tantivy backend indexes these, pre-analysed).

Each function gives the same terms, in the same order, as the analyser of `schema.schema()` it names
(tests/search/whoosh/test_analysis.py checks them against Whoosh's own on any text): Whoosh's tokenizer
pattern, its Porter stemmer, its accent map. They skip Whoosh's token objects and cache each word's result,
which makes them many times faster: a text is split once (`lowered`), then stemmed, folded and cut into
prefixes from that one list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from briefing.search.whoosh.schema import PREFIX_MAX, PREFIX_MIN

_WORD = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"))  # the same, without a capturing group
_COMMAS = re.compile(r"[^,]+")
_CACHE_SIZE = 200_000
_STEMMED: dict[str, str] = {}  # lowered word -> stemmed and folded
_PREFIXES: dict[str, list[str]] = {}  # folded word -> its prefixes


def lowered(text: str) -> list[str]:
    """The words of a text in lower case (Whoosh's RegexTokenizer and LowercaseFilter)."""
    if text.isascii():  # lower case first is the same then, and one call
        return _WORD.findall(text.lower())
    return [word.lower() for word in _WORD.findall(text)]


def _fold(word: str) -> str:
    return word if word.isascii() else word.translate(accent_map)  # the map changes no lower-case ASCII


def stemmed(words: Iterable[str]) -> list[str]:
    """Lowered words stemmed (Porter), then accents folded: the `words` analyser's terms."""
    cache = _STEMMED
    out = []
    for word in words:
        found = cache.get(word)
        if found is None:
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            found = cache[word] = _fold(stem(word))
        out.append(found)
    return out


def folded(words: Iterable[str]) -> list[str]:
    """Lowered words with accents folded: the `plain` analyser's terms."""
    return [_fold(word) for word in words]


def prefixes_of(words: Iterable[str]) -> list[str]:
    """Each folded word's starts of PREFIX_MIN to PREFIX_MAX letters: the `prefixes` analyser's terms."""
    cache = _PREFIXES
    out: list[str] = []
    for word in words:
        if len(word) < PREFIX_MIN:
            continue
        found = cache.get(word)
        if found is None:
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            found = cache[word] = [word[:size] for size in range(PREFIX_MIN, min(PREFIX_MAX, len(word)) + 1)]
        out.extend(found)
    return out


def located_words(text: str) -> list[tuple[int, int, str]]:
    """The `words` analyser's terms, each with where its word is in the text (start, end): a term's position
    in the list is its position in the index."""
    found = list(_WORD.finditer(text))  # lower case changes no ASCII word's bounds; `lowered` does not lower first
    terms = stemmed(m.group().lower() for m in found)
    return [(m.start(), m.end(), term) for m, term in zip(found, terms, strict=True)]


def words(text: str) -> list[str]:
    """The `words` analyser (title, body, notes): words, lower case, stemmed, then accents folded."""
    return stemmed(lowered(text))


def word(text: str) -> str:
    """The `words` analyser of a text taken whole, untokenised (`tokenize=False`: prefixes, wildcards)."""
    return stem(text.lower()).translate(accent_map)


def plain(text: str) -> list[str]:
    """The `plain` analyser (vocab, source, author): words, lower case, accents folded, not stemmed."""
    return folded(lowered(text))


def plain_word(text: str) -> str:
    return text.lower().translate(accent_map)


def prefixes(text: str) -> list[str]:
    """The `prefixes` analyser: each plain word's starts of PREFIX_MIN to PREFIX_MAX letters."""
    return prefixes_of(plain(text))


def keywords(text: str) -> list[str]:
    """The `tags` analyser: comma-separated values, stripped, lower case."""
    return [part.strip().lower() for part in _COMMAS.findall(text)]
