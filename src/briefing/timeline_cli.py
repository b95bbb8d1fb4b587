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
from briefing.errors import BriefingError

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

    paths = terminal.paths_of(args)
    terminal.require_corpus(paths.corpus)
    args.ids = [*args.ids, *(i.strip() for i in (args.ids_option or "").split(",") if i.strip())]
    if args.correct or args.dismiss is not None or args.restore is not None:
        return _correct(paths, args)
    start = normalise_partial(args.date_from, "--from") if args.date_from else None
    end = normalise_partial(args.date_to, "--to") if args.date_to else None
    check_range(start, end)
    if args.ids:
        articles = [get_article(paths.corpus, article_id) for article_id in args.ids]
    else:
        articles = _loaded(paths.corpus)
    # the articles named: their dismissed events too, marked, so that the analyst can find what to --restore
    groups = corpus_timeline(articles, start=start, end=end, stated_only=args.stated, include_dismissed=bool(args.ids))
    titles = {a.id: a.title for a in articles}
    if args.json:
        from briefing.services import event_row

        rows = [event_row(event, titles.get(event.article_id, "")) for group in groups for event in group.events]
        terminal.print_json(rows)
        return EXIT_OK if rows else EXIT_NOTHING
    dismissed = [e for g in groups for e in g.events if e.dismissed]
    groups = [g for g in (_without_dismissed(g) for g in groups) if g.events]
    out = terminal.console()
    if not groups and not dismissed:
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
            if args.ids:
                line.append(f"#{event.number} ", style="dim")
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
    if dismissed:
        out.print()
        out.print(Text("Dismissed (--restore N brings one back):", style="dim bold"))
        for event in sorted(dismissed, key=lambda e: (e.article_id, e.number)):
            line = Text(f"  x [{event.article_id}] #{event.number} ", style="dim")
            line.append(f"{event.as_written()}: ", style="dim strike")
            line.append(event.sentence, style="dim")
            if event.correction_by:
                line.append(f" (by {event.correction_by} on {event.correction_at[:10]})", style="dim italic")
            out.print(line)
    for problem in sorted({_corrections_problem(a) for a in articles} - {None}):
        terminal.warn(f"corrections not applied: {problem}")
    if any(e.mark for g in groups for e in g.events):
        out.print()
        legend = "~ completed from the publication date or another date; ≈ inferred; * corrected by an analyst"
        legend += " (--json explains each)"
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


def _without_dismissed(group: Any) -> Any:
    from dataclasses import replace

    return replace(group, events=tuple(e for e in group.events if not e.dismissed))


def _corrections_problem(article: Any) -> str | None:
    from briefing.corrections import load_corrections

    if article.path is None:
        return None
    try:
        load_corrections(article.path.parent, article.id)
    except BriefingError as exc:  # one line naming the file
        return str(exc)
    return None


def _correct(paths: Any, args: argparse.Namespace) -> int:
    """`--correct N DATE`, `--dismiss N`, `--restore N` on the one article named."""
    from briefing.services import correct_event

    if len(args.ids) != 1:
        terminal.warn("--correct, --dismiss and --restore need exactly one article ID")
        return 2
    if args.correct:
        number, date, done = args.correct[0], args.correct[1], "corrected"
    else:
        number, date = args.dismiss if args.dismiss is not None else args.restore, None
        done = "dismissed" if args.dismiss is not None else "restored"
    try:
        which = int(number)
    except ValueError:
        terminal.warn(f"event number {number!r} is not a number (see `briefing timeline {args.ids[0]}`)")
        return 2
    result = correct_event(paths, args.ids[0], which, date, dismiss=args.dismiss is not None)
    event = next((e for e in result.timeline.events if e.number == which), None)
    told = f"event {which} of {args.ids[0]} {done}"
    if event is not None:
        told += f": {event.explanation}"
    terminal.out(told)
    if result.index.problem:
        terminal.warn(f"index not updated: {result.index.problem}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- parser
def register(sub: Any, common: Callable[..., None]) -> None:
    timeline = sub.add_parser("timeline", help="the dated events of the corpus (or of some articles), by date")
    common(timeline, suppress=True)
    timeline.add_argument("ids", nargs="*", metavar="ID", help="only these articles")
    timeline.add_argument(
        "--ids", dest="ids_option", metavar="ID,...", help="only these articles (comma-separated, as in export)"
    )
    terminal.add_date_window(timeline)
    timeline.add_argument("--json", action="store_true", help="print a JSON list of events")
    timeline.add_argument(
        "--stated", action="store_true", help="only dates the texts state in full (not completed or inferred)"
    )
    fix = timeline.add_mutually_exclusive_group()
    fix.add_argument(
        "--correct",
        nargs=2,
        metavar=("N", "DATE"),
        help="give event N of the article (#N as listed) the date you read there: YYYY[-MM[-DD]] or FROM..TO",
    )
    fix.add_argument("--dismiss", metavar="N", help="dismiss event N of the article (not an event, or no date)")
    fix.add_argument("--restore", metavar="N", help="undo the correction or dismissal of event N")
    timeline.set_defaults(func=cmd_timeline)
