"""`c`, `x` and `r` in the timeline pane with no event chosen say so in one line, and change nothing."""

from __future__ import annotations

from briefing.corrections import load_corrections
from briefing.ui.widgets.timeline_pane import TimelinePane
from tests.app.conftest import settle
from tests.app.test_app import ARTICLE, search


async def test_correct_dismiss_restore_without_a_chosen_event_say_choose_one(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroopers")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert main.open_id == ARTICLE
        timeline = main.query_one("#timeline", TimelinePane)
        timeline.focus()
        timeline.highlighted = None
        await pilot.pause()
        assert timeline.events and timeline.selected_event is None
        for key in ("c", "x", "r"):
            before = len(app._notifications)
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is main, key  # no date prompt
            said = [n.message for n in app._notifications][before:]
            assert said == ["choose an event first (j/k)"], (key, said)
        assert not load_corrections(app.paths.corpus, ARTICLE).items
        # with an event chosen, c asks for the date as before
        await pilot.press("j")
        await pilot.press("c")
        await settle(pilot, app)
        assert app.screen is not main


async def test_restore_on_an_event_neither_corrected_nor_dismissed_says_so(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroopers")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        timeline = main.query_one("#timeline", TimelinePane)
        timeline.focus()
        await pilot.press("j")
        await pilot.pause()
        event = timeline.selected_event
        assert event is not None and event.basis != "corrected" and not event.dismissed
        before = len(app._notifications)
        await pilot.press("r")
        await settle(pilot, app)
        said = [n.message for n in app._notifications][before:]
        assert len(said) == 1 and "neither corrected nor dismissed" in said[0] and "\n" not in said[0], said
        assert not load_corrections(app.paths.corpus, ARTICLE).items
        # once an event is dismissed here, r on a live one says it brings that one back
        await pilot.press("x")
        await settle(pilot, app)
        timeline.focus()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot, app)
        assert not load_corrections(app.paths.corpus, ARTICLE).items
        assert event.number in {e.number for e in timeline.events}
