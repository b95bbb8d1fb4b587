"""Subscriptions in and out: OPML (1.0 and 2.0, what every feed reader exports) and newsboat's `urls` file.

OPML is parsed with lxml without entity expansion, DTDs or network access; feeds inside folders get the folder
names as tags, and OPML 2.0 `category` attributes (newsboat's `--export-to-opml2`) become tags too.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from briefing.clean import strip_control
from briefing.errors import BriefingError
from briefing.feeds import Feed

MAX_OPML_BYTES = 5 * 1024 * 1024


class OpmlError(BriefingError):
    """A subscriptions file that cannot be read."""


@dataclass(frozen=True)
class Subscription:
    url: str
    name: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Subscriptions:
    items: tuple[Subscription, ...]
    skipped: tuple[str, ...]  # one line per entry that is not a feed briefing can follow


def read_subscriptions(path: Path) -> Subscriptions:
    """An OPML file, or a newsboat `urls` file (one URL a line, then tags and a "~name")."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise OpmlError(f"{path}: larger than {MAX_OPML_BYTES // (1024 * 1024)} MB; not a subscriptions file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise OpmlError(f"{path}: no such file") from None
    except OSError as exc:
        raise OpmlError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _read_opml(data, path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpmlError(f"{path}: neither OPML nor a UTF-8 list of URLs (byte {exc.start})") from None
    return _read_urls_file(text, path)


def _one_line(value: object) -> str:
    return " ".join(strip_control(str(value or ""))[0].split())


def _read_opml(data: bytes, path: Path) -> Subscriptions:
    from lxml import etree

    if b"<!entity" in data.lower():  # OPML never needs them; libxml2 would expand them inside attributes
        raise OpmlError(f"{path}: refused: the file declares XML entities (an OPML export never does)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise OpmlError(f"{path}: not valid OPML: malformed XML{line} ({_one_line(exc.msg)})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        raise OpmlError(f"{path}: not OPML (the document is <{etree.QName(root).localname}>, not <opml>)")
    body = next((child for child in root if isinstance(child.tag, str) and child.tag.lower() == "body"), None)
    if body is None:
        raise OpmlError(f"{path}: OPML without a <body>")
    items: list[Subscription] = []
    skipped: list[str] = []

    def walk(node: object, folders: tuple[str, ...]) -> None:
        for outline in node:  # type: ignore[attr-defined]
            if not isinstance(outline.tag, str) or outline.tag.lower() != "outline":
                continue
            attrs = {k.lower() if isinstance(k, str) else k: v for k, v in outline.attrib.items()}
            label = _one_line(attrs.get("title") or attrs.get("text"))
            url = (attrs.get("xmlurl") or "").strip()
            if url:
                tags = list(folders)
                for category in (attrs.get("category") or "").split(","):
                    tag = _one_line(category.strip().strip("/").rsplit("/", 1)[-1])
                    if tag:
                        tags.append(tag)
                items.append(Subscription(url, label or None, tuple(dict.fromkeys(tags))))
            elif len(outline):
                walk(outline, (*folders, label) if label else folders)
            elif label and attrs.get("type") not in (None, "", "text"):
                skipped.append(f"{path.name}: outline {label!r} has no xmlUrl; skipped")

    walk(body, ())
    return Subscriptions(tuple(items), tuple(skipped))


def _read_urls_file(text: str, path: Path) -> Subscriptions:
    """newsboat's urls file: `URL tag "two words" "~Display name" "!hidden-tag"`, # comments."""
    items: list[Subscription] = []
    skipped: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=False)
        except ValueError:
            skipped.append(f"{path.name}:{number}: unbalanced quotes; skipped")
            continue
        url, rest = words[0], words[1:]
        if url.startswith(("query:", "exec:", "filter:")):
            skipped.append(f"{path.name}:{number}: {url.split(':', 1)[0]}: feeds are newsboat's own; skipped")
            continue
        if not url.lower().startswith(("http://", "https://")):
            skipped.append(f"{path.name}:{number}: {_one_line(url)[:80]!r} is not an http(s) URL; skipped")
            continue
        name = next((w[1:] for w in rest if w.startswith("~")), None)
        tags = tuple(dict.fromkeys(_one_line(w.lstrip("!")) for w in rest if not w.startswith("~") and w.strip("!")))
        items.append(Subscription(url, _one_line(name) or None if name else None, tags))
    return Subscriptions(tuple(items), tuple(skipped))


def render_opml(feeds: Iterable[Feed], title: str = "briefing subscriptions") -> str:
    """OPML 2.0: one outline per feed, its tags in `category` (what newsboat --export-to-opml2 writes)."""
    created = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{created}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        attrs = [
            ("type", "rss"),
            ("text", feed.name),
            ("title", feed.name),
            ("xmlUrl", feed.url),
        ]
        if feed.tags:
            attrs.append(("category", ",".join(t.replace(",", " ") for t in feed.tags)))
        lines.append("    <outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs) + "/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
