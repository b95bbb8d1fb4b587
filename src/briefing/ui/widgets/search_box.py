"""The search box. Letters typed here are text (q and ? too), so its footer says how to leave it and quit."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import Input


def accepted(value: str, suggestion: str) -> str:
    """The query with its words corrected as `suggestion` says; the words typed after those it corrects
    (a last word still being typed is not checked) are kept."""
    count = len(suggestion.split())
    words = list(re.finditer(r"\S+", value))
    if len(words) <= count:
        return suggestion + (" " if value.endswith(" ") else "")
    return suggestion + value[words[count - 1].end() :]


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "screen.back", "Leave the box", id="leave_search"),
        Binding("ctrl+q", "app.quit", "Quit", id="quit_from_search", priority=True),  # shown, unlike Textual's
        Binding("f1", "app.help", "Help", id="help_from_search"),
        Binding("ctrl+d", "accept_suggestion", "Accept 'Did you mean'", show=False, id="accept_suggestion"),
    ]

    suggestion: str | None = None
    """The corrected query the screen shows under the box ("Did you mean …?"), if any."""

    def accept_key(self) -> str:
        """The key that takes the suggestion, as the config file may have changed it."""
        return self.app._keymap.get("accept_suggestion") or "ctrl+d"

    def action_accept_suggestion(self) -> None:
        """Take the suggested spelling (the search runs again as typed); without one, ctrl+d deletes as usual."""
        if not self.suggestion:
            self.action_delete_right()
            return
        self.value = accepted(self.value, self.suggestion)
        self.cursor_position = len(self.value)
        self.suggestion = None
