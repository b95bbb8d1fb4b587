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
