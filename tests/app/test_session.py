"""Long sessions the way an analyst works: many articles in a row by every path, history, notes between them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from briefing.corpus import Article, get_article, write_article
from briefing.notes import load_notes
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.widgets.article import ArticleView
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.timeline_pane import TimelinePane
from tests.app.conftest import settle

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def add_articles(corpus: Path, count: int = 8) -> list[str]:
    """Extra articles of different lengths (1 to 5 paragraphs), each with its own dated events."""
    ids = []
    for i in range(count):
        paragraphs = [
            f"Report {i} from the harbour: on {MONTHS[i]} {i + 3}, 2019 the port authority met again."
            for _ in range(1 + i % 5)
        ]
        paragraphs.append(f"Harbour closing words {i}; the talks resume in {2020 + i}.")
        article = Article(
            id=f"harbour-report-{i}",
            title=f"Harbour report number {i}",
            body="\n\n".join(paragraphs),
            source="Port Gazette",
            published=f"2019-{i + 1:02d}-{i + 10:02d}",
        )
        write_article(corpus, article)
        ids.append(article.id)
    return ids


def assert_shows(main: MainScreen, article_id: str) -> None:
    """The article pane, the timeline and the notes all belong to `article_id`, with nothing left over."""
    corpus = main.context.paths.corpus
    expected = get_article(corpus, article_id)
    view = main.query_one("#article", ArticleView)
    assert main.open_id == article_id
    assert view.article is not None and view.article.id == article_id
    assert view.shown_text() == expected.body
    assert view.title_text() == expected.title
    timeline = main.query_one("#timeline", TimelinePane)
    assert all(event.article_id == article_id for event in timeline.events)
    notes_pane = main.query_one("#notes", NotesPane)
    assert notes_pane.notes_file is None or notes_pane.notes_file.article == article_id


async def test_many_articles_in_a_row_from_the_results(make, corpus_dir):
    add_articles(corpus_dir)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        results = main.query_one("#results", ResultsList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        ids = [i for i in ids if i]
        assert len(ids) >= 10
        # the exact repro of the crash: escape, enter (open), shift+tab back to the results, j, enter
        await pilot.press("escape", "enter")
        await settle(pilot, app)
        assert_shows(main, ids[0])
        for position, article_id in enumerate(ids[1:] + ids[:3], start=1):
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is results
            results.highlighted = results.get_option_index(article_id)
            await pilot.press("enter")
            await settle(pilot, app)
            assert_shows(main, article_id)
            assert app.focused is main.query_one("#article"), f"article {position}"


async def test_many_articles_in_a_row_by_keys_only(make, corpus_dir):
    add_articles(corpus_dir)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        main = app.main
        results = main.query_one("#results", ResultsList)
        await pilot.press("escape")
        seen = []
        for _ in range(11):
            await pilot.press("enter")
            await settle(pilot, app)
            seen.append(main.open_id)
            assert_shows(main, main.open_id)
            await pilot.press("escape", "j")  # back to the results, next one
            await pilot.pause()
            assert app.focused is results
        assert len(set(seen)) == 11


async def test_many_articles_in_a_row_from_the_corpus_timeline(make, corpus_dir):
    add_articles(corpus_dir)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        opened = []
        for step in range(12):
            main.query_one("#results").focus()
            await pilot.press("t")
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, CorpusTimelineScreen)
            await pilot.press("g")
            await pilot.pause()
            await pilot.press(*"2019-01", "enter")
            await pilot.pause()
            for _ in range(step):
                await pilot.press("right_square_bracket")
            await pilot.pause()
            event = screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])]
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, MainScreen)
            assert_shows(main, event.article_id)
            assert main.query_one("#article", ArticleView).focus_span == (event.sentence_start, event.sentence_end)
            opened.append(event.article_id)
        assert len(set(opened)) >= 8


async def test_many_articles_in_a_row_from_the_palette(make, corpus_dir):
    ids = add_articles(corpus_dir, 10)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        for n, article_id in enumerate(ids):
            main.query_one("#results").focus()
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*f"Open: Harbour report number {n}")
            await pilot.pause(0.4)
            await pilot.press("enter")
            await settle(pilot, app)
            assert_shows(main, article_id)


async def test_notes_between_articles(make, corpus_dir):
    ids = add_articles(corpus_dir, 4)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        for n, article_id in enumerate(ids):
            main.open_article(article_id)
            await settle(pilot, app)
            assert_shows(main, article_id)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*f"note on {n}", "ctrl+s")
            await settle(pilot, app)
            assert main.query_one("#notes", NotesPane).option_count == 1
        main.open_article(ids[1])
        await settle(pilot, app)
        main.query_one("#notes").focus()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" edited", "ctrl+s")
        await settle(pilot, app)
        main.open_article(ids[2])
        await settle(pilot, app)
        main.query_one("#notes").focus()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, app)
        assert_shows(main, ids[2])
    assert [n.text for n in load_notes(corpus_dir, ids[0]).notes] == ["note on 0"]
    assert [n.text for n in load_notes(corpus_dir, ids[1]).notes] == ["note on 1 edited"]
    assert load_notes(corpus_dir, ids[2]).notes == ()
    assert [n.text for n in load_notes(corpus_dir, ids[3]).notes] == ["note on 3"]


async def test_search_box_value_is_kept_between_articles(make, corpus_dir):
    add_articles(corpus_dir, 3)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        await pilot.press(*"harbour")
        await settle(pilot, app)
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        first = main.open_id
        await pilot.press("escape", "j", "enter")
        await settle(pilot, app)
        assert main.open_id != first
        assert main.query_one("#search", Input).value == "harbour"
        assert main.query_one("#article", ArticleView).hits


def add_long_article(corpus: Path) -> str:
    paragraphs = [
        f"Paragraph {n}: the harbour pilots waited while the tide turned, and nothing moved." for n in range(40)
    ]
    write_article(
        corpus,
        Article(id="long-harbour-diary", title="A long harbour diary", body="\n\n".join(paragraphs), source="Diary"),
    )
    return "long-harbour-diary"


def status_text(main: MainScreen) -> str:
    return str(main.query_one("#status").render())


async def test_history_back_and_forward_keeps_scroll_and_highlights(make, corpus_dir):
    ids = add_articles(corpus_dir, 3)
    long_id = add_long_article(corpus_dir)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        main = app.main
        view = main.query_one("#article", ArticleView)
        await pilot.press(*"harbour pilots")
        await settle(pilot, app)
        main.open_article(long_id)
        await settle(pilot, app)
        for _ in range(25):
            await pilot.press("n")
        await pilot.pause()
        assert view.current_hit == 24 and view.scroll_y > 10
        kept_scroll, kept_hits = view.scroll_y, list(view.hits)
        # a new search, then another article
        main.query_one("#search", Input).value = "closing"
        await settle(pilot, app)
        main.open_article(ids[0])
        await settle(pilot, app)
        assert_shows(main, ids[0])
        main.open_article(ids[1])
        await settle(pilot, app)
        await pilot.press("alt+left")
        await settle(pilot, app)
        assert_shows(main, ids[0])
        await pilot.press("alt+left")
        await settle(pilot, app)
        assert_shows(main, long_id)
        assert view.hits == kept_hits and view.current_hit == 24, "the highlights of that reading come back"
        assert view.scroll_y == kept_scroll
        await pilot.press("alt+left")
        await pilot.pause()
        assert "no earlier article" in status_text(main)
        await pilot.press("alt+right", "alt+right")
        await settle(pilot, app)
        assert_shows(main, ids[1])
        await pilot.press("alt+right")
        await pilot.pause()
        assert "no later article" in status_text(main)
        # back, then a new article: the forward entries are dropped, like a browser
        await pilot.press("H")
        await settle(pilot, app)
        assert_shows(main, ids[0])
        main.open_article(ids[2])
        await settle(pilot, app)
        assert [entry.article_id for entry in main.history] == [long_id, ids[0], ids[2]]
        await pilot.press("L")
        await pilot.pause()
        assert "no later article" in status_text(main)


async def test_history_steps_faster_than_loading_show_the_last_one(make, corpus_dir):
    ids = add_articles(corpus_dir, 6)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        for article_id in ids:
            main.open_article(article_id)
            await settle(pilot, app)
        main.query_one("#article").focus()
        await pilot.press("alt+left", "alt+left", "alt+left", "alt+right")
        await settle(pilot, app)
        assert_shows(main, ids[3])
        for article_id in ids:  # no settling between openings: the last asked for wins
            main.open_article(article_id)
        main.open_article(ids[1])
        await settle(pilot, app)
        assert_shows(main, ids[1])


async def test_next_hit_says_where_and_when_it_wraps(make, corpus_dir):
    long_id = add_long_article(corpus_dir)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        await pilot.press(*"tide")
        await settle(pilot, app)
        main.open_article(long_id)
        await settle(pilot, app)
        await pilot.press("n")
        assert "hit 1/40" in status_text(main)
        await pilot.press("n")
        assert "hit 2/40" in status_text(main) and "wrapped" not in status_text(main)
        await pilot.press("N", "N")
        assert "hit 40/40" in status_text(main) and "wrapped to the last" in status_text(main)
        await pilot.press("n")
        assert "hit 1/40" in status_text(main) and "wrapped to the first" in status_text(main)
        main.query_one("#search", Input).value = "zebra"
        await settle(pilot, app)
        main.open_article(long_id)
        await settle(pilot, app)
        await pilot.press("n")
        assert "no query words" in status_text(main)
