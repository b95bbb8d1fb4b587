"""Ingest: raw files, folders and collections (text, Markdown, HTML, JSON lines) cleaned into corpus articles,
duplicates refused, one outcome per document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.article import (
    FRONT_MATTER_RE,
    Article,
    body_key,
    one_line,
    read_article,
    scalar_text,
    split_tags,
    write_article,
)
from briefing.clean import Cleaned, Removal, clean_html, clean_text, looks_like_html_document
from briefing.corpus_scan import article_paths
from briefing.dates import normalise_partial
from briefing.errors import BriefingError, CorpusError, DateError, DuplicateArticle, IngestError, YamlProblem
from briefing.fsio import fsync_folder, safe_load_yaml
from briefing.paths import NOTES_SUFFIX, article_file, is_valid_id
from briefing.rawtext import MAX_FILE_BYTES, decode_with_note, human_size

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
INGESTIBLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SYNC_EVERY = 256  # articles written between two fsyncs of the corpus folder


@dataclass(frozen=True)
class Overrides:
    """Metadata the user sets by hand for a single ingested file."""

    id: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    tags: tuple[str, ...] | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def is_empty(self) -> bool:
        return not any((self.id, self.title, self.published, self.source, self.author, self.tags, self.extra))


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one raw file (or one line of a collection)."""

    origin: str
    status: str  # "added", "replaced", "skipped" or "error"
    message: str
    article_id: str | None = None
    removed: tuple[Removal, ...] = ()  # every removal the cleaner made, for `briefing add --verbose`


@dataclass(frozen=True)
class RawDocument:
    origin: str
    original: str
    raw_bytes: bytes
    text: str
    kind: str  # "text", "html" or "record"
    record: dict[str, Any] | None = None
    decoding_note: str | None = None  # "2 lines not in UTF-8 read as cp1252"
    url: str | None = None  # where a fetched page came from (recorded as the article's url)


def slugify(text: str, max_length: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-") or "article"


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    resolved = path.resolve()
    return resolved == folder or folder in resolved.parents


def iter_raw(paths: Iterable[Path], *, corpus: Path | None = None) -> Iterator[RawDocument | IngestOutcome]:
    """Every raw document under the given files and folders; unreadable ones as error outcomes.

    Files inside `corpus` are articles already: they are skipped (adding the corpus onto itself changes nothing).
    """
    corpus_dir = Path(corpus).resolve() if corpus is not None else None
    for root in paths:
        root = Path(root)
        if _inside(root, corpus_dir):
            yield IngestOutcome(str(root), "skipped", "inside the corpus folder: its articles are in the corpus")
            continue
        if root.is_dir():
            found = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in INGESTIBLE)
            files = [p for p in found if not _inside(p, corpus_dir)]
            if len(files) < len(found) and corpus_dir is not None:
                yield IngestOutcome(str(corpus_dir), "skipped", "the corpus folder is not ingested into itself")
            if not found:
                yield IngestOutcome(str(root), "skipped", "no .txt, .md, .html or .jsonl files in this folder")
        elif root.exists():
            files = [root]
        else:
            yield IngestOutcome(str(root), "error", "no such file or folder")
            continue
        for path in files:
            suffix = path.suffix.lower()
            if path.name.endswith(NOTES_SUFFIX):
                continue
            if suffix not in INGESTIBLE:
                yield IngestOutcome(str(path), "error", f"unsupported file type {suffix or '(none)'}")
                continue
            try:
                if suffix in JSONL_SUFFIXES:
                    yield from _iter_jsonl(path)
                    continue
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    limit = human_size(MAX_FILE_BYTES)
                    raise IngestError(f"too large ({human_size(size)}; one article may be {limit} at most)")
                data = path.read_bytes()
                text, note = decode_with_note(data, path.name)
            except IngestError as exc:
                yield IngestOutcome(str(path), "error", str(exc).removeprefix(f"{path.name}: "))
                continue
            except OSError as exc:
                yield IngestOutcome(str(path), "error", f"cannot read ({exc.strerror or exc})")
                continue
            kind = "html" if suffix in HTML_SUFFIXES or looks_like_html_document(text) else "text"
            yield RawDocument(str(path), path.name, data, text, kind, decoding_note=note)


def count_documents(paths: Iterable[Path]) -> int:
    """How many documents `iter_raw` will yield, roughly (a cheap count for progress bars)."""
    total = 0
    for root in paths:
        root = Path(root)
        files = [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else [root]
        for path in files:
            if path.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with path.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            elif path.suffix.lower() in INGESTIBLE or not root.is_dir():
                total += 1
    return total


def _iter_jsonl(path: Path) -> Iterator[RawDocument | IngestOutcome]:
    """A collection, read line by line (a large file is never in memory whole)."""
    with path.open("rb") as handle:
        number = 0
        while True:
            line = handle.readline(MAX_FILE_BYTES + 1)
            if not line:
                break
            number += 1
            origin = f"{path}:{number}"
            if len(line) > MAX_FILE_BYTES:
                while line and not line.endswith(b"\n"):  # skip the rest of that line
                    line = handle.readline(1 << 20)
                yield IngestOutcome(origin, "error", f"line too large (over {human_size(MAX_FILE_BYTES)})")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                yield IngestOutcome(origin, "error", f"not a JSON object ({exc.__class__.__name__})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("body"), str) or not record["body"].strip():
                yield IngestOutcome(origin, "error", "a collection line needs a non-empty 'body'")
                continue
            raw = line.removesuffix(b"\n")
            yield RawDocument(origin, f"{path.name}#L{number}", raw, record["body"], "record", record)


def _front_matter_of_markdown(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown file the user wrote may carry its own front matter; use it as metadata."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    try:
        data = safe_load_yaml(match.group(1) or "", first_line=2)
    except YamlProblem as exc:
        where = "malformed front matter at " if str(exc).startswith("line ") else "front matter "
        raise IngestError(f"{where}{exc}") from None
    return (data if isinstance(data, dict) else {}), text[match.end() :]


class Ingester:
    """Adds raw documents to a corpus, refusing duplicates; one instance for one `briefing add` run."""

    def __init__(
        self, corpus: Path, *, replace_existing: bool = False, now: dt.datetime | None = None, batch: bool = False
    ) -> None:
        """`batch`: the corpus folder is fsynced every SYNC_EVERY articles and by `sync()`, which the caller
        calls at the end, instead of after every article (a large import goes twice as fast)."""
        self.corpus = Path(corpus)
        self.batch = batch
        self.replace_existing = replace_existing
        self.now = now
        self.ids: set[str] = set()
        self.by_sha: dict[str, str] = {}
        self.by_body: dict[str, str] = {}
        self.by_original: dict[str, str] = {}
        self.unsynced = 0  # articles written since the corpus folder was last fsynced
        for path in article_paths(self.corpus):
            self.ids.add(path.stem)
            keys = _dedupe_keys(path)
            if keys is None:
                continue
            sha, original, body_hash = keys
            if sha:
                self.by_sha[sha] = path.stem
            if original:
                self.by_original[original] = path.stem
            self.by_body[body_hash] = path.stem

    def sync(self) -> None:
        """Make the names of the articles written so far durable (each file's content is fsynced as it is
        written, so a crash before this loses new names, never a part of a file)."""
        if self.unsynced:
            self.unsynced = 0
            fsync_folder(self.corpus)

    def ingest(self, doc: RawDocument, overrides: Overrides | None = None) -> IngestOutcome:
        try:
            return self._ingest(doc, overrides or Overrides())
        except DuplicateArticle as exc:
            return IngestOutcome(doc.origin, "skipped", str(exc), exc.existing_id)
        except BriefingError as exc:
            return IngestOutcome(doc.origin, "error", str(exc))

    def _ingest(self, doc: RawDocument, overrides: Overrides) -> IngestOutcome:
        sha = hashlib.sha256(doc.raw_bytes).hexdigest()
        cleaned, meta = self._clean(doc, overrides)
        if not cleaned.body.strip():
            raise IngestError("no article text left after cleaning")
        body_hash = hashlib.sha256(body_key(cleaned.body).encode("utf-8")).hexdigest()
        duplicate = self.by_sha.get(sha) or self.by_body.get(body_hash)
        replacing = (self.by_original.get(doc.original) or duplicate) if self.replace_existing else None
        if duplicate and not replacing:
            what = "same file" if duplicate == self.by_sha.get(sha) else "same text"
            raise DuplicateArticle(f"duplicate of {duplicate} ({what})", duplicate)
        previous = _read_quietly(article_file(self.corpus, replacing)) if replacing else None

        title = overrides.title or meta.get("title") or (previous and previous.title) or cleaned.title
        if overrides.id and not is_valid_id(overrides.id):
            raise IngestError(f"--id {overrides.id!r} is not a slug of lowercase letters, digits and '-'")
        if overrides.id and overrides.id in self.ids and overrides.id != replacing:
            raise IngestError(f"--id {overrides.id!r} is taken by another article")
        article_id = replacing or overrides.id or self._new_id(meta.get("id") or title or _first_words(cleaned.body))
        published, date_note = self._published(overrides, meta, cleaned)
        if previous and previous.published and not overrides.published:
            published, date_note = previous.published, None
        tags = overrides.tags if overrides.tags is not None else meta.get("tags", ())
        if previous and overrides.tags is None and not tags:
            tags = previous.tags
        extra: dict[str, Any] = dict(previous.extra) if previous else {}
        if date_note:
            extra["date_source"] = date_note
        extra.update(dict(overrides.extra))

        def pick(name: str, inferred: str | None) -> str | None:
            chosen = getattr(overrides, name) or meta.get(name) or (previous and getattr(previous, name)) or inferred
            return one_line(chosen) if chosen else None

        article = Article(
            id=article_id,
            title=one_line(title or "") or one_line(_first_words(cleaned.body)) or "Untitled",
            body=cleaned.body,
            source=pick("source", cleaned.source) or "",
            author=pick("author", cleaned.author),
            published=published,
            url=meta.get("url") or cleaned.url or (previous.url if previous else None),
            tags=tuple(dict.fromkeys(one_line(str(t)) for t in tags if str(t).strip())),
            ingested=(self.now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            original=doc.original,
            sha256=sha,
            removed=cleaned.report.by_kind(),
            extra=extra,
        )
        path = article_file(self.corpus, article_id)
        if path.exists() and not (replacing or self.replace_existing):
            raise IngestError(f"{path.name} exists already (use --replace to overwrite it)")
        write_article(self.corpus, article, replace_existing=True, sync_folder=not self.batch)
        if self.batch:
            self.unsynced += 1
            if self.unsynced >= SYNC_EVERY:
                self.sync()
        self.ids.add(article_id)
        self.by_sha[sha] = article_id
        self.by_body[body_hash] = article_id
        self.by_original[doc.original] = article_id
        status = "replaced" if replacing else "added"
        details = cleaned.report.summary()
        if doc.decoding_note:
            details += f"; {doc.decoding_note}"
        if replacing:
            details += self._reanchor_notes(article)
        if previous and previous.published and not overrides.published:
            details += f"; kept date {published}"
        elif published and date_note:
            details += f"; date {published} from {date_note}"
        elif not published:
            details += "; no date found"
        return IngestOutcome(doc.origin, status, details, article_id, cleaned.report.removed)

    def _reanchor_notes(self, article: Article) -> str:
        """The body changed: find the notes' quotes again (a note is never dropped, at worst detached)."""
        from briefing.errors import NotesError
        from briefing.notes import reanchor

        try:
            result = reanchor(self.corpus, article.id, article.body)
        except NotesError as exc:
            return f"; notes not re-anchored: {exc}"
        if result is None:
            return ""
        detached = sum(1 for n in result.notes.notes if n.detached)
        return f"; {detached} note quote(s) no longer found, marked detached" if detached else ""

    def _clean(self, doc: RawDocument, overrides: Overrides) -> tuple[Cleaned, dict[str, Any]]:
        """Clean the raw text; a title the document or the user gives is passed on, so that the cleaner
        takes out only a headline line repeating it and never guesses another one from the body."""
        if doc.kind == "record":
            record = doc.record or {}
            meta = {
                "id": record.get("id"),
                "title": record.get("title"),
                "source": record.get("source"),
                "author": record.get("author"),
                "url": record.get("url"),
                "published": record.get("date") or record.get("published"),
                "tags": record.get("tags") or record.get("topics"),
            }
            checked = _checked_meta(meta)
            cleaned = clean_text(doc.text, title=overrides.title or checked["title"])
            return cleaned, checked
        if doc.kind == "html":
            return clean_html(doc.text, url=doc.url), ({"url": doc.url} if doc.url else {})
        meta, text = (
            _front_matter_of_markdown(doc.text) if doc.original.endswith((".md", ".markdown")) else ({}, doc.text)
        )
        checked = _checked_meta(meta)
        return clean_text(text, title=overrides.title or checked["title"]), checked

    def _published(self, overrides: Overrides, meta: dict[str, Any], cleaned: Cleaned) -> tuple[str | None, str | None]:
        if overrides.published:
            return normalise_partial(overrides.published, "--published"), None
        raw = meta.get("published")
        if raw:
            try:
                return normalise_partial(str(raw)[:10], "date"), "the collection's date field"
            except DateError:
                pass
        if cleaned.published:
            return cleaned.published, cleaned.date_source or "the text"
        return None, None

    def _new_id(self, base: str) -> str:
        slug = slugify(base)
        candidate, n = slug, 2
        while candidate in self.ids:
            candidate = f"{slug}-{n}"
            n += 1
        return candidate


def _checked_meta(raw: dict[str, Any]) -> dict[str, Any]:
    """The metadata a collection line or a Markdown front matter gives, as text; a list where text is expected
    (`title: [a, b]`) is an IngestError for this document only, and a string of tags is split on commas."""
    meta: dict[str, Any] = {}
    for key in ("id", "title", "source", "author", "url", "published"):
        text = scalar_text(raw.get(key), key)
        meta[key] = text if text not in (None, "") else None
    meta["tags"] = split_tags(raw.get("tags"))
    return meta


def _first_words(body: str, count: int = 10) -> str:
    words = body.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def ingest(
    paths: Iterable[Path],
    corpus: Path,
    *,
    overrides: Overrides | None = None,
    replace_existing: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[IngestOutcome]:
    """Ingest files, folders and collections into the corpus, one outcome per document."""
    ingester = Ingester(corpus, replace_existing=replace_existing, batch=True)
    done = 0
    try:
        for item in iter_raw(paths, corpus=corpus):
            outcome = item if isinstance(item, IngestOutcome) else ingester.ingest(item, overrides)
            done += 1
            if progress:
                progress(done)
            yield outcome
    finally:  # the end, an error, ctrl-c or a consumer that stops early: what was written is made durable
        ingester.sync()


_SHA_LINE = re.compile(r"^sha256:\s*['\"]?([0-9a-f]{64})", re.MULTILINE)
_ORIGINAL_LINE = re.compile(r"^original:\s*(.+?)\s*$", re.MULTILINE)


def _dedupe_keys(path: Path) -> tuple[str | None, str | None, str] | None:
    """(raw sha256, original file name, body hash) of a corpus file, read without parsing its YAML.

    Ingest needs these of every article to refuse duplicates; a full parse of a 100,000-article corpus
    would take ten times longer. A file that cannot be read is left to `briefing list` to report.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(raw) > MAX_FILE_BYTES:
        return None
    match = FRONT_MATTER_RE.match(text.lstrip("\ufeff"))
    if not match:
        return None
    header = match.group(1) or ""
    sha = _SHA_LINE.search(header)
    original = _ORIGINAL_LINE.search(header)
    original_name = original.group(1).strip("'\"") if original else None
    body = text.lstrip("\ufeff")[match.end() :].strip("\n")
    return (sha.group(1) if sha else None, original_name, hashlib.sha256(body_key(body).encode("utf-8")).hexdigest())


def _read_quietly(path: Path) -> Article | None:
    try:
        return read_article(path)
    except CorpusError:
        return None
