"""Text -> blocks: paragraphs from the source's own paragraph marks, and preformatted blocks kept line for line.

A paragraph ends where the source says so: a blank line, or (in hard-wrapped newswire) a line indented past
the text's margin. Hard-wrapped lines are joined. In web copy, where every line is a paragraph, a line that
stops mid-sentence and a next line that starts in lower case are one paragraph. Column-aligned lines (tables)
form a preformatted block, rendered in the body as a fenced block, never joined, never deduplicated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SENTENCE_END = (".", "!", "?", "…", "”", '"', ":", ";", "’", "'", ")")
_FINAL = (".", "!", "?", "…", ":", ";")
_COLUMN_GAP_RE = re.compile(r"\S(?:\t| {3,})\S")
_DOUBLE_GAP_RE = re.compile(r"\S {2}\S")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")


@dataclass(frozen=True)
class Block:
    """A paragraph (one line of text) or a preformatted block (its lines, aligned as in the source)."""

    text: str
    pre: bool = False
    standalone: bool = False  # set apart by blank lines (or a line of its own in web copy), not by an indent
    single: bool = False  # one line of the source

    def render(self) -> str:
        return fence(self.text) if self.pre else self.text


def fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    marks = "`" * max(3, longest + 1)
    return f"{marks}\n{text}\n{marks}"


def unfence(paragraph: str) -> str | None:
    """The lines of a fenced block of a body, or None when the paragraph is prose."""
    match = re.match(r"\A(`{3,})[^\n`]*\n(.*)\n\1\Z", paragraph, re.DOTALL)
    return match.group(2) if match else None


_FENCED_RE = re.compile(r"(?:\A|(?<=\n\n))(`{3,})[^\n`]*\n.*?\n\1(?=\n\n|\Z)", re.DOTALL)


def preformatted_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the fenced blocks of a body, fences included."""
    return [(m.start(), m.end()) for m in _FENCED_RE.finditer(body)]


def preformatted_line_starts(body: str) -> list[int]:
    """Where each line of a fenced block begins: a table row is a statement of its own, never one sentence
    with the next row (the timeline cites the row)."""
    starts = []
    for start, end in preformatted_spans(body):
        starts.append(start)
        starts.extend(i + 1 for i in range(start, end) if body[i] == "\n")
        starts.append(end)
    return starts


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(line.split())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _numeric(line: str) -> float:
    tokens = line.split()
    return sum(1 for t in tokens if any(c.isdigit() for c in t)) / len(tokens) if tokens else 0.0


def _columnar(line: str) -> bool:
    body = line.strip()
    if "  " not in body and "\t" not in body:
        return False
    if _COLUMN_GAP_RE.search(body):
        return True
    return len(_DOUBLE_GAP_RE.findall(body)) >= 2 and _numeric(body) >= 0.3


def _rowish(line: str) -> bool:
    """A line that can belong to a table next to column-aligned lines (a header, a one-column row)."""
    body = line.strip()
    if not body or len(body) > 80 or body.endswith((".", "!", "?")):
        return False
    return _columnar(line) or "  " in body or _indent(line) >= 8 or _numeric(body) >= 0.5


def _short_label(line: str) -> bool:
    """A row label wrapped onto a line of its own inside a table ('Other Asia and')."""
    body = line.strip()
    return 0 < len(body) <= 40 and not body.endswith((".", "!", "?"))


def _preformatted(lines: list[str]) -> list[bool]:
    """Which lines belong to a preformatted block: fenced, or a run with at least two column-aligned lines."""
    mask = [False] * len(lines)
    fenced: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fenced is not None:
            mask[i] = True
            if match and match.group(1)[0] == fenced[0] and len(match.group(1)) >= len(fenced):
                fenced = None
        elif match:
            fenced = match.group(1)
            mask[i] = True
    if fenced is not None:  # an unclosed fence is text
        mask = [False] * len(lines)
    for i, line in enumerate(lines):  # a Markdown pipe table: two or more | rows |
        if _PIPE_ROW_RE.match(line) and (
            (i + 1 < len(lines) and _PIPE_ROW_RE.match(lines[i + 1])) or (i > 0 and _PIPE_ROW_RE.match(lines[i - 1]))
        ):
            mask[i] = True
    columnar = [_columnar(line) for line in lines]
    i = 0
    while i < len(lines):
        if mask[i] or not columnar[i]:
            i += 1
            continue
        start = end = i
        while end + 1 < len(lines) and not mask[end + 1]:
            following = lines[end + 1]
            label = end + 2 < len(lines) and columnar[end + 2] and _short_label(following)
            if not (columnar[end + 1] or _rowish(following) or label):
                break
            end += 1
        while start > 0 and not mask[start - 1] and _rowish(lines[start - 1]):
            start -= 1
        if sum(columnar[start : end + 1]) >= 2:
            for k in range(start, end + 1):
                mask[k] = True
        i = end + 1
    return mask


def is_hard_wrapped(lines: list[str]) -> bool:
    """True for newswire-style text whose paragraphs are broken into short lines.

    Short lines that mostly stop mid-sentence are hard-wrapped; so are short lines whose paragraphs begin
    with an indented line (newswire's `\n    `) while the lines that go on a paragraph start at the margin.
    """
    content = [line for line in lines if line.strip()]
    if len(content) < 2 or sum(1 for line in content if len(line.strip()) > 100) > len(content) * 0.05:
        return False
    indents = [_indent(line) for line in content]
    margin = min(indents)
    if sum(1 for i in indents if i == margin) >= 1 and sum(1 for i in indents if i >= margin + 2) >= 1:
        return True
    if len(content) < 4:
        return False
    unfinished = sum(1 for line in content if not line.strip().endswith(SENTENCE_END))
    return unfinished >= len(content) * 0.5


def _caps_heading(line: str) -> bool:
    body = line.strip()
    return len(body) <= 60 and body == body.upper() and sum(1 for c in body if c.isalpha()) >= 3


_DANGLING = frozenset("a an and as at by for from in of on or that the to with".split())


def continues(previous: str, line: str) -> bool:
    """The line goes on with the sentence the previous line left unfinished: it starts in lower case, or the
    previous line stops on a comma or a word no sentence ends with ('of', 'the')."""
    first = line.lstrip()[:1]
    end = previous.rstrip()
    if not first or not end or end.endswith(_FINAL):
        return False
    if first.islower():
        return True
    return first.isalnum() and (end.endswith(",") or end.rsplit(None, 1)[-1] in _DANGLING)


_BULLET_RE = re.compile(r"^\s*([-*•▪–])\s+\S")


def _list_item(line: str, previous: str, first: str) -> bool:
    """A bulleted line after a finished line or after an item of the same list starts an item of its own
    ('- ' after 'factors' goes on the sentence: newswire uses it as a dash)."""
    match = _BULLET_RE.match(line)
    if not match:
        return False
    same_list = (_BULLET_RE.match(first) or _BULLET_RE.match(previous) or [None, None])[1] == match.group(1)
    return same_list or previous.rstrip().endswith(_FINAL)


def _join(lines: list[str]) -> str:
    """Hard-wrapped lines as one paragraph; a compound broken at its hyphen ('anti-' / 'aircraft') is rejoined."""
    parts = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        hyphenated = len(previous) >= 2 and previous[-1] == "-" and previous[-2].isalpha() and line[:1].isalpha()
        parts.append(line if hyphenated else " " + line)
    return "".join(parts)


def _pre_block(lines: list[str]) -> Block:
    if lines and _FENCE_RE.match(lines[0]) and len(lines) >= 2:
        lines = lines[1:-1]
    margin = min((_indent(line) for line in lines if line.strip()), default=0)
    text = "\n".join(line[margin:] for line in lines).strip("\n")
    return Block(text, pre=True)


def blocks_of(text: str) -> list[Block]:
    """Split cleaned text into paragraphs and preformatted blocks."""
    lines = [line.rstrip() for line in text.split("\n")]
    if "\t" in text:
        lines = [line.expandtabs(8) for line in lines]
    mask = _preformatted(lines)
    prose = [line for line, pre in zip(lines, mask, strict=True) if not pre]
    wrapped = is_hard_wrapped(prose)
    margin = min((_indent(line) for line in prose if line.strip()), default=0)
    blocks: list[Block] = []
    current: list[str] = []
    marked_before = True  # the current paragraph began after a blank line or the start of the text

    def flush(marked_after: bool) -> None:
        nonlocal current
        if current:
            paragraph = normalise_line(_join(current))
            if paragraph:
                standalone = not wrapped or (marked_before and marked_after)
                blocks.append(Block(paragraph, standalone=standalone, single=len(current) == 1))
        current = []

    i = 0
    while i < len(lines):
        line = lines[i]
        if mask[i]:
            flush(not wrapped)
            end = i
            while end + 1 < len(lines) and mask[end + 1]:
                end += 1
            block = _pre_block(lines[i : end + 1])
            if block.text.strip():
                blocks.append(block)
            i = end + 1
            marked_before = not wrapped
            continue
        if not line.strip():
            flush(True)
            marked_before = True
            i += 1
            continue
        if current:
            previous = current[-1]
            if wrapped:
                heading = len(current) == 1 and line.lstrip()[:1].isupper() and _caps_heading(previous)
                item = _list_item(line, previous, current[0])
                new_paragraph = line[margin : margin + 1].isspace() or heading or item
                marked = heading
            else:
                new_paragraph = not continues(previous, line)
                marked = True
            if new_paragraph:
                flush(marked)
                marked_before = marked
        current.append(line.strip())
        i += 1
    flush(True)
    return blocks


def paragraphs_of(text: str) -> list[str]:
    """The blocks of a text as the body writes them (preformatted blocks fenced)."""
    return [block.render() for block in blocks_of(text)]
