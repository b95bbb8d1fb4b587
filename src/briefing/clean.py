"""Raw web text or HTML -> a clean article body, with the record of every removal and what was inferred.

The cleaner removes only what it can name: terminal control sequences, real HTML markup, and page debris of
known kinds (site chrome, share buttons, reader-comment threads, repeated captions, and the headline, byline
and dateline lines whose content becomes the article's metadata). Every removal is kept as (kind, text), so
the ingest report and the article's record say exactly what went. Everything else the author wrote stays:
angle brackets that are not HTML, table rows (line for line, in a preformatted block), every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from briefing.clean_blocks import SENTENCE_END, Block, blocks_of, paragraphs_of, unfence
from briefing.clean_markup import strip_control as _strip_control
from briefing.clean_markup import strip_markup
from briefing.clean_page import (
    authors_as_written,
    control_references_decoded,
    headline_element,
    outside_of,
    page_lines,
    strip_site,
    title_element,
    title_suffix,
)
from briefing.clean_record import KINDS, CleanReport, Removal, removal_record
from briefing.dates import FULL_DATE_RE, full_date_from_match

__all__ = [
    "KINDS",
    "CleanReport",
    "Cleaned",
    "Removal",
    "clean_html",
    "clean_text",
    "looks_like_html_document",
    "page_lines",
    "paragraphs_of",
    "removal_record",
    "strip_control",
    "unfence",
]

_CHROME_LINE_RE = re.compile(
    r"^(?:"
    r"(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:comment|reply)"
    r"|share(?:\s+(?:this(?:\s+(?:article|story|page|post))?|on\s+\w+|via\s+\w+))?"
    r"|search|top|back\s+to\s+top|print|email|e-mail|tweet|menu|home|subscribe|sign\s+(?:in|up)|log\s*in"
    r"|advertisement|skip\s+to\s+(?:main\s+)?content|read\s+more|see\s+details|reply|report|like"
    r"|do\s+you\s+like\s+this\s+(?:article|story|post)\?*|was\s+this\s+(?:article|story)\s+helpful\?*"
    r"|\d+\s+comments?(?:\(s\))?|comments?(?:\s*\(\d+\))?|comment\s+policy\b.*"
    r"|\(?(?:article\s+)?(?:approx\.?\s+)?[\d,]+\s+words?,?\s+\d+\s+min(?:ute)?s?\s+read\)?\.?"
    r"|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:sign\s+up|subscribe|register)\s+(?:for|to)\s+(?:our|the|a)\s+(?:\w+\s+)?newsletters?"
    r"|follow\s+us\s+on\s+\w+(?:\s+and\s+\w+)?|(?:related|read\s+(?:also|more)|see\s+also)\s*:(?:\s+\S+){1,14}"
    r")[\s.!:]*$",
    re.IGNORECASE,
)
# A photo credit standing on its own line: 'Vladimir Tretyakov/NUR.KZ/AP', 'AP Photo/Jane Doe', 'Photo: Reuters',
# '© Getty Images'. The last part of a slash credit must be a picture agency, so 'Kyiv/Moscow' stays text.
_AGENCY = (
    r"(?:AP|AFP|Reuters|EPA(?:-EFE)?|Getty\s+Images|Sputnik|TASS|Xinhua|Bloomberg|Anadolu(?:\s+Agency)?|Shutterstock"
    r"|Alamy|ZUMA(?:\s+Wire|\s+Press)?|NurPhoto|SOPA\s+Images|LightRocket|UPI|Pool|Handout|dpa|ANSA|Kyodo|Yonhap"
    r"|Imago|Abaca|Polaris|Redux|Corbis|RIA\s+Novosti|Kremlin(?:\s+Press\s+Service)?|Wikimedia\s+Commons)"
)
_CREDIT_LINE_RE = re.compile(
    r"^\(?(?:"
    r"(?:photo(?:graph)?s?|image|picture|credit|photo\s+credit|illustration)\s*(?:by\s+|[:|]\s*).{2,60}"
    r"|" + _AGENCY + r"(?:\s+(?:photo|images?))?\s*/\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"|©\s*.{2,50}"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*/\s*[\w.'’-]+(?:\s+[\w.'’-]+){0,3}){0,2}\s*/\s*"
    + _AGENCY
    + r"(?:\s+(?:file|photo|images?))?(?:\s*/\s*(?:file|pool|handout))?"
    r")\)?$",
    re.IGNORECASE,
)
_THREAD_HEADER_RE = re.compile(
    r"^(?:\d+\s+comments?(?:\(s\))?|comments?(?:\s*\(\d+\))?|reader\s+comments|comment\s+policy\b.*"
    r"|(?:leave|post|add|write)\s+(?:a|your)\s+(?:comment|reply)"
    r"|\d+\s+(?:responses?|replies|thoughts)\s+(?:to|on)\b.*|join\s+the\s+(?:discussion|conversation))[\s.!:]*$",
    re.IGNORECASE,
)
_REPLY_RE = re.compile(r"^reply[\s.!]*$", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
# One name, or several ending with 'and' / '&': 'By John Smith, Ana Ruiz and Jane Doe'.
_NAMES = _NAME + r"(?:(?:\s*,\s*" + _NAME + r")*,?\s+(?i:and|&)\s+" + _NAME + r")?"
_NAMES_SPLIT_RE = re.compile(r"\s*,\s*|,?\s+(?:and|&)\s+", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^(?i:by|author:|written\s+by|posted\s+by)\s+(?P<name>" + _NAMES + r")\s*(?:[,(|–—-].*)?$")
_AUTHOR_LINE_RE = re.compile(r"^(?i:authors?:)\s*(?P<name>" + _NAMES + r")\s*(?:[,(|–—-].*)?$")
# A dateline's place ends with a separator: 'Tbilisi,', 'NEW YORK -', 'Kyiv |' ('Record March 31' is no dateline).
_PLACE_RE = re.compile(r"^[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}\s*(?:\([^()]{1,30}\))?\s*[,|–—-]$")
_TIME_RE = re.compile(r"^(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?$", re.IGNORECASE)
_PUBLISHED_LINE_RE = re.compile(r"^(?:published|posted|updated|date)(?:\s+on)?\s*:?\s*(?P<date>.+)$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class Cleaned:
    """A clean body and the metadata the text itself gives away."""

    body: str
    report: CleanReport
    title: str | None = None
    author: str | None = None
    published: str | None = None
    date_source: str | None = None
    source: str | None = None
    url: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def strip_control(text: str) -> tuple[str, int]:
    """Remove terminal control characters (ANSI escapes included), keeping newlines and tabs."""
    cleaned, removed = _strip_control(text)
    return cleaned, len(removed)


def _content_words(text: str) -> list[str]:
    return [w.lower()[:5] for w in _WORD_RE.findall(text)]


_WORDY_TOKEN_RE = re.compile(r"(?<!\S)[^\s\d]*[^\W\d_]{3}[^\s\d]*(?!\S)")


def _prose(paragraph: str) -> bool:
    """Enough words of letters to be a caption or a sentence (a table row or a number never is)."""
    wordy = len(_WORDY_TOKEN_RE.findall(paragraph))
    return wordy >= 3 and wordy >= 0.6 * len(paragraph.split())


def _near_repeat(previous: str, line: str) -> bool:
    """A caption printed twice with a small edit."""
    from rapidfuzz import fuzz

    return min(len(previous), len(line)) >= 30 and fuzz.ratio(previous, line) >= 90


def _headline_of_next(line: str, following: str) -> bool:
    """A short unpunctuated line whose words nearly all recur in the paragraph right after it."""
    if len(line) >= len(following) or line.endswith(SENTENCE_END):
        return False
    words = _content_words(line)
    if len(words) < 5 or len(words) > 14:
        return False
    following_words = set(_content_words(following))
    return sum(1 for w in words if w in following_words) >= 0.8 * len(words)


def _thread_start(blocks: list[Block]) -> int | None:
    """Where a trailing reader-comment thread begins, if there is one."""
    replies = [i for i, b in enumerate(blocks) if not b.pre and _REPLY_RE.match(b.text)]
    for i, block in enumerate(blocks):
        if i == 0 or block.pre or not block.standalone or not _THREAD_HEADER_RE.match(block.text):
            continue
        rest = blocks[i + 1 :]
        late = i >= len(blocks) * 0.5
        thread_follows = any(r > i for r in replies)
        only_chrome_after = all(not b.pre and (_CHROME_LINE_RE.match(b.text) or len(b.text) < 40) for b in rest)
        if thread_follows or (late and only_chrome_after):
            return i
    return None


class _Record:
    """Removals in the order of the text: character-level ones first, then block by block, top to bottom."""

    def __init__(self, removed: Iterable[tuple[str, str]] = ()) -> None:
        self.early = [Removal(kind, text) for kind, text in removed]
        self.blocks: list[tuple[int, Removal]] = []
        self.position: dict[int, int] = {}

    def number(self, blocks: list[Block]) -> None:
        self.position = {id(block): i for i, block in enumerate(blocks)}

    def add(self, kind: str, block: Block) -> None:
        self.blocks.append((self.position.get(id(block), len(self.position)), Removal(kind, block.text)))

    def items(self) -> tuple[Removal, ...]:
        return (*self.early, *(removal for _, removal in sorted(self.blocks, key=lambda item: item[0])))


def clean_text(raw: str, *, title: str | None = None, markup: bool = True) -> Cleaned:
    """Clean text copied from a web page (possibly with HTML debris) into paragraphs, and infer metadata.

    `title` is the article's title when it is known already (a collection's field, front matter, --title):
    then only a standalone line repeating it is taken out as the headline, and no other title is inferred.
    `markup=False` for text that is already what a page shows (extracted from HTML): nothing in it is a tag
    or an entity.
    """
    text, control = _strip_control(raw)
    text, stripped = strip_markup(text) if markup else (text, [])
    record = _Record([*control, *stripped])
    blocks = blocks_of(text)
    record.number(blocks)
    lines = [b.text for b in blocks if b.standalone and b.single]
    meta = _infer_metadata(lines, len([b for b in _head(blocks) if b.standalone and b.single]), title)
    if title is None and meta["title"] is None:
        meta["title"] = _short_first_line_title(text, blocks)

    start = _thread_start(blocks)
    if start is not None:
        for block in blocks[start:]:
            record.add("chrome" if not block.pre and _CHROME_LINE_RE.match(block.text) else "comments", block)
        blocks = blocks[:start]

    kept: list[Block] = []
    seen: set[str] = set()
    for block in blocks:
        if block.pre:
            kept.append(block)
            continue
        if block.standalone and _CHROME_LINE_RE.match(block.text):
            record.add("chrome", block)
            continue
        if block.standalone and block.single and _CREDIT_LINE_RE.match(block.text):
            record.add("credit", block)
            continue
        key = block.text.casefold()
        previous = kept[-1] if kept and not kept[-1].pre else None
        eligible = block.standalone and _prose(block.text)
        # A paragraph of running text printed twice (a wire service's retransmission) goes too, exactly equal;
        # not the note under a table, which each of its tables carries.
        long_paragraph = (
            len(block.text) >= 80
            and block.text.endswith(SENTENCE_END)
            and not (kept and kept[-1].pre)
            and _prose(block.text)
        )
        repeat_anywhere = (eligible or long_paragraph) and key in seen
        repeat_in_a_row = (
            block.standalone
            and len(_WORD_RE.findall(block.text)) >= 2
            and previous is not None
            and (previous.text.casefold() == key or _near_repeat(previous.text, block.text))
        )
        if repeat_anywhere or repeat_in_a_row:
            record.add("repeated", block)
            continue
        seen.add(key)
        kept.append(block)

    merged: list[Block] = []
    for i, block in enumerate(kept):
        following = kept[i + 1] if i + 1 < len(kept) else None
        if (
            block.standalone
            and following is not None
            and not following.pre
            and _headline_of_next(block.text, following.text)
        ):
            record.add("repeated", block)
            continue
        merged.append(block)

    if not meta.get("published"):
        opening = next((b.text for b in kept if not b.pre and len(b.text.split()) >= 8), None)
        day = _inline_dateline_date(opening) if opening else None
        if day:
            meta["published"], meta["date_source"] = day, "dateline"
    recorded = len(record.blocks)
    body_blocks = _drop_header_lines(merged, meta, title, record)
    if merged and not any(b.text.strip() for b in body_blocks):
        # A text that is only a headline-like line (a note typed without a full stop) is its own body.
        del record.blocks[recorded:]
    else:
        merged = body_blocks
    report = CleanReport(removed=record.items())
    return Cleaned(body="\n\n".join(b.render() for b in merged), report=report, **meta)


def _head(blocks: list[Block]) -> list[Block]:
    """The blocks above the first paragraph of running text: where headline, byline and dateline lines are."""
    for i, block in enumerate(blocks):
        if not block.pre and len(block.text.split()) >= 12 and block.text.endswith(SENTENCE_END):
            return blocks[:i]
    return blocks


def _same(a: str | None, b: str | None) -> bool:
    """The same line, whatever its spacing and case; a Markdown heading ('# Title') is its title."""
    if not a or not b:
        return False
    return " ".join(a.lstrip("#").split()).casefold() == " ".join(b.lstrip("#").split()).casefold()


def _drop_header_lines(
    blocks: list[Block], meta: dict[str, str | None], known_title: str | None, record: _Record
) -> list[Block]:
    """Take out the standalone headline, site name, byline and dateline lines at the top, on the record."""
    out = list(blocks)
    title = known_title or meta.get("title")
    source, author = meta.get("source"), meta.get("author")
    index = next((i for i, b in enumerate(out[:8]) if b.standalone and _same(b.text, title)), None)
    if index is not None:
        before = out[:index]
        if all(b.standalone and len(b.text.split()) <= 3 and not b.text.endswith(SENTENCE_END) for b in before):
            for block in before:
                record.add("masthead" if _same(block.text, source) else "chrome", block)
            out = out[index:]
    head, head_end = 0, len(_head(out))
    while head < min(len(out), 12):
        block = out[head]
        kind = None
        in_head = head < head_end
        if block.standalone and block.single:
            if _same(block.text, title) and in_head:
                kind = "headline"
            elif _same(block.text, source):
                kind = "masthead"
            elif _same(block.text, author) or _byline_name(block.text):
                kind = "byline"
            elif in_head and meta.get("date_source") == "dateline" and _dateline_date(block.text):
                kind = "dateline"
        if kind:
            record.add(kind, block)
            out.pop(head)
            head_end -= 1 if in_head else 0
            continue
        head += 1
    return out


def _byline_name(line: str) -> str | None:
    """The name in a byline line ('By Jane Q. Doe', 'BY MARIA LOPEZ, Reuters'), never in a sentence."""
    match = _BYLINE_RE.match(line)
    if not match or len(line.split()) > 8:
        return None
    name = match.group("name")
    trailer = line[match.end("name") :].strip()
    if len(name.split()) < 2 and not line.lower().startswith(("author", "written", "posted")):
        return None
    if len(trailer.split()) > 4 or (trailer.endswith((".", "!", "?")) and len(line.split()) > 5):
        return None
    return "; ".join(_NAMES_SPLIT_RE.split(name))


def _dateline_date(line: str) -> str | None:
    """A line that is only a date, or a place and a date ('Tbilisi, Jan 7, 2022')."""
    if len(line) > 60:
        return None
    match = _PUBLISHED_LINE_RE.match(line)
    candidate = match.group("date") if match else line
    date_match = FULL_DATE_RE.search(candidate)
    if not date_match:
        return None
    before = candidate[: date_match.start()].strip()
    after = candidate[date_match.end() :].strip(" ,.")
    if before and not _PLACE_RE.match(before) or after and not _TIME_RE.match(after):
        return None
    day = full_date_from_match(date_match)
    return day.isoformat() if day else None


# A dateline that opens the first paragraph: 'GENEVA, Jan 10, 2022 (Reuters) - Russian ...', 'Kyiv, 3 March 2022 —'.
_INLINE_PLACE_RE = re.compile(
    r"^[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}(?:\s*,\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2})?"
    r"(?:\s*\([^()]{1,30}\))?\s*,\s*"
)
_INLINE_AFTER_RE = re.compile(r"^,?\s*(?:\([^()]{1,30}\)\s*)?(?:[-–—]{1,2}|:)\s+\S")


def _inline_dateline_date(paragraph: str) -> str | None:
    """The date of a dateline written at the start of the first paragraph (the text itself is kept)."""
    place = _INLINE_PLACE_RE.match(paragraph)
    if not place:
        return None
    date_match = FULL_DATE_RE.match(paragraph, place.end())
    if not date_match or not _INLINE_AFTER_RE.match(paragraph[date_match.end() :]):
        return None
    day = full_date_from_match(date_match)
    return day.isoformat() if day else None


def _masthead(paragraphs: list[str], title: str | None) -> str | None:
    """A short label printed above the headline and again in the page header is the site's name."""
    if not title or title not in paragraphs[:8]:
        return None
    head = paragraphs[:10]
    for line in paragraphs[: paragraphs.index(title)]:
        words = line.split()
        short = 1 <= len(words) <= 4 and not line.endswith(SENTENCE_END) and line[0].isupper()
        if short and head.count(line) > 1:
            return line
    return None


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 25 and len(line) <= 200 and not line.endswith((".", ",", ";")) and line[0].isupper()


_FIRST_LINE_RE = re.compile(r"\A\s*([^\n]+)\n[ \t]*\n\s*\S")


def _short_first_line_title(text: str, blocks: list[Block]) -> str | None:
    """A short first line set apart by a blank line above more text ('Pelican story'): a headline too short
    for the usual rule (three words or more), which a plain text file's writer means as its title."""
    match = _FIRST_LINE_RE.match(text)
    if not match or len(blocks) < 2 or blocks[0].pre or not (blocks[0].standalone and blocks[0].single):
        return None
    line = " ".join(match.group(1).split())
    if line != blocks[0].text or not 1 <= len(line.split()) <= 3 or len(line) > 60:
        return None
    if not (line[0].isupper() or line[0].isdigit()) or line.endswith((*SENTENCE_END, ",")):
        return None
    if _CHROME_LINE_RE.match(line) or _CREDIT_LINE_RE.match(line) or _BYLINE_RE.match(line) or _dateline_date(line):
        return None
    return line


def _person_name(names: str) -> str:
    """Names as written, their initials' dots kept ('A. Nurlanova'); a name in capitals in title case."""
    return "; ".join(n.title() if n.isupper() else n for n in (n.strip() for n in names.split(";")) if n)


def _infer_metadata(paragraphs: list[str], head: int, known_title: str | None) -> dict[str, str | None]:
    """Title, site name, author and date from the standalone lines of the text (the first `head` lines are
    above the running text: only there can a headline or a dateline be)."""
    meta: dict[str, str | None] = {
        "title": None,
        "author": None,
        "published": None,
        "date_source": None,
        "source": None,
    }
    # A headline has four words or more; a three-word line is one only when nothing longer is there (a site's
    # name, 'The Daily Planet', comes before the headline).
    for fewest in (4, 3) if known_title is None else ():
        for line in paragraphs[: min(head, 8)]:
            if _CHROME_LINE_RE.match(line) or _BYLINE_RE.match(line) or _dateline_date(line):
                continue
            if _looks_like_headline(line) and len(line.split()) >= fewest:
                meta["title"] = line
                break
        if meta["title"]:
            break
    meta["source"] = _masthead(paragraphs, known_title or meta["title"])
    for line in paragraphs[:12]:
        name = _byline_name(line)
        if name:
            meta["author"] = _person_name(name)
            break
    if not meta["author"]:
        for line in paragraphs:
            match = _AUTHOR_LINE_RE.match(line)
            if match:
                meta["author"] = _person_name("; ".join(_NAMES_SPLIT_RE.split(match.group("name"))))
                break
    for line in paragraphs[: min(head, 15)]:
        day = _dateline_date(line)
        if day:
            meta["published"], meta["date_source"] = day, "dateline"
            break
    return meta


def clean_html(raw: str, url: str | None = None) -> Cleaned:
    """Extract the main content and metadata of an HTML page with trafilatura, then clean it as text.

    Escape sequences go whole before the page is parsed (a parser would drop only their ESC byte). The
    extracted text is what the page shows: angle brackets and ampersands in it are the author's (escaped
    markup such as `&lt;b&gt;`), so no markup is stripped from it.
    """
    import trafilatura

    raw, control = _strip_control(control_references_decoded(raw))
    early = tuple(Removal(kind, text) for kind, text in control)
    document = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if document is None or not (getattr(document, "text", None) or "").strip():
        fallback = clean_text(raw)
        return replace(fallback, report=CleanReport(removed=(*early, *fallback.report.removed)))
    extracted = _extracted_text(document)
    html_title, source = _title_and_source(raw, document)
    cleaned = clean_text(extracted, title=html_title, markup=False)
    published = _clean_meta(getattr(document, "date", None))
    outside = tuple(
        Removal("headline" if _same(text, html_title) else "byline" if _byline_name(text) else "outside", text)
        for text in outside_of(page_lines(raw), extracted)
    )
    author = authors_as_written(_clean_meta(getattr(document, "author", None)), raw)
    return Cleaned(
        body=cleaned.body,
        report=CleanReport(removed=(*early, *outside, *cleaned.report.removed), html_extracted=True),
        title=html_title or cleaned.title,
        author=author or cleaned.author,
        published=published[:10] if published else cleaned.published,
        date_source=_date_source(raw, published[:10]) if published else cleaned.date_source,
        source=source,
        url=_clean_meta(getattr(document, "url", None)) or url,
    )


def _date_source(raw: str, day: str) -> str:
    """Where trafilatura's date came from: the page's metadata, or (its search goes on into the text when the
    metadata has none) the page text."""
    from htmldate import find_date

    try:
        from_metadata = find_date(raw, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a second opinion only: the label falls back to the cautious one
        from_metadata = None
    return "HTML metadata" if from_metadata == day else "page text"


def _extracted_text(document: object) -> str:
    """The page's main text as the page shows it. trafilatura's own text decodes entities a second time
    (`&amp;lt;`, shown on the page as '&lt;', would become '<'), so its tree is written out without that."""
    text = getattr(document, "text", None) or ""
    body = getattr(document, "body", None)
    try:
        from trafilatura.utils import sanitize
        from trafilatura.xml import process_element
    except ImportError:
        return text
    if body is None:
        return text
    parts: list[str] = []
    process_element(body, parts, False)
    return sanitize("".join(parts), True) or text


def _title_and_source(raw: str, document: object) -> tuple[str | None, str | None]:
    """The headline and the site's name: the page's metadata names the site (og:site_name, application-name,
    JSON-LD publisher), else a suffix of the title after a separator ('Talks end | The Daily') does. The
    site's name never stays at the end of the headline."""
    title = _clean_meta(getattr(document, "title", None))
    source = _clean_meta(getattr(document, "sitename", None))
    if source:
        return strip_site(title, source), source
    page_title, headline = title_element(raw), headline_element(raw)
    split = title_suffix(title, headline) or title_suffix(page_title, headline)
    if split:
        return strip_site(title, split[1]), split[1]
    if title and page_title and page_title.startswith(f"{title} ") and not headline:
        return page_title, None  # trafilatura cut the title at a dash that is the headline's own
    return title, None


def _clean_meta(value: object) -> str | None:
    if not value:
        return None
    text, _ = strip_control(str(value))
    text = " ".join(text.split())
    return text or None


def looks_like_html_document(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<head" in head and "<body" in text[:65536].lower())
