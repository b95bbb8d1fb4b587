"""The article gets the room: at every terminal size an open article shows body text, more as the terminal
grows, and panes hidden with F2-F4 give their rows and columns to it."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle


def body_rows(article: ArticleView) -> int:
    """Rows of article body text (not title or metadata) inside the article pane's visible area."""
    view = article.content_region
    rows = 0
    for paragraph in article.paragraph_widgets:
        overlap = paragraph.region.intersection(view)
        rows += overlap.height if overlap.width else 0
    return rows


async def open_first(pilot, app) -> ArticleView:
    await settle(pilot, app)
    app.main.query_one("#search", Input).focus()
    await pilot.press("enter")  # to the results
    await settle(pilot, app)
    await pilot.press("enter")  # open the first
    await settle(pilot, app)
    assert app.main.open_id is not None
    return app.main.query_one("#article", ArticleView)


@pytest.mark.parametrize(("size", "least"), [((60, 15), 2), ((100, 30), 6), ((140, 45), 12)])
async def test_an_open_article_shows_body_text_at_every_size(make, size, least):
    app = make()
    async with app.run_test(size=size) as pilot:
        article = await open_first(pilot, app)
        assert body_rows(article) >= least, (size, article.region)
        # going back to the list to choose another still shows some of the article open
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.focused is app.main.query_one("#results")
        assert body_rows(article) >= (1 if size[1] < 20 else 4), (size, article.region)
        # the timeline pane can be reached with tab, and shows some of its events
        await pilot.press("tab", "tab")
        await settle(pilot, app)
        timeline = app.main.query_one("#timeline")
        assert app.focused is timeline and timeline.content_region.height >= 2
        assert body_rows(article) >= 1


@pytest.mark.parametrize("size", [(60, 15), (100, 30), (140, 45)])
async def test_hidden_panes_give_their_room_to_the_article(make, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        article = await open_first(pilot, app)
        before = body_rows(article)
        reading = app.main.query_one("#reading")
        await pilot.press("f3", "f4")
        await settle(pilot, app)
        assert article.region.bottom == reading.region.bottom  # no empty rows where the panes were
        assert body_rows(article) > before
        await pilot.press("f2")
        await settle(pilot, app)
        assert article.region.width == app.main.query_one("#panes").region.width


async def test_help_at_60_columns_keeps_descriptions_readable(make):
    """At 60 columns the help's descriptions are whole; the config ids go under them, whole too."""
    import io

    from rich.console import Console

    app = make()
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")  # from the search box
        await pilot.pause()
        help_screen = app.screen
        console = Console(width=help_screen.query_one("#help").content_region.width, file=io.StringIO())
        console.print(help_screen.table)
        text = console.file.getvalue()
        words = set(text.split())
        for _where, _keys, description, binding_id in help_screen.rows:
            assert not binding_id or binding_id in words, binding_id  # whole, not cut
            assert set(description.split()) <= words, description  # every word of it readable


@pytest.mark.parametrize("size", [(110, 30), (120, 35), (200, 50)])
async def test_plus_and_minus_leave_every_pane_a_usable_width(make, size):
    from briefing.ui.screens.main import MIN_READING, MIN_RESULTS

    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        app.main.open_article("kazakh-protest-or-failed-coup")
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        main = app.main
        for key, presses in (("plus", 12), ("minus", 24), ("plus", 1)):
            for _ in range(presses):
                await pilot.press(key)
            await settle(pilot, app)
            results, article = (main.query_one(f"#{pane}").outer_size.width for pane in ("results", "article"))
            assert results >= MIN_RESULTS and article >= MIN_READING - 1, (key, results, article)  # -1: rounding
            assert min(main.query_one(f"#{pane}").outer_size.width for pane in ("timeline", "notes")) >= 26
        widest = []
        for _ in range(20):
            await pilot.press("plus")
            await settle(pilot, app)
            widest.append(main.query_one("#results").size.width)
        assert widest[-1] == widest[-2] and "widest" in str(main.query_one("#status").render())
        await pilot.press("minus")  # acts at once, not after undoing the presses that changed nothing
        await settle(pilot, app)
        assert main.query_one("#results").size.width < widest[-1]
