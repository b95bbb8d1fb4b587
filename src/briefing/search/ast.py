"""The query as a tree of plain values: what the query language means, independent of any engine.

Words are kept as the analyst typed them; each engine analyses them (stemming, accents) as it indexed the
text. A node without an enclosing `Field` searches the default fields (title, body, tags, notes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A word (the analyser may split it: `e-mail` is then both parts)."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words next to each other in this order (`slop` > 1: within that many positions)."""

    words: str
    slop: int = 1


@dataclass(frozen=True)
class Prefix:
    """Every word that begins with `text` (`infla*`)."""

    text: str


@dataclass(frozen=True)
class Wildcard:
    """A word pattern with `*` (any letters) and `?` (one letter) inside it (`wom?n`, `col*r`)."""

    pattern: str


@dataclass(frozen=True)
class Fuzzy:
    """Words within `distance` edits of `text`, first letter fixed (`Tokaev~`)."""

    text: str
    distance: int = 1


@dataclass(frozen=True)
class Partial:
    """The unfinished last word of a query being typed: any word of a title or body that it begins."""

    text: str


@dataclass(frozen=True)
class DateRange:
    """Articles published (`published`) or mentioning an event (`event`) between two days, both included."""

    field: str
    low: dt.date
    high: dt.date


@dataclass(frozen=True)
class Field:
    """The query under it searches one field (title, body, source, author, tags, notes, id)."""

    name: str
    query: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Every document the query under it does not match."""

    query: Node


@dataclass(frozen=True)
class Every:
    """Every document (the empty query)."""


@dataclass(frozen=True)
class Nothing:
    """No document."""


Node = Term | Phrase | Prefix | Wildcard | Fuzzy | Partial | DateRange | Field | And | Or | Not | Every | Nothing

FILTER_FIELDS = ("source", "author", "tags", "id")  # these select, they do not rank


def walk(node: Node) -> list[Node]:
    """The node and every node under it, depth first."""
    found: list[Node] = [node]
    if isinstance(node, And | Or):
        for child in node.children:
            found.extend(walk(child))
    elif isinstance(node, Not | Field):
        found.extend(walk(node.query))
    return found


def size(node: Node) -> int:
    return len(walk(node))
