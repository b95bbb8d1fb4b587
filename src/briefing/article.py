"""An article of the corpus and its file: Markdown with YAML front matter (read, parsed, rendered, written).

Every problem reading a file is a one-line CorpusError naming it; a file is written atomically and never over
another unless asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.clean import strip_control
from briefing.dates import normalise_partial, partial_bounds
from briefing.errors import CorpusError, DateError, IngestError, YamlProblem
from briefing.fsio import atomic_write_text, dump_yaml, safe_load_yaml
from briefing.paths import article_file, is_valid_id
from briefing.rawtext import MAX_FILE_BYTES, human_size

KNOWN_KEYS = ("id", "title", "source", "author", "published", "url", "tags", "ingested", "original", "sha256")
KNOWN_KEYS += ("removed",)  # the ingest's record of what it took out of the raw text
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n?", re.DOTALL)


@dataclass(frozen=True)
class Article:
    """One article of the corpus: its metadata and its clean body."""

    id: str
    title: str
    body: str
    source: str = ""
    author: str | None = None
    published: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    ingested: str | None = None
    original: str | None = None
    sha256: str | None = None
    # What ingest took out of the raw text, kind -> removed texts (see briefing.clean.KINDS); {} when nothing
    # was, None when there is no record (a hand-written file, or one ingested before the record was kept).
    removed: dict[str, list[str]] | None = field(default=None, compare=False, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    path: Path | None = field(default=None, compare=False)

    @property
    def published_start(self) -> dt.date | None:
        """The first day the publication date can mean (a partial date covers a month or a year)."""
        return partial_bounds(self.published)[0] if self.published else None

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(body_key(self.body).encode("utf-8")).hexdigest()

    def front_matter(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title, "source": self.source}
        if self.author:
            data["author"] = self.author
        if self.published:
            data["published"] = self.published
        if self.url:
            data["url"] = self.url
        data["tags"] = list(self.tags)
        for key in ("ingested", "original", "sha256"):
            value = getattr(self, key)
            if value:
                data[key] = value
        if self.removed is not None:
            data["removed"] = {kind: list(texts) for kind, texts in self.removed.items()}
        for key, value in self.extra.items():
            if key not in data:
                data[key] = value
        return data


def body_key(body: str) -> str:
    """What two bodies must share to be the same text: the words, whatever the spacing and case."""
    return " ".join(body.split()).casefold()


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest publication first; undated articles last, then by title."""
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.published or "", a.id), reverse=True)
    undated = sorted((a for a in articles if not a.published), key=lambda a: a.title.casefold())
    return dated + undated


def render_article(article: Article) -> str:
    header = dump_yaml(article.front_matter())
    body = article.body.strip("\n")
    return f"---\n{header}---\n\n{body}\n"


def parse_article(text: str, path: Path) -> Article:
    """Parse the text of a corpus file; every problem is a CorpusError naming the file."""
    name = path.name
    if not text.strip():
        raise CorpusError(f"{name}: empty file")
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise CorpusError(f"{name}: no YAML front matter (the file must start with a '---' line)")
    try:
        data = safe_load_yaml(match.group(1) or "", first_line=2)
    except YamlProblem as exc:
        where = "malformed front matter at " if str(exc).startswith("line ") else ""
        raise CorpusError(f"{name}: {where}{exc}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{name}: front matter is not a mapping of keys to values")
    article_id = data.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)  # `id: 12345` is a fine slug, read by YAML as a number
    if not isinstance(article_id, str) or not article_id:
        raise CorpusError(f"{name}: front matter has no 'id'")
    if "/" in article_id or ".." in article_id or "\\" in article_id:
        raise CorpusError(f"{name}: id {article_id!r} contains a path separator or '..'")
    if not is_valid_id(article_id):
        raise CorpusError(f"{name}: id {article_id!r} is not a slug of lowercase letters, digits and '-'")
    if article_id != path.stem:
        raise CorpusError(f"{name}: id {article_id!r} does not match the file name {path.stem!r}")
    try:
        title = scalar_text(data.get("title"), "title")
        source, author, url, original, sha256 = (
            scalar_text(data.get(key), key) for key in ("source", "author", "url", "original", "sha256")
        )
        tags = split_tags(data.get("tags"))
    except IngestError as exc:
        raise CorpusError(f"{name}: {exc}") from None
    title = one_line(title or "")  # a title of control characters only is no title
    if not title:
        raise CorpusError(f"{name}: front matter has no 'title'")
    published = data.get("published")
    if published not in (None, ""):
        try:
            published = normalise_partial(published, "published date")
        except DateError as exc:
            raise CorpusError(f"{name}: {exc}") from None
    else:
        published = None
    ingested = data.get("ingested")
    if isinstance(ingested, dt.datetime | dt.date):
        ingested = ingested.isoformat()
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    from briefing.clean import removal_record

    removed = removal_record(data["removed"]) if "removed" in data else None
    if removed is None and "removed" in data:
        extra["removed"] = data["removed"]
    return Article(
        id=article_id,
        title=title,
        body=text[match.end() :].strip("\n"),
        source=one_line(source or ""),
        author=one_line(author) if author else None,
        published=published,
        url=url or None,
        tags=tags,
        ingested=str(ingested) if ingested else None,
        original=original or None,
        sha256=sha256 or None,
        removed=removed,
        extra=extra,
        path=path,
    )


def scalar_text(value: Any, key: str) -> str | None:
    """A metadata value as text: numbers, dates and booleans are written out; a list or mapping is refused."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    raise IngestError(f"'{key}' must be text, not {_kind(value)}")


def split_tags(value: Any) -> tuple[str, ...]:
    """Tags from a list of words, or from one comma-separated string ("russia, nato"); never single letters."""
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    tags: list[str] = []
    for item in items:
        if isinstance(item, list | tuple | dict | set | bytes):
            raise IngestError(f"'tags' must be a list of words or a comma-separated text, not {_kind(item)} inside")
        text = scalar_text(item, "tags") or ""
        tags.extend(part for part in (one_line(p) for p in text.split(",")) if part and part not in tags)
    return tuple(dict.fromkeys(tags))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    return f"a {type(value).__name__} value"


def one_line(text: str) -> str:
    return " ".join(strip_control(text)[0].split())


def read_article(path: Path) -> Article:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a huge file dropped in the corpus is never read whole
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    return article_from_bytes(raw, path)


def article_from_bytes(raw: bytes, path: Path) -> Article:
    """The article in the bytes read from `path` (at most MAX_FILE_BYTES + 1 of them): read once, parsed here."""
    if len(raw) > MAX_FILE_BYTES:
        raise CorpusError(f"{path.name}: too large (over {human_size(MAX_FILE_BYTES)}); not read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path.name}: not UTF-8 (byte {exc.start})") from None
    return parse_article(text, path)


def write_article(corpus: Path, article: Article, *, replace_existing: bool = False, sync_folder: bool = True) -> Path:
    """Write an article file atomically; never touches the article's notes file. `sync_folder=False`: the
    caller fsyncs the corpus folder after a batch of articles (see fsio.atomic_write_text)."""
    corpus = Path(corpus)
    try:
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot create the corpus folder ({exc.strerror or exc})") from None
    path = article_file(corpus, article.id)
    if path.exists() and not replace_existing:
        raise CorpusError(f"{path.name} exists already (use --replace to overwrite it)")
    try:
        atomic_write_text(path, render_article(article), sync_folder=sync_folder)
    except OSError as exc:  # full disk, read-only corpus: the old file, if any, is as it was
        raise CorpusError(f"{path.name}: cannot write ({exc.strerror or exc})") from None
    return path
