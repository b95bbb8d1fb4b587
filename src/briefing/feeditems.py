"""What one feed item says: its keys (GUID, link), its text and whether that is the whole article, its date.

Plain functions over feedparser's entries, used by briefing.follow in its worker threads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from typing import Any

from briefing.clean import strip_control
from briefing.fetch import FEED_TYPES

FULL_TEXT_CHARS = 1500  # a summary this long (and not cut short) is taken as the whole article
FULL_TEXT_WORDS = 80  # a content element this long (and not cut short) is the whole article
_TRUNCATED = re.compile(r"(\[(?:…|\.\.\.)\]|…|\.\.\.|read more|continue reading|more\s*»)\s*$", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def xml_problem(parsed: Any) -> str | None:
    """The XML error feedparser met, as 'line N: what' (None when the document was well-formed)."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    line = getattr(exc, "getLineNumber", None)
    if line is None:
        return None  # an encoding or content-type remark, not a broken document
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"line {line()}: {message}"


def clean_line(value: Any) -> str:
    if not value:
        return ""
    text = html.unescape(_TAGS.sub(" ", str(value)))
    return " ".join(strip_control(text)[0].split())[:500]


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def text_of(item: Any) -> tuple[str, bool]:
    """The item's best HTML text, and whether it is the whole article (not just a summary).

    A content element (content:encoded, atom:content) carries the article unless it is short and no longer
    than the summary, or ends in "read more"/"…"; a summary alone is the article only when it is long.
    """
    summary = str(item.get("summary") or "")
    contents = [str(c.get("value") or "") for c in item.get("content") or [] if isinstance(c, dict)]
    content = max(contents, key=len, default="")
    plain_summary, plain_content = plain_text(summary), plain_text(content)
    if plain_content:
        cut = bool(_TRUNCATED.search(plain_content))
        longer = len(plain_content) > len(plain_summary) + 20 or len(plain_content.split()) >= FULL_TEXT_WORDS
        if longer and not cut:
            return content, True
    best, plain = (content, plain_content) if len(plain_content) >= len(plain_summary) else (summary, plain_summary)
    whole = len(plain) >= FULL_TEXT_CHARS and not _TRUNCATED.search(plain)
    return best, whole


def keys_of(item: Any) -> tuple[str, ...]:
    keys = []
    if item.get("id"):
        keys.append("id:" + str(item["id"]).strip())
    if item.get("link"):
        keys.append("link:" + str(item["link"]).strip())
    if not keys:
        digest = hashlib.sha256(f"{item.get('title')}\n{item.get('summary')}".encode()).hexdigest()[:32]
        keys.append("text:" + digest)
    return tuple(keys)


def date_of(item: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = item.get(key)
        if value:
            try:
                day = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, ValueError):
                continue
            if dt.date(1900, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=2):
                return day.isoformat()
    return None


_ALTERNATE = re.compile(r"<link\b[^>]*>", re.IGNORECASE)


def feed_link(html_head: str, base: str) -> str | None:
    """The feed a web page announces (<link rel="alternate" type="application/rss+xml" href=...>), if any."""
    from urllib.parse import urljoin

    for tag in _ALTERNATE.findall(html_head):
        attrs = dict((m.group(1).lower(), m.group(3)) for m in re.finditer(r"""([\w-]+)\s*=\s*(["'])(.*?)\2""", tag))
        if "alternate" in attrs.get("rel", "").lower().split() and attrs.get("type", "").lower() in FEED_TYPES:
            href = html.unescape(attrs.get("href", "")).strip()
            if href:
                return urljoin(base, href)
    return None
