"""Words of a report's sentence that say what happened: salient terms, names, figures, TF-IDF vectors.

The date phrase itself and every temporal word are left out (two reports of one happening differ exactly
there: "yesterday" against "on Sunday"). Words next to the date phrase weigh more; words of another clause
("...on Monday after US forces attacked...") or nearer another date phrase of the sentence weigh little.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

PROXIMITY = 1.0  # a word next to the date phrase weighs up to 1 + PROXIMITY times more
PROXIMITY_SCALE = 4.0  # words
OTHER_CLAUSE = 0.3  # weight of a word of another clause, or nearer another date phrase of the sentence
TRIGGER_WINDOW = 4  # words either side of the date phrase that say what happened


class _Phrased(Protocol):
    sentence: str
    mention: str
    start: int
    sentence_start: int


_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom why will with
    would you your said says say told tell according reported report reports also would could may might must
    shall one two three four five six seven eight nine ten mr mrs ms inc corp co ltd plc reuters added adding
    year years week weeks month months day days time""".split()
)
_TEMPORAL = frozenset(
    """today yesterday tomorrow tonight now earlier later last next this coming past previous early late mid
    morning afternoon evening night overnight noon midnight weekend week weeks month months year years day days
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec ago before after since until""".split()
)
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d[\d,]*(?:\.\d+)?(?:-\d+/\d+|/\d+)?|[;:—–]"
)
_YEARLIKE = re.compile(r"(?:1[89]|20)\d\d")
# Words that open another clause, whose happening is not the one the date phrase dates: "met Bush on Monday
# after US forces attacked...", "endorsed Monday's attack in retaliation for an attack last Friday".
_CLAUSE_OPENERS = frozenset(
    """as after before following since while because although though whereas until unless amid
    despite which who whom whose that where but retaliation response""".split()
)


def _stem(word: str) -> str:
    """A light suffix stripper: 'attacked', 'attacks', 'attacking' -> 'attack'; 'closed', 'close' -> 'clos'."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("eed"):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopped -> stop
            break
    else:
        if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Terms:
    weights: dict[str, float]  # term -> weight before idf (names and figures weigh more; sublinear counts)
    figures: frozenset[str]
    names: frozenset[str]  # capitalised words of the date phrase's own clause
    triggers: frozenset[str]  # other words of its clause next to it: what happened ("filed", "earthquake")
    core: frozenset[str]  # every word of its clause


_SKIP = _STOP | _TEMPORAL
_DECAY = tuple(math.exp(-d / PROXIMITY_SCALE) for d in range(64))


@functools.lru_cache(maxsize=65536)
def _word(token: str) -> tuple[str, int]:
    """A word token's term and kind: 0 skipped, 1 clause opener, 2 content word."""
    lower = token.lower()
    if lower in _CLAUSE_OPENERS:
        return "", 1
    if lower in _SKIP or len(lower) < 2:
        return "", 0
    return _stem(lower.replace("’", "'").replace(".", "")), 2


def terms_of(sentence: str, phrase: tuple[int, int], others: Sequence[tuple[int, int]] = ()) -> Terms:
    """Salient terms of a sentence, its date phrases and every temporal word left out.

    Words near the date phrase weigh more. The sentence is cut into clauses at words that open another
    clause ("after", "which", "in retaliation for") and at semicolons, colons and dashes; words of another
    clause, or nearer another date phrase of the sentence, speak of another happening and weigh little.
    """
    own_start, own_end = phrase
    tokens: list[tuple[str, float, int, int, bool]] = []  # key, weight, position, clause, is a name
    figures: set[str] = set()
    first = True
    position = clause = 0
    own: list[int] = []
    other: list[int] = []
    own_clauses: set[int] = set()
    for match in _TOKEN.finditer(sentence):
        at = match.start()
        if own_start <= at < own_end:
            own.append(position)
            own_clauses.add(clause)
            position += 1
            first = False
            continue
        if others and any(a <= at < b for a, b in others):
            other.append(position)
            position += 1
            first = False
            continue
        token = match.group()
        head = token[0]
        if not head.isalnum():
            clause += 1
            continue
        position += 1
        if head.isdigit():
            number = token.replace(",", "")
            if _YEARLIKE.fullmatch(number):
                tokens.append((number, 1.0, position, clause, False))
            else:
                tokens.append(("#" + number, 1.5, position, clause, False))
                figures.add(number)
            first = False
            continue
        key, kind = _word(token)
        if kind == 1:
            clause += 1
        if kind != 2:
            first = False
            continue
        name = head.isupper() and not first
        first = False
        tokens.append((key, 1.5 if name else 1.0, position, clause, name))
    weights: dict[str, float] = {}
    names: set[str] = set()
    triggers: set[str] = set()
    core: set[str] = set()
    for key, weight, pos, in_clause, name in tokens:
        if own:
            near = min(abs(pos - p) for p in own) if len(own) > 1 else abs(pos - own[0])
            weight *= 1.0 + PROXIMITY * (_DECAY[near] if near < 64 else 0.0)
            if (other and min(abs(pos - p) for p in other) < near) or in_clause not in own_clauses:
                weight *= OTHER_CLAUSE
            else:
                core.add(key)
                if name:
                    names.add(key)
                elif near <= TRIGGER_WINDOW and key[0] != "#":
                    triggers.add(key)
        elif name:
            names.add(key)
        weights[key] = weights.get(key, 0.0) + weight
    weights = {key: 1 + math.log(w) if w >= 1 else w for key, w in weights.items()}  # sublinear term frequency
    return Terms(weights, frozenset(figures), frozenset(names), frozenset(triggers), frozenset(core))


def phrase_span(report: _Phrased) -> tuple[int, int]:
    """Where the date phrase is in the report's sentence, or (-1, -1)."""
    if report.start >= 0 and report.sentence_start >= 0:
        s = report.start - report.sentence_start
        if report.sentence[s : s + len(report.mention)] == report.mention:
            return s, s + len(report.mention)
    if report.mention:
        s = report.sentence.find(report.mention)
        if s >= 0:
            return s, s + len(report.mention)
    return -1, -1


class Vectors:
    """TF-IDF vectors of the reports' sentences, L2-normalised, with their figures."""

    def __init__(self, terms: Sequence[Terms]) -> None:
        df: Counter[str] = Counter()
        for t in terms:
            df.update(t.weights.keys())
        n = max(len(terms), 1)
        self.df = df
        self.n = n
        self.idf = {term: math.log(1 + n / count) for term, count in df.items()}
        self.vectors: list[dict[str, float]] = []
        for t in terms:
            idf = self.idf
            vec = {term: w * idf[term] for term, w in t.weights.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors.append({term: v / norm for term, v in vec.items()})
        self.figures = [t.figures for t in terms]
        self.names = [t.names for t in terms]
        self.triggers = [t.triggers for t in terms]
        self.core = [t.core for t in terms]
        self.by_article: dict[str, list[int]] = {}

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(term, 0.0) for term, v in a.items())

    def figures_clash(self, i: int, j: int) -> bool:
        """Both sentences give several figures and none in common: they report different facts."""
        a, b = self.figures[i], self.figures[j]
        return len(a) >= 2 and len(b) >= 2 and not (a & b)
