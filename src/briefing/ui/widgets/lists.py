"""An OptionList that also moves with j and k."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list_down"),
        Binding("k", "cursor_up", "Up", show=False, id="list_up"),
    ]

    def highlight_under(self, heading: int) -> None:
        """Highlight the option after the (disabled) heading at `heading` and scroll that heading to the
        top: the selected row's heading (its date, say) stays in view."""
        self.highlighted = min(heading + 1, self.option_count - 1)
        if not self._scroll_to_option(heading):
            self.call_after_refresh(self._scroll_to_option, heading)  # laid out by then

    def _scroll_to_option(self, index: int) -> bool:
        line = self._index_to_line.get(index)  # known once the list has a size
        if line is None:
            return False
        self.scroll_to(y=line, animate=False, force=True, immediate=True)
        return True
