"""The search box as a new user meets it: a "Did you mean" taken with one key."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static

from briefing.settings import Settings
from briefing.ui.widgets.search_box import accepted
from tests.app.conftest import settle


def text_of(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def type_query(pilot, app, query: str) -> None:
    app.main.query_one("#search", Input).value = ""
    app.main.query_one("#search", Input).focus()
    await pilot.press(*query)
    await settle(pilot, app)


async def test_did_you_mean_is_taken_with_the_key_its_hint_names(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "Kazakstan ")
        main = app.main
        hint = text_of(main.query_one("#suggestion", Static))
        assert "Kazakhstan" in hint and "ctrl+d" in hint
        assert main.result.total == 0
        await pilot.press("ctrl+d")
        await settle(pilot, app)
        assert main.query_one("#search", Input).value == "Kazakhstan "
        assert main.result.query == "Kazakhstan " and main.result.total > 0
        assert not main.query_one("#suggestion", Static).display
        # without a suggestion, ctrl+d deletes the character under the cursor as in any text field
        box = main.query_one("#search", Input)
        box.cursor_position = 0
        await pilot.press("ctrl+d")
        assert box.value == "azakhstan "


async def test_the_hint_names_the_key_the_config_chose(make):
    app = make(Settings(keys={"accept_suggestion": "ctrl+y"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "Kazakstan ")
        assert "ctrl+y" in text_of(app.main.query_one("#suggestion", Static))
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert app.main.query_one("#search", Input).value == "Kazakhstan "


def test_accepting_keeps_the_words_typed_after_the_corrected_ones():
    assert accepted("Kazakstan ", "Kazakhstan") == "Kazakhstan "
    assert accepted("Kazakstan prot", "Kazakhstan") == "Kazakhstan prot"
    assert accepted("oil  Kazakstan", "oil Kazakhstan") == "oil Kazakhstan"


async def test_a_new_query_highlights_its_first_hit_even_with_the_open_article_among_them(make):
    """Enter, enter after a new query opens its top hit, not the article already open (listed 2nd)."""
    from briefing.ui.widgets.results import ResultsList

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        ranked = app.main.context.index.search("russia", limit=30, as_you_type=False).hits  # as enter runs it
        assert len(ranked) >= 2
        second = ranked[1].id
        await pilot.press(*"kazakh", "enter")  # a first query; its results show the article it opens
        await settle(pilot, app)
        results = app.main.query_one("#results", ResultsList)
        results.highlighted = results.get_option_index(second)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.open_id == second
        await pilot.press("slash", "ctrl+u", *"russia", "enter")  # a new query, the open article among its hits
        await settle(pilot, app)
        assert [h.id for h in app.main.result.hits] == [h.id for h in ranked]
        assert results.highlighted_option is not None and results.highlighted_option.id == ranked[0].id
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.open_id == ranked[0].id
