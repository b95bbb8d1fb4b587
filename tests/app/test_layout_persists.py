"""Theme, panes, results width and corpus-timeline filters come back at the next launch."""

from __future__ import annotations

from textual.widgets import Checkbox, Input

from briefing.settings import Settings
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from tests.app.conftest import settle


async def test_the_layout_left_comes_back_at_the_next_launch(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.theme = "nord"  # as the palette's "Theme" does
        app.main.query_one("#results").focus()
        await pilot.press("f3", "plus", "plus")
        await pilot.press("t")
        await settle(pilot, app)
        await pilot.press("slash", *"2016", "enter")
        await settle(pilot, app)
        app.screen.query_one("#ct-stated", Checkbox).value = True
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
    again = make()
    async with again.run_test(size=(140, 45)) as pilot:
        await settle(pilot, again)
        main = again.main
        assert again.theme == "nord"
        assert main.hidden_panes == {"timeline"} and main.query_one("#timeline").display is False
        assert main.results_width == 48
        assert main.query_one("#results").styles.width.value == 48
        main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, again)
        screen = again.screen
        assert isinstance(screen, CorpusTimelineScreen)
        assert screen.query_one("#ct-from", Input).value == "2016"
        assert screen.query_one("#ct-stated", Checkbox).value is True
        assert all(e.date.startswith("2016") or e.date >= "2016" for e in screen.events)


async def test_a_config_changed_since_wins_over_what_was_remembered(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.theme = "nord"
        app.main.query_one("#results").focus()
        await pilot.press("f4")
        await settle(pilot, app)
    again = make(Settings(theme="textual-light", panes=("results", "article", "timeline")))
    async with again.run_test(size=(140, 45)) as pilot:
        await settle(pilot, again)
        assert again.theme == "textual-light"
        assert again.main.hidden_panes == {"notes"}
