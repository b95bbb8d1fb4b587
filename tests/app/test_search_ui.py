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
