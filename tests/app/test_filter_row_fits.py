"""The corpus timeline's filter row: both checkboxes' labels are whole at every width (the row wraps)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox

from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from tests.app.conftest import settle
from tests.app.test_app import search


@pytest.mark.parametrize("size", [(60, 15), (100, 30), (120, 40), (140, 45)])
async def test_the_timeline_checkboxes_show_their_labels_whole(make, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "paratroopers")
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen)
        for box in screen.query(Checkbox).results(Checkbox):
            label = box.label.plain
            shown = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
            assert label in shown, (size, label, shown)
            assert box.region.right <= size[0] and box.region.height == 3, (size, box.region)
            assert screen.region.contains_region(box.region)
        for field in ("#ct-from", "#ct-to"):
            assert screen.region.contains_region(screen.query_one(field).region)
        assert screen.query_one("#ct-events").content_region.height >= 2
