"""Live search is search on enter: the hits shown while typing are the hits enter shows, whatever field holds
the word (note text, note tags, article tags), and a query restored from the last session counts as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from briefing.notes import add_note
from briefing.ui.widgets.results import ResultsList
from tests.app.conftest import settle

NOTED = "kazakh-protest-or-failed-coup"
TAGGED = "kazakhstan-crisis-russia-post-soviet-sway"


@pytest.fixture
def annotated(corpus_dir):
    add_note(
        corpus_dir, NOTED, "Compare with the Balkanisation memorandum", tags=["grain"], now=dt.datetime(2026, 1, 2)
    )
    path = corpus_dir / f"{TAGGED}.md"
    text = path.read_text(encoding="utf-8")
    assert "tags: [kazakhstan, csto, russia]" in text
    path.write_text(text.replace("tags: [kazakhstan, csto, russia]", "tags: [kazakhstan, csto, russia, wheat]"))
    return corpus_dir


def _ids(results: ResultsList) -> list[str]:
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


async def _type(pilot, app, query: str) -> ResultsList:
    box = app.main.query_one("#search", Input)
    box.value = ""
    box.focus()
    await pilot.press(*query)
    await settle(pilot, app)
    return app.main.query_one("#results", ResultsList)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("memorandum", [NOTED]), ("balkanisation", [NOTED]), ("grain", [NOTED]), ("wheat", [TAGGED])],
)
async def test_a_word_only_in_notes_or_tags_shows_the_same_hits_live_and_on_enter(make, annotated, query, expected):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        results = await _type(pilot, app, query)
        live = _ids(results)
        assert live == expected, "while typing"
        await pilot.press("enter")
        await settle(pilot, app)
        assert _ids(results) == live, "on enter"
        assert app.focused is results


async def test_a_restored_query_shows_what_it_showed_live(make, annotated):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        results = await _type(pilot, app, "memora")
        live = _ids(results)
        assert live == [NOTED]
    relaunched = make()
    async with relaunched.run_test(size=(120, 40)) as pilot:
        await settle(pilot, relaunched)
        assert relaunched.main.query_one("#search", Input).value == "memora"
        assert _ids(relaunched.main.query_one("#results", ResultsList)) == live


async def test_enter_moves_focus_by_the_hits_of_the_query_entered(make, annotated):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        box = app.main.query_one("#search", Input)
        results = await _type(pilot, app, "zzzqqq")
        assert results.option_count == 0
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.focused is box, "no hit: the focus stays in the box, to change the query"
        # enter before the live search has run: the focus follows the hits once they are known
        app.main.search_timer and app.main.search_timer.stop()
        box.value = "memorandum"
        app.main.search_timer and app.main.search_timer.stop()
        await pilot.press("enter")
        await settle(pilot, app)
        assert _ids(results) == [NOTED] and app.focused is results


async def test_status_counts_one_hit_in_the_singular(make, annotated):
    from textual.widgets import Static

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await _type(pilot, app, "memorandum")
        status = str(app.main.query_one("#status", Static).render())
        assert "1 hit" in status and "1 hits" not in status
        await _type(pilot, app, "russia")
        assert "5 hits" in str(app.main.query_one("#status", Static).render())
