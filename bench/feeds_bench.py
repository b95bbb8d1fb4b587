"""Feed fetching speed: 50 local feeds of 100 items each, served by a real HTTP server on 127.0.0.1.

Prints items/s and the time to the first new article, three ways: in the corpus (library `fetch_feeds`, the
first article file written), on screen in the app (headless Textual: "Fetch feeds", until the first fetched
article is listed in the results), and the second fetch of the same feeds (every feed answers 304).
`--pages` serves summary-only feeds, so every item's page is fetched too (5,000 more requests).
Usage: python bench/feeds_bench.py [--feeds 50] [--items 100] [--pages]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.localhttp, the test suite's server

from briefing.feeds import add_feeds  # noqa: E402
from briefing.follow import fetch_feeds  # noqa: E402
from tests.localhttp import LocalServer, Route, rss  # noqa: E402

WORDS = (
    "ministers agreed pipeline tariff border grain railway sanctions treaty delegation parliament election "
    "currency reserves drought harvest corridor summit militia ceasefire refinery exports inflation"
).split()


def paragraphs(feed: int, item: int) -> list[str]:
    out = []
    for p in range(4):
        words = [WORDS[(feed * 7 + item * 3 + p * 5 + k) % len(WORDS)] for k in range(40)]
        out.append(f"Report {feed}-{item}-{p}: " + " ".join(words).capitalize() + ".")
    return out


def serve(server: LocalServer, feeds: int, items: int, pages: bool) -> list[str]:
    urls = []
    for f in range(feeds):
        entries = []
        for i in range(items):
            text = paragraphs(f, i)
            link = server.url(f"/f{f}/{i}")
            entry = {
                "title": f"Feed {f} item {i}",
                "link": link,
                "guid": f"urn:f{f}:{i}",
                "date": "Mon, 06 May 2024 08:00:00 GMT",
            }
            if pages:
                entry["description"] = text[0][:120] + "…"
                body = "".join(f"<p>{p}</p>" for p in text)
                server.routes[f"/f{f}/{i}"] = Route(
                    f"<!DOCTYPE html><html><head><title>Feed {f} item {i}</title></head><body><nav>Home</nav>"
                    f"<article><h1>Feed {f} item {i}</h1>{body}</article></body></html>".encode()
                )
            else:
                entry["content"] = "".join(f"<p>{p}</p>" for p in text)
            entries.append(entry)
        server.routes[f"/feed{f}"] = Route(
            rss(entries, title=f"Feed {f}"), content_type="application/rss+xml", etag=f'"f{f}"'
        )
        urls.append(server.url(f"/feed{f}"))
    return urls


def library_run(corpus: Path) -> tuple[int, float, float | None]:
    start = time.perf_counter()
    first: list[float] = []

    def on_article(article_id: str) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    report = fetch_feeds(corpus, on_article=on_article)
    return len(report.added), time.perf_counter() - start, first[0] if first else None


async def app_run(corpus: Path, index: Path, state: Path) -> tuple[int, float, float | None]:
    from briefing.paths import resolve
    from briefing.settings import Settings
    from briefing.ui.app import make_app

    app = make_app(resolve(corpus, index), Settings(), state)
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(600):  # the index of the empty corpus opens
            await pilot.pause(0.05)
            if app.index_open:
                break
        results = app.main.query_one("#results")
        start = time.perf_counter()
        app.action_fetch_feeds()
        first = None
        for _ in range(20000):  # bounded: at most ~20,000 short pauses
            await pilot.pause(0.02)
            if first is None and results.option_count:
                first = time.perf_counter() - start
            if first is not None and not app.feeds_state:
                break
        elapsed = time.perf_counter() - start
        await app.workers.wait_for_complete()
        count = app.article_count
    return count, elapsed, first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--pages", action="store_true", help="summary-only feeds: fetch every item's page")
    args = parser.parse_args()
    rows = []
    with LocalServer() as server, tempfile.TemporaryDirectory() as tmp:
        urls = serve(server, args.feeds, args.items, args.pages)
        for where in ("library", "app"):
            corpus = Path(tmp) / where / "corpus"
            corpus.mkdir(parents=True)
            add_feeds(corpus, [(url, None, ()) for url in urls])
            before = len(server.requests)
            if where == "library":
                added, seconds, first = library_run(corpus)
                label = "fetch_feeds (corpus)"
            else:
                added, seconds, first = asyncio.run(app_run(corpus, Path(tmp) / where / "index", Path(tmp) / "s.json"))
                label = "app Fetch feeds (screen)"
            rows.append((label, added, seconds, first, len(server.requests) - before))
            if where == "library":
                before = len(server.requests)
                _, again, _ = library_run(corpus)
                rows.append(("second fetch (all 304)", 0, again, None, len(server.requests) - before))
    kind = "summary only, page per item" if args.pages else "full text in the feed"
    print(f"{args.feeds} feeds x {args.items} items ({kind}), local HTTP server")
    print(f"{'run':26} {'new':>6} {'requests':>9} {'seconds':>8} {'items/s':>8} {'first new article':>18}")
    for label, added, seconds, first, requests in rows:
        rate = added / seconds if seconds and added else 0.0
        first_text = f"{first:.2f} s" if first is not None else "—"
        print(f"{label:26} {added:6d} {requests:9d} {seconds:8.2f} {rate:8.0f} {first_text:>18}")


if __name__ == "__main__":
    main()
