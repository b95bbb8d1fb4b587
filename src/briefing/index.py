"""The search index: a Whoosh index beside the corpus, kept in step with it incrementally.

Nothing Whoosh-made leaves this module: searches return frozen dataclasses (`SearchHit`, `SearchResult`),
and every failure is an `IndexUnavailable` or a `QueryError` with a one-line message.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import BriefingError, CorpusError, QueryError
from briefing.postings import PostingSearcher, Unsupported

if TYPE_CHECKING:
    from briefing.corpus import Article

SCHEMA_VERSION = 10
PREFIX_MIN, PREFIX_MAX = 3, 8  # word prefixes indexed whole, so that `inte*` is one term, not 126
MANIFEST = "briefing-manifest.json"  # per article: file name, mtime, size, content hash
HEADER = "briefing-index.json"  # schema version and article count, read at every start
SNIPPET_CHARS = 220
HIGHLIGHT_CHAR_LIMIT = 60_000  # highlight work is bounded: a long article costs no more than this much text
PREFIX_EXPANSIONS = 3  # as-you-type: a partial last word stands for its few most frequent completions
FIELD_ALIASES = {"tag": "tags", "date": "published", "note": "notes"}
FIELDS = ("title", "body", "source", "author", "tags", "published", "event", "notes", "id")
DEFAULT_FIELDS = ("title", "body", "tags", "notes")
SORTS = ("relevance", "newest", "oldest")


class IndexUnavailable(BriefingError):
    """The index cannot be opened, written or rebuilt."""


# ---------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Snippet:
    """A fragment of text and the character spans in it to highlight."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    published: str | None
    source: str
    score: float
    snippets: tuple[Snippet, ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    has_notes: bool = False


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...]
    total: int
    suggestion: str | None = None
    terms: tuple[str, ...] = ()  # the words of the query as typed, for highlighting elsewhere
    total_exact: bool = True


@dataclass(frozen=True)
class UpdateReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = ()
    rebuilt_because: str | None = None
    seconds: float = 0.0

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.changed} updated, {self.removed} removed, {self.unchanged} unchanged"
            f" in {self.seconds:.2f} s"
        )
        if self.rebuilt_because:
            text = f"rebuilt the index ({self.rebuilt_because}); " + text
        return text


# ---------------------------------------------------------------------------------------------- schema
def _schema() -> Any:
    from whoosh import fields
    from whoosh.analysis import CharsetFilter, NgramFilter, RegexTokenizer, StemmingAnalyzer
    from whoosh.analysis.filters import LowercaseFilter
    from whoosh.support.charset import accent_map

    words = StemmingAnalyzer(stoplist=None, minsize=1) | CharsetFilter(accent_map)
    plain = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    prefixes = plain | NgramFilter(PREFIX_MIN, PREFIX_MAX, at="start")
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=words, stored=True, field_boost=1.25, phrase=True),
        body=fields.TEXT(analyzer=words, stored=True, phrase=True),
        vocab=fields.TEXT(analyzer=plain, phrase=False),
        source=fields.TEXT(analyzer=plain, stored=True),
        author=fields.TEXT(analyzer=plain, stored=True),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        prefixes=fields.TEXT(analyzer=prefixes, phrase=False),
        published=fields.DATETIME(sortable=True),
        published_cal=fields.KEYWORD(commas=True),
        published_text=fields.STORED(),
        event_cal=fields.KEYWORD(commas=True),
        notes=fields.TEXT(analyzer=words, stored=False),
        has_notes=fields.STORED(),
    )


# ---------------------------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class _FileState:
    """What the index remembers of an article's files: the article's time, size and hash, and its notes'."""

    mtime_ns: int
    size: int
    sha: str
    notes: tuple[int, int] | None = None

    def entry(self, name: str) -> list[Any]:
        return [name, self.mtime_ns, self.size, self.sha, list(self.notes) if self.notes else None]

    @classmethod
    def from_entry(cls, entry: list[Any]) -> _FileState:
        notes = tuple(entry[4]) if len(entry) > 4 and entry[4] else None
        return cls(entry[1], entry[2], entry[3], notes)  # type: ignore[arg-type]

    def same_content(self, other: _FileState) -> bool:
        return self.sha == other.sha and self.notes == other.notes


def _scan(corpus: Path) -> tuple[dict[str, tuple[str, int, int]], dict[str, tuple[int, int]]]:
    """One listing of the corpus folder: per article id its file name, mtime and size; per id with notes, the
    notes file's mtime and size. No path objects and one stat per file: 100,000 articles are checked in a
    fraction of a second."""
    from briefing.notes import NOTES_SUFFIX

    articles: dict[str, tuple[str, int, int]] = {}
    notes: dict[str, tuple[int, int]] = {}
    try:
        entries = os.scandir(corpus)
    except OSError:
        return articles, notes
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_article = name.endswith(".md")
            if not is_article and not name.endswith(NOTES_SUFFIX):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue
            if is_article:
                articles[name[:-3]] = (name, stat.st_mtime_ns, stat.st_size)
            else:
                notes[name[: -len(NOTES_SUFFIX)]] = (stat.st_mtime_ns, stat.st_size)
    return articles, notes


def _notes_states(corpus: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every notes file, from one listing of the corpus folder."""
    return _scan(corpus)[1]


def _file_state(
    path: Path, known: _FileState | None = None, notes_states: dict[str, tuple[int, int]] | None = None
) -> _FileState:
    stat = path.stat()
    if notes_states is None:
        notes_states = _notes_states(path.parent)
    notes = notes_states.get(path.stem)
    if known and known.mtime_ns == stat.st_mtime_ns and known.size == stat.st_size:
        return replace(known, notes=notes)
    return _FileState(stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest(), notes)


def _notes_text(corpus: Path, article_id: str) -> tuple[str, bool]:
    """Note text and tags of an article, for the `notes` field (empty when there are none or they are broken)."""
    from briefing.notes import index_text

    try:
        return index_text(corpus, article_id)
    except BriefingError:
        return "", False


def _event_days(article: Article) -> list[dt.date]:
    from briefing.timeline import article_timeline, period_bounds

    days: set[dt.date] = set()
    for event in article_timeline(article).events:
        if not event.resolved:
            continue
        first, _ = period_bounds(event.date)
        days.add(first)
        if event.range_end and event.granularity == "day":
            last = period_bounds(event.range_end)[1]
            span = (last - first).days
            if 0 < span <= 31:
                days.update(first + dt.timedelta(days=i) for i in range(span + 1))
    return [d for d in sorted(days) if d.year >= 1000]


def _document(article: Article, corpus: Path) -> dict[str, Any]:
    notes_text, has_notes = _notes_text(corpus, article.id)
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "vocab": f"{article.title}\n{article.body}",
        "source": article.source,
        "author": article.author or "",
        "tags": ",".join(article.tags),
        "published_text": article.published,
        "notes": notes_text,
        "has_notes": has_notes,
    }
    if article.published and article.published_start:
        start = article.published_start
        doc["published"] = dt.datetime(start.year, start.month, start.day)
        doc["published_cal"] = ",".join(_calendar_tokens([start]))
    doc["event_cal"] = ",".join(_calendar_tokens(_event_days(article)))
    doc["prefixes"] = doc["vocab"]
    return doc


def _calendar_tokens(days: Iterable[dt.date]) -> list[str]:
    """A day as its year, month and day tokens (y2022, m2022-01, d2022-01-06): any date range is then a
    handful of terms (whole years, whole months, the odd days at the edges)."""
    tokens: dict[str, None] = {}
    for day in days:
        tokens[f"y{day.year:04d}"] = None
        tokens[f"m{day.year:04d}-{day.month:02d}"] = None
        tokens[f"d{day.isoformat()}"] = None
    return list(tokens)


def _calendar_range(field_name: str, low: dt.date, high: dt.date) -> Any:
    """The terms of `field_name` that cover the days low..high, fewest first: years, then months, then days."""
    from whoosh import query as wq

    low = max(low, dt.date(1000, 1, 1))
    high = min(high, dt.date(2999, 12, 31))
    terms: list[str] = []
    day = low
    while day <= high:
        year_end = dt.date(day.year, 12, 31)
        month_last = calendar.monthrange(day.year, day.month)[1]
        month_end = dt.date(day.year, day.month, month_last)
        if day.month == 1 and day.day == 1 and year_end <= high:
            terms.append(f"y{day.year:04d}")
            day = year_end + dt.timedelta(days=1)
        elif day.day == 1 and month_end <= high:
            terms.append(f"m{day.year:04d}-{day.month:02d}")
            day = month_end + dt.timedelta(days=1)
        else:
            terms.append(f"d{day.isoformat()}")
            day += dt.timedelta(days=1)
        if len(terms) > 400:  # an open range over centuries: fall back to a lexicographic range of years
            return wq.TermRange(field_name, f"y{low.year:04d}", f"y{high.year:04d}")
    # a tiny weight: date clauses select, they should not rank
    return wq.Or([wq.Term(field_name, t, boost=DATE_BOOST) for t in terms])


# ---------------------------------------------------------------------------------------------- the index
class SearchIndex:
    """A corpus's search index. Safe to share between threads: searches take a lock around the searcher."""

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self._ix: Any = None
        self._searcher: Any = None
        self._lock = threading.RLock()  # guards the open index and the shared searcher; searches hold it
        self._write_lock = threading.RLock()  # one writer at a time; searches go on meanwhile
        self.messages: list[str] = []
        self._rebuilt_after_failure = False
        self._vocab: tuple[Any, _Vocabulary] | None = None
        self._posting_searcher: PostingSearcher | None = None

    # -- opening --------------------------------------------------------------------------------
    def _manifest_path(self) -> Path:
        return self.index_dir / MANIFEST

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self._manifest_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION:
            return None
        return data

    def _open_existing(self) -> str | None:
        """Open the index on disk; return why it cannot be used, or None when it is fine.

        Kept cheap (it is on the path of every cold start): a tiny header, the TOC and one stored document.
        A fault deeper in a segment shows up when searching, which rebuilds then.
        """
        from whoosh import index as whoosh_index

        if not self.index_dir.exists():
            return "no index yet"
        try:
            header = json.loads((self.index_dir / HEADER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            header = None
        if not isinstance(header, dict) or header.get("version") != SCHEMA_VERSION:
            return "index made by another version or half-written"
        try:
            ix = whoosh_index.open_dir(str(self.index_dir))
            searcher = ix.searcher(weighting=_weighting())
            count = searcher.doc_count()
            if count:
                searcher.stored_fields(0)
            if count != header.get("count"):
                searcher.close()
                return "index and manifest disagree"
        except whoosh_index.EmptyIndexError:
            return "index files missing"
        except Exception as exc:  # any failure to read means a broken index: rebuild it
            return f"index unreadable ({exc.__class__.__name__})"
        self._ix = ix
        self._searcher = searcher
        return None

    def open(
        self,
        *,
        build: bool = True,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> UpdateReport | None:
        """Open the index; build it when it is missing or broken. Returns the build report when it built one."""
        with self._lock:
            if self._ix is not None:
                return None
            problem = self._open_existing()
            if problem is None:
                return None
            if not build:
                raise IndexUnavailable(f"{self.index_dir}: {problem}")
            with self._build_lock():
                if self._open_existing() is None:  # another process built it while we waited
                    return None
                if problem != "no index yet":
                    self.messages.append(f"rebuilding the search index: {problem}")
                report = self._rebuild(progress=progress, cancel=cancel)
            return UpdateReport(**{**report.__dict__, "rebuilt_because": problem})

    @contextlib.contextmanager
    def _build_lock(self) -> Iterator[None]:
        """Only one process builds the index at a time; the others wait, then use what it built."""
        from briefing.fsio import file_lock

        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(self.index_dir.with_name(f".{self.index_dir.name}.build-lock")):
            yield

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------
    def _rebuild(
        self, progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None
    ) -> UpdateReport:
        from whoosh import index as whoosh_index

        from briefing.corpus import read_article

        started = time.perf_counter()
        for leftover in self.index_dir.parent.glob(f"{self.index_dir.name}.building-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a killed build: we hold the build lock now
        tmp_dir = self.index_dir.with_name(self.index_dir.name + f".building-{os.getpid()}")
        shutil.rmtree(tmp_dir, ignore_errors=True)
        tmp_dir.mkdir(parents=True)
        try:
            ix = whoosh_index.create_in(str(tmp_dir), _schema())
            on_disk, notes_states = _scan(self.corpus)
            paths = [self.corpus / name for name in sorted(name for name, _, _ in on_disk.values())]
            files: dict[str, list[Any]] = {}
            errors: list[str] = []
            # plain segment files, not one compound file: Whoosh copies a compound segment whole into memory
            # when it opens it (550 MB and 150 ms at 100,000 articles), and measured no faster here
            writer = ix.writer(limitmb=256, procs=1, compound=False)
            try:
                for done, path in enumerate(paths, start=1):
                    if cancel is not None and cancel.is_set():
                        raise IndexUnavailable("index build cancelled")
                    try:
                        state = _file_state(path, notes_states=notes_states)
                        article = read_article(path)
                    except (CorpusError, OSError) as exc:
                        errors.append(str(exc))
                        continue
                    writer.add_document(**_document(article, self.corpus))
                    files[article.id] = state.entry(path.name)
                    if progress and (done % 200 == 0 or done == len(paths)):
                        progress(done, len(paths))
                writer.commit(optimize=True)
            except BaseException:
                writer.cancel()
                raise
            _write_manifest(tmp_dir / MANIFEST, files)
            self._swap_in(tmp_dir)
        except IndexUnavailable:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        except OSError as exc:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise IndexUnavailable(
                f"cannot write the index in {self.index_dir.parent}: {exc.strerror or exc}"
            ) from None
        self._ix = whoosh_index.open_dir(str(self.index_dir))
        self._drop_searcher()
        return UpdateReport(added=len(files), errors=tuple(errors), seconds=time.perf_counter() - started)

    def _swap_in(self, tmp_dir: Path) -> None:
        """Replace the index folder by the one just built, as atomically as folders allow."""
        old = self.index_dir.with_name(self.index_dir.name + f".old-{os.getpid()}")
        if self.index_dir.exists():
            os.replace(self.index_dir, old)
        os.replace(tmp_dir, self.index_dir)
        shutil.rmtree(old, ignore_errors=True)

    def rebuild(
        self, progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None
    ) -> UpdateReport:
        with self._write_lock, self._lock, self._build_lock():
            self.close()
            return self._rebuild(progress=progress, cancel=cancel)

    def update(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
        only: Iterable[str] | None = None,
    ) -> UpdateReport:
        """Bring the index in step with the corpus: only added, changed and removed articles are touched.

        `only` limits the check to some article ids (after a note is saved, say).
        """
        from whoosh.writing import LockError

        from briefing.corpus import read_article

        with self._write_lock:
            built = self.open(progress=progress, cancel=cancel)
            if built is not None:
                return built
            started = time.perf_counter()
            manifest = self._read_manifest() or {"files": {}}
            known: dict[str, list[Any]] = manifest["files"]
            wanted = set(only) if only is not None else None
            on_disk, notes_states = _scan(self.corpus)
            ids = wanted if wanted is not None else set(on_disk) | set(known)
            changes: list[tuple[str, Path | None, _FileState | None]] = []
            unchanged = 0
            touched_only = False
            for article_id in sorted(ids):
                found = on_disk.get(article_id)
                entry = known.get(article_id)
                if found is None:
                    if entry is not None:
                        changes.append((article_id, None, None))
                    continue
                name, mtime_ns, size = found
                notes = notes_states.get(article_id)
                if (
                    wanted is None
                    and entry is not None
                    and entry[1] == mtime_ns
                    and entry[2] == size
                    and (tuple(entry[4]) if len(entry) > 4 and entry[4] else None) == notes
                ):
                    unchanged += 1  # the common case, decided without building anything
                    continue
                path = self.corpus / name
                previous = _FileState.from_entry(entry) if entry else None
                try:
                    state = _file_state(path, previous, notes_states)
                except OSError:
                    continue
                if previous is not None and state.same_content(previous) and wanted is None:
                    unchanged += 1
                    if state != previous:  # touched, not changed: remember the new time, index nothing
                        known[article_id] = state.entry(path.name)
                        touched_only = True
                    continue
                changes.append((article_id, path, state))
            if not changes:
                if touched_only:
                    _write_manifest(self._manifest_path(), known)
                return UpdateReport(unchanged=unchanged, seconds=time.perf_counter() - started)
            try:
                writer = self._ix.writer(timeout=60.0, compound=False)
            except LockError:
                raise IndexUnavailable(f"{self.index_dir}: another briefing is writing the index; try again") from None
            added = changed = removed = 0
            errors: list[str] = []
            try:
                for done, (article_id, path, state) in enumerate(changes, start=1):
                    if cancel is not None and cancel.is_set():
                        break
                    if path is None or state is None:
                        writer.delete_by_term("id", article_id)
                        known.pop(article_id, None)
                        removed += 1
                        continue
                    try:
                        article = read_article(path)
                    except CorpusError as exc:
                        errors.append(str(exc))
                        writer.delete_by_term("id", article_id)
                        known.pop(article_id, None)
                        continue
                    writer.update_document(**_document(article, self.corpus))
                    if article_id in known:
                        changed += 1
                    else:
                        added += 1
                    known[article_id] = state.entry(path.name)
                    if progress and (done % 200 == 0 or done == len(changes)):
                        progress(done, len(changes))
                writer.commit(merge=len(changes) > 50, optimize=len(changes) > 1000)
            except BaseException:
                writer.cancel()
                raise
            _write_manifest(self._manifest_path(), known)
            with self._lock:
                self._drop_searcher()
            return UpdateReport(
                added=added,
                changed=changed,
                removed=removed,
                unchanged=unchanged,
                errors=tuple(errors),
                seconds=time.perf_counter() - started,
            )

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- reading --------------------------------------------------------------------------------
    def searcher(self) -> Any:
        """The shared searcher, refreshed when another process has committed since."""
        if self._ix is None:
            self.open()
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=_weighting())
        else:
            try:
                fresh = self._searcher.refresh()
            except TypeError:  # Whoosh cannot refresh the searcher of an empty index: open a new one
                fresh = self._ix.searcher(weighting=_weighting())
            if fresh is not self._searcher:
                self._searcher = fresh
        return self._searcher

    def doc_count(self) -> int:
        with self._lock:
            return int(self.searcher().doc_count())

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        as_you_type: bool = False,
        snippets: bool = True,
        match: str = "all",
        exact_count: bool = False,
    ) -> SearchResult:
        """Run a query. An empty query lists every article, newest first.

        `match="any"` treats the text as plain words of which any may match, ranked by BM25F: for
        natural-language questions rather than the query language. Without `exact_count`, the total of a
        search that stopped early (a prefix, a filter) is a lower bound and `total_exact` says so.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use relevance, newest or oldest")
        for attempt in (1, 2):
            try:
                with self._lock:
                    return self._search(
                        query,
                        limit=limit,
                        sort=sort,
                        as_you_type=as_you_type,
                        snippets=snippets,
                        match=match,
                        exact_count=exact_count,
                    )
            except (QueryError, IndexUnavailable):
                raise
            except Exception as exc:  # a broken segment shows up here: rebuild once, then give up
                detail = " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]
                if attempt == 2 or self._rebuilt_after_failure:
                    raise IndexUnavailable(f"{self.index_dir}: search failed ({detail})") from None
                self._rebuilt_after_failure = True  # a failure that a rebuild does not cure must not loop
                self.messages.append(f"rebuilding the search index: it failed while searching ({detail})")
                self.rebuild()
        raise AssertionError("unreachable")

    def _search(
        self, query: str, *, limit: int, sort: str, as_you_type: bool, snippets: bool, match: str, exact_count: bool
    ) -> SearchResult:
        from whoosh import query as wq

        searcher = self.searcher()
        text = query.strip()
        if match == "any":
            parsed = _any_words(text, self._ix.schema)
        elif not text:
            parsed: Any = wq.Every()
            sort = "newest" if sort == "relevance" else sort
        else:
            typing = as_you_type and not query.endswith(" ")
            parsed = parse_query(text, self._ix.schema, self._vocabulary(searcher) if typing else None)
        fuzzy_words = {}
        for word in re.findall(r"([^\W_][\w'’-]*)~", text):
            folded = _fold(word)
            fuzzy_words[_analyse(self._ix.schema, folded) or folded] = folded
            fuzzy_words[folded] = folded
        parsed = _expand_multiterms(parsed, searcher.reader(), fuzzy_words, self._vocabulary(searcher))
        if sort == "relevance" and not any(f in RANKING_FIELDS for f, _ in _positive_terms(parsed)):
            sort = "newest"  # only filters (dates, source:, tag:): nothing to rank by, and sorting is cheaper
        marker = _Marker(_positive_terms(parsed))
        try:
            ranked = self._postings(searcher).run(parsed, max(1, limit), sort)
        except Unsupported:
            ranked = None
        if ranked is not None:
            stored = searcher.stored_fields
            hits = tuple(
                _hit(stored(d), score, marker, snippets) for d, score in zip(ranked.docnums, ranked.scores, strict=True)
            )
            total, total_exact = ranked.total, True
        else:
            hits, total, total_exact = _whoosh_search(searcher, parsed, limit, sort, exact_count, marker, snippets)
        typed = text if not (as_you_type and not query.endswith(" ")) else _split_partial_word(text)[0]
        suggestion = _did_you_mean(typed, self._vocabulary(searcher)) if typed else None
        return SearchResult(
            query=query,
            hits=hits,
            total=total,
            suggestion=suggestion,
            terms=_query_words(text),
            total_exact=total_exact,
        )

    def _postings(self, searcher: Any) -> PostingSearcher:
        if self._posting_searcher is None or self._posting_searcher.searcher is not searcher:
            self._posting_searcher = PostingSearcher(searcher, b=BM25_B, k1=BM25_K1)
        return self._posting_searcher

    def _vocabulary(self, searcher: Any) -> _Vocabulary:
        if self._vocab is None or self._vocab[0] is not searcher:
            self._vocab = (searcher, _Vocabulary(searcher))
        return self._vocab[1]

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Words of the index within two edits of `word` (same first letter), nearest and most frequent first."""
        with self._lock:
            vocabulary = self._vocabulary(self.searcher())
            folded = _fold(word)
            near = [(d, -vocabulary.frequency(w), w) for w, d in vocabulary.near(folded, 2) if w != folded]
            return [w for _, _, w in sorted(near)[:limit]]


def _write_manifest(path: Path, files: dict[str, list[Any]]) -> None:
    from briefing.fsio import atomic_write_text

    atomic_write_text(path, json.dumps({"version": SCHEMA_VERSION, "files": files}, separators=(",", ":")))
    atomic_write_text(path.with_name(HEADER), json.dumps({"version": SCHEMA_VERSION, "count": len(files)}))


BM25_B, BM25_K1 = 0.75, 1.5


def _weighting() -> Any:
    from whoosh import scoring

    return scoring.BM25F(B=BM25_B, K1=BM25_K1)


def _whoosh_search(
    searcher: Any, parsed: Any, limit: int, sort: str, exact_count: bool, marker: _Marker, snippets: bool
) -> tuple[tuple[SearchHit, ...], int, bool]:
    """Whoosh's own searcher, for the query shapes the posting searcher does not handle."""
    sortedby = None if sort == "relevance" else "published"
    results = searcher.search(parsed, limit=max(1, limit), sortedby=sortedby, reverse=(sort == "newest"))
    total_exact = results.has_exact_length()
    if total_exact:
        total = len(results)
    elif exact_count:
        total, total_exact = sum(1 for _ in searcher.docs_for_query(parsed)), True
    else:
        try:
            total = max(results.scored_length(), results.estimated_min_length())
        except ValueError:  # Whoosh cannot estimate an empty numeric range
            total = results.scored_length()
    hits = tuple(_hit(h.fields(), float(h.score or 0.0), marker, snippets) for h in results)
    return hits, total, total_exact


# ---------------------------------------------------------------------------------------------- queries
_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]+):(?=\S)')
_DATE_VALUE = r"(?:\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)"


def _check_syntax(text: str) -> None:
    """Whoosh forgives everything; the analyst deserves to hear what is wrong instead."""
    if text.count('"') % 2:
        raise QueryError('unclosed quote: add the closing "')
    outside_quotes = re.sub(r'"[^"]*"', '""', text)
    depth = 0
    for ch in outside_quotes:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("a ')' closes nothing")
    if depth:
        raise QueryError("unclosed '(': add the closing ')'")
    if outside_quotes.count("[") != outside_quotes.count("]"):
        raise QueryError("unclosed '[': a range is written [2016 to 2018]")
    if re.search(r"\b[A-Za-z_]+:(?:\s|$|\))", outside_quotes):
        field_name = re.search(r"\b([A-Za-z_]+):(?:\s|$|\))", outside_quotes).group(1)  # type: ignore[union-attr]
        raise QueryError(f"'{field_name}:' needs a value after it")
    for match in _FIELD_RE.finditer(outside_quotes):
        name = FIELD_ALIASES.get(match.group(1).lower(), match.group(1).lower())
        if name not in FIELDS:
            known = ", ".join(
                f + ":" for f in ("title", "body", "source", "author", "tag", "published", "event", "notes")
            )
            raise QueryError(f"unknown field '{match.group(1)}:' (fields: {known})")
    for match in re.finditer(r"\b(published|event|date):(\[[^\]]*\]|[^\s)]+)", outside_quotes, re.IGNORECASE):
        value = match.group(2)
        if not re.fullmatch(rf"(?:[<>]=?)?{_DATE_VALUE}|\[\s*{_DATE_VALUE}?\s*to\s*{_DATE_VALUE}?\s*\]", value, re.I):
            raise QueryError(
                f"cannot read {value!r} as a date for {match.group(1)}: "
                "use 2022, 2022-01, 2022-01-07, [2016 to 2018] or >2020-06"
            )


def _normalise_fields(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return FIELD_ALIASES.get(name, name) + ":"

    text = _FIELD_RE.sub(repl, text)
    text = re.sub(r'(^|[\s(])-(?=[\w"(])', r"\1NOT ", text)
    text = re.sub(r'(^|[\s(])\+(?=[\w"(])', r"\1", text)
    return re.sub(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]", r"[\1 to \2]", text, flags=re.IGNORECASE)


_DATE_CLAUSE = re.compile(
    rf"\b(published|event):(?:\[\s*(?P<lo>{_DATE_VALUE})?\s*to\s*(?P<hi>{_DATE_VALUE})?\s*\]"
    rf"|(?P<op>[<>]=?)(?P<cmp>{_DATE_VALUE})|(?P<one>{_DATE_VALUE}))(?![\w-])",
    re.IGNORECASE,
)


def _date_clauses(text: str) -> tuple[str, dict[str, Any]]:
    """Take the date clauses out of the query; each becomes a placeholder term answered by a range query."""
    from briefing.dates import partial_bounds

    clauses: dict[str, Any] = {}

    def bounds(value: str) -> tuple[dt.date, dt.date]:
        try:
            return partial_bounds(_pad(value))
        except BriefingError as exc:
            raise QueryError(str(exc)) from None

    def repl(match: re.Match[str]) -> str:
        field_name = match.group(1).lower()
        low, high = dt.date(1000, 1, 1), dt.date(9999, 12, 31)
        if match["one"]:
            low, high = bounds(match["one"])
        elif match["op"]:
            first, last = bounds(match["cmp"])
            op = match["op"]
            if op == ">":
                low = last + dt.timedelta(days=1)
            elif op == ">=":
                low = first
            elif op == "<":
                high = first - dt.timedelta(days=1)
            else:
                high = last
        else:
            if match["lo"]:
                low = bounds(match["lo"])[0]
            if match["hi"]:
                high = bounds(match["hi"])[1]
        if low > high:
            raise QueryError(f"empty date range in {match.group(0)!r}")
        key = f"datequery{len(clauses)}"
        clauses[key] = _calendar_range("event_cal" if field_name == "event" else "published_cal", low, high)
        return f"id:{key}"

    return _DATE_CLAUSE.sub(repl, text), clauses


def _pad(value: str) -> str:
    parts = value.split("-")
    return "-".join([parts[0]] + [p.zfill(2) for p in parts[1:]])


def parse_query(text: str, schema: Any, vocabulary: _Vocabulary | None = None) -> Any:
    """Parse the query language; with a vocabulary (as you type), the unfinished last word is a prefix."""
    from whoosh import query as wq

    _check_syntax(text)
    normalised, dates = _date_clauses(_normalise_fields(text))
    completion = None
    if vocabulary is not None:
        normalised, completion = _split_partial_word(normalised)
    parsed = _plain_words(normalised, schema) if normalised.strip() else None
    if parsed is None and normalised.strip():
        from whoosh import qparser

        parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        try:
            parsed = parser.parse(normalised)
        except Exception as exc:  # the parser's own complaints, in one line
            raise QueryError(f"cannot parse the query: {exc}") from None
    if parsed is not None and dates:
        parsed = _swap_dates(parsed, dates)
    if completion:
        expanded = _expand_prefix(schema, vocabulary, completion)
        parsed = expanded if parsed is None else wq.And([parsed, expanded])
    if parsed is None:
        return wq.NullQuery
    return parsed


_PLAIN_WORDS = re.compile(r"\s*[^\W_]+(?:\s+[^\W_]+)*\s*")
_OPERATORS = frozenset(("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"))


def _plain_words(text: str, schema: Any) -> Any:
    """The query Whoosh's parser would make of plain words (each word in every default field, all words
    required), built directly: the parser's import and set-up are a tenth of a cold start. None for anything
    else (operators, fields, quotes, wildcards, a word the analyzer splits), which goes to the parser."""
    from whoosh import query as wq

    if not _PLAIN_WORDS.fullmatch(text):
        return None
    clauses = []
    for word in text.split():
        if word in _OPERATORS:
            return None
        terms = []
        for field_name in DEFAULT_FIELDS:
            tokens = list(schema[field_name].process_text(word, mode="query"))
            if len(tokens) != 1:
                return None
            terms.append(wq.Term(field_name, tokens[0]))
        clauses.append(wq.Or(terms))
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


FILTER_FIELDS = ("source", "author", "tags")
RANKING_FIELDS = ("title", "body", "notes", "prefixes", "vocab")
DATE_BOOST = 0.001


class _Vocabulary:
    """The index's unstemmed words by first letter, with their document frequencies, kept in memory.

    Whoosh's fuzzy search and term expansion walk the on-disk lexicon in Python (and slowly through the
    reader that merges segments); rapidfuzz over an in-memory list of the words that share the first letter
    answers fuzzy words and corrections in a millisecond, and the list in frequency order gives a partial
    word's most frequent completions at once. Read a letter at a time, segment by segment, on demand, and
    thrown away when the index changes.
    """

    def __init__(self, searcher: Any) -> None:
        self.readers = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        self.by_letter: dict[str, dict[str, int]] = {}
        self.by_frequency: dict[str, list[str]] = {}

    def _letter(self, letter: str) -> dict[str, int]:
        found = self.by_letter.get(letter)
        if found is None:
            found = {}
            for reader in self.readers:
                for term, info in reader.iter_prefix("vocab", letter):
                    word = term.decode("utf-8") if isinstance(term, bytes) else term
                    found[word] = found.get(word, 0) + info.doc_frequency()
            self.by_letter[letter] = found
        return found

    def words(self, letter: str) -> list[str]:
        return list(self._letter(letter))

    def frequency(self, word: str) -> int:
        """In how many documents the (folded, unstemmed) word appears."""
        if not word:
            return 0
        loaded = self.by_letter.get(word[0])
        if loaded is not None:
            return loaded.get(word, 0)
        return sum(reader.doc_frequency("vocab", word) for reader in self.readers)  # without loading the letter

    def completions(self, prefix: str, count: int) -> list[str]:
        """The `count` most frequent words that begin with `prefix`."""
        if not prefix:
            return []
        letter = prefix[0]
        ordered = self.by_frequency.get(letter)
        if ordered is None:
            frequencies = self._letter(letter)
            ordered = sorted(frequencies, key=lambda w: (-frequencies[w], w))
            self.by_frequency[letter] = ordered
        found: list[str] = []
        for word in ordered:
            if word.startswith(prefix):
                found.append(word)
                if len(found) == count:
                    break
        return found

    def near(self, word: str, maxdist: int) -> list[tuple[str, int]]:
        """Words within `maxdist` edits (transpositions count one) that share the first letter, nearest first."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if not word:
            return []
        found = process.extract(word, self.words(word[0]), scorer=OSA.distance, score_cutoff=maxdist, limit=None)
        return sorted(((w, int(d)) for w, d, _ in found), key=lambda item: (item[1], item[0]))


def _expand_multiterms(q: Any, reader: Any, fuzzy_words: dict[str, str], vocabulary: _Vocabulary) -> Any:
    """Rewrite `word*` and `word~` once per query into plain terms.

    A prefix of 3 to 8 letters is one term of the `prefixes` field; a shorter or longer one becomes its few
    most frequent completions. A fuzzy word is looked up, unstemmed and with its first letter fixed, in the
    vocabulary, and its neighbours are searched stemmed, as typed words are. Whoosh would otherwise expand
    them against the stemmed lexicon, slowly, and once more for every highlighted hit.
    """
    from whoosh import query as wq

    if isinstance(q, wq.Prefix | wq.Wildcard) and q.fieldname in ("title", "body", "notes", "tags", "vocab"):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        if isinstance(q, wq.Prefix) and PREFIX_MIN <= len(text) <= PREFIX_MAX and q.fieldname != "tags":
            return wq.Term("prefixes", _fold(text), boost=q.boost)
        texts = [t.decode("utf-8") if isinstance(t, bytes) else t for t in q._btexts(reader)]
        texts = sorted(texts, key=lambda t: -reader.doc_frequency(q.fieldname, t))[: PREFIX_EXPANSIONS * 4]
        return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in texts]) if texts else wq.NullQuery
    if isinstance(q, wq.FuzzyTerm):
        original = fuzzy_words.get(q.text, q.text)
        neighbours = [w for w, _ in vocabulary.near(_fold(original), max(q.maxdist, 1))]
        if q.fieldname in ("tags", "source", "author"):
            stems = neighbours
        else:
            stems = list(dict.fromkeys(s for s in (_analyse(reader.schema, w) for w in neighbours) if s))
        return wq.Or([wq.Term(q.fieldname, t, boost=q.boost) for t in stems]) if stems else wq.NullQuery
    if isinstance(q, wq.Term) and q.fieldname in FILTER_FIELDS:
        return wq.Term(q.fieldname, q.text, boost=DATE_BOOST)  # source:, author:, tag: select, not rank
    if hasattr(q, "children") and q.children():
        return q.apply(lambda child: _expand_multiterms(child, reader, fuzzy_words, vocabulary))
    return q


def _any_words(text: str, schema: Any) -> Any:
    from whoosh import qparser
    from whoosh.analysis import STOP_WORDS

    words = [w for w in re.findall(r"[^\W_]+", text) if w.lower() not in STOP_WORDS]
    if not words:
        from whoosh import query as wq

        return wq.NullQuery
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)
    return parser.parse(" ".join(words))


def _swap_dates(q: Any, dates: dict[str, Any]) -> Any:
    from whoosh import query as wq

    if isinstance(q, wq.Term) and q.fieldname == "id" and q.text in dates:
        return dates[q.text]
    if hasattr(q, "children") and q.children():
        return q.apply(lambda child: _swap_dates(child, dates))
    return q


def _split_partial_word(text: str) -> tuple[str, str | None]:
    """Take the unfinished last word off a query typed so far ('russia kaza' -> 'russia', 'kaza')."""
    match = re.search(r"(?:^|\s)([^\W_][\w'’-]*)$", text)
    if not match or re.search(r"[:*~\"]", match.group(1)):
        return text, None
    word = match.group(1)
    if word.upper() in ("AND", "OR", "NOT"):
        return text[: match.start(1)].rstrip(), None
    head = text[: match.start(1)].rstrip()
    head = re.sub(r"(?:\b(?:AND|OR|NOT)|[-+])$", "", head).rstrip()
    return head, word


def _expand_prefix(schema: Any, vocabulary: _Vocabulary | None, word: str) -> Any:
    """A partial word typed so far: every word it begins when it is 3 to 8 letters long (one term of the
    `prefixes` field), else its few most frequent completions; either way in titles and bodies at once."""
    from whoosh import query as wq

    folded = _fold(word)
    if PREFIX_MIN <= len(folded) <= PREFIX_MAX:
        return wq.Term("prefixes", folded)
    best = vocabulary.completions(folded, PREFIX_EXPANSIONS) if vocabulary is not None else []
    words = list(dict.fromkeys([*best, folded]))
    return wq.Or([wq.Term("vocab", w) for w in words])


def _fold(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _analyse(schema: Any, word: str) -> str | None:
    tokens = [t.text for t in schema["body"].analyzer(word)]
    return tokens[0] if tokens else None


def _query_words(text: str) -> tuple[str, ...]:
    stripped = re.sub(r"\b[A-Za-z_]+:(?:\[[^\]]*\]|\"[^\"]*\"|\S+)", " ", text)
    stripped = re.sub(r"\b(?:AND|OR|NOT)\b", " ", stripped)
    words = re.findall(r"[^\W_][\w'’-]*", stripped)
    return tuple(dict.fromkeys(w.rstrip("*~") for w in words))


# ---------------------------------------------------------------------------------------------- hits
def _positive_terms(q: Any) -> Iterator[tuple[str, str]]:
    """The (field, text) terms a hit can match: everything in the query but what sits under a NOT."""
    from whoosh import query as wq

    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.Term):
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        yield q.fieldname, text
        return
    if isinstance(q, wq.Phrase):
        for word in q.words:
            yield q.fieldname, word
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_terms(q.a)
        return
    for child in q.children() if hasattr(q, "children") else ():
        yield from _positive_terms(child)


class _Marker:
    """Finds where a query's words are in a text: stems and prefixes match any word they begin, fuzzy
    neighbours and tags match whole words; accents and case do not matter. Highlighting is ours rather
    than Whoosh's so that it is bounded (HIGHLIGHT_CHAR_LIMIT) and costs the same for every kind of query."""

    def __init__(self, terms: Iterable[tuple[str, str]]) -> None:
        starts: set[str] = set()
        for field_name, text in terms:
            if field_name in ("title", "body", "notes", "prefixes", "vocab") and text:
                starts.add(text)
        # Porter turns a final y into i ('company' -> 'compani'): let the stem match either
        alternatives = [
            re.escape(t[:-1]) + "[iy]" if t.endswith("i") and len(t) > 3 else re.escape(t)
            for t in sorted(starts, key=len, reverse=True)
        ]
        self.pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*") if alternatives else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None or not text:
            return []
        folded = _fold_same_length(text[:HIGHLIGHT_CHAR_LIMIT])
        return [(m.start(), m.end()) for m in self.pattern.finditer(folded)]

    def snippets(self, body: str, count: int = 2) -> tuple[Snippet, ...]:
        """The one or two windows of the body with the most distinct matched words, matches marked."""
        spans = self.spans(body)
        if not spans:
            return (Snippet(_lead(body)),) if body else ()
        windows: list[tuple[int, int, int]] = []  # (score, start, end)
        for i, (start, _) in enumerate(spans):
            window_end = start + SNIPPET_CHARS - 60
            inside = [sp for sp in spans[i:] if sp[1] <= window_end]
            words = {body[a:b].lower() for a, b in inside}
            windows.append((len(words) * 10 + len(inside), start, inside[-1][1]))
        chosen: list[tuple[int, int]] = []
        for _score, start, end in sorted(windows, key=lambda w: (-w[0], w[1])):
            if all(end < a or start > b for a, b in chosen):
                chosen.append((start, end))
            if len(chosen) == count:
                break
        ranges: list[list[int]] = []
        for start, end in sorted(chosen):
            left = max(0, start - 60)
            left = body.rfind(" ", 0, left + 1) + 1 if left else 0
            right = min(len(body), max(end, left + SNIPPET_CHARS) + 1)
            cut = body.rfind(" ", end, right)
            right = cut if cut > end else right
            if ranges and left <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], right)  # fragments that overlap are shown as one
            else:
                ranges.append([left, right])
        out = []
        for left, right in ranges:
            fragment = body[left:right]
            marks = tuple((a - left, b - left) for a, b in spans if a >= left and b <= right)
            clean, marks = _one_line(fragment, marks)
            out.append(
                Snippet(
                    ("… " if left else "") + clean + (" …" if right < len(body) else ""),
                    tuple((a + (2 if left else 0), b + (2 if left else 0)) for a, b in marks),
                )
            )
        return tuple(out)


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so that offsets stay valid."""
    import unicodedata

    out = []
    for ch in text.lower():
        if ch.isascii():
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[0]
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _one_line(text: str, marks: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Line breaks become spaces (same length, so the marks stay where they are)."""
    return text.replace("\n", " "), marks


def _hit(fields: dict[str, Any], score: float, marker: _Marker, with_snippets: bool) -> SearchHit:
    snippets: tuple[Snippet, ...] = ()
    title_spans: tuple[tuple[int, int], ...] = ()
    if with_snippets:
        snippets = marker.snippets(fields.get("body", ""))
        title_spans = tuple(marker.spans(fields.get("title", "")))
    return SearchHit(
        id=fields["id"],
        title=fields.get("title", ""),
        published=fields.get("published_text"),
        source=fields.get("source", ""),
        score=score,
        snippets=snippets,
        title_spans=title_spans,
        has_notes=bool(fields.get("has_notes")),
    )


def _lead(body: str) -> str:
    if len(body) <= SNIPPET_CHARS:
        return " ".join(body.split())
    cut = body[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return " ".join(cut.split()) + " …"


def _did_you_mean(text: str, vocabulary: _Vocabulary) -> str | None:
    """A corrected query when a plain word of it is rare or absent from the index vocabulary."""
    plain = re.sub(r"\b[A-Za-z_]+:(?:\[[^\]]*\]|\"[^\"]*\"|\S+)|\S*[*~?]\S*", " ", text)
    words = [w for w in _query_words(plain) if len(w) > 3 and not w.isupper()]
    if not words:
        return None
    corrected = text
    changed = False
    for word in words:
        folded = _fold(word)
        frequency = vocabulary.frequency(folded)
        if frequency > 2:
            continue
        needed = 1 if frequency == 0 else 5 * frequency
        best = None
        candidates = [(d, -vocabulary.frequency(w), w) for w, d in vocabulary.near(folded, 2) if w != folded]
        for _distance, negative_frequency, candidate in sorted(candidates):
            if -negative_frequency >= needed:
                best = candidate
                break
        if best:
            corrected = re.sub(rf"\b{re.escape(word)}\b", _match_case(word, best), corrected, count=1)
            changed = True
    return corrected if changed else None


def _match_case(original: str, suggestion: str) -> str:
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


# ---------------------------------------------------------------------------------------------- module API
def update(corpus: Path, index_dir: Path, progress: Callable[[int, int], None] | None = None) -> UpdateReport:
    with SearchIndex(corpus, index_dir) as index:
        return index.update(progress=progress)


def search(corpus: Path, index_dir: Path, query: str, **kwargs: Any) -> SearchResult:
    with SearchIndex(corpus, index_dir) as index:
        index.update()
        return index.search(query, **kwargs)


__all__ = [
    "IndexUnavailable",
    "SearchHit",
    "SearchIndex",
    "SearchResult",
    "Snippet",
    "UpdateReport",
    "parse_query",
    "search",
    "update",
]
