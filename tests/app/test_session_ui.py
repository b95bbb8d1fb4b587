"""What a new user noticed in a session: history brings the query back with its article, a note's ✎ shows at
once, hiding the focused pane leaves the focus somewhere useful."""

from __future__ import annotations

from textual.widgets import Input

from briefing.ui.widgets.article import ArticleView
from briefing.ui.widgets.results import ResultsList
from tests.app.conftest import settle


async def search_and_open(pilot, app, query: str) -> str:
    box = app.main.query_one("#search", Input)
    box.value = ""
    box.focus()
    await pilot.press(*query, "enter")
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)
    return app.main.open_id


async def test_history_puts_the_query_of_each_article_back_in_the_box(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        first = await search_and_open(pilot, app, "paratroopers")
        second = await search_and_open(pilot, app, "Shoigu")
        assert first != second
        main = app.main
        await pilot.press("alt+left")
        await settle(pilot, app)
        assert main.open_id == first
        assert main.query_one("#search", Input).value == "paratroopers"
        assert main.result.query == "paratroopers"  # the results list agrees with the box
        assert "paratroop" in " ".join(main.query_one("#article", ArticleView).terms).lower()  # its marks (stems)
        await pilot.press("alt+right")
        await settle(pilot, app)
        assert main.open_id == second and main.query_one("#search", Input).value == "Shoigu"
        assert main.result.query == "Shoigu"


async def test_the_note_mark_shows_on_the_result_as_soon_as_the_note_is_saved(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        opened = await search_and_open(pilot, app, "paratroopers")
        results = app.main.query_one("#results", ResultsList)
        assert "✎" not in results.get_option(opened).prompt.plain
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"worth a second look", "ctrl+s")
        await settle(pilot, app)
        assert "✎" in results.get_option(opened).prompt.plain


async def test_hiding_the_focused_pane_moves_the_focus_to_a_shown_one(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        main.query_one("#results").focus()
        await pilot.press("f2")  # no article open: back to the search box
        await settle(pilot, app)
        assert app.focused is main.query_one("#search", Input)
        await pilot.press("f2")
        await settle(pilot, app)
        await search_and_open(pilot, app, "paratroopers")
        main.query_one("#timeline").focus()
        await pilot.press("f3")  # an article open: to the article
        await settle(pilot, app)
        assert app.focused is main.query_one("#article", ArticleView)
        assert app.focused.display and app.focused.region.height > 0
