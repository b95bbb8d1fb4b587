"""Text fields that apply every key in the order it was typed, even when keys arrive in one burst.

Textual hands each key to the focused widget's queue and runs a non-priority binding (cursor moves, tab to
the next field, the dialog's own keys) only once the unhandled key has bubbled back up to the app, through
every container's queue. Keys that arrive together (a fast typist, a terminal multiplexer, a key held down)
therefore overtake one another: `down end Q` typed at once puts the `Q` where the cursor was before `down`,
`tab x` puts the `x` in the field being left, and a dialog's save key can read the field before the keys
typed ahead of it have landed. These fields run the bindings of a key themselves, in their own queue, when
its turn comes, and hand on a key or a paste that waited in their queue after focus moved elsewhere to the
widget focused now, as the app would have had it arrived a moment later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.widget import Widget


class KeysInOrder:
    """Mixed in before a Textual text widget (`self` is that widget)."""

    def _types(self, event: events.Key) -> bool:
        """The widget's own key handler types this key (inserts it), before any binding could see it."""
        return event.is_printable

    def _moved_on(self, event: events.Key | events.Paste) -> bool:
        """Focus left this field while the event waited in its queue: it goes to the widget focused now."""
        widget: Widget = self  # type: ignore[assignment]
        app = widget.app
        target = app.focused or app.screen
        if target is widget:
            return False
        event.prevent_default()
        event.stop()
        copy = events.Key(event.key, event.character) if isinstance(event, events.Key) else events.Paste(event.text)
        # what the app itself does with an input event: mark it forwarded (so that, unhandled, it bubbles up to
        # the bindings instead of being forwarded again) and queue it on the widget
        target._forward_event(copy)
        return True

    async def _on_key(self, event: events.Key) -> None:
        if self._moved_on(event) or self._types(event):
            return  # handed on, or typed by the widget's own handler
        widget: Widget = self  # type: ignore[assignment]
        active = widget.screen.active_bindings.get(event.key)
        if active is None or not active.enabled:
            return
        if await widget.app.run_action(active.binding.action, active.node):
            event.prevent_default()
            event.stop()

    async def _on_paste(self, event: events.Paste) -> None:
        self._moved_on(event)


class OrderedTextArea(KeysInOrder, TextArea):
    def _types(self, event: events.Key) -> bool:
        # enter is a new line; tab and escape are typed only when the text area indents with tab
        typed = ("enter", "tab", "escape") if self.tab_behavior == "indent" else ("enter",)
        return event.is_printable or event.key in typed


class OrderedInput(KeysInOrder, Input):
    pass
