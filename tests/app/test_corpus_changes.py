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


async def test_notes_written_on_disk_appear_in_the_open_article_and_a_broken_file_fixed_clears_its_error(
    make, corpus_dir
):
    from briefing.notes import add_note
    from briefing.ui.widgets.notes_pane import NotesPane

    app = make()
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        article_id = sorted(p.stem for p in corpus_dir.glob("*.md"))[0]
        app.main.open_article(article_id)
        await settle(pilot, app)
        pane = app.main.query_one("#notes", NotesPane)

        def count() -> int:
            return len(pane.notes_file.newest_first()) if pane.notes_file else -1

        before = count()

        # `briefing note ID "..."` in another terminal
        add_note(corpus_dir, article_id, "A note from the shell about okapis.")
        assert await wait_until(pilot, lambda: count() == before + 1), count()
        assert not [n for n in app._notifications if "changed on disk" in n.message]  # the text did not change

        # a notes file broken by hand, then fixed by hand
        notes_path = corpus_dir / f"{article_id}.notes.yaml"
        good = notes_path.read_text(encoding="utf-8")
        notes_path.write_text(good + "\n  - broken: [unclosed\n", encoding="utf-8")
        assert await wait_until(pilot, lambda: pane.error is not None)
        notes_path.write_text(good, encoding="utf-8")
        assert await wait_until(pilot, lambda: pane.error is None and count() == before + 1)


async def test_a_note_saved_in_the_app_reads_back_as_shown_and_nothing_is_redrawn(make, corpus_dir, monkeypatch):
    from briefing.ui.widgets.article import ArticleView

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        article_id = sorted(p.stem for p in corpus_dir.glob("*.md"))[0]
        app.main.open_article(article_id)
        await settle(pilot, app)
        view = app.main.query_one("#article", ArticleView)
        shown: list[str] = []
        original_show = view.show
        monkeypatch.setattr(view, "show", lambda *a, **k: (shown.append("article"), original_show(*a, **k)))
        from briefing.services import save_note

        save_note(app.context.paths, article_id, "Saved as the app saves it.", index=app.index)
        # what the app does after its own save: the panes show the file as written
        from briefing.services import open_article

        opened = open_article(app.context.paths, article_id, include_dismissed=True)
        app.main.query_one("#notes").show(opened.notes, opened.notes_error)
        await pilot.pause(1.0)  # the watcher's report of that file, and the re-read it asks for
        await settle(pilot, app)
        assert shown == []  # read back as shown: the article was not redrawn (no flicker, no lost selection)
