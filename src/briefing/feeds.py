"""The feeds a corpus follows (`feeds.yaml` beside the corpus folder) and what briefing remembers about them.

`feeds.yaml` belongs to the user: it is read with `yaml.safe_load`, every bad entry is a one-line error while
the others still count, and briefing rewrites it atomically (keeping its mode) only for `feeds add`, `feeds
remove` and `feeds import`, never dropping an entry it could not understand. What briefing learns by fetching
(validators for conditional GET, failures and back-off, the items already seen) lives in `feeds.state.json`,
and which articles are new since the analyst last looked in `new-articles.json`: both beside the corpus, never
in the articles themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing.clean import strip_control
from briefing.errors import BriefingError, YamlProblem
from briefing.fetch import FetchError, check_url, display_url, host_of
from briefing.fsio import atomic_write_text, file_lock, safe_load_yaml
from briefing.paths import article_file, is_valid_id

FEEDS_FILE = "feeds.yaml"
STATE_FILE = "feeds.state.json"
NEW_FILE = "new-articles.json"
LOCK_FILE = ".feeds.lock"
MAX_NAME = 80
MAX_FEEDS_FILE = 2 * 1024 * 1024
ITEMS_REMEMBERED = 5000  # per feed; older keys are forgotten (the content duplicate check still holds)
_HEADER = (
    "# The feeds `briefing fetch` reads. Edit by hand or with `briefing feeds add/remove/import`.\n"
    "# Each feed: url (required), name, tags. briefing rewrites this file on add/remove/import (comments go).\n"
)


class FeedError(BriefingError):
    """A feeds file, feed entry or feed name that cannot be used."""


@dataclass(frozen=True)
class Feed:
    name: str
    url: str
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class FeedList:
    """The feeds that could be read, and a one-line error for each entry that could not."""

    feeds: tuple[Feed, ...]
    errors: tuple[str, ...]
    path: Path

    def find(self, name: str) -> Feed | None:
        wanted = name.strip().casefold()
        return next((f for f in self.feeds if f.name.casefold() == wanted), None)


def feeds_path(corpus: Path) -> Path:
    return Path(corpus).parent / FEEDS_FILE


def state_path(corpus: Path) -> Path:
    return Path(corpus).parent / STATE_FILE


def new_path(corpus: Path) -> Path:
    return Path(corpus).parent / NEW_FILE


@contextlib.contextmanager
def locked(corpus: Path) -> Iterator[None]:
    """Serialise read-modify-write of the feeds files between processes (the app and a cron `fetch`)."""
    parent = Path(corpus).parent
    parent.mkdir(parents=True, exist_ok=True)
    with file_lock(parent / LOCK_FILE):
        yield


# ---------------------------------------------------------------------------------------------- feeds.yaml
def clean_name(name: str, where: str = "--name") -> str:
    text = " ".join(strip_control(str(name))[0].split())
    if not text:
        raise FeedError(f"{where}: a feed name cannot be empty")
    if len(text) > MAX_NAME:
        raise FeedError(f"{where}: {text[:40]!r}… is longer than {MAX_NAME} characters")
    if "," in text:
        raise FeedError(f"{where}: {text!r}: a feed name cannot contain a comma")
    return text


def clean_tags(tags: Iterable[Any], where: str) -> tuple[str, ...]:
    out: list[str] = []
    for tag in tags:
        if not isinstance(tag, str | int | float) or isinstance(tag, bool):
            raise FeedError(f"{where}: tags must be words, not {type(tag).__name__}")
        text = " ".join(strip_control(str(tag))[0].split())
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _read_raw(path: Path) -> list[Any]:
    """The entries of feeds.yaml as written (a missing file is an empty list); FeedError when unreadable."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise FeedError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size > MAX_FEEDS_FILE:
        raise FeedError(f"{path}: larger than {MAX_FEEDS_FILE // (1024 * 1024)} MB; not a feeds list")
    try:
        text = path.read_text(encoding="utf-8")
        data = safe_load_yaml(text)
    except UnicodeDecodeError as exc:
        raise FeedError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise FeedError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (YamlProblem, yaml.YAMLError) as exc:
        raise FeedError(f"{path}: not valid YAML ({exc}); fix it by hand, nothing was changed") from None
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("feeds", [])
        if data is None:
            return []
    if not isinstance(data, list):
        raise FeedError(f"{path}: expected a list of feeds under 'feeds:'")
    return data


def _parse_entry(entry: Any, number: int, path: Path, taken: Iterable[str] = ()) -> Feed:
    where = f"{path.name}: feed {number}"
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict):
        raise FeedError(f"{where}: expected url, name and tags, not {type(entry).__name__}")
    url = entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise FeedError(f"{where}: no 'url'")
    try:
        url = check_url(url)
    except FetchError as exc:
        raise FeedError(f"{where}: {exc}") from None
    name = entry.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        name = default_name(url, taken)
    elif not isinstance(name, str | int | float) or isinstance(name, bool):
        raise FeedError(f"{where}: 'name' must be text")
    tags = entry.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list):
        raise FeedError(f"{where}: 'tags' must be a list of words")
    extra = {str(k): v for k, v in entry.items() if k not in ("url", "name", "tags")}
    return Feed(name=clean_name(str(name), f"{where}: name"), url=url, tags=clean_tags(tags, where), extra=extra)


def load_feeds(corpus: Path) -> FeedList:
    """Read feeds.yaml: a bad entry (or a second feed of the same name) is an error line; the others load."""
    path = feeds_path(corpus)
    feeds: list[Feed] = []
    errors: list[str] = []
    names: set[str] = set()
    for number, entry in enumerate(_read_raw(path), start=1):
        try:
            feed = _parse_entry(entry, number, path, [f.name for f in feeds])
        except FeedError as exc:
            errors.append(str(exc))
            continue
        if feed.name.casefold() in names:
            errors.append(f"{path.name}: feed {number}: the name {feed.name!r} is used by an earlier feed; skipped")
            continue
        names.add(feed.name.casefold())
        feeds.append(feed)
    return FeedList(tuple(feeds), tuple(errors), path)


def default_name(url: str, taken: Iterable[str]) -> str:
    """A short name for a feed: its host without www., then with the path when that is taken."""
    host = host_of(url).removeprefix("www.") or "feed"
    taken_folded = {t.casefold() for t in taken}
    candidates = [host]
    path = re.sub(r"[^A-Za-z0-9]+", "-", url.split(host, 1)[-1]).strip("-").lower()
    if path:
        candidates.append(f"{host}-{path}"[:MAX_NAME])
    for candidate in candidates:
        if candidate.casefold() not in taken_folded:
            return candidate
    n = 2
    while f"{host}-{n}".casefold() in taken_folded:
        n += 1
    return f"{host}-{n}"


def _entry_of(feed: Feed) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": feed.name, "url": feed.url}
    if feed.tags:
        entry["tags"] = list(feed.tags)
    entry.update({k: v for k, v in feed.extra.items() if k not in entry})
    return entry


def _write_raw(path: Path, entries: list[Any]) -> None:
    text = _HEADER + yaml.safe_dump(
        {"feeds": entries}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100000
    )
    write_keeping_mode(path, text)


def write_keeping_mode(path: Path, text: str) -> None:
    """Atomic write that leaves an existing file's permissions as they were (a new file gets 0644 less umask)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o644 & ~umask
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    os.chmod(path, mode)


def add_feeds(corpus: Path, new: Iterable[tuple[str, str | None, tuple[str, ...]]]) -> tuple[list[Feed], list[str]]:
    """Add (url, name or None, tags) feeds; one already followed (same URL or name) is a message, not a change."""
    path = feeds_path(corpus)
    added: list[Feed] = []
    messages: list[str] = []
    with locked(corpus):
        entries = _read_raw(path)
        current = load_feeds(corpus)
        names = [f.name for f in current.feeds]
        urls = {f.url: f.name for f in current.feeds}
        for url, name, tags in new:
            try:
                url = check_url(url)
                chosen = clean_name(name) if name else default_name(url, names)
            except (FetchError, FeedError) as exc:
                messages.append(str(exc))
                continue
            if url in urls:
                messages.append(f"{display_url(url)}: followed already as {urls[url]!r}")
                continue
            if chosen.casefold() in {n.casefold() for n in names}:
                messages.append(f"{display_url(url)}: the name {chosen!r} is taken (choose another with --name)")
                continue
            feed = Feed(name=chosen, url=url, tags=clean_tags(tags, "--tags"))
            entries.append(_entry_of(feed))
            names.append(chosen)
            urls[url] = chosen
            added.append(feed)
        if added:
            _write_raw(path, entries)
    return added, messages


def remove_feed(corpus: Path, name: str) -> Feed:
    """Remove the feed of that name (or URL); its articles stay in the corpus."""
    path = feeds_path(corpus)
    with locked(corpus):
        entries = _read_raw(path)
        current = load_feeds(corpus)
        feed = current.find(name) or next((f for f in current.feeds if f.url == name.strip()), None)
        if feed is None:
            known = ", ".join(f.name for f in current.feeds[:8]) or "none yet"
            raise FeedError(f"no feed named {name!r} in {path} (feeds: {known})")
        kept = []
        names: list[str] = []  # named as load_feeds names them (a feed without a name gets a free default)
        for number, entry in enumerate(entries, start=1):
            try:
                parsed = _parse_entry(entry, number, path, names)
            except FeedError:
                kept.append(entry)  # an entry briefing cannot read is the user's to fix, never dropped
                continue
            if parsed.name.casefold() not in {n.casefold() for n in names}:
                names.append(parsed.name)
            if parsed.url != feed.url or parsed.name != feed.name:
                kept.append(entry)
        _write_raw(path, kept)
    return feed


# ---------------------------------------------------------------------------------------------- state
def load_state(corpus: Path) -> dict[str, Any]:
    """What briefing remembers per feed URL; a missing or damaged file is an empty memory (never an error)."""
    try:
        data = json.loads(state_path(corpus).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"feeds": {}}
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), dict):
        return {"feeds": {}}
    data["feeds"] = {k: v for k, v in data["feeds"].items() if isinstance(k, str) and isinstance(v, dict)}
    for entry in data["feeds"].values():
        if not isinstance(entry.get("items"), dict):
            entry["items"] = {}
    return data


def save_state(corpus: Path, state: dict[str, Any]) -> None:
    for entry in state["feeds"].values():
        items = entry.get("items") or {}
        if len(items) > ITEMS_REMEMBERED:
            entry["items"] = dict(list(items.items())[-ITEMS_REMEMBERED:])
    write_keeping_mode(state_path(corpus), json.dumps(state, ensure_ascii=False, indent=1))


@dataclass(frozen=True)
class FeedStatus:
    """One line of `briefing feeds`."""

    feed: Feed
    last_fetch: str | None
    status: str
    ok: bool | None  # None: never fetched
    failures: int
    retry_at: str | None
    articles: int


def feed_statuses(corpus: Path) -> tuple[list[FeedStatus], tuple[str, ...]]:
    listed = load_feeds(corpus)
    state = load_state(corpus)["feeds"]
    rows = []
    for feed in listed.feeds:
        entry = state.get(feed.url, {})
        ids = {v for v in (entry.get("items") or {}).values() if isinstance(v, str) and is_valid_id(v)}
        count = sum(1 for article_id in ids if article_file(Path(corpus), article_id).exists())
        rows.append(
            FeedStatus(
                feed=feed,
                last_fetch=entry.get("last_fetch") if isinstance(entry.get("last_fetch"), str) else None,
                status=str(entry.get("status") or "never fetched"),
                ok=entry.get("ok") if isinstance(entry.get("ok"), bool) else None,
                failures=int(entry.get("failures") or 0) if str(entry.get("failures") or 0).isdigit() else 0,
                retry_at=entry.get("retry_at") if isinstance(entry.get("retry_at"), str) else None,
                articles=count,
            )
        )
    return rows, listed.errors


# ---------------------------------------------------------------------------------------------- new articles
def _load_new(corpus: Path) -> dict[str, str]:
    try:
        data = json.loads(new_path(corpus).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    new = data.get("new") if isinstance(data, dict) else None
    if not isinstance(new, dict):
        return {}
    return {k: str(v) for k, v in new.items() if isinstance(k, str) and is_valid_id(k)}


def _save_new(corpus: Path, new: dict[str, str]) -> None:
    write_keeping_mode(new_path(corpus), json.dumps({"new": new}, ensure_ascii=False, indent=1))


def new_articles(corpus: Path) -> list[str]:
    """Ids of the fetched articles the analyst has not opened yet (and that are still in the corpus), newest first."""
    new = _load_new(corpus)
    present = [
        (when, article_id) for article_id, when in new.items() if article_file(Path(corpus), article_id).exists()
    ]
    return [article_id for _, article_id in sorted(present, reverse=True)]


def mark_new(corpus: Path, ids: Iterable[str], when: str | None = None) -> None:
    ids = [i for i in ids if is_valid_id(i)]
    if not ids:
        return
    stamp = when or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with locked(corpus):
        new = _load_new(corpus)
        for article_id in ids:
            new.setdefault(article_id, stamp)
        _save_new(corpus, new)


def mark_read(corpus: Path, ids: Iterable[str] | None = None) -> int:
    """The articles were looked at (None: all of them); returns how many were new."""
    with locked(corpus):
        new = _load_new(corpus)
        if not new:
            return 0
        gone = list(new) if ids is None else [i for i in ids if i in new]
        if not gone:
            return 0
        for article_id in gone:
            del new[article_id]
        _save_new(corpus, new)
        return sum(1 for article_id in gone if article_file(Path(corpus), article_id).exists())
