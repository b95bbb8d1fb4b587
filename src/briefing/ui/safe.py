"""Article and notes text made harmless for the terminal before a widget shows it (see briefing.safetext)."""

from __future__ import annotations

from rich.text import Text

from briefing.safetext import unsafe_spans


def safe_text(text: Text) -> Text:
    """`text` without the escape sequences and control characters its data carried; styles stay in place."""
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


def safe(value: str) -> Text:
    """Plain data as a Text, sanitised (a convenience for one-off labels)."""
    return safe_text(Text(value))


def cut_at_word(value: str, limit: int) -> str:
    """`value` in at most `limit` characters, cut between two words and ended by '…' when it is longer
    (a single word longer than the limit is cut inside, as nothing else would fit)."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    if value[limit - 1] != " " and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:.-–—") + "…"
