"""The merged corpus timeline says why it is empty, and its status line fits a 100-column terminal."""

from __future__ import annotations

from textual.widgets import Input, Static

from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.merged_timeline import MergedTimelineScreen
from tests.app.conftest import settle
from tests.app.test_app import ARTICLE, text_of


def _rows(screen: MergedTimelineScreen) -> list[str]:
    events = screen.query_one("#mt-events")
    return [events.get_option_at_index(i).prompt.plain for i in range(events.option_count)]


async def _merged(pilot, app) -> MergedTimelineScreen:
    app.main.query_one("#results").focus()
    await pilot.press("t")
    await settle(pilot, app)
    assert isinstance(app.screen, CorpusTimelineScreen)
    return app.screen


async def test_conflicts_only_without_conflicts_and_an_empty_window_say_why(make, corpus_dir):
    for other in corpus_dir.glob("*.md"):
        if other.stem != ARTICLE:
            other.unlink()  # one article: nothing is reported twice, so nothing conflicts
    app = make(corpus=corpus_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        timeline = await _merged(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        merged = app.screen
        assert isinstance(merged, MergedTimelineScreen) and merged.events
        assert not any(e.conflict for e in merged.events)
        status = merged.query_one("#mt-status", Static)
        assert len(text_of(status)) <= status.content_region.width, text_of(status)
        await pilot.press("c")
        await settle(pilot, app)
        assert _rows(merged) == ["no conflicting events (c shows all events)"]
        await pilot.press("enter", "space")  # nothing to open or pin
        await settle(pilot, app)
        assert app.screen is merged
        await pilot.press("c")
        await settle(pilot, app)
        assert len(_rows(merged)) == len(merged.shown) > 0
        await pilot.press("m")
        await settle(pilot, app)
        assert app.screen is timeline
        timeline.query_one("#ct-from", Input).value = "2090"
        timeline.query_one("#ct-from", Input).focus()
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        merged = app.screen
        assert isinstance(merged, MergedTimelineScreen) and not merged.events
        assert _rows(merged) == ["no dated events in the corpus from 2090 to …"]
