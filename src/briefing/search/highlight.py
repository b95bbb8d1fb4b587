"""The one highlighter: where a query's words are in a text, for CLI snippets, result titles and the article
view alike.

A query's marks are the word starts its engine matched (stems, prefixes, fuzzy neighbours, completions): a
mark matches any word it begins, so 'compani' marks 'companies' and 'company'; accents and case do not
matter, so 'erdogan' marks 'Erdoğan'. Bounded: snippets look at HIGHLIGHT_CHAR_LIMIT characters at most.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SNIPPET_CHARS = 220
HIGHLIGHT_CHAR_LIMIT = 60_000  # a long article costs no more than this much text per hit


@dataclass(frozen=True)
class Snippet:
    """A fragment of text and the character spans in it to highlight."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Marker:
    """Finds where a query's marks (word starts, folded) are in a text."""

    def __init__(self, marks: Iterable[str]) -> None:
        starts = {m for m in marks if m}
        # Porter turns a final y into i ('company' -> 'compani'): let the stem match either
        alternatives = [
            re.escape(t[:-1]) + "[iy]" if t.endswith("i") and len(t) > 3 else re.escape(t)
            for t in sorted(starts, key=len, reverse=True)
        ]
        self.pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*") if alternatives else None

    def spans(self, text: str, limit: int | None = HIGHLIGHT_CHAR_LIMIT) -> list[tuple[int, int]]:
        if self.pattern is None or not text:
            return []
        folded = fold_same_length(text if limit is None else text[:limit])
        return [(m.start(), m.end()) for m in self.pattern.finditer(folded)]

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


def spans(text: str, marks: Iterable[str]) -> list[tuple[int, int]]:
    """Every place in the whole text (an article being read) that the marks match."""
    return Marker(marks).spans(text, limit=None)


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
