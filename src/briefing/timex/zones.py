"""Parts of a text whose dates are no events: web addresses, citations and bibliographies; and the lines of
tables, whose relative labels ("Current year", "Year-ago") head columns of figures rather than date events.

A date in "https://example.com/2021/05/12/story.html", in "[3] Smith, J. (2019). Title. Journal 12(3)"
or under a "References" heading says when something was published, not what happened. The tagger
still reads them (they are temporal expressions); the timeline leaves them out.
"""

from __future__ import annotations

import re

from briefing.timex.lexicon import MONTH_NAMES

_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"“”]+", re.IGNORECASE)
_HEADING = re.compile(
    r"^[ \t#*]*(?:references|bibliography|sources|notes|footnotes|endnotes|further\s+reading|works\s+cited|"
    r"citations|literature)[ \t]*:?[ \t*]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBERED = r"(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]|\^\d{1,3})"
_AUTHOR = r"[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*)+(?:,|&|and|et\s+al)"
_CITATION_START = re.compile(rf"^\s*(?:{_NUMBERED}\s+\S|{_AUTHOR})")
_CITATION_MARKS = re.compile(
    r"\((?:1[6-9]|20)\d\d[a-z]?\)|\bet\s+al\b|\bdoi\b|\bpp?\.\s*\d|\bvol\.\s*\d|\bISBN\b|\bretrieved\b|\baccessed\b"
    r"|\b[A-Z][A-Za-z]+\s+(?:Journal|Review|Quarterly|Press)\b|\bJournal\s+of\b|https?://|\b\d+\(\d+\)",
    re.IGNORECASE,
)
# A source line in running text: "Sources: IMF (2021); World Bank (2019)", "See also: Jones (2019), 'Trade'",
# "Footnote 3: Interview with the author, March 2021" (a bare "Note:" may say what happens, and stays prose).
_SOURCE_LINE = re.compile(
    r"^[ \t*_]*(?:sources?|references?|bibliography|works\s+cited|citations?|further\s+reading|see\s+also|data|"
    r"figures|(?:foot|end)?notes?\s+\d{1,3})"
    r"[ \t*_]*:[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
# An author-year citation in parentheses, alone or in a list: "(Smith et al., 2020)", "(IMF, 2021; Lee and
# Park 2019)", "(see Jones & Li, 2017, p. 4)"; and "Smith et al. (2020)". A name and a comma before a year,
# or "et al", or two names joined, make it a citation; a month or a bare year in brackets ("(2019)",
# "(March 2020)") stays a date.
_NAME = r"(?!(?:" + "|".join(MONTH_NAMES) + r")\b)[A-Z][\w'’.-]+"
_CITED_YEAR = r"(?:1[6-9]|20)\d\d[a-z]?(?:,\s*pp?\.\s*\d+(?:[-–]\d+)?)?"
_CITATION_ITEM = (
    rf"(?:(?:see|e\.g\.|cf\.)\s+)?{_NAME}(?:\s+{_NAME})*"
    rf"(?:\s+et\s+al\.?,?\s+|\s+(?:and|&)\s+{_NAME}(?:\s+{_NAME})*,?\s+|,\s+){_CITED_YEAR}"
)
_IN_TEXT_CITATION = re.compile(
    rf"\({_CITATION_ITEM}(?:\s*;\s*{_CITATION_ITEM})*\)|\bet\s+al\.?\s+\((?:1[6-9]|20)\d\d[a-z]?\)"
)
# A line of a note list: "[1] Ashford & Kroenig, FP, Jan 6, 2022 — Will Unrest ...": a number in brackets,
# then a source and a date, then (usually) a title.
_NOTE_LINE = re.compile(r"^\s*(?:\[\d{1,3}\]|\^\d{1,3})\s+\S")


def _link_line(line: str) -> bool:
    """A line that is a web address with a few words around it ("January 6---https://..."): a source."""
    links = list(_URL.finditer(line))
    return bool(links) and len(line) - sum(m.end() - m.start() for m in links) < 60


def non_event_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` (sorted, not overlapping) where dates are references, not events."""
    spans = [
        (m.start(), m.end()) for pattern in (_URL, _SOURCE_LINE, _IN_TEXT_CITATION) for m in pattern.finditer(text)
    ]
    heading = None
    for match in _HEADING.finditer(text):
        heading = match  # the last such heading: what follows it is the list
    if heading is not None and heading.start() > len(text) // 3:
        spans.append((heading.end(), len(text)))
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and (
            _NOTE_LINE.match(line)
            or (_CITATION_START.match(line) and _CITATION_MARKS.search(line))
            or _link_line(stripped)
        ):
            spans.append((position, position + len(line.rstrip("\n"))))
        position += len(line)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of `spans`."""
    return any(s < end and start < e for s, e in spans)


# ---------------------------------------------------------------------------------------------- tables
# Cells of a table line: split at a tab, a run of two or more spaces, or dot leaders ("Interim ....  12.0").
_CELL_GAP = re.compile(r"\t+| {2,}|\s*\.{3,}\s*")
# A cell that is a figure: "12.0", "$45,123,000", "(1.2)", "+16%", "-", "nil", "n/a".
_FIGURE = re.compile(r"[-+(]?[$£€]?\d[\d,]*(?:\.\d+)?%?\)?|[-–—]|nil|n/?a|NA", re.IGNORECASE)
_LABEL_LENGTH = 40


def _cells(line: str) -> list[str]:
    return [cell for cell in _CELL_GAP.split(line.strip()) if cell]


def _figure_row(cells: list[str]) -> bool:
    """A row of a table: a short label (or none) and at least one figure after it, every cell short."""
    return (
        len(cells) >= 2
        and any(_FIGURE.fullmatch(cell) for cell in cells[1:])
        and all(len(cell) <= _LABEL_LENGTH for cell in cells)
    )


def _header_row(cells: list[str]) -> bool:
    return len(cells) >= 2 and all(len(cell) <= _LABEL_LENGTH for cell in cells)


def table_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of `text` that are rows of a table (cells apart by tabs, wide spaces or dot leaders,
    with figures in them) or the headings of its columns (short cells just above or below such rows). Prose
    with two spaces after a full stop is no table: its cells are long, and none is a bare figure."""
    lines: list[tuple[int, int, list[str]]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lines.append((position, position + len(body), _cells(body)))
        position += len(line)
    rows = [_figure_row(cells) for _, _, cells in lines]
    spans = []
    for i, (start, end, cells) in enumerate(lines):
        near_rows = (i > 0 and rows[i - 1]) or (i + 1 < len(lines) and rows[i + 1])
        if rows[i] or (near_rows and _header_row(cells)):
            spans.append((start, end))
    return spans
