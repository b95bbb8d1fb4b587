"""Article and notes text made harmless for the terminal before a widget shows it (see briefing.safetext).

Data goes through `shown` (a string) or `safe` (a Text, with styled spans) *before* it is made a rich Text:
rich's Text drops BEL, backspace, VT, FF and CR itself when it is built, which cuts the BEL off an escape
sequence (`ESC ] 0;title BEL`) and leaves its payload as text, and shifts any offset into the string. Every
widget (panes, lists, the note editor's fields) then shows the same text for the same data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from briefing.safetext import terminal_safe, unsafe_spans

# CR before LF stays in terminal_safe's text (harmless on a terminal); a widget draws lines, and rich drops it
_CR_BEFORE_LF = re.compile("\r(?=\n)")


def _spans(value: str) -> list[tuple[int, int, str]]:
    """What a widget must not draw of `value`, as (start, end, replacement), in order."""
    spans = unsafe_spans(value)
    if "\r" in value:
        spans = sorted([*spans, *((m.start(), m.end(), "") for m in _CR_BEFORE_LF.finditer(value))])
    return spans


def shown(value: str) -> str:
    """`value` as every widget draws it: terminal_safe, with its line breaks as newlines."""
    return _CR_BEFORE_LF.sub("", terminal_safe(value))


def safe(value: str, style: str = "", marks: Iterable[tuple[int, int, str]] = (), **options: object) -> Text:
    """`value` (data) as a Text in `style`, sanitised as `shown`; `marks` are (start, end, style) spans given
    as offsets into `value`, kept on the same characters. `options` go to Text (no_wrap, overflow...)."""
    spans = _spans(value)
    if not spans:
        text = Text(value, style=style, **options)  # type: ignore[arg-type]
        for start, end, mark in marks:
            text.stylize(mark, start, end)
        return text
    pieces, position = [], 0
    for start, end, replacement in spans:
        pieces += [value[position:start], replacement]
        position = end
    pieces.append(value[position:])

    def moved(offset: int) -> int:
        """Where `offset` of `value` is in the sanitised text (inside a removed sequence: where it was)."""
        shift = 0
        for start, end, replacement in spans:
            if end <= offset:
                shift += end - start - len(replacement)
            elif start < offset:
                return start - shift
            else:
                break
        return offset - shift

    text = Text("".join(pieces), style=style, **options)  # type: ignore[arg-type]
    for start, end, mark in marks:
        text.stylize(mark, moved(start), moved(end))
    return text


def safe_text(text: Text) -> Text:
    """`text` without the escape sequences and control characters it carries; styles stay in place. A last
    guard for a Text assembled from pieces: data should reach it through `shown` or `safe` first."""
    spans = unsafe_spans(text.plain)
    if not spans:
        return text
    result = text.blank_copy()
    position = 0
    for start, end, replacement in spans:
        result.append_text(text[position:start])
        result.append(replacement)
        position = end
    result.append_text(text[position:])
    return result


def cut_at_word(value: str, limit: int) -> str:
    """`value` in at most `limit` characters, cut between two words and ended by '…' when it is longer
    (a single word longer than the limit is cut inside, as nothing else would fit)."""
    value = " ".join(shown(value).split())
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    if value[limit - 1] != " " and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:.-–—") + "…"
