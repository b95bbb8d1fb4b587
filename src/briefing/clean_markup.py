"""Removal of what the cleaner can name in raw text: terminal control sequences and real HTML markup.

Each function returns the text left and the removals as (kind, removed text) pairs, so that the ingest
report and the article's record can list every character that was taken out. Angle brackets are text
unless they parse as a tag of the HTML vocabulary with HTML syntax: `<International Pagurian Corp Ltd>`,
`<AIL.S>`, `<desk@example.org>` and `x < y > z` stay.
"""

from __future__ import annotations

import html.entities
import re

Removed = list[tuple[str, str]]

# Every C0/C1 control character but newline and tab, plus the bidi overrides a terminal would obey.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Complete escape sequences: CSI (7- and 8-bit), string commands (OSC, DCS, APC, PM, SOS) ended by BEL or ST
# on the same line, and two-character escapes. An unterminated string command loses only its introducer
# and numeric parameters: the text after it may be the author's, and nothing says where the command ends.
_SEQUENCE_RE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}?(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])(?:\d+;)*"
    r"|\x1b[ -/]*[0-~]"
)

HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink blockquote body br
    button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em
    embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i
    iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav nobr noframes noscript
    object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select
    slot small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead
    time title tr track tt u ul var video wbr""".split()
)
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset figcaption
    figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav ol p pre section
    summary table tbody td tfoot th thead title tr ul""".split()
)
_BOOLEAN_ATTRIBUTES = frozenset(
    """allowfullscreen async autofocus autoplay checked controls default defer disabled formnovalidate hidden inert
    ismap itemscope loop multiple muted nomodule novalidate open playsinline readonly required reversed
    selected""".split()
)
_VOID_DEBRIS = frozenset(("br", "hr", "wbr"))  # bare and lower-case, these are HTML even in plain text
_ATTRIBUTE = r"""\s+[A-Za-z_:@][-A-Za-z0-9_:.@]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:" + _ATTRIBUTE + r")*)\s*(/?)>")
_ATTRIBUTE_RE = re.compile(_ATTRIBUTE)
_SPECIAL_RE = re.compile(
    r"<!--.*?-->|<!doctype\s[^<>]*>|<!\[CDATA\[|\]\]>|<(script|style)\b[^<>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_UNFINISHED_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\s+[A-Za-z-]+\s*=[^<>\n]*$", re.MULTILINE)
_TAG_TAIL_RE = re.compile(r"^[ \t]*/>", re.MULTILINE)
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WORD_CHAR = re.compile(r"\w")
_BREAK = "\x00"  # where a block-level tag was: a line break, with the spaces around it (no NUL is left by now)
_BREAK_RE = re.compile("[ \t]*\x00[ \t]*")
_LINE_BREAK = "\x01"  # where a <br> was: a line break, never a blank line
_LINE_BREAK_RE = re.compile("(?:[ \t]*\n?[ \t]*\x01)+[ \t]*\n?")


def strip_control(text: str) -> tuple[str, Removed]:
    """Remove terminal control characters and escape sequences, keeping newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed: Removed = []
    if not CONTROL_RE.search(text):
        return text, removed

    def sequence(match: re.Match[str]) -> str:
        removed.append(("control", match.group()))
        return ""

    text = _SEQUENCE_RE.sub(sequence, text)
    text = CONTROL_RE.sub(sequence, text)
    return text, removed


def visible(text: str) -> str:
    """A removed control sequence, written so that it can be shown or stored: ESC becomes \\x1b."""
    return "".join(
        ch if ch == "\n" or not CONTROL_RE.match(ch) else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in text
    )


def _is_html_tag(match: re.Match[str], strong: bool, text: str) -> bool:
    closing, name, attributes, self_closing = match.group(1), match.group(2), match.group(3), match.group(4)
    lower = name.lower()
    if lower not in HTML_ELEMENTS:
        return False
    if closing and (attributes.strip() or self_closing):
        return False
    has_values = False
    for attribute in _ATTRIBUTE_RE.findall(attributes):
        attribute = attribute.strip()
        if "=" in attribute:
            has_values = True
        elif attribute.lower() not in _BOOLEAN_ATTRIBUTES and not attribute.lower().startswith(("data-", "aria-")):
            return False
    if name not in (lower, name.upper()):
        return has_values
    if closing or has_values or self_closing or (lower in _VOID_DEBRIS and name == lower):
        return True
    # A bare tag (<I>, <DD>, <em>) in a sentence is HTML only in a text that is HTML elsewhere: in newswire it
    # is a ticker. Alone on its line, it is markup.
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    alone = not text[line_start : match.start()].strip() and not text[match.end() : line_end % (len(text) + 1)].strip()
    return strong or alone or f"</{name}>" in text


def _looks_like_html(text: str, candidates: list[re.Match[str]]) -> bool:
    for match in candidates:
        closing, name, attributes, self_closing = match.groups()
        if name.lower() in HTML_ELEMENTS and (closing or "=" in attributes or self_closing):
            return True
    return False


def _space_for(text: str, start: int, end: int, name: str) -> str:
    if name.lower() == "br":
        return _LINE_BREAK
    if name.lower() in BLOCK_ELEMENTS:
        return _BREAK
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return " " if _WORD_CHAR.match(before or " ") and _WORD_CHAR.match(after or " ") else ""


def strip_markup(text: str) -> tuple[str, Removed]:
    """Remove HTML tags, comments and scripts; decode character entities. Everything else is text."""
    removed: Removed = []
    if "<" in text:
        text = _SPECIAL_RE.sub(lambda m: removed.append(("html", m.group())) or "\n", text)
        candidates = list(_TAG_RE.finditer(text))
        strong = bool(removed) or _looks_like_html(text, candidates)
        if candidates:
            pieces: list[str] = []
            position = 0
            for match in candidates:
                if not _is_html_tag(match, strong, text):
                    continue
                pieces.append(text[position : match.start()])
                pieces.append(_space_for(text, match.start(), match.end(), match.group(2)))
                removed.append(("html", match.group()))
                position = match.end()
            pieces.append(text[position:])
            text = _BREAK_RE.sub("\n", _LINE_BREAK_RE.sub("\n", "".join(pieces)))

        def unfinished(match: re.Match[str]) -> str:
            if match.group(1).lower() not in HTML_ELEMENTS:
                return match.group()
            removed.append(("html", match.group()))
            return ""

        text = _UNFINISHED_TAG_RE.sub(unfinished, text)
    if "/>" in text:
        text = _TAG_TAIL_RE.sub(lambda m: removed.append(("html", m.group().strip())) or "", text)
    if "&" in text:

        def entity(match: re.Match[str]) -> str:
            name = match.group()[1:]
            if name.startswith("#"):
                try:
                    code = int(name[2:-1], 16) if name[1] in "xX" else int(name[1:-1])
                    char = chr(code)
                except (ValueError, OverflowError):
                    return match.group()
            elif name in html.entities.html5:
                char = html.entities.html5[name]
            else:
                return match.group()
            if CONTROL_RE.search(char) or "\x00" in char or "\ud800" <= char[:1] <= "\udfff":
                removed.append(("control", match.group()))
                return ""
            removed.append(("entity", match.group()))
            return char

        text = _ENTITY_RE.sub(entity, text)
    return text, removed
