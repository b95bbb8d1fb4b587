"""Changes on disk while the app runs (another program edits an article, `briefing add` in another terminal, a
file deleted): the watcher re-indexes those articles alone; the results and the article shown follow, and the
focus stays where the reader has it."""

from __future__ import annotations

import asyncio

from briefing.corpus import Article, write_article
from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle


async def wait_until(pilot, condition, timeout: float = 15.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def result_ids(app) -> list[str]:
    results = app.main.query_one("#results")
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


async def test_articles_added_edited_and_deleted_on_disk_follow_in_the_running_app(make, corpus_dir):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        assert app.watcher is not None
        search = app.main.query_one("#search")
        search.value = "zeppelin"
        await settle(pilot, app)
        assert result_ids(app) == []
        count = app.article_count

        # another terminal adds an article
        write_article(corpus_dir, Article(id="airships", title="Airships return", body="A zeppelin flew over Astana."))
        assert await wait_until(pilot, lambda: result_ids(app) == ["airships"]), result_ids(app)
        assert app.article_count == count + 1

        # the reader opens it, goes back to the search box; another program edits the article's text
        app.main.open_article("airships")
        await settle(pilot, app)
        view = app.main.query_one("#article", ArticleView)
        assert view.article is not None and view.article.id == "airships"
        search.focus()
        await pilot.pause()
        path = corpus_dir / "airships.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Astana", "Bishkek"), encoding="utf-8")
        assert await wait_until(pilot, lambda: view.article is not None and "Bishkek" in view.article.body)
        assert app.focused is search  # the reload took nothing from the reader
        search.value = "bishkek zeppelin"
        await settle(pilot, app)
        assert result_ids(app) == ["airships"]

        # and deletes it
        path.unlink()
        assert await wait_until(pilot, lambda: result_ids(app) == [] and app.article_count == count), result_ids(app)
    assert app.watcher is not None and app.watcher._thread is None  # stopped with the app
