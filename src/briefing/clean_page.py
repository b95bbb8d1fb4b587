"""What an HTML page gives beyond its main text: its visible lines, what the extraction left out of them, the
site's name and the authors' names as the page writes them.

`outside_of(lines, kept)` is a diff of the page's lines against the extracted text, in page order: a line
the extraction dropped is listed whole, a line it cut short only by its missing words, and a line it kept
is never listed, so the record of what lay outside the article never claims a word the body kept.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

from briefing.clean_markup import BLOCK_ELEMENTS, CONTROL_RE

# Characters an extractor drops without a trace (soft hyphens, zero-width spaces and joiners, BOMs): a line
# is the same line with or without them.
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_SIGNIFICANT_RE = re.compile(r"[^\W_]")
_CELLS = frozenset(("td", "th"))


_CHARACTER_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def control_references_decoded(raw: str) -> str:
    """The page with its character references to control characters (`&#27;`, `&#x9b;`, `&#8238;`) written
    as those characters, so that an escape sequence written with one goes whole, like a raw one."""
    if "&#" not in raw:
        return raw

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        char = chr(code) if code < 0x110000 else ""
        return char if char and char not in "\t\n\r" and CONTROL_RE.match(char) else match.group()

    return _CHARACTER_REFERENCE_RE.sub(decode, raw)


def page_lines(raw: str) -> list[str]:
    """The visible text of an HTML page, block by block (scripts, styles and the head left out)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(raw)
    except (ValueError, etree.ParserError):
        return []
    for element in root.xpath("//script|//style|//noscript|//template|//head|//svg"):
        element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        named = isinstance(element.tag, str)
        cell = named and element.tag.lower() in _CELLS  # a table's row is one line, its cells apart
        block = named and not cell and element.tag.lower() in BLOCK_ELEMENTS
        if event == "start":
            parts.append("\n" if block else " " if cell else "")
            parts.append(element.text or "" if named else "")
        else:
            parts.append("\n" if block else " " if cell else "")
            parts.append(element.tail or "")
    return [line for line in (" ".join(part.split()) for part in "".join(parts).split("\n")) if line]


def _comparable(text: str) -> str:
    return " ".join(_INVISIBLE_RE.sub("", text).split())


def outside_of(lines: list[str], kept: str) -> list[str]:
    """The lines of the page, or the runs of words within a line, that the extracted text `kept` lacks."""
    page = [_comparable(line) for line in lines]
    kept_lines = [c for c in (_comparable(line) for line in kept.split("\n")) if c]
    outside: list[str] = []
    matcher = SequenceMatcher(None, page, kept_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            outside.extend(page[i1:i2])
        elif tag == "replace":
            outside.extend(_missing_words(page[i1:i2], kept_lines[j1:j2]))
    return outside


def _missing_words(lines: list[str], kept: list[str]) -> list[str]:
    """Word by word: the runs of each line's words that the kept lines do not hold, in order."""
    tokens = [line.split() for line in lines]
    page_words = [(n, k) for n, words in enumerate(tokens) for k, w in enumerate(words) if _SIGNIFICANT_RE.search(w)]
    kept_words = [w for line in kept for w in line.split() if _SIGNIFICANT_RE.search(w)]
    matched = _matched_words(tokens, page_words, kept_words)
    kept_text = " ".join(kept)
    counted = set(page_words)
    missing: list[str] = []
    for n, words in enumerate(tokens):
        significant = [k for k in range(len(words)) if (n, k) in counted]
        if not significant:
            if lines[n] not in kept_text:
                missing.append(lines[n])
            continue
        run: list[int] = []
        for k in [*significant, None]:
            if k is not None and (n, k) not in matched:
                run.append(k)
                continue
            if run:
                whole = run[0] == significant[0] and run[-1] == significant[-1]
                first, last = (0, len(words) - 1) if whole else (run[0], run[-1])
                missing.append(" ".join(words[first : last + 1]))
                run = []
    return missing


_GLOBAL_LIMIT = 2_000_000  # page words x kept words aligned in one go; above it, line by line in a window


def _matched_words(
    tokens: list[list[str]], page_words: list[tuple[int, int]], kept_words: list[str]
) -> set[tuple[int, int]]:
    """The (line, word) positions of the page's words that the kept words hold, aligned in order. A large
    stretch is aligned line by line against a window of the kept words just after the last match, so the
    time stays linear in the page's size."""
    words = [tokens[n][k] for n, k in page_words]
    matched: set[tuple[int, int]] = set()
    if len(words) * len(kept_words) <= _GLOBAL_LIMIT:
        for block in SequenceMatcher(None, words, kept_words, autojunk=False).get_matching_blocks():
            matched.update(page_words[block.a : block.a + block.size])
        return matched
    cursor, start = 0, 0
    while start < len(words):
        end = start
        while end < len(words) and page_words[end][0] == page_words[start][0]:
            end += 1
        window = kept_words[cursor : cursor + 2 * (end - start) + 50]
        blocks = [
            block
            for block in SequenceMatcher(None, words[start:end], window, autojunk=False).get_matching_blocks()
            if block.size >= min(2, end - start)
        ]
        if 2 * sum(block.size for block in blocks) < end - start:
            blocks = []  # a few common words found in the window are no match for the line
        for block in blocks:
            matched.update(page_words[start + block.a : start + block.a + block.size])
        if blocks:
            cursor += blocks[-1].b + blocks[-1].size
        start = end
    return matched


# A site's name after the headline in a page title: 'Talks end | The Daily', 'Talks end — Steppe Wire'.
_TITLE_SUFFIX_RE = re.compile(r"^(?P<head>.+)\s(?P<sep>\||::|[-–—·•])\s(?P<site>[^|:]+)$")
_SITE_WORD_RE = re.compile(r"^(?:[A-Z0-9][\w'’&.-]*|&|of|the|and|de|du|la|le|el|der|die)$")


def title_suffix(title: str | None, headline: str | None = None) -> tuple[str, str] | None:
    """(headline, site name) when `title` ends with a site's name after a separator, else None.

    After '|' or '::' a short label is always a site's name; after a dash only when the part before it is the
    page's headline, or when the label is a short name of capitalised words after a headline of three words
    or more ('Kyiv - Moscow talks stall again' keeps its dash).
    """
    if not title:
        return None
    match = _TITLE_SUFFIX_RE.match(title.strip())
    if not match:
        return None
    head, sep, site = match.group("head").strip(), match.group("sep"), match.group("site").strip()
    words = site.split()
    if not head or not 1 <= len(words) <= 5 or len(site) > 50 or site.endswith((".", "!", "?")):
        return None
    if headline and site.casefold() in headline.casefold():
        return None  # 'Markets | Oil rises' above the headline 'Oil rises': a section, then the headline
    if sep in ("|", "::") or (headline and " ".join(headline.split()).casefold() == head.casefold()):
        return head, site
    named = all(_SITE_WORD_RE.match(word) for word in words) and words[0][:1].isupper()
    if named and len(words) <= 4 and len(head.split()) >= 3:
        return head, site
    return None


def strip_site(title: str | None, site: str | None) -> str | None:
    """The title without a trailing ' | Site name' naming `site`."""
    if not title or not site:
        return title
    match = _TITLE_SUFFIX_RE.match(title.strip())
    if match and match.group("site").strip().casefold() == site.casefold():
        return match.group("head").strip()
    return title


_TITLE_ELEMENT_RE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def title_element(raw: str) -> str | None:
    """The text of the page's <title> element."""
    match = _TITLE_ELEMENT_RE.search(raw[:262144])
    return _element_text(match.group(1)) if match else None


def _element_text(inner: str) -> str | None:
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", inner)).split())
    return text or None


_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def headline_element(raw: str) -> str | None:
    """The text of the page's only <h1> element (None when it has none or several)."""
    found = _H1_RE.findall(raw)
    return _element_text(found[0]) if len(found) == 1 else None


def authors_as_written(authors: str | None, raw: str) -> str | None:
    """The extractor's author names ('A Nurlanova; J R R Tolkien') as the page writes them: the dots of
    initials ('A. Nurlanova', 'J.R.R. Tolkien') come back where the page has them."""
    if not authors:
        return authors
    page = html.unescape(raw)
    names = []
    for name in authors.split("; "):
        parts = name.split()
        pattern = r"(?<![\w.])" + r"[\s._+]+".join(re.escape(p) for p in parts)
        pattern += r"\.?(?!\w)" if len(parts[-1]) <= 2 else r"(?!\w)"
        match = re.search(pattern, page)
        names.append(" ".join(match.group().split()) if match else name)
    return "; ".join(names)
