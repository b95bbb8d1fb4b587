"""Issue 16 §2 in the app: the timeline pane marks how each date was obtained and explains the highlighted one."""

from __future__ import annotations

from briefing.ui.widgets.timeline_pane import TimelinePane, event_prompt
from tests.app.conftest import settle
from tests.app.test_app import ARTICLE, search


def _subtitle(pane: TimelinePane) -> str:
    subtitle = pane.border_subtitle
    return "" if subtitle is None else getattr(subtitle, "plain", str(subtitle))


async def test_pane_marks_dates_and_explains_the_highlighted_event(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroopers")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert main.open_id == ARTICLE
        pane = main.query_one("#timeline", TimelinePane)
        thursday = next(i for i, e in enumerate(pane.events) if e.mention == "Thursday night")
        stated = next(i for i, e in enumerate(pane.events) if e.basis == "stated")
        pane.focus()
        pane.highlighted = pane.get_option_index(f"e{thursday}")
        await pilot.pause()
        assert _subtitle(pane) == "Thursday night → the Thursday night before publication (2022-01-07), 2022-01-06"
        pane.highlighted = pane.get_option_index(f"e{stated}")
        await pilot.pause()
        assert "stated in full" in _subtitle(pane)
        assert event_prompt(pane.events[thursday]).plain.startswith("~")
        assert event_prompt(pane.events[stated]).plain.startswith(" ")


async def test_corpus_timeline_marks_dates_and_filters_stated_ones(make):
    from textual.widgets import Checkbox

    from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "Kazakhstan")
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen)
        everything = list(screen.events)
        assert {e.basis for e in everything} >= {"stated", "completed"}
        screen.query_one("#ct-stated", Checkbox).value = True
        await settle(pilot, app)
        assert screen.events and all(e.basis == "stated" for e in screen.events)
        assert len(screen.events) < len(everything)
