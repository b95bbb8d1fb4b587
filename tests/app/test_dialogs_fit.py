"""Dialogs on small terminals: each fits inside the screen, and what the user types stays visible."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from briefing.ui.screens.dialogs import NoteEditor
from tests.app.conftest import settle
from tests.app.test_app import search


async def open_article(pilot, app) -> None:
    await settle(pilot, app)
    await search(pilot, app, "paratroopers")
    await pilot.press("enter", "enter")
    await settle(pilot, app)
    assert app.main.open_id is not None


@pytest.mark.parametrize("size", [(60, 15), (100, 30)])
async def test_the_note_editor_keeps_rows_for_the_text_at_every_size(make, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        await open_article(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        text = editor.query_one("#note-text", TextArea)
        assert text.content_region.height >= 3, text.region
        box = editor.query_one("#note-editor").region
        for field in ("#note-tags", "#note-quote", "#note-event", "#note-hint"):
            widget = editor.query_one(field)
            assert widget.region.height > 0 and box.contains_region(widget.region), (field, widget.region, box)
        await pilot.press(*"typed")
        assert "typed" in text.text and app.focused is text
