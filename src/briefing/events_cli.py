"""`briefing events`: the merged timeline on the command line (a thin shell over `briefing.events`).

rich is imported inside the function, so importing this module (as `briefing.cli` does) stays cheap.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from briefing import terminal
from briefing.wording import plural

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


def cmd_events(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing.dates import check_range, normalise_partial
    from briefing.events import corpus_events
    from briefing.export import BriefSpec, parse_ids, select_articles

    paths = terminal.paths_of(args)
    start = normalise_partial(args.date_from, "--from") if args.date_from else None
    end = normalise_partial(args.date_to, "--to") if args.date_to else None
    check_range(start, end)
    skipped: list[str] = []
    articles = select_articles(
        paths.corpus, paths.index, BriefSpec(query=args.query, ids=parse_ids(args.ids)), skipped, paths.engine
    )
    for error in skipped:
        terminal.warn(f"skipped {error}")
    events = corpus_events(articles, start=start, end=end, conflicts_only=args.conflicts)
    if args.min_sources > 1:
        events = [e for e in events if e.sources >= args.min_sources]
    if args.json:
        terminal.print_json([event.to_json() for event in events])
        return EXIT_OK if events else EXIT_NOTHING
    if not events:
        what = "conflicting events" if args.conflicts else "dated events"
        terminal.warn(f"no {what}" + (" in that date range" if start or end else ""))
        return EXIT_NOTHING
    out = terminal.console()
    for event in events:
        head = Text()
        head.append(event.as_written() if event.resolved else f"{event.date} (year unknown)", style="bold cyan")
        sources = f"{event.sources} source{'s' if event.sources != 1 else ''}"
        if len(event.reports) != event.sources:
            sources += f", {len(event.reports)} reports"
        head.append(f"  {sources}", style="magenta")
        if event.conflict:
            head.append("  ⚠ dates differ", style="bold red")
        out.print(head)
        out.print(Text(f"  {event.label}"))
        if event.conflict:
            for claim in event.values:
                out.print(Text(f"    {claim.value}: {', '.join(claim.articles)}", style="red"))
        if len(event.reports) > 1:
            for report in event.reports:
                line = Text("    ")
                line.append(f"[{report.article}]", style="magenta")
                line.append(f" {report.source or '—'}, {report.published or 'undated'}", style="dim")
                line.append(f" ({report.value}{'/' + report.range_end if report.range_end else ''}): ", style="cyan")
                where = report.sentence.find(report.mention) if report.mention else -1
                if where < 0:
                    line.append(report.sentence)
                else:
                    line.append(report.sentence[:where])
                    line.append(report.mention, style="bold yellow")
                    line.append(report.sentence[where + len(report.mention) :])
                out.print(line)
        else:
            out.print(Text(f"    [{event.reports[0].article}]", style="magenta"))
    merged = sum(1 for e in events if len(e.reports) > 1)
    conflicts = sum(1 for e in events if e.conflict)
    out.print(
        Text(
            f"{plural(len(events), 'event')}, {merged:,} reported by several articles, "
            f"{conflicts:,} with dates that differ",
            style="dim",
        )
    )
    return EXIT_OK


def register(sub: Any, common: Callable[..., None]) -> None:
    events = sub.add_parser(
        "events",
        help="the merged timeline: one entry per happening, with every article that reports it",
        description="Date mentions of different articles that report the same happening are merged into one "
        "event: its date and how well the sources agree, a label, every report with its sentence, the number of "
        "independent sources, and a conflict flag when sources give different dates.",
    )
    common(events, suppress=True)
    events.add_argument("query", nargs="?", metavar="QUERY", help="a search query selecting the articles")
    events.add_argument("--ids", metavar="ID,...", help="only these articles (comma-separated)")
    terminal.add_date_window(events)
    events.add_argument("--conflicts", action="store_true", help="only events whose sources give different dates")
    events.add_argument(
        "--min-sources", type=int, default=1, metavar="N", help="only events reported by N independent sources or more"
    )
    events.add_argument("--json", action="store_true", help="print a JSON list of events")
    events.set_defaults(func=cmd_events)
