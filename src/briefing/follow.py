"""Following sources: add a web page by URL, and fetch the new items of the feeds a corpus follows.

Both feed the fetched page to the very ingest path an HTML file takes (`corpus.Ingester`: extraction, cleaning,
metadata, duplicate refusal); only the bytes come from the network instead of the disk. Feeds are fetched
concurrently (a few at a time, at most `PER_HOST` requests to one host at once), each with a conditional GET;
items are ingested one by one as they arrive, so the first new article is in the corpus long before the last
feed answers. Network work happens in worker threads; the corpus is written by the calling thread only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import html
import io
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.clean import looks_like_html_document
from briefing.corpus import Ingester, IngestOutcome, Overrides, RawDocument
from briefing.errors import BriefingError
from briefing.feeditems import clean_line, date_of, feed_link, keys_of, plain_text, text_of, xml_problem
from briefing.feeds import Feed, FeedError, load_feeds, load_state, mark_new, save_state
from briefing.fetch import (
    DEFAULT_TIMEOUT,
    FEED_TYPES,
    HTML_TYPES,
    Fetched,
    Fetcher,
    FetchError,
    check_markup,
    decode_page,
    display_url,
    host_of,
    now_iso,
)

PER_HOST = 2  # requests at once to one host
WORKERS = 8  # feeds fetched at once
MAX_ITEMS = 500  # items read from one feed in one fetch
BACKOFF_FIRST = 15 * 60  # seconds before retrying a feed that failed once; doubled at each failure
BACKOFF_MAX = 24 * 3600
# Parsing is pure Python: eight feeds parsed at once would share one interpreter lock and all finish late.
# One at a time, the first feed's items reach the corpus while the next is parsed.
_PARSING = threading.Semaphore(1)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


# ---------------------------------------------------------------------------------------------- add URL
def add_url(
    corpus: Path,
    url: str,
    *,
    overrides: Overrides | None = None,
    replace_existing: bool = False,
    fetcher: Fetcher | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    ingester: Ingester | None = None,
) -> IngestOutcome:
    """Fetch one web page and ingest it like an HTML file; every failure is an 'error' outcome naming the URL."""
    origin = display_url(url)
    own = fetcher is None
    fetcher = fetcher or Fetcher(timeout=timeout)
    try:
        doc, fetched = _page_document(fetcher, url, origin=url)
    except BriefingError as exc:
        return IngestOutcome(origin, "error", _without_prefix(str(exc), origin))
    finally:
        if own:
            fetcher.close()
    ingester = ingester or Ingester(corpus, replace_existing=replace_existing)
    base = overrides or Overrides()
    stamped = Overrides(
        id=base.id,
        title=base.title,
        published=base.published,
        source=base.source,
        author=base.author,
        tags=base.tags,
        extra=(("fetched", fetched.fetched), *base.extra),
    )
    return ingester.ingest(doc, stamped)


def add_urls(
    urls: Sequence[str],
    corpus: Path,
    *,
    overrides: Overrides | None = None,
    replace_existing: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[IngestOutcome]:
    """`add_url` for each URL in turn, with one HTTP client and one duplicate check for them all."""
    if not urls:
        return
    ingester = Ingester(corpus, replace_existing=replace_existing)
    with Fetcher(timeout=timeout) as fetcher:
        for url in urls:
            yield add_url(corpus, url, overrides=overrides, fetcher=fetcher, ingester=ingester)


def _without_prefix(message: str, origin: str) -> str:
    return message.removeprefix(f"{origin}: ")


def _page_document(fetcher: Fetcher, url: str, *, origin: str) -> tuple[RawDocument, Fetched]:
    """GET an HTML page and make it a raw document; FetchError/IngestError (one line, naming the URL) else."""
    fetched = fetcher.get(url)
    name = display_url(url)
    kind = fetched.content_type
    if kind in FEED_TYPES or kind.endswith(("+xml", "/xml")) and kind not in HTML_TYPES:
        if _looks_like_feed(fetched.body):
            raise FetchError(url, f"a feed, not a page ({kind}): follow it with `briefing feeds add {name}`")
    if kind and kind not in HTML_TYPES:
        raise FetchError(url, f"not an HTML page ({kind})")
    text = decode_page(fetched.body, fetched.charset, name)
    if not kind and not looks_like_html_document(text):
        raise FetchError(url, "not an HTML page (no content type, and no HTML in the answer)")
    check_markup(text, name)
    return RawDocument(origin, origin, fetched.body, text, "html", url=fetched.final_url), fetched


def _looks_like_feed(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


# ---------------------------------------------------------------------------------------------- feeds
@dataclass(frozen=True)
class FeedOutcome:
    """What one feed gave in one fetch: one line for the user, and the articles it added."""

    name: str
    url: str
    status: str  # "ok", "not-modified", "error", "backing-off" or "stopped"
    message: str
    added: tuple[str, ...] = ()
    seen: int = 0  # items already in the corpus
    problems: tuple[str, ...] = ()  # one line per item that could not be added


@dataclass(frozen=True)
class FetchReport:
    outcomes: tuple[FeedOutcome, ...]
    errors: tuple[str, ...]  # feeds.yaml problems and names not found

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(a for o in self.outcomes for a in o.added)

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "error")


@dataclass
class _Item:
    """One feed item ready to ingest (built in a worker thread)."""

    keys: tuple[str, ...]
    doc: RawDocument | None
    overrides: Overrides | None
    problem: str | None = None


@dataclass
class _FeedDone:
    feed: Feed
    status: str
    message: str
    validators: dict[str, Any] = field(default_factory=dict)
    retry_after: float | None = None


class AlreadyFetching(FeedError):
    """Another `briefing fetch` (or the app) is fetching into this corpus right now."""


@contextlib.contextmanager
def _exclusive_run(corpus: Path) -> Iterator[None]:
    lock_path = Path(corpus).parent / ".fetch.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyFetching("another fetch is running on this corpus; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def fetch_feeds(
    corpus: Path,
    names: Sequence[str] = (),
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    per_host: int = PER_HOST,
    workers: int = WORKERS,
    on_feed: Callable[[int, int, FeedOutcome], None] | None = None,
    on_article: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> FetchReport:
    """Fetch the feeds (all, or those named), add their new items as articles, and remember what was seen.

    A feed that failed recently is skipped until its back-off ends, unless it is named or `force` is set.
    """
    corpus = Path(corpus)
    listed = load_feeds(corpus)
    errors = list(listed.errors)
    chosen: list[Feed] = []
    for name in names:
        feed = listed.find(name)
        if feed is None:
            errors.append(f"no feed named {name!r} (see `briefing feeds`)")
        elif feed not in chosen:
            chosen.append(feed)
    if not names:
        chosen = list(listed.feeds)
    explicit = force or bool(names)
    with _exclusive_run(corpus):
        return _run(corpus, chosen, errors, explicit, timeout, per_host, workers, on_feed, on_article, cancel)


def _run(
    corpus: Path,
    feeds: list[Feed],
    errors: list[str],
    explicit: bool,
    timeout: float,
    per_host: int,
    workers: int,
    on_feed: Callable[[int, int, FeedOutcome], None] | None,
    on_article: Callable[[str], None] | None,
    cancel: threading.Event | None,
) -> FetchReport:
    state = load_state(corpus)
    known: dict[str, dict[str, Any]] = state["feeds"]
    now = dt.datetime.now(dt.UTC)
    outcomes: list[FeedOutcome] = []
    todo: list[Feed] = []
    for feed in feeds:
        entry = known.setdefault(feed.url, {"items": {}})
        retry_at = _parse_time(entry.get("retry_at"))
        if not explicit and retry_at and retry_at > now:
            outcomes.append(
                FeedOutcome(
                    feed.name,
                    feed.url,
                    "backing-off",
                    f"backing off after {entry.get('failures', 1)} failure(s) ({entry.get('status', '')}); "
                    f"next try after {_local(retry_at)} (name it to fetch now)",
                )
            )
        else:
            todo.append(feed)
    total = len(feeds)
    for outcome in outcomes:
        if on_feed:
            on_feed(len(outcomes), total, outcome)
    if not todo:
        return FetchReport(tuple(outcomes), tuple(errors))

    ingester: list[Ingester] = []  # made at the first new item: a run of 304s never reads the corpus
    events: queue.Queue[tuple[Feed, _Item | _FeedDone]] = queue.Queue()
    limits: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(per_host))
    limits_lock = threading.Lock()
    stop = cancel or threading.Event()

    def host_slot(url: str) -> threading.Semaphore:
        with limits_lock:
            return limits[host_of(url)]

    # what each worker may skip without fetching the page: keys seen before this run
    seen_before = {feed.url: set((known.get(feed.url) or {}).get("items", {})) for feed in todo}
    pending = {feed.name: feed for feed in todo}
    progress: dict[str, dict[str, Any]] = {f.name: {"added": [], "seen": 0, "problems": []} for f in todo}
    fetcher = Fetcher(timeout=timeout)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        for feed in todo:
            entry = known[feed.url]
            pool.submit(_feed_worker, fetcher, feed, dict(entry), seen_before[feed.url], host_slot, events.put, stop)
        import trafilatura  # noqa: F401 - loaded here while the first answers are on their way, not after

        while pending and not stop.is_set():
            try:
                feed, event = events.get(timeout=0.1)
            except queue.Empty:
                continue
            entry = known[feed.url]
            tally = progress[feed.name]
            if isinstance(event, _Item):
                if event.doc is not None and not ingester:
                    ingester.append(Ingester(corpus))
                _ingest_item(ingester[0] if ingester else None, feed, entry, event, tally, on_article)
                continue
            del pending[feed.name]
            outcome = _finish_feed(feed, entry, event, tally)
            outcomes.append(outcome)
            save_state(corpus, state)
            if outcome.added:
                mark_new(corpus, outcome.added)
            if on_feed:
                on_feed(len(outcomes), total, outcome)
    finally:
        fetcher.close()  # on a stop, requests still in flight end now instead of at their timeout
        pool.shutdown(wait=not stop.is_set(), cancel_futures=True)
    if pending:  # stopped: what was added is remembered; the feeds' validators are not, so nothing is missed
        for feed in pending.values():
            tally = progress[feed.name]
            outcome = FeedOutcome(feed.name, feed.url, "stopped", "stopped before the end", tuple(tally["added"]))
            outcomes.append(outcome)
            if outcome.added:
                mark_new(corpus, outcome.added)
        save_state(corpus, state)
    return FetchReport(tuple(outcomes), tuple(errors))


def _ingest_item(
    ingester: Ingester | None,
    feed: Feed,
    entry: dict[str, Any],
    item: _Item,
    tally: dict[str, Any],
    on_article: Callable[[str], None] | None,
) -> None:
    items: dict[str, str] = entry.setdefault("items", {})
    already = next((items[k] for k in item.keys if k in items), None)
    if already is not None:  # the same item twice in one feed, or in two feeds fetched in this run
        tally["seen"] += 1
        for key in item.keys:
            items.setdefault(key, already)
        return
    if item.doc is None or item.overrides is None or ingester is None:
        tally["problems"].append(item.problem or "an item with nothing to read")
        for key in item.keys:
            items[key] = ""
        return
    outcome = ingester.ingest(item.doc, item.overrides)
    article = outcome.article_id or ""
    if outcome.status == "added":
        tally["added"].append(article)
        if on_article:
            on_article(article)
    elif outcome.status == "skipped":
        tally["seen"] += 1
    else:
        tally["problems"].append(f"{item.doc.origin}: {outcome.message}")
    for key in item.keys:
        items[key] = article


def _finish_feed(feed: Feed, entry: dict[str, Any], done: _FeedDone, tally: dict[str, Any]) -> FeedOutcome:
    stamp = now_iso()
    entry["last_fetch"] = stamp
    added, seen, problems = tuple(tally["added"]), tally["seen"], tuple(tally["problems"])
    if done.status == "stopped":
        return FeedOutcome(feed.name, feed.url, "stopped", done.message, added, seen, problems)
    if done.status == "error":
        failures = int(entry.get("failures") or 0) + 1
        wait = min(BACKOFF_FIRST * 2 ** (failures - 1), BACKOFF_MAX)
        if done.retry_after:
            wait = max(wait, min(done.retry_after, BACKOFF_MAX))
        retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        entry.update(
            failures=failures,
            ok=False,
            status=f"error: {done.message}",
            retry_at=retry_at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        )
        message = f"{done.message}; failed {failures} time(s) in a row, next try after {_local(retry_at)}"
        return FeedOutcome(feed.name, feed.url, "error", message, added, seen, problems)
    entry.update(failures=0, ok=True, retry_at=None, last_success=stamp)
    entry.update(done.validators)
    if done.status == "not-modified":
        entry["status"] = "not modified"
        return FeedOutcome(feed.name, feed.url, "not-modified", "not modified since the last fetch", (), 0, ())
    parts = [f"{len(added)} new", f"{seen} already here"]
    if problems:
        parts.append(f"{len(problems)} not added")
    summary = ", ".join(parts)
    entry["status"] = f"ok: {summary}" + (f" ({done.message})" if done.message else "")
    message = summary + (f"; {done.message}" if done.message else "")
    return FeedOutcome(feed.name, feed.url, "ok", message, added, seen, problems)


# ---------------------------------------------------------------------------------------------- worker side
def _feed_worker(
    fetcher: Fetcher,
    feed: Feed,
    entry: dict[str, Any],
    seen: set[str],
    host_slot: Callable[[str], threading.Semaphore],
    emit: Callable[[tuple[Feed, _Item | _FeedDone]], None],
    stop: threading.Event,
) -> None:
    """Fetch and parse one feed, then build its new items (fetching pages where needed); never raises."""
    try:
        done = _read_feed(fetcher, feed, entry, seen, host_slot, lambda item: emit((feed, item)), stop)
    except BriefingError as exc:
        done = _FeedDone(feed, "error", _without_prefix(str(exc), display_url(feed.url)))
    except Exception as exc:  # a bug or a library surprise: the feed fails, the run goes on
        done = _FeedDone(feed, "error", f"internal error {exc.__class__.__name__}: {exc}".splitlines()[0])
    emit((feed, done))


def _read_feed(
    fetcher: Fetcher,
    feed: Feed,
    entry: dict[str, Any],
    seen: set[str],
    host_slot: Callable[[str], threading.Semaphore],
    emit: Callable[[_Item], None],
    stop: threading.Event,
) -> _FeedDone:
    import feedparser

    try:
        with host_slot(feed.url):
            fetched = fetcher.get(
                feed.url, accept=FEED_ACCEPT, etag=entry.get("etag"), last_modified=entry.get("last_modified")
            )
    except FetchError as exc:
        return _FeedDone(feed, "error", exc.reason, retry_after=exc.retry_after)
    validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    if fetched.not_modified:
        return _FeedDone(feed, "not-modified", "", validators={k: v for k, v in validators.items() if v})
    headers = {"content-location": fetched.final_url}
    if fetched.content_type:
        headers["content-type"] = fetched.content_type + (f"; charset={fetched.charset}" if fetched.charset else "")
    with _PARSING:
        parsed = feedparser.parse(io.BytesIO(fetched.body), response_headers=headers, sanitize_html=True)
    notes: list[str] = []
    if fetched.moved_to:
        notes.append(f"moved permanently to {display_url(fetched.moved_to)} (update feeds.yaml)")
    problem = xml_problem(parsed)
    entries = [e for e in parsed.entries[:MAX_ITEMS] if e.get("link") or text_of(e)[0]]
    if not entries:
        head = fetched.body[:65536].decode("latin-1")
        if looks_like_html_document(head):
            message = f"not a feed (an HTML page: {fetched.content_type or 'no content type'})"
            found = feed_link(head, fetched.final_url)
            if found:
                message += f"; the page names its feed: briefing feeds add {display_url(found)}"
            return _FeedDone(feed, "error", message)
        if problem:
            return _FeedDone(feed, "error", f"not a feed: malformed XML ({problem})")
        if not parsed.version:
            return _FeedDone(feed, "error", f"not a feed ({fetched.content_type or 'no content type'})")
    if problem:
        notes.append(f"malformed XML ({problem}), read leniently")
    if len(parsed.entries) > MAX_ITEMS:
        notes.append(f"only the first {MAX_ITEMS} of {len(parsed.entries)} items read")
    channel = clean_line(parsed.feed.get("title")) or feed.name
    keys_here: set[str] = set()
    for item in entries:
        if stop.is_set():
            return _FeedDone(feed, "stopped", "stopped before the end")
        keys = keys_of(item)
        if any(k in seen or k in keys_here for k in keys):
            keys_here.update(keys)
            emit(_Item(keys, None, None))  # the main thread finds its keys and counts it as already here
            continue
        keys_here.update(keys)
        emit(_build_item(fetcher, feed, channel, item, keys, host_slot))
    validators = {k: v for k, v in validators.items() if v}
    return _FeedDone(feed, "ok", "; ".join(notes), validators=validators)


def _build_item(
    fetcher: Fetcher,
    feed: Feed,
    channel: str,
    item: Any,
    keys: tuple[str, ...],
    host_slot: Callable[[str], threading.Semaphore],
) -> _Item:
    """The item's article: the page at its link when the feed has only a summary, else (or failing) the feed text."""
    title = clean_line(item.get("title")) or None
    link = str(item.get("link") or "").strip()
    text, whole = text_of(item)
    fetched_at = now_iso()
    text_source: str | None = "feed"
    doc: RawDocument | None = None
    if not whole and link:
        try:
            with host_slot(link):
                doc, fetched = _page_document(fetcher, link, origin=link)
            fetched_at, text_source = fetched.fetched, None
        except BriefingError as exc:
            reason = _without_prefix(str(exc), display_url(link))
            text_source = f"feed summary (the page could not be fetched: {reason})"
    if doc is None:
        if not plain_text(text):
            return _Item(keys, None, None, problem=f"{display_url(link) or title}: no text in the feed, no page")
        page = f"<html><head><title>{html.escape(title or '')}</title></head><body>{text}</body></html>"
        origin = link or (title or "item")
        try:
            check_markup(page, display_url(origin))
        except BriefingError as exc:
            return _Item(keys, None, None, problem=str(exc))
        doc = RawDocument(origin, origin, page.encode("utf-8"), page, "html", url=link or None)
    extra: list[tuple[str, str]] = [("feed", feed.name), ("fetched", fetched_at)]
    if text_source:
        extra.append(("text_source", text_source))
    overrides = Overrides(
        title=title,
        published=date_of(item),
        source=channel,
        author=clean_line(item.get("author")) or None,
        tags=feed.tags or None,
        extra=tuple(extra),
    )
    return _Item(keys, doc, overrides)


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _local(when: dt.datetime) -> str:
    local = when.astimezone()
    today = dt.datetime.now().astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")
