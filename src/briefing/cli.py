"""The `briefing` command: a thin shell over the core calls."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from briefing import __version__, terminal
from briefing.errors import BriefingError
from briefing.index_home import ENGINES
from briefing.paths import Paths
from briefing.safetext import terminal_safe
from briefing.wording import plural

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


def _console(stderr: bool = False) -> Any:
    return terminal.console(stderr)


def _warn(message: str) -> None:
    terminal.warn(message)


def _paths(args: argparse.Namespace) -> Paths:
    return terminal.paths_of(args)


def _load(paths: Paths, *, quiet: bool = False) -> Any:
    from briefing.corpus import load_corpus

    loaded = load_corpus(paths.corpus)
    if not quiet:
        for error in loaded.errors:
            _warn(f"skipped {error}")
    return loaded


def _open_index(
    paths: Paths, *, rebuild: bool = False, quiet: bool = False, strict: bool = False, update: bool = True
) -> Any:
    """The corpus's index, brought up to date (`services.open_index`), with a progress bar when there is much to do."""
    from briefing.services import open_index

    progress = None
    task = None

    def report(done: int, total: int) -> None:
        nonlocal progress, task
        if quiet or total < 500:
            return
        if progress is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            progress = Progress(
                TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=_console(True)
            )
            progress.start()
            task = progress.add_task("index", total=total)
        progress.update(task, completed=done, total=total)

    try:
        opened = open_index(paths, rebuild=rebuild, strict=strict, progress=report, on_message=_warn, update=update)
    finally:
        if progress is not None:
            progress.stop()
    for warning in opened.warnings:
        _warn(warning)
    return opened.index, opened.report


# ---------------------------------------------------------------------------------------------- index / search
def cmd_index(args: argparse.Namespace) -> int:
    paths = _paths(args)
    index, report = _open_index(paths, rebuild=args.rebuild, strict=True)
    with index:
        count = index.doc_count()
    terminal.out(f"{report.summary()}; {plural(count, 'article')} indexed in {paths.index}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from rich.text import Text

    paths = _paths(args)
    terminal.require_corpus(paths.corpus)
    index, _ = _open_index(paths, quiet=args.json, update=not args.no_update)
    with index:
        try:
            result = index.search(args.query, limit=args.limit, sort=args.sort, exact_count=True)
        except BriefingError as exc:
            _warn(f"bad query: {exc}")
            return EXIT_ERROR
    if args.json:
        from briefing.services import hit_row

        rows = [hit_row(rank, hit) for rank, hit in enumerate(result.hits, start=1)]
        terminal.print_json(
            {"query": result.query, "total": result.total, "suggestion": result.suggestion, "hits": rows}
        )
        return EXIT_OK if result.hits else EXIT_NOTHING
    out = _console()
    if result.suggestion:
        out.print(Text.assemble(("Did you mean: ", "bold"), (result.suggestion, "bold yellow"), "?"))
    for rank, hit in enumerate(result.hits, start=1):
        head = Text()
        head.append(f"{rank:>3}. ", style="dim")
        head.append(hit.published or "undated", style="cyan")
        head.append("  ")
        head.append(hit.source or "—", style="magenta")
        head.append("  ")
        title = Text(hit.title, style="bold")
        for start, end in hit.title_spans:
            title.stylize("reverse", start, end)
        head.append_text(title)
        if hit.has_notes:
            head.append("  ✎ notes", style="green")
        out.print(head)
        out.print(Text(f"     {hit.id}", style="dim"))
        for snippet in hit.snippets:
            line = Text("     ")
            body = Text(snippet.text)
            for start, end in snippet.spans:
                body.stylize("bold yellow", start, end)
            line.append_text(body)
            out.print(line)
        out.print()
    shown = len(result.hits)
    more = f" (showing {shown})" if result.total > shown else ""
    out.print(Text(f"{result.total} hit{'s' if result.total != 1 else ''}{more}", style="dim"))
    return EXIT_OK if result.hits else EXIT_NOTHING


# ---------------------------------------------------------------------------------------------- list / show
def cmd_list(args: argparse.Namespace) -> int:
    from briefing.corpus import newest_first

    paths = _paths(args)
    terminal.require_corpus(paths.corpus)
    loaded = _load(paths)
    articles = newest_first(loaded.articles)
    if args.json:
        from briefing.services import article_row

        rows = [article_row(article) for article in articles]
        terminal.print_json(rows)
        return EXIT_OK
    _print_list(articles)
    if not articles:
        _warn(f"no articles in {paths.corpus} (add some with `briefing add PATH`)")
        return EXIT_NOTHING
    return EXIT_OK


def _print_list(articles: Sequence[Any]) -> None:
    from rich.text import Text

    out = _console()
    width = max((len(a.id) for a in articles), default=2)
    for article in articles:
        line = Text()
        line.append(f"{article.published or '—':10}", style="cyan")
        line.append("  ")
        line.append(f"{article.id:{width}}", style="bold")
        line.append("  ")
        line.append(f"{(article.source or '—')[:24]:24}", style="magenta")
        line.append("  ")
        line.append(article.title)
        if out.is_terminal:
            out.print(line, overflow="ellipsis", no_wrap=True, crop=True, soft_wrap=False)
        else:
            out.print(line)


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    from briefing.services import open_article

    article = open_article(_paths(args), args.id, timeline=False, notes=False).article
    out = _console()
    out.print(Text(article.title, style="bold"))
    meta = " · ".join(
        part
        for part in (
            article.source or None,
            f"by {article.author}" if article.author else None,
            article.published or "date unknown",
        )
        if part
    )
    out.print(Text(meta, style="dim"))
    details = [f"id: {article.id}"]
    if article.tags:
        details.append("tags: " + ", ".join(article.tags))
    if article.url:
        details.append(f"url: {article.url}")
    for key, value in article.extra.items():
        details.append(f"{key}: {value}")
    if article.removed:
        counts = ", ".join(f"{len(texts)} {kind}" for kind, texts in article.removed.items())
        details.append(f"removed at ingest: {counts} (see --removed)")
    for detail in details:
        out.print(Text(detail, style="dim"))
    if args.removed:
        return _show_removed(out, article)
    out.print()
    from briefing.clean import unfence

    for paragraph in article.body.split("\n\n"):
        block = unfence(paragraph)
        out.print(Text(block if block is not None else paragraph), overflow="ignore", crop=False)
        out.print()
    return EXIT_OK


def _show_removed(out: Any, article: Any) -> int:
    """`show --removed`: what ingest took out of the raw text, kind by kind (the article's audit record)."""
    from rich.text import Text

    from briefing.clean import KINDS
    from briefing.clean_markup import visible

    out.print()
    if article.removed is None:
        out.print("no record of removals: written by hand, or ingested before briefing kept one (re-ingest it with")
        out.print("`briefing add --replace` to make the record)")
        return EXIT_OK
    if not article.removed:
        out.print(f"nothing was removed from {article.original or 'the raw text'} at ingest")
        return EXIT_OK
    total = sum(len(texts) for texts in article.removed.values())
    out.print(f"removed at ingest from {article.original or 'the raw text'}: {total}")
    for kind, texts in article.removed.items():
        singular, many = KINDS.get(kind, (kind, kind))
        out.print(Text(f"{len(texts)} {many if len(texts) > 1 else singular}:", style="bold"))
        for text in texts:
            out.print(Text("  " + " ".join(visible(text).split())))
    return EXIT_OK


def cmd_default(args: argparse.Namespace) -> int:
    """Bare `briefing`: the app in a terminal; the article list when the output is not a terminal."""
    paths = _paths(args)
    terminal.require_corpus(paths.corpus)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from briefing.corpus import newest_first

        articles = newest_first(_load(paths).articles)
        _print_list(articles)
        terminal.out(f"\n{len(articles)} article(s) in {paths.corpus}. Run `briefing` in a terminal for the reader.")
        return EXIT_OK if articles else EXIT_NOTHING
    from briefing.search.api import make_engine
    from briefing.ui.app import make_app

    make_engine(paths.engine)  # an engine that is not installed is said in one line before the screen changes
    app = make_app(paths)
    app.run()
    if app.return_code:
        print(app.crash_message or "briefing: the reader stopped on an error", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from briefing import export
    from briefing.index_home import check_index
    from briefing.services import NothingToExport, export_brief

    paths = _paths(args)
    check_index(paths.corpus, paths.index, paths.engine)  # another corpus's index is never read or overwritten
    spec = export.BriefSpec(
        title=args.title,
        query=args.query,
        ids=export.parse_ids(args.ids),
        start=args.date_from,
        end=args.date_to,
        stated_only=args.stated,
    )
    if args.brief:
        spec = export.merge_specs(export.load_brief(paths.corpus, args.brief), spec)
    if args.save_brief:
        saved = export.save_brief(paths.corpus, args.save_brief, spec, force=args.force)
        terminal.out(f"saved brief {args.save_brief} to {saved}", stderr=True)
    output = Path(args.output) if args.output and args.output != "-" else None
    try:
        exported = export_brief(paths, spec, args.format, merged=args.merged, output=output, force=args.force)
    except NothingToExport as exc:
        _warn(str(exc))
        return EXIT_NOTHING
    for error in exported.brief.skipped:
        _warn(f"skipped {error}")
    for error in exported.brief.note_errors:
        _warn(f"notes left out: {error}")
    if output is not None:
        events = len(exported.brief.events())
        made = f" ({exported.created_text()})" if exported.created else ""
        terminal.out(
            f"wrote {args.output}: {plural(len(exported.brief.articles), 'article')}, {plural(events, 'event')}{made}",
            stderr=True,
        )
    else:
        sys.stdout.write(exported.text)
    return EXIT_OK


def cmd_locate(args: argparse.Namespace) -> int:
    from briefing.settings import config_path, state_path

    paths = _paths(args)
    where = {"config": config_path(), "state": state_path(), "corpus": paths.corpus, "index": paths.index}
    terminal.out(where[args.what])
    return EXIT_OK


# ---------------------------------------------------------------------------------------------- parser
def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--corpus", metavar="DIR", default=default, help="corpus folder (default: $BRIEFING_CORPUS, else ./corpus)"
    )
    parser.add_argument(
        "--index", metavar="DIR", default=default, help="index folder (default: one per corpus; ./index for ./corpus)"
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=default,
        help="search engine (default: the config file's `engine:`, else whoosh; tantivy for large corpora, "
        "installed with pip install 'briefing[tantivy]')",
    )


_CHOSEN = "_briefing_parser"  # where the namespace keeps the parser of the (sub)command the words chose


class _SubParsers(argparse._SubParsersAction):
    """Remembers which subcommand's parser took the words, the deepest one last (`feeds add`): the words it
    does not know are its misuse, and its help is the one to read."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option_string: Any = None) -> None:
        chosen = self._name_parser_map.get(values[0])
        if chosen is not None:
            setattr(namespace, _CHOSEN, chosen)
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line pointing at the help of the command misused (exit 2). argparse quotes what
    the user typed in its errors ('unrecognized arguments: ...'): sanitised too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubParsers)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """argparse leaves the words no parser knew to the top parser, which would point at `briefing --help`:
        the subcommand that was given them says so instead."""
        parsed, extras = self.parse_known_args(args, namespace)
        owner = parsed.__dict__.pop(_CHOSEN, self)
        if extras:
            owner.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> NoReturn:
        if "QUERY" in message:
            message += " (a query that begins with '-' goes after `--`: briefing search -- -word)"
        self.exit(2, f"{self.prog}: error: {terminal_safe(message)} (see `{self.prog} --help`)\n")


def _positive(value: str) -> int:
    """`--limit 0` or `--limit -1` would show nothing or everything: a usage error, not a silent guess."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    from briefing.add_cli import register as register_add
    from briefing.events_cli import register as register_events
    from briefing.feeds_cli import register
    from briefing.notes_cli import register as register_notes
    from briefing.timeline_cli import register as register_timeline

    parser = _Parser(
        prog="briefing",
        description="A terminal briefing reader: search articles, read their timelines, keep notes.",
        epilog="Without a command, briefing opens the reader on the corpus. Every command has --help.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    register_add(sub, _common)

    lst = sub.add_parser("list", help="list the articles, newest first")
    _common(lst, suppress=True)
    lst.add_argument("--json", action="store_true", help="print a JSON list")
    lst.set_defaults(func=cmd_list)

    show = sub.add_parser("show", help="print one article with its metadata")
    _common(show, suppress=True)
    show.add_argument("id", metavar="ID", help="article id (see `briefing list`)")
    show.add_argument(
        "--removed", action="store_true", help="list what ingest removed from the raw text (tags, chrome, ...)"
    )
    show.set_defaults(func=cmd_show)

    idx = sub.add_parser("index", help="bring the search index up to date (only what changed)")
    _common(idx, suppress=True)
    idx.add_argument("--rebuild", action="store_true", help="throw the index away and build it again")
    idx.set_defaults(func=cmd_index)

    search = sub.add_parser(
        "search",
        help="full-text search",
        description='Words are ANDed. Also: "phrases", AND/OR/NOT, -word, word*, word~, title: source: author: '
        "tag: notes: event:, published:2022-01, published:[2016 to 2018], published:>2020-06.",
    )
    _common(search, suppress=True)
    search.add_argument("query", metavar="QUERY", help="the query (quote it in the shell)")
    search.add_argument("--limit", type=_positive, default=10, metavar="N", help="how many hits to show (default 10)")
    search.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    search.add_argument(
        "--no-update",
        action="store_true",
        help="search the index as it is, without checking the corpus for changes first (that check lists every "
        "file: seconds at a million articles)",
    )
    search.set_defaults(func=cmd_search)

    register_notes(sub, _common)

    exp = sub.add_parser(
        "export",
        help="write a brief (md, html) or the timeline as data (json, csv, ics)",
        description="Selects articles by search query and/or ids (default: all) and writes a brief: sources, the "
        "merged timeline with citations, and the notes.",
    )
    _common(exp, suppress=True)
    exp.add_argument("query", nargs="?", metavar="QUERY", help="a search query selecting the articles")
    exp.add_argument("--ids", metavar="ID,...", help="only these articles (comma-separated)")
    terminal.add_date_window(exp, before="timeline ", after="timeline ")
    exp.add_argument("--stated", action="store_true", help="timeline of dates the sources state in full only")
    exp.add_argument("--format", choices=("md", "html", "json", "csv", "ics"), default="md")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    exp.add_argument("--force", action="store_true", help="overwrite an existing output file or saved brief")
    exp.add_argument("--title", help="the brief's title")
    exp.add_argument("--brief", metavar="NAME", help="use the saved brief briefs/NAME.yaml (flags override it)")
    exp.add_argument("--save-brief", metavar="NAME", help="save this selection as briefs/NAME.yaml")
    exp.add_argument(
        "--merged", action="store_true", help="the merged timeline: one entry per happening, every citation, conflicts"
    )
    exp.set_defaults(func=cmd_export)

    locate = sub.add_parser("locate", help="print where briefing keeps something: config, state, corpus, index")
    _common(locate, suppress=True)
    locate.add_argument("what", choices=("config", "state", "corpus", "index"))
    locate.set_defaults(func=cmd_locate)

    register_timeline(sub, _common)
    register(sub, _common)
    register_events(sub, _common)
    return parser


def _query_may_start_with_dash(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`briefing search '-russia kazakhstan'`: a query that begins with '-' (NOT) is the query, not an option."""
    if "search" not in argv or "--" in argv:
        return argv
    start = argv.index("search") + 1
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["search"]
    options = sub._option_string_actions
    i = start
    while i < len(argv):
        word = argv[i]
        if word.startswith("-") and len(word) > 1 and word.split("=")[0] not in options:
            return argv[:i] + argv[i + 1 :] + ["--", word]  # after '--', argparse reads it as the query
        action = options.get(word)
        i += 2 if action is not None and action.nargs is None and "=" not in word and action.const is None else 1
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_query_may_start_with_dash(parser, sys.argv[1:] if argv is None else list(argv)))
    func = getattr(args, "func", cmd_default)
    try:
        return int(func(args) or 0)
    except BriefingError as exc:
        _warn(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback on the user's screen
        from briefing.crashlog import crash_line, write_crash_log

        print(crash_line(exc, write_crash_log(exc, f"briefing {' '.join(sys.argv[1:])}")), file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
