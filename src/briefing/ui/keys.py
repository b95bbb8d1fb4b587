"""Keys (and pastes) in the order they were typed. Textual hands each key to the widget focused when the app
reads it, but a key's work (a binding that moves the focus, a widget that bubbles it up to a screen binding) is
done later, through message queues: a fast typist's next keys would reach the widget the focus is leaving.
Each key is handed over only once everything the keys before it set moving (focus changes included) has
settled."""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.app import App

QUIET_TURNS = 3  # turns of the event loop with every queue empty: the previous key's work is done
SETTLE_LIMIT = 0.3  # seconds a key waits for the previous one's work at most: a long handler, or a stream of
# background messages (index progress), never holds the keys typed


class OrderedKeys(App):  # type: ignore[type-arg]
    """Mixed into the app before `App`: keys from the terminal are delivered one at a time, in order."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._typed: deque[events.Key | events.Paste] = deque()
        self._delivering: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:  # a paste keeps its turn too
            self._typed.append(event)
            if self._delivering is None or self._delivering.done():
                self._delivering = asyncio.create_task(self._deliver_keys())
            return
        await super().on_event(event)

    async def _deliver_keys(self) -> None:
        while self._typed and not self._exit:
            event = self._typed.popleft()
            try:
                await super().on_event(event)
                await self._settle()
            except Exception as error:  # as if raised in the app's own message loop
                self._handle_exception(error)
                return

    async def _settle(self) -> None:
        """Wait until the app, its screens and their widgets hold no message for a few turns of the event loop
        in a row (a key's work posts more messages, a focus change the app runs later among them)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        quiet = 0
        while quiet < QUIET_TURNS and loop.time() < deadline:
            await asyncio.sleep(0)
            pumps = [self, *(node for screen in self.screen_stack for node in screen.walk_children(with_self=True))]
            quiet = 0 if any(pump.message_queue_size for pump in pumps) else quiet + 1
