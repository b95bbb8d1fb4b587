"""The search box. Letters typed here are text (q and ? too), so its footer says how to leave it and quit."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "screen.back", "Leave the box", id="leave_search"),
        Binding("ctrl+q", "app.quit", "Quit", id="quit_from_search", priority=True),  # shown, unlike Textual's
        Binding("f1", "app.help", "Help", id="help_from_search"),
    ]
