"""Raw web text or HTML -> a clean article body, with a report of what was removed and what was inferred.

The cleaner works line by line and only ever drops whole lines that are page furniture (tags, menus,
share buttons, comment threads, repeated captions); it never cuts into a sentence of the article.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from briefing.dates import FULL_DATE_RE, full_date_from_match

# Every C0/C1 control character but newline and tab, plus the bidi overrides a terminal would obey.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->|<!\w[^<>]*>", re.DOTALL)
_OPEN_TAG_AT_EOL_RE = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s[^<>\n]*$", re.MULTILINE)
_TAG_DEBRIS_RE = re.compile(r"(?<!\S)/?>(?!\S)")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")

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
    r")[\s.!:]*$",
    re.IGNORECASE,
)
_THREAD_HEADER_RE = re.compile(
    r"^(?:\d+\s+comments?(?:\(s\))?|comments?(?:\s*\(\d+\))?|reader\s+comments|comment\s+policy\b.*"
    r"|(?:leave|post|add|write)\s+(?:a|your)\s+(?:comment|reply)"
    r"|\d+\s+(?:responses?|replies|thoughts)\s+(?:to|on)\b.*|join\s+the\s+(?:discussion|conversation))[\s.!:]*$",
    re.IGNORECASE,
)
_REPLY_RE = re.compile(r"^reply[\s.!]*$", re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"^(?i:by|author:|written\s+by|posted\s+by)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*(?:[,(|–—-].*)?$"
)
_AUTHOR_LINE_RE = re.compile(
    r"^author:\s*(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*(?:[,(|–—-].*)?$", re.IGNORECASE
)
_DATELINE_RE = re.compile(r"^(?:(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}),?\s+)?(?P<date>.+?)\s*$")
_PUBLISHED_LINE_RE = re.compile(r"^(?:published|posted|updated|date)(?:\s+on)?\s*:?\s*(?P<date>.+)$", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", "…", "”", '"', ":", ";", "’", "'", ")")
_WORD_RE = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class CleanReport:
    """What the cleaner removed, in counts the ingest summary prints."""

    tags: int = 0
    entities: int = 0
    control_chars: int = 0
    repeated: int = 0
    chrome: int = 0
    comments: int = 0
    html_extracted: bool = False

    def summary(self) -> str:
        parts = []
        if self.html_extracted:
            parts.append("main content extracted from HTML")
        if self.tags:
            parts.append(f"removed {self.tags} HTML tag{_s(self.tags)}")
        if self.entities:
            parts.append(f"decoded {self.entities} entit{'y' if self.entities == 1 else 'ies'}")
        if self.comments:
            parts.append(f"dropped {self.comments} comment line{_s(self.comments)}")
        if self.repeated:
            parts.append(f"{self.repeated} repeated line{_s(self.repeated)}/caption{_s(self.repeated)}")
        if self.chrome:
            parts.append(f"{self.chrome} page-chrome line{_s(self.chrome)}")
        if self.control_chars:
            parts.append(f"stripped {self.control_chars} control character{_s(self.control_chars)}")
        return ", ".join(parts) if parts else "nothing to clean"


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


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def strip_control(text: str) -> tuple[str, int]:
    """Remove terminal control characters (ANSI escapes included), keeping newlines and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?", "\x1b", text)
    cleaned, count = _CONTROL_RE.subn("", text)
    return cleaned, count


def _strip_markup(text: str) -> tuple[str, int, int]:
    text, unfinished = _OPEN_TAG_AT_EOL_RE.subn("", text)
    text, tags = _TAG_RE.subn(" ", text)
    text, debris = _TAG_DEBRIS_RE.subn("", text)
    entities = len(_ENTITY_RE.findall(text))
    if entities:
        text = html.unescape(text)
    return text, tags + unfinished + debris, entities


def _normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(line.split())


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True for newswire-style text whose paragraphs are broken into short lines."""
    content = [line.strip() for line in lines if line.strip()]
    if len(content) < 4:
        return False
    long_lines = sum(1 for line in content if len(line) > 100)
    unfinished = sum(1 for line in content if not line.endswith(_SENTENCE_END))
    return long_lines <= len(content) * 0.05 and unfinished >= len(content) * 0.5


def paragraphs_of(text: str) -> list[str]:
    """Split text into paragraphs: blank lines always separate; lines do too unless the text is hard-wrapped."""
    lines = text.split("\n")
    if not _is_hard_wrapped(lines):
        return [p for p in (_normalise_line(line) for line in lines) if p]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    base = min(indents) if indents else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        indented = len(line) - len(line.lstrip()) > base
        if indented and current:
            paragraphs.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in (_normalise_line(p) for p in paragraphs) if p]


def _content_words(text: str) -> list[str]:
    return [w.lower()[:5] for w in _WORD_RE.findall(text)]


def _near_repeat(previous: str, line: str) -> bool:
    """A caption printed twice with a small edit, or a caption headline followed by the caption itself."""
    from rapidfuzz import fuzz

    if min(len(previous), len(line)) >= 30 and fuzz.ratio(previous, line) >= 90:
        return True
    return False


def _headline_of_next(line: str, following: str) -> bool:
    """A short unpunctuated line whose words nearly all recur in the paragraph right after it."""
    if len(line) >= len(following) or line.endswith(_SENTENCE_END):
        return False
    words = _content_words(line)
    if len(words) < 5 or len(words) > 14:
        return False
    following_words = set(_content_words(following))
    return sum(1 for w in words if w in following_words) >= 0.8 * len(words)


def _drop_comment_thread(paragraphs: list[str]) -> tuple[list[str], int, int]:
    """Cut a trailing reader-comment thread; returns kept paragraphs, comment lines and chrome lines dropped."""
    replies = [i for i, p in enumerate(paragraphs) if _REPLY_RE.match(p)]
    for i, paragraph in enumerate(paragraphs):
        if i == 0 or not _THREAD_HEADER_RE.match(paragraph):
            continue
        rest = paragraphs[i:]
        late = i >= len(paragraphs) * 0.5
        thread_follows = any(r > i for r in replies)
        only_chrome_after = all(_CHROME_LINE_RE.match(p) or len(p) < 40 for p in rest[1:])
        if thread_follows or (late and only_chrome_after):
            chrome = sum(1 for p in rest if _CHROME_LINE_RE.match(p))
            return paragraphs[:i], len(rest) - chrome, chrome
    return paragraphs, 0, 0


def clean_text(raw: str) -> Cleaned:
    """Clean text copied from a web page (possibly with HTML debris) into paragraphs, and infer metadata."""
    text, control = strip_control(raw)
    text, tags, entities = _strip_markup(text)
    paragraphs = paragraphs_of(text)
    meta = _infer_metadata(paragraphs)
    paragraphs, comments, chrome = _drop_comment_thread(paragraphs)

    kept: list[str] = []
    repeated = 0
    seen: set[str] = set()
    for paragraph in paragraphs:
        if _CHROME_LINE_RE.match(paragraph):
            chrome += 1
            continue
        key = paragraph.casefold()
        repeat_anywhere = key in seen and (len(paragraph) >= 20 or len(paragraph.split()) >= 3)
        repeat_in_a_row = bool(kept) and (kept[-1].casefold() == key or _near_repeat(kept[-1], paragraph))
        if repeat_anywhere or repeat_in_a_row:
            repeated += 1
            continue
        seen.add(key)
        kept.append(paragraph)

    merged: list[str] = []
    for i, paragraph in enumerate(kept):
        if i + 1 < len(kept) and _headline_of_next(paragraph, kept[i + 1]):
            repeated += 1
            continue
        merged.append(paragraph)

    merged = _drop_header_lines(merged, meta)
    report = CleanReport(
        tags=tags, entities=entities, control_chars=control, repeated=repeated, chrome=chrome, comments=comments
    )
    return Cleaned(body="\n\n".join(merged), report=report, **meta)


def _drop_header_lines(paragraphs: list[str], meta: dict[str, str | None]) -> list[str]:
    """Remove the headline (kept as the title), a repeated headline, the byline and the dateline line."""
    out = list(paragraphs)
    title, source, author = meta.get("title"), meta.get("source"), meta.get("author")
    if title in out[:8]:
        before_title = out[: out.index(title)]
        if all(len(line.split()) <= 3 and not line.endswith(_SENTENCE_END) for line in before_title):
            out = out[len(before_title) :]
    head = 0
    while head < min(len(out), 12):
        line = out[head]
        if line in (title, source, author):
            out.pop(head)
            continue
        if _BYLINE_RE.match(line) and len(line.split()) <= 8:
            out.pop(head)
            continue
        if meta.get("date_source") == "dateline" and _dateline_date(line):
            out.pop(head)
            continue
        head += 1
    return out


def _dateline_date(line: str) -> str | None:
    """A line that is only a date, or a place and a date ('Tbilisi, Jan 7, 2022')."""
    if len(line) > 60:
        return None
    match = _PUBLISHED_LINE_RE.match(line)
    candidate = match.group("date") if match else line
    date_match = FULL_DATE_RE.search(candidate)
    if not date_match:
        return None
    leftover = (candidate[: date_match.start()] + candidate[date_match.end() :]).strip(" ,.-–—|")
    if leftover and not _DATELINE_RE.match(leftover) or len(leftover.split()) > 4:
        return None
    if leftover and not leftover[0].isupper():
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
        short = 1 <= len(words) <= 4 and not line.endswith(_SENTENCE_END) and line[0].isupper()
        if short and head.count(line) > 1:
            return line
    return None


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 25 and len(line) <= 200 and not line.endswith((".", ",", ";")) and line[0].isupper()


def _person_name(name: str) -> str:
    name = name.strip()
    return name.title() if name.isupper() else name


def _infer_metadata(paragraphs: list[str]) -> dict[str, str | None]:
    meta: dict[str, str | None] = {
        "title": None,
        "author": None,
        "published": None,
        "date_source": None,
        "source": None,
    }
    for line in paragraphs[:8]:
        if _CHROME_LINE_RE.match(line) or _BYLINE_RE.match(line) or _dateline_date(line):
            continue
        if _looks_like_headline(line):
            meta["title"] = line
            break
    meta["source"] = _masthead(paragraphs, meta["title"])
    for line in paragraphs[:12]:
        match = _BYLINE_RE.match(line)
        if match and len(line.split()) <= 8:
            meta["author"] = _person_name(match.group("name"))
            break
    if not meta["author"]:
        for line in paragraphs:
            match = _AUTHOR_LINE_RE.match(line)
            if match:
                meta["author"] = _person_name(match.group("name"))
                break
    for line in paragraphs[:15]:
        day = _dateline_date(line)
        if day:
            meta["published"], meta["date_source"] = day, "dateline"
            break
    return meta


def clean_html(raw: str, url: str | None = None) -> Cleaned:
    """Extract the main content and metadata of an HTML page with trafilatura, then clean it as text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if document is None or not (getattr(document, "text", None) or "").strip():
        fallback = clean_text(raw)
        return fallback
    text = document.text or ""
    cleaned = clean_text(text)
    html_title = _clean_meta(getattr(document, "title", None))
    published = _clean_meta(getattr(document, "date", None))
    report = CleanReport(
        tags=cleaned.report.tags,
        entities=cleaned.report.entities,
        control_chars=cleaned.report.control_chars,
        repeated=cleaned.report.repeated,
        chrome=cleaned.report.chrome,
        comments=cleaned.report.comments,
        html_extracted=True,
    )
    body = cleaned.body
    if html_title and body.startswith(html_title + "\n\n"):
        body = body[len(html_title) + 2 :]
    return Cleaned(
        body=body,
        report=report,
        title=html_title or cleaned.title,
        author=_clean_meta(getattr(document, "author", None)) or cleaned.author,
        published=published[:10] if published else cleaned.published,
        date_source="HTML metadata" if published else cleaned.date_source,
        source=_clean_meta(getattr(document, "sitename", None)),
        url=_clean_meta(getattr(document, "url", None)) or url,
    )


def _clean_meta(value: object) -> str | None:
    if not value:
        return None
    text, _ = strip_control(str(value))
    text = " ".join(text.split())
    return text or None


def looks_like_html_document(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<head" in head and "<body" in text[:65536].lower())
