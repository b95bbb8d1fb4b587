"""Did-you-mean and word suggestions, from an engine's vocabulary (its unstemmed, folded words)."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.search.query import fold, query_words


class Vocabulary:
    """The index's words by first letter with their document frequencies, kept in memory.

    rapidfuzz over an in-memory list of the words that share the first letter answers fuzzy words and
    corrections in a millisecond, and the list in frequency order gives a partial word's most frequent
    completions at once. An engine gives the words of one letter (`load_letter`) and, optionally, the
    frequency of one word without loading its letter; letters are read on demand and the whole is thrown
    away when the index changes.
    """

    def __init__(
        self, load_letter: Callable[[str], dict[str, int]], frequency: Callable[[str], int] | None = None
    ) -> None:
        self._load_letter = load_letter
        self._frequency = frequency
        self.by_letter: dict[str, dict[str, int]] = {}
        self.by_frequency: dict[str, list[str]] = {}

    def _letter(self, letter: str) -> dict[str, int]:
        found = self.by_letter.get(letter)
        if found is None:
            found = self.by_letter[letter] = self._load_letter(letter)
        return found

    def words(self, letter: str) -> list[str]:
        return list(self._letter(letter))

    def frequency(self, word: str) -> int:
        """In how many documents the (folded, unstemmed) word appears."""
        if not word:
            return 0
        loaded = self.by_letter.get(word[0])
        if loaded is None and self._frequency is not None:
            return self._frequency(word)
        return self._letter(word[0]).get(word, 0)

    def completions(self, prefix: str, count: int) -> list[str]:
        """The `count` most frequent words that begin with `prefix`."""
        if not prefix:
            return []
        letter = prefix[0]
        ordered = self.by_frequency.get(letter)
        if ordered is None:
            frequencies = self._letter(letter)
            ordered = sorted(frequencies, key=lambda w: (-frequencies[w], w))
            self.by_frequency[letter] = ordered
        found: list[str] = []
        for word in ordered:
            if word.startswith(prefix):
                found.append(word)
                if len(found) == count:
                    break
        return found

    def near(self, word: str, maxdist: int) -> list[tuple[str, int]]:
        """Words within `maxdist` edits (transpositions count one) that share the first letter, nearest first."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if not word:
            return []
        found = process.extract(word, self.words(word[0]), scorer=OSA.distance, score_cutoff=maxdist, limit=None)
        return sorted(((w, int(d)) for w, d, _ in found), key=lambda item: (item[1], item[0]))


def suggest(vocabulary: Vocabulary, word: str, limit: int = 3) -> list[str]:
    """Words of the index within two edits of `word` (same first letter), nearest and most frequent first."""
    folded = fold(word)
    near = [(d, -vocabulary.frequency(w), w) for w, d in vocabulary.near(folded, 2) if w != folded]
    return [w for _, _, w in sorted(near)[:limit]]


def did_you_mean(text: str, vocabulary: Vocabulary, matches: Callable[[str], bool] | None = None) -> str | None:
    """A corrected query when a plain word of it is absent from the index vocabulary and (with `matches`, which
    says whether a word as typed finds a document, stemmed as the search stems it) finds nothing either. A word
    the index holds is never "corrected" into a more frequent neighbour ("interest rates" is no typo of
    "interest rather"): a query whose every word is found gets no suggestion."""
    plain = re.sub(r"\b[A-Za-z_]+:(?:\[[^\]]*\]|\"[^\"]*\"|\S+)|\S*[*~?]\S*", " ", text)
    words = [w for w in query_words(plain) if len(w) > 3 and not w.isupper()]
    corrected = text
    changed = False
    for word in words[:50]:  # a long pasted text: its first words are enough to correct
        folded = fold(word)
        if vocabulary.frequency(folded) or (matches is not None and matches(word)):
            continue
        candidates = [(d, -vocabulary.frequency(w), w) for w, d in vocabulary.near(folded, 2) if w != folded]
        if candidates:
            best = sorted(candidates)[0][2]
            corrected = re.sub(rf"\b{re.escape(word)}\b", _match_case(word, best), corrected, count=1)
            changed = True
    return corrected if changed else None


def _match_case(original: str, suggestion: str) -> str:
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
