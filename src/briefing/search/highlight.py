"""The one highlighter: where a query's words are in a text, for CLI snippets, result titles and the article
view alike.

A query's marks are the word starts its engine matched (stems, prefixes, fuzzy neighbours, completions) and
its phrases. A word start matches any word it begins, so 'compani' marks 'companies' and 'company'; accents
and case do not matter, so 'erdogan' marks 'Erdoğan'. A phrase marks only where it occurs, by the engines'
own rule (`phrase_places`) on the text analysed as they index it: "interest rate" marks "interest rates" as
one span, not every "interest" and every "rates"; a sloppy phrase marks the words of each occurrence.
Bounded: snippets look at HIGHLIGHT_CHAR_LIMIT characters at most.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence

from briefing.search.api import Mark, PhraseMark, Snippet

__all__ = ["Marker", "Snippet", "fold_same_length", "lead", "phrase_places", "spans"]

SNIPPET_CHARS = 220
HIGHLIGHT_CHAR_LIMIT = 60_000  # a long article costs no more than this much text per hit


class Marker:
    """Finds where a query's marks (word starts, folded, and phrases) are in a text."""

    def __init__(self, marks: Iterable[Mark]) -> None:
        given = list(marks)
        starts = {m for m in given if isinstance(m, str) and m}
        self.phrases = tuple(dict.fromkeys(m for m in given if isinstance(m, PhraseMark) and m.words))
        # Porter turns a final y into i ('company' -> 'compani'): let the stem match either
        alternatives = [
            re.escape(t[:-1]) + "[iy]" if t.endswith("i") and len(t) > 3 else re.escape(t)
            for t in sorted(starts, key=len, reverse=True)
        ]
        self.pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*") if alternatives else None

    def spans(self, text: str, limit: int | None = HIGHLIGHT_CHAR_LIMIT) -> list[tuple[int, int]]:
        if not text or (self.pattern is None and not self.phrases):
            return []
        window = text if limit is None else text[:limit]
        found: list[tuple[int, int]] = []
        if self.pattern is not None:
            found.extend((m.start(), m.end()) for m in self.pattern.finditer(fold_same_length(window)))
        if self.phrases:
            from briefing.search.whoosh import analysis  # the engines' analysers: loaded for a phrase only

            located = analysis.located_words(window)
            terms = [term for _, _, term in located]
            for phrase in self.phrases:
                found.extend(_phrase_spans(window, located, phrase_places(terms, phrase.words, phrase.slop), phrase))
        return _merged(found)

    def snippets(self, body: str, count: int = 2) -> tuple[Snippet, ...]:
        """The one or two windows of the body with the most distinct matched words, matches marked."""
        spans = self.spans(body)
        if not spans:
            return (Snippet(lead(body)),) if body else ()
        windows: list[tuple[int, int, int]] = []  # (score, start, end)
        for i, (start, _) in enumerate(spans):
            window_end = start + SNIPPET_CHARS - 60
            inside = [sp for sp in spans[i:] if sp[1] <= window_end]
            words = {body[a:b].lower() for a, b in inside}
            windows.append((len(words) * 10 + len(inside), start, inside[-1][1]))
        chosen: list[tuple[int, int]] = []
        for _score, start, end in sorted(windows, key=lambda w: (-w[0], w[1])):
            if all(end < a or start > b for a, b in chosen):
                chosen.append((start, end))
            if len(chosen) == count:
                break
        ranges: list[list[int]] = []
        for start, end in sorted(chosen):
            left = max(0, start - 60)
            left = body.rfind(" ", 0, left + 1) + 1 if left else 0
            right = min(len(body), max(end, left + SNIPPET_CHARS) + 1)
            cut = body.rfind(" ", end, right)
            right = cut if cut > end else right
            if ranges and left <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], right)  # fragments that overlap are shown as one
            else:
                ranges.append([left, right])
        out = []
        for left, right in ranges:
            fragment = body[left:right].replace("\n", " ")  # same length: the marks stay where they are
            marks = tuple((a - left, b - left) for a, b in spans if a >= left and b <= right)
            shift = 2 if left else 0
            out.append(
                Snippet(
                    ("… " if left else "") + fragment + (" …" if right < len(body) else ""),
                    tuple((a + shift, b + shift) for a, b in marks),
                )
            )
        return tuple(out)


def spans(text: str, marks: Iterable[Mark]) -> list[tuple[int, int]]:
    """Every place in the whole text (an article being read) that the marks match."""
    return Marker(marks).spans(text, limit=None)


def phrase_places(terms: Sequence[str], words: Sequence[str], slop: int) -> list[list[int]]:
    """For each word of a phrase, the positions in `terms` where it is part of an occurrence of the phrase:
    the words in order, each within `slop` positions after the one before (1: next to each other), the rule
    by which both engines match a phrase. Every list is empty when the phrase does not occur."""
    if not words:
        return []
    slop = max(slop, 1)
    wanted = set(words)
    places: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        if term in wanted:
            places.setdefault(term, []).append(position)
    reached = [places.get(words[0], [])]
    for word in words[1:]:  # forward: the places a word is reached from an occurrence of the words before
        before = reached[-1]
        reached.append([q for q in places.get(word, []) if _within(before, q - slop, q - 1)])
    kept = [reached[-1]]
    for i in range(len(words) - 2, -1, -1):  # backward: only the places that lead on to the last word
        after = kept[0]
        kept.insert(0, [p for p in reached[i] if _within(after, p + 1, p + slop)])
    return kept


def _within(sorted_places: list[int], low: int, high: int) -> bool:
    """Whether a place lies between low and high, both included."""
    at = bisect.bisect_left(sorted_places, low)
    return at < len(sorted_places) and sorted_places[at] <= high


def _phrase_spans(
    text: str, located: list[tuple[int, int, str]], places: list[list[int]], phrase: PhraseMark
) -> list[tuple[int, int]]:
    """A phrase's words next to each other are one span (a paragraph break splits it); a sloppy phrase's
    words are marked one by one, the words between them are not."""
    if phrase.slop > 1 or len(places) < 2:
        return [located[p][:2] for words in places for p in words]
    out: list[tuple[int, int]] = []
    for first in places[0]:
        last = first + len(places) - 1
        start, end = located[first][0], located[last][1]
        if "\n\n" in text[start:end]:
            out.extend(located[p][:2] for p in range(first, last + 1))
        else:
            out.append((start, end))
    return out


def _merged(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that overlap made one (a phrase and a word of it, two phrases sharing a word)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so that offsets stay valid."""
    out = []
    for ch in text.lower():
        if ch.isascii():
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[0]
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def lead(body: str) -> str:
    """The opening of a text, for a hit whose match is not in the body."""
    if len(body) <= SNIPPET_CHARS:
        return " ".join(body.split())
    cut = body[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return " ".join(cut.split()) + " …"
