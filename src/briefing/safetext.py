"""Text made harmless for a terminal, applied at output to whatever is shown, whatever its origin.

Article bodies, titles, tags, urls, notes and file names are data read from disk: they may carry escape
sequences that would set the clipboard (OSC 52), retitle the window, clear the screen or move the cursor,
C1 control characters that some terminals obey as escapes, or bidirectional overrides that make text read
differently from what it is. `terminal_safe` removes all of these and keeps everything else:
newlines, tabs, CR before LF, every printable character of every script, zero-width joiners, LRM/RLM marks.
The Unicode line and paragraph separators (U+2028, U+2029) become newlines: a terminal draws them as nothing
(the words either side run together) while a text box breaks the line there, so one text would read two ways.

This module is plain Python (no rich, no textual); the CLI and the app call it just before text is shown.
"""

from __future__ import annotations

import re

# Complete escape sequences go as a whole, so no parameter debris is left behind. An introducer without
# its end loses only the introducer: what follows is ordinary text again once the ESC is gone.
_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"  # CSI: cursor, colours, clear screen...
    "|(?:\x1b[\\]P_^X]|[\x9d\x90\x9e\x9f\x98])[^\x00-\x1f\x7f-\x9f]{0,4096}(?:\x07|\x1b\\\\|\x9c)"
    # OSC/DCS/APC/PM/SOS with their terminator (clipboard, title, hyperlinks, sixels...)
    "|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # any other ESC sequence (ESC c resets the terminal), or a lone ESC
)

# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they reorder what
# is displayed ("Trojan Source"). LRM and RLM, which only mark direction, stay.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

LINE_SEPARATORS = "\u2028\u2029"

_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + LINE_SEPARATORS + "\ud800-\udfff]|\r(?!\n)"
)


# One pass: a sequence as a whole where there is one, else any single unsafe character.
_ALL = re.compile(f"{_SEQUENCE.pattern}|{_UNSAFE.pattern}")


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found in LINE_SEPARATORS:
        return "\n"
    return "\ufffd" if "\ud800" <= found <= "\udfff" else ""


def terminal_safe(text: str) -> str:
    """`text` without escape sequences, C0/C1 controls (but newline, tab, CRLF) and bidi overrides; line and
    paragraph separators become newlines.

    Lone surrogates (from undecodable input) become U+FFFD so the text can always be encoded as UTF-8.
    """
    if not _UNSAFE.search(text):
        return text
    return _ALL.sub(_replace, text)


def unsafe_spans(text: str) -> list[tuple[int, int, str]]:
    """What `terminal_safe` changes, as (start, end, replacement): for callers that keep styled offsets."""
    if not _UNSAFE.search(text):
        return []
    return [(m.start(), m.end(), _replace(m)) for m in _ALL.finditer(text)]


def one_line(text: str) -> str:
    """`terminal_safe` text on one line (for messages naming a file or a value)."""
    return " ".join(terminal_safe(text).split())


_JSON_UNSAFE = re.compile("[\x7f-\x9f" + BIDI_CONTROLS + LINE_SEPARATORS + "\ud800-\udfff]")


def json_terminal_safe(json_text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the characters a terminal would obey
    written as `\\uXXXX` escapes: the data is unchanged for a JSON reader, the terminal sees plain ASCII.

    `json.dumps` already escapes C0 controls; these characters can only occur inside strings.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def unsafe_count(text: str) -> int:
    """How many characters of `text` a terminal would treat as controls (ESC, C1, other C0, bidi overrides,
    line separators)."""
    return len(_UNSAFE.findall(text))
