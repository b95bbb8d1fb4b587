"""Feeds in the app (Pilot): "Fetch feeds" from the palette and the key, the new count, the new-articles list."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from briefing.feeds import add_feeds, new_articles
from briefing.paths import resolve
from briefing.settings import Settings
from briefing.ui.app import make_app
from briefing.ui.screens.new_articles import NewArticlesScreen
from tests.app.conftest import settle
from tests.localhttp import LocalServer, Route, rss
from tests.test_feeds import full_item


def status_of(app) -> str:
    rendered = app.main.query_one("#status", Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


async def wait_for(pilot, app, condition, tries: int = 100) -> None:
    for _ in range(tries):  # bounded: 100 × (a pause and the workers)
        await settle(pilot, app)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never met")


async def test_palette_fetch_counts_new_articles_and_lists_them(server, corpus_dir, tmp_path):
    server.routes["/rss"] = Route(rss([full_item(n, server) for n in (60, 61)]), content_type="application/rss+xml")
    server.routes["/late"] = Route(rss([full_item(62, server)]), content_type="application/rss+xml")
    add_feeds(corpus_dir, [(server.url("/rss"), "gazette", ())])
    app = make_app(resolve(corpus_dir, tmp_path / "index"), Settings(), tmp_path / "state.json")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        assert "new" not in status_of(app)
        app.main.query_one("#results").focus()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Fetch feeds")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, app, lambda: app.new_count == 2)
        assert "2 new" in status_of(app) and "fetching" not in status_of(app)
        assert app.article_count == 7  # indexed at once: the (empty) search lists them
        assert app.main.query_one("#results").option_count == 7
        fetched = set(new_articles(corpus_dir))
        assert len(fetched) == 2

        # u lists only the new articles; enter opens one, which is then no longer new
        await pilot.press("u")
        await wait_for(pilot, app, lambda: isinstance(app.screen, NewArticlesScreen))
        listing = app.screen.query_one("#new-list")
        await wait_for(pilot, app, lambda: listing.option_count == 2)
        assert {listing.get_option_at_index(i).id for i in range(2)} == fetched
        first = listing.get_option_at_index(0).id
        await pilot.press("enter")
        await wait_for(pilot, app, lambda: app.main.open_id == first and app.new_count == 1)
        assert "1 new" in status_of(app) and new_articles(corpus_dir) == sorted(fetched - {first})

        # the key f fetches again: the unchanged feed adds nothing, a new feed's item counts
        add_feeds(corpus_dir, [(server.url("/late"), "late", ())])
        app.main.query_one("#results").focus()
        await pilot.press("f")
        await wait_for(pilot, app, lambda: app.new_count == 2 and not app.feeds_state)
        assert len(server.hits("/rss")) == 2 and len(server.hits("/late")) == 1

        # "Mark all as read" from the palette clears the count; the articles stay
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Mark all as read")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, app, lambda: app.new_count == 0)
        assert "new" not in status_of(app) and len(list(corpus_dir.glob("*.md"))) == 8


async def test_fetch_failures_are_notified_not_raised(server, corpus_dir, tmp_path):
    server.routes["/broken"] = Route(b"<rss><channel><item></rss", content_type="text/xml")
    add_feeds(corpus_dir, [(server.url("/broken"), "broken", ())])
    app = make_app(resolve(corpus_dir, tmp_path / "index"), Settings(), tmp_path / "state.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("f")
        await wait_for(pilot, app, lambda: server.hits("/broken") and not app.feeds_state)
        notes = [n.message for n in app._notifications]
        assert any("1 failed (broken: not a feed: malformed XML" in n for n in notes), notes
        assert app.new_count == 0
