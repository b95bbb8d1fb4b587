"""`briefing feeds ...` and `briefing fetch`: the command-line shell over briefing.feeds and briefing.follow.

rich is imported inside the functions, so importing this module (as `briefing.cli` does) stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.fetch import DEFAULT_TIMEOUT
from briefing.safetext import terminal_safe

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


def _safe(text: object) -> str:
    """One line without terminal control characters, whatever was stored in the state file."""
    return " ".join(terminal_safe(str(text)).split())


def _console(stderr: bool = False) -> Any:
    from briefing import terminal

    return terminal.console(stderr)


def _warn(message: str) -> None:
    from briefing import terminal

    terminal.warn(message)


def _out(text: str, *, stderr: bool = False) -> None:
    from briefing import terminal

    terminal.out(text, stderr=stderr)


def _corpus(args: argparse.Namespace) -> Path:
    from briefing.terminal import paths_of

    return paths_of(args).corpus


def _tags(value: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (value or "").split(",") if t.strip())


# ---------------------------------------------------------------------------------------------- feeds
def cmd_feeds(args: argparse.Namespace) -> int:
    action = getattr(args, "feeds_command", None) or "list"
    return {
        "list": _list,
        "add": _add,
        "remove": _remove,
        "import": _import,
        "export": _export,
    }[action](args)


def _list(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing.feeds import feed_statuses, feeds_path, new_articles
    from briefing.terminal import print_json

    corpus = _corpus(args)
    rows, errors = feed_statuses(corpus)
    for error in errors:
        _warn(error)
    if getattr(args, "json", False):
        print_json(
            [
                {
                    "name": r.feed.name,
                    "url": r.feed.url,
                    "tags": list(r.feed.tags),
                    "last_fetch": r.last_fetch,
                    "status": _safe(r.status),
                    "ok": r.ok,
                    "failures": r.failures,
                    "retry_at": r.retry_at,
                    "articles": r.articles,
                }
                for r in rows
            ]
        )
        return EXIT_OK if rows else EXIT_NOTHING
    if not rows:
        _warn(f"no feeds in {feeds_path(corpus)} (follow one with `briefing feeds add URL`)")
        return EXIT_NOTHING
    out = _console()
    for row in rows:
        head = Text()
        head.append(row.feed.name, style="bold")
        if row.feed.tags:
            head.append("  [" + ", ".join(row.feed.tags) + "]", style="magenta")
        head.append(f"  {row.articles} article{'s' if row.articles != 1 else ''}", style="cyan")
        out.print(head)
        out.print(Text(f"    {row.feed.url}", style="dim"))
        when = _when(row.last_fetch) if row.last_fetch else "never fetched"
        state = Text("    ")
        state.append(f"last fetch {when}" if row.last_fetch else when)
        if row.last_fetch:
            style = "red" if row.ok is False else "green"
            state.append(" · ")
            state.append(_safe(row.status), style=style)
        if row.ok is False and row.retry_at:
            state.append(f" · next try after {_when(row.retry_at)}", style="yellow")
        out.print(state)
    waiting = len(new_articles(corpus))
    out.print(
        Text(f"{len(rows)} feed(s) in {feeds_path(corpus)}; {waiting} new article(s) not opened yet", style="dim")
    )
    return EXIT_OK


def _when(stamp: str) -> str:
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return _safe(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _add(args: argparse.Namespace) -> int:
    from briefing.feeds import add_feeds, feeds_path

    corpus = _corpus(args)
    if args.name and len(args.urls) > 1:
        _warn("--name applies to a single feed")
        return EXIT_ERROR
    added, messages = add_feeds(corpus, [(url, args.name, _tags(args.tags)) for url in args.urls])
    for message in messages:
        _warn(message)
    for feed in added:
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        _out(_safe(f"following {feed.name}{tags}: {feed.url}"))
    if added:
        _out(_safe(f"{len(added)} feed(s) added to {feeds_path(corpus)}; `briefing fetch` reads them"))
    return EXIT_OK if added or not messages else EXIT_ERROR


def _remove(args: argparse.Namespace) -> int:
    from briefing.feeds import remove_feed

    feed = remove_feed(_corpus(args), args.name)
    _out(_safe(f"no longer following {feed.name} ({feed.url}); its articles stay in the corpus"))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from briefing.feeds import add_feeds, feeds_path
    from briefing.opml import read_subscriptions

    corpus = _corpus(args)
    subs = read_subscriptions(Path(args.file))
    for line in subs.skipped:
        _warn(line)
    extra = _tags(args.tags)
    added, messages = add_feeds(corpus, [(s.url, s.name, tuple(dict.fromkeys((*s.tags, *extra)))) for s in subs.items])
    for message in messages:
        _warn(message)
    _out(
        _safe(
            f"imported {len(added)} of {len(subs.items)} feed(s) from {args.file} into {feeds_path(corpus)}"
            + (f"; {len(messages)} not imported" if messages else "")
        )
    )
    return EXIT_OK if added or not (messages or subs.skipped) else EXIT_ERROR


def _export(args: argparse.Namespace) -> int:
    from briefing.export import write_output
    from briefing.feeds import load_feeds
    from briefing.opml import render_opml

    listed = load_feeds(_corpus(args))
    for error in listed.errors:
        _warn(f"not exported: {error}")
    text = render_opml(listed.feeds)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        write_output(Path(args.file), text, force=args.force)
        _out(_safe(f"wrote {len(listed.feeds)} feed(s) to {args.file}"), stderr=True)
    return EXIT_OK if listed.feeds else EXIT_NOTHING


# ---------------------------------------------------------------------------------------------- fetch
def cmd_fetch(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing.follow import FeedOutcome, fetch_feeds

    corpus = _corpus(args)
    out = _console()
    err = _console(stderr=True)
    labels = {
        "ok": "ok",
        "not-modified": "unchanged",
        "error": "failed",
        "backing-off": "waiting",
        "stopped": "stopped",
    }
    styles = {"ok": "green", "not-modified": "dim", "error": "red", "backing-off": "yellow", "stopped": "yellow"}
    progress = None
    task = None

    def on_feed(done: int, total: int, outcome: FeedOutcome) -> None:
        nonlocal progress, task
        if progress is None and total > 10 and not args.quiet and err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            progress = Progress(TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), console=err)
            progress.start()
            task = progress.add_task("fetch", total=total)
        if progress is not None:
            progress.update(task, completed=done)
        if args.quiet and outcome.status != "error":
            return
        line = Text()
        line.append(f"{labels[outcome.status]:10}", style=styles[outcome.status])
        line.append(_safe(outcome.name), style="bold")
        line.append(": " + _safe(outcome.message))
        (err if outcome.status == "error" else out).print(line)
        for problem in outcome.problems:
            err.print(Text("           not added: " + _safe(problem), style="yellow"))

    def on_article(article_id: str) -> None:
        if args.verbose:
            out.print(Text(f"           + {article_id}", style="cyan"))

    try:
        report = fetch_feeds(
            corpus, args.names, force=args.force, timeout=args.timeout, on_feed=on_feed, on_article=on_article
        )
    finally:
        if progress is not None:
            progress.stop()
    for error in report.errors:
        _warn(error)
    if not report.outcomes and not report.errors:
        from briefing.feeds import feeds_path

        _warn(f"no feeds to fetch in {feeds_path(corpus)} (follow one with `briefing feeds add URL`)")
        return EXIT_NOTHING
    failed = len(report.failed)
    if not args.quiet:
        out.print(
            Text(
                f"{len(report.outcomes)} feed(s): {len(report.added)} new article(s), {failed} failed; "
                f"corpus {_safe(corpus)}",
                style="dim",
            )
        )
    if report.added:
        from briefing.services import refresh_index
        from briefing.terminal import paths_of

        problem = refresh_index(paths_of(args)).problem
        if problem:
            _warn(problem)
    if report.errors and not report.outcomes:
        return EXIT_ERROR
    return EXIT_ERROR if failed and failed == len(report.outcomes) else EXIT_OK


# ---------------------------------------------------------------------------------------------- parser
def register(sub: Any, common: Callable[..., None]) -> None:
    feeds = sub.add_parser(
        "feeds",
        help="the feeds this corpus follows: list (default), add, remove, import, export",
        description="Feeds are listed in feeds.yaml beside the corpus folder. Without a subcommand: each feed "
        "with its last fetch, status and article count.",
    )
    common(feeds, suppress=True)
    feeds.add_argument("--json", action="store_true", help="print the list as JSON")
    feeds.set_defaults(func=cmd_feeds)
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION")

    add = actions.add_parser("add", help="follow one or more feeds (RSS 2.0, Atom 1.0, RSS 1.0)")
    common(add, suppress=True)
    add.add_argument("urls", nargs="+", metavar="URL", help="the feed's address")
    add.add_argument("--name", help="a short name for the feed (default: its host)")
    add.add_argument("--tags", metavar="T1,T2", help="tags given to every article of the feed")

    remove = actions.add_parser("remove", help="stop following a feed (its articles stay)")
    common(remove, suppress=True)
    remove.add_argument("name", metavar="NAME", help="the feed's name (or URL)")

    imp = actions.add_parser("import", help="follow the feeds of an OPML file (or a newsboat urls file)")
    common(imp, suppress=True)
    imp.add_argument("file", metavar="FILE", help="an .opml file, e.g. from `newsboat --export-to-opml2`")
    imp.add_argument("--tags", metavar="T1,T2", help="tags added to every imported feed")

    exp = actions.add_parser("export", help="write the feeds as OPML 2.0 (- for standard output)")
    common(exp, suppress=True)
    exp.add_argument("file", metavar="FILE", help="the .opml file to write, or -")
    exp.add_argument("--force", action="store_true", help="overwrite an existing file")

    fetch = sub.add_parser(
        "fetch",
        help="read the feeds and add their new items as articles",
        description="Fetches every feed (or those named) with a conditional GET, a few at a time, and adds new "
        "items: the full page when the feed has only a summary. A failing feed waits longer after each failure "
        "unless named.",
    )
    common(fetch, suppress=True)
    fetch.add_argument("names", nargs="*", metavar="NAME", help="only these feeds (fetched even when backing off)")
    fetch.add_argument("--force", action="store_true", help="fetch every feed, even those backing off")
    fetch.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S", help="seconds to wait for a server"
    )
    fetch.add_argument("-v", "--verbose", action="store_true", help="one line per new article")
    fetch.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    fetch.set_defaults(func=cmd_fetch)
