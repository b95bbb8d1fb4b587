"""The CLI's way to the terminal: every line it prints goes through `briefing.safetext` first.

A rich Console whose rendered text is sanitised segment by segment (styles made by rich stay, control
characters carried by the data go), `out` and `warn` for plain lines, `print_json` for machine output.
Rich is imported lazily: this module is part of the shell, and `briefing list` should not pay for rich's
import when it is not needed.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import BriefingError
from briefing.safetext import json_terminal_safe, terminal_safe

if TYPE_CHECKING:
    from briefing.paths import Paths


class CliError(BriefingError):
    """A usage problem found by the command itself."""


def add_date_window(parser: Any, *, before: str = "", after: str = "") -> None:
    """A command's `--from DATE` and `--to DATE` options (`date_from`, `date_to`), checked by `iso_date`."""
    forms = "(YYYY, YYYY-MM, YYYY-MM-DD)"
    parser.add_argument(
        "--from", dest="date_from", type=iso_date, metavar="DATE", help=f"{before}from this date {forms}"
    )
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help=f"{after}up to this date {forms}")


def iso_date(value: str) -> str:
    """The type of a `--from`/`--to` option: a date of the wrong form is a usage error of the command that
    took it (one line naming that command's help), caught before any work."""
    import argparse

    from briefing.dates import normalise_partial

    try:
        return normalise_partial(value, what="")
    except BriefingError as exc:
        raise argparse.ArgumentTypeError(str(exc).strip()) from None


def paths_of(args: Any) -> Paths:
    """The folders and the engine the global options name: `--engine`, else the config file's `engine:`,
    else Whoosh (a bad `engine:` in the config file is said in one line, and Whoosh used)."""
    from briefing.paths import resolve

    engine = getattr(args, "engine", None)
    if engine is None:
        from briefing.settings import load_settings

        settings = load_settings()
        engine = settings.engine
        for warning in settings.warnings:
            if "engine" in warning:
                warn(warning)
    return resolve(getattr(args, "corpus", None), getattr(args, "index", None), engine)


def require_corpus(corpus: Path) -> None:
    """Commands that read the corpus refuse a missing folder with the same line (exit 2)."""
    if corpus.exists() and not corpus.is_dir():
        raise CliError(f"{corpus} is not a folder")
    if not corpus.exists():
        raise CliError(
            f"no corpus folder at {corpus} (give --corpus DIR, set BRIEFING_CORPUS, or add articles "
            "with `briefing add PATH`)"
        )


@functools.cache
def _safe_console_class() -> type:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Console that never lets the data it renders drive the terminal."""

        def render(self, renderable: Any, options: Any = None) -> Any:
            for segment in super().render(renderable, options):
                if segment.control is None and segment.text:
                    text = terminal_safe(segment.text)
                    if text is not segment.text:
                        segment = Segment(text, segment.style)
                yield segment

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # rich exits 1 here; the CLI treats a closed pipe the same way for every printer

    return SafeConsole


def console(stderr: bool = False) -> Any:
    """A rich Console for the CLI: no markup, no highlighting, no emoji codes, sanitised output."""
    return _safe_console_class()(stderr=stderr, highlight=False, soft_wrap=True, emoji=False, markup=False)


def out(text: object = "", *, stderr: bool = False) -> None:
    """Print one plain line (or several), sanitised."""
    print(terminal_safe(str(text)), file=sys.stderr if stderr else sys.stdout)


def warn(message: str) -> None:
    """A one-line message on standard error, prefixed `briefing:`."""
    print(f"briefing: {' '.join(terminal_safe(message).splitlines())}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Indented JSON on standard output; characters a terminal would obey are written as \\u escapes."""
    print(json_terminal_safe(json.dumps(data, ensure_ascii=False, indent=2)))
