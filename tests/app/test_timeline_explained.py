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


async def test_the_whole_explanation_is_in_the_status_line_while_the_timeline_has_the_focus(make):
    """The pane's border shows as much of the explanation as fits (cut at 100 columns and less): the status
    line, the screen's whole width, shows it whole while the timeline has the focus, and goes back after."""
    from textual.widgets import Static

    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroopers")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        pane = main.query_one("#timeline", TimelinePane)
        longest = max(range(len(pane.events)), key=lambda i: len(pane.events[i].explanation or ""))
        explanation = pane.events[longest].explanation
        assert explanation and len(explanation) > pane.size.width - 4  # too long for the border
        pane.focus()
        pane.highlighted = pane.get_option_index(f"e{longest}")
        await pilot.pause()
        status = main.query_one("#status", Static)

        def shown() -> str:
            rendered = status.render()
            return getattr(rendered, "plain", str(rendered))

        assert shown().endswith(f"date: {explanation}") and "hit" in shown()  # the hits count stays
        main.query_one("#search").focus()
        await pilot.pause()
        assert "date:" not in shown()
