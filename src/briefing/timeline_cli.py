"""`briefing timeline`: the dated events of the corpus, or of some articles, by date (a thin shell over
`briefing.timeline`, with `briefing.services.event_row` for its JSON).

rich is imported inside the function, so importing this module (as `briefing.cli` does) stays cheap.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing import terminal
from briefing.paths import resolve

EXIT_OK, EXIT_NOTHING = 0, 1


def _loaded(corpus: Path) -> list[Any]:
    """Every article of the corpus; the files that cannot be read are said and skipped."""
    from briefing.corpus import load_corpus

    loaded = load_corpus(corpus)
    for error in loaded.errors:
        terminal.warn(f"skipped {error}")
    return list(loaded.articles)


def cmd_timeline(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing.corpus import get_article
    from briefing.dates import check_range, normalise_partial
    from briefing.timeline import corpus_timeline, format_period

    paths = resolve(getattr(args, "corpus", None), getattr(args, "index", None))
    terminal.require_corpus(paths.corpus)
    start = normalise_partial(args.date_from, "--from") if args.date_from else None
    end = normalise_partial(args.date_to, "--to") if args.date_to else None
    check_range(start, end)
    if args.ids:
        articles = [get_article(paths.corpus, article_id) for article_id in args.ids]
    else:
        articles = _loaded(paths.corpus)
    groups = corpus_timeline(articles, start=start, end=end, stated_only=args.stated)
    titles = {a.id: a.title for a in articles}
    if args.json:
        from briefing.services import event_row

        rows = [event_row(event, titles.get(event.article_id, "")) for group in groups for event in group.events]
        terminal.print_json(rows)
        return EXIT_OK if rows else EXIT_NOTHING
    out = terminal.console()
    if not groups:
        terminal.warn("no dated events" + (" in that date range" if start or end else ""))
        return EXIT_NOTHING
    inferred = sorted({e.article_id for g in groups for e in g.events if e.anchor_inferred})
    for group in groups:
        heading = group.heading()
        out.print(Text(heading, style="bold cyan"))
        for event in group.events:
            line = Text("  ")
            line.append(f"{event.mark or ' '} ", style="yellow" if event.mark else "")
            line.append(f"[{event.article_id}] ", style="magenta")
            if event.range_end:
                line.append(f"(until {format_period(event.range_end, event.granularity)}) ", style="cyan")
            offset = event.start - event.sentence_start
            sentence = event.sentence
            where = sentence.find(event.mention, max(0, offset - 5))
            if where < 0:
                line.append(sentence)
            else:
                line.append(sentence[:where])
                line.append(event.mention, style="bold yellow")
                line.append(sentence[where + len(event.mention) :])
            out.print(line)
    if any(e.mark for g in groups for e in g.events):
        out.print()
        legend = "~ completed from the publication date or another date; ≈ inferred (--json explains each)"
        out.print(Text(legend, style="dim"))
    if inferred:
        out.print()
        out.print(
            Text(
                "Publication day inferred from the text for: " + ", ".join(inferred) + " (relative dates resolved "
                "against it; see `briefing show ID` for the date_note).",
                style="dim",
            )
        )
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- parser
def register(sub: Any, common: Callable[..., None]) -> None:
    timeline = sub.add_parser("timeline", help="the dated events of the corpus (or of some articles), by date")
    common(timeline, suppress=True)
    timeline.add_argument("ids", nargs="*", metavar="ID", help="only these articles")
    timeline.add_argument("--from", dest="date_from", metavar="DATE", help="from this date (YYYY, YYYY-MM, YYYY-MM-DD)")
    timeline.add_argument("--to", dest="date_to", metavar="DATE", help="up to this date (YYYY, YYYY-MM, YYYY-MM-DD)")
    timeline.add_argument("--json", action="store_true", help="print a JSON list of events")
    timeline.add_argument(
        "--stated", action="store_true", help="only dates the texts state in full (not completed or inferred)"
    )
    timeline.set_defaults(func=cmd_timeline)
