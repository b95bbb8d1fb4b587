"""Keys typed faster than the app answers them: every key lands where the keys before it put the focus, so a
quick escape, tab, /, ctrl+u and a word always leave the word in the box and its hits on screen."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from briefing.ui.widgets.results import ResultsList
from tests.app.conftest import settle

CHARACTERS = {"escape": "\x1b", "tab": "\t", "slash": "/", "ctrl+u": "\x15"}


def _burst(app, keys: list[str]) -> None:
    """Post key events straight into the app's queue, as a terminal delivers a fast typist's keys: no pause."""
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize("word", ["kazakh", "protest", "coup"])
async def test_a_word_typed_at_once_after_escape_tab_slash_and_ctrl_u_stays_in_the_box(make, word):
    app = make()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        box = app.main.query_one("#search", Input)
        results = app.main.query_one("#results", ResultsList)
        expected = [hit.id for hit in app.context.index.search(word, limit=30, as_you_type=True).hits]
        assert expected, "the word must find something for the test to mean anything"
        for round_ in range(12):
            _burst(app, ["escape", "tab", "slash", "ctrl+u", *word])
            await settle(pilot, app)
            assert box.value == word, f"round {round_}: the box holds {box.value!r}"
            assert app.main.result is not None and app.main.result.query == word, f"round {round_}"
            shown = [results.get_option_at_index(i).id for i in range(results.option_count)]
            assert [i for i in shown if i] == expected, f"round {round_}"
            assert app.focused is box
