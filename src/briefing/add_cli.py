"""`briefing add`: ingest raw articles (files, folders, collections, web pages) into the corpus (a thin shell over
`briefing.ingest` and `briefing.follow`).

rich is imported inside the functions, so importing this module (as `briefing.cli` does) stays cheap.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefing import terminal
from briefing.paths import Paths
from briefing.terminal import CliError

EXIT_OK, EXIT_ERROR = 0, 2


def cmd_add(args: argparse.Namespace) -> int:
    from briefing.corpus import Overrides, count_documents, ingest

    paths = terminal.paths_of(args)
    overrides = Overrides(
        id=args.id,
        title=args.title,
        published=args.published,
        source=args.source,
        author=args.author,
        tags=tuple(t.strip() for t in args.tags.split(",") if t.strip()) if args.tags is not None else None,
        extra=tuple(_key_value(item) for item in args.set or ()),
    )
    from briefing.fetch import is_url

    urls = [p for p in args.paths if is_url(p)]
    sources = [Path(p) for p in args.paths if not is_url(p)]
    total = count_documents(sources) + len(urls)
    if not overrides.is_empty() and total > 1:
        raise CliError("--id, --title, --published, --source, --author, --tags and --set apply to a single file")
    if overrides.published:
        from briefing.dates import normalise_partial

        normalise_partial(overrides.published, "--published")

    out = terminal.console()
    counts = {"added": 0, "replaced": 0, "skipped": 0, "error": 0}
    chatty = args.verbose or total <= 50
    progress = None
    if total > 50 and not args.quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=terminal.console(True),
        )
        progress.start()
        task = progress.add_task("ingest", total=total)
    written: list[str] = []  # the ids added or replaced: the index re-reads these alone
    try:
        from itertools import chain

        from briefing.follow import add_urls

        for outcome in chain(
            ingest(
                sources,
                paths.corpus,
                overrides=overrides,
                replace_existing=args.replace,
                progress=(lambda done: progress.update(task, completed=done)) if progress else None,
            ),
            add_urls(urls, paths.corpus, overrides=overrides, replace_existing=args.replace, timeout=args.timeout),
        ):
            counts[outcome.status] += 1
            if outcome.status in ("added", "replaced") and outcome.article_id:
                written.append(outcome.article_id)
            if args.quiet or (not chatty and outcome.status in ("added", "replaced")):
                continue
            label = {"added": "added", "replaced": "replaced", "skipped": "skipped", "error": "error"}[outcome.status]
            target = f" -> {outcome.article_id}" if outcome.article_id and outcome.status != "skipped" else ""
            line = f"{label:8} {outcome.origin}{target}: {outcome.message}"
            if outcome.status == "error":
                terminal.warn(line)
            else:
                out.print(line)
                if args.verbose:
                    _print_removals(out, outcome.removed)
    finally:
        if progress:
            progress.stop()
    summary = (
        f"{counts['added']} added, {counts['replaced']} replaced, {counts['skipped']} skipped, "
        f"{counts['error']} failed; corpus {paths.corpus}"
    )
    if not args.quiet:
        out.print(summary)
    if written:
        _refresh_index_quietly(paths, written)
    return EXIT_ERROR if counts["error"] and not (counts["added"] or counts["replaced"]) else EXIT_OK


def _print_removals(out: Any, removed: Sequence[Any], indent: str = "    ") -> None:
    """Every removal the cleaner made, one per line: its kind, then the text (control characters made
    visible, long texts on one line)."""
    from rich.text import Text

    from briefing.clean import KINDS
    from briefing.clean_markup import visible

    for removal in removed:
        label = KINDS.get(removal.kind, (removal.kind, removal.kind))[0]
        out.print(Text(f"{indent}{label}: {' '.join(visible(removal.text).split())}", style="dim"))


def _key_value(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise CliError(f"--set {item!r}: expected KEY=VALUE")
    from briefing.corpus import KNOWN_KEYS

    if key in KNOWN_KEYS:
        raise CliError(f"--set {key}: use the --{key} flag (or it is set by briefing itself)")
    return key, value


NAMED_REFRESH_MAX = 5000  # articles: past this, one listing of the folder costs less than a stat of each


def _refresh_index_quietly(paths: Paths, written: Sequence[str]) -> None:
    """Keep the search index in step after ingest: the articles written are re-read by name (no listing of a
    million-file folder for one article added); an index problem never fails the command."""
    from briefing.services import refresh_index

    only = written if len(written) <= NAMED_REFRESH_MAX else None
    problem = refresh_index(paths, only=only).problem
    if problem:
        terminal.warn(problem)


# ---------------------------------------------------------------------------------------------- parser
def register(sub: Any, common: Callable[..., None]) -> None:
    add = sub.add_parser("add", help="ingest raw articles (.txt, .md, .html, .jsonl, folders, URLs) into the corpus")
    common(add, suppress=True)
    add.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or http(s) URLs of web pages to ingest")
    add.add_argument("--timeout", type=float, default=15.0, metavar="S", help="seconds to wait for a web page")
    add.add_argument("--id", help="set the article id, a slug of a-z, 0-9 and '-' (single file only)")
    add.add_argument("--title", help="set the title (single file only)")
    add.add_argument("--published", metavar="DATE", help="set the publication date: YYYY, YYYY-MM or YYYY-MM-DD")
    add.add_argument("--source", help="set the source (publication)")
    add.add_argument("--author", help="set the author")
    add.add_argument("--tags", metavar="T1,T2", help="set the tags, comma-separated")
    add.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="add another front-matter field, e.g. --set date_note='...' (repeatable)",
    )
    add.add_argument("--replace", action="store_true", help="replace an article ingested before from the same file")
    add.add_argument(
        "-v", "--verbose", action="store_true", help="one line per file even for large batches, and every removal"
    )
    add.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    add.set_defaults(func=cmd_add)
