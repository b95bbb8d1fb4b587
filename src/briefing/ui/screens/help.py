"""The help screen, generated from the bindings active on the screen it was opened from."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "Type in the search box to search as you type; enter opens the highlighted result. The query language has "
    '"phrases", AND/OR/NOT, -word, word*, word~, title: source: author: tag: notes: fields, '
    "published:2022-01, published:[2016 to 2018] and event:2022-01 (articles that speak of that date). "
    "Key bindings can be changed in the config file (`briefing locate config`) by the ids below."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss_help", "Close help", id="close_help")]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        """rows: (key, description, binding id, where) of every active binding."""
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", expand=True, show_lines=False)
        table.add_column("key", style="bold cyan", no_wrap=True)
        table.add_column("does")
        table.add_column("id (for the config file)", style="dim", no_wrap=True)
        table.add_column("where", style="dim")
        for key, description, binding_id, where in self.rows:
            table.add_row(Text(key), Text(description), Text(binding_id), Text(where))
        with VerticalScroll(id="help"):
            yield Static(Text(ABOUT))
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
