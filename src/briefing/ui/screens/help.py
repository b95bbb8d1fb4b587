"""The help screen: the keys by pane, in the analyst's words, with the keys actually bound (config overrides
included) and each binding's id for the config file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "Type in the search box to search as you type; enter moves to the results, enter there opens the article. "
    'The query language has "phrases", AND/OR/NOT, -word, word*, word~, title: source: author: tag: notes: '
    "fields, published:2022-01, published:[2016 to 2018] and event:2022-01 (articles that speak of that date). "
    "Keys can be changed in the config file (`briefing locate config`) by the ids in the last column."
)

# (section, rows): a row is a binding id, or (keys, what it does) for keys that are not briefing's bindings.
# Every binding of the app has its row (tests/app/test_keys_documented.py checks it, and that the README's key
# table names every key listed here).
SECTIONS: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            "quit",
            "quit_from_search",
            "help",
            "help_from_search",
            ("ctrl+p", "Commands: open an article by title, export a brief, theme, rebuild the index…"),
            "focus_search",
            "back",
            "history_back",
            "history_forward",
            "toggle_results",
            "toggle_timeline",
            "toggle_notes",
            "wider_results",
            "narrower_results",
            ("tab,shift+tab", "Next / previous pane"),
            "pin_to_brief",
            "brief_in_progress",
            "fetch_feeds",
            "new_articles",
        ),
    ),
    (
        "Search box",
        (
            ("letters", "Search as you type (q and ? are text here)"),
            ("enter", "Search, then go to the results"),
            "accept_suggestion",
            "leave_search",
        ),
    ),
    (
        "Results",
        (
            "list_down",
            "list_up",
            ("enter", "Open the article"),
            "corpus_timeline",
        ),
    ),
    (
        "Article",
        ("next_hit", "previous_hit", ("pageup,pagedown", "Scroll"), "add_note"),
    ),
    (
        "Article's timeline",
        (
            ("enter", "Underline the event's sentence in the article"),
            ("a", "Add a note quoting that sentence"),
            "correct_date",
            "dismiss_event",
            "restore_event",
            "toggle_dismissed",
        ),
    ),
    ("Notes", ("add_note", "edit_note", "delete_note")),
    (
        "Corpus timeline (t)",
        (
            "next_date",
            "previous_date",
            "goto_date",
            "focus_filter",
            "merged_view",
            "pin_event",
            "corpus_dismissed",
            ("enter", "Open the article at the event's sentence"),
            "timeline_back",
        ),
    ),
    (
        "Merged events (m in the corpus timeline)",
        (
            "merged_conflicts",
            "merged_pin",
            ("enter", "The event's reports side by side"),
            "reports_next",
            "reports_previous",
            "report_open",
            "merged_toggle",
            "merged_back",
            "reports_back",
        ),
    ),
    (
        "Brief in progress (b)",
        (
            "brief_move_up",
            "brief_move_down",
            "brief_remove",
            "brief_export",
            "brief_export_save",
            "brief_export_cancel",
            "brief_back",
        ),
    ),
    ("New articles (u)", ("close_new_articles",)),
    ("Note editor", ("save_note", "cancel_note")),
    ("Questions and dialogs", ("confirm_yes", "confirm_no", "cancel_goto", "close_help")),
)


def human_keys(keys: str) -> str:
    """'alt+left,H' -> 'alt+← or H'; 'question_mark' -> '?'; 'ctrl+p' stays."""
    shown = []
    for key in keys.split(","):
        parts = key.strip().split("+")
        name = {"⏎": "enter"}.get(format_key(parts[-1]), format_key(parts[-1]))
        shown.append("+".join([*parts[:-1], name]))
    return " or ".join(shown)


def help_rows(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """(section, keys, what it does, binding id) for every row of SECTIONS, with the keys bound now."""
    by_id = {b.id: b for b in bindings if b.id}
    rows = []
    for section, entries in SECTIONS:
        for entry in entries:
            if isinstance(entry, tuple):
                rows.append((section, human_keys(entry[0]), entry[1], ""))
                continue
            binding = by_id.get(entry)
            if binding is None:
                continue
            rows.append((section, human_keys(keymap.get(entry, binding.key)), binding.description, entry))
    return rows


NARROW_HELP = 90  # columns below which the help's id column goes under the descriptions


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss_help", "Close help", id="close_help")]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        """rows: (section, keys, what it does, binding id)."""
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        # narrow (under NARROW_HELP columns): the config id goes under the description, which stays readable
        narrow = self.app.size.width < NARROW_HELP
        table = Table(expand=True, show_lines=False, show_header=False, box=None, padding=(0, 1))
        if narrow:  # long key lists wrap, so that the descriptions keep most of the width
            table.add_column("keys", style="bold cyan", max_width=16, overflow="fold")
        else:
            table.add_column("keys", style="bold cyan", no_wrap=True, min_width=12)
        table.add_column("does", ratio=1)
        if not narrow:
            table.add_column("id", style="dim", no_wrap=True)
        section = None
        for where, keys, description, binding_id in self.rows:
            if where != section:
                if section is not None:
                    table.add_row("", "", *([] if narrow else [""]))
                heading = Text("id (config)" if section is None else "")
                table.add_row(Text(where, style="bold underline"), "", *([] if narrow else [heading]))
                section = where
            if narrow:
                table.add_row(Text(keys), Text.assemble(description, "\n", (f"id: {binding_id}", "dim")))
            else:
                table.add_row(Text(keys), Text(description), Text(binding_id))
        self.table = table
        closing = next((keys for _, keys, _, binding_id in self.rows if binding_id == "close_help"), "escape")
        with VerticalScroll(id="help"):
            # docked: the keys that close the help stay in sight while the rest scrolls, at every size
            yield Static(Text(f"{closing} close · ↑ ↓ pgup pgdn scroll", style="dim"), id="help-hint")
            yield Static(Text(ABOUT))
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
