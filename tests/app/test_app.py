from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Input, Static

from briefing.notes import load_notes, notes_path
from briefing.settings import Settings
from briefing.timeline import period_bounds
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.help import HelpScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.widgets.article import ArticleView
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.timeline_pane import TimelinePane
from tests.app.conftest import settle

ARTICLE = "kazakh-protest-or-failed-coup"


def text_of(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def search(pilot, app, query: str) -> MainScreen:
    main = app.main
    main.query_one("#search", Input).value = ""
    await pilot.click("#search")
    await pilot.press(*query)
    await settle(pilot, app)
    return main


async def test_search_open_hits_timeline_note_relaunch(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroopers")
        results = main.query_one("#results", ResultsList)
        assert results.option_count == 1
        assert results.get_option_at_index(0).id == ARTICLE
        await pilot.press("enter")  # from the search box to the results
        await pilot.press("enter")  # open
        await settle(pilot, app)
        article = main.query_one("#article", ArticleView)
        assert main.open_id == ARTICLE and app.focused is article
        assert article.hits, "query words are marked in the article"
        await pilot.press("n")
        assert article.current_hit == 0
        await pilot.press("N")
        assert article.current_hit == len(article.hits) - 1
        # the timeline follows the article; choosing an event underlines its sentence
        timeline = main.query_one("#timeline", TimelinePane)
        thursday = next(i for i, e in enumerate(timeline.events) if e.mention == "Thursday night")
        timeline.focus()
        timeline.highlighted = timeline.get_option_index(f"e{thursday}")
        await pilot.press("enter")
        await pilot.pause()
        event = timeline.events[thursday]
        assert event.date == "2022-01-06"
        assert article.focus_span == (event.sentence_start, event.sentence_end)
        # add a note with the selected event attached
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Gunfire in Almaty")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        notes = load_notes(app.paths.corpus, ARTICLE).notes
        assert [n.text for n in notes] == ["Gunfire in Almaty"]
        assert notes[0].event == "2022-01-06" and notes[0].quote.startswith("Outbreaks of gunfire")
        assert main.query_one("#notes", NotesPane).option_count == 1

    relaunched = make()
    async with relaunched.run_test(size=(140, 45)) as pilot:
        await settle(pilot, relaunched)
        main = relaunched.main
        assert main.query_one("#search", Input).value == "paratroopers"
        assert main.open_id == ARTICLE
        notes_pane = main.query_one("#notes", NotesPane)
        assert notes_pane.selected_note is not None and notes_pane.selected_note.text == "Gunfire in Almaty"


async def test_empty_query_lists_everything_newest_first(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        results = app.main.query_one("#results", ResultsList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert ids[0] == ARTICLE and ids[-1] == "turkey-coup-russia-central-asia" and len(ids) == 5


async def test_bad_query_shows_error_in_status(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "title:(")
        assert "bad query" in text_of(main.query_one("#status", Static))
        assert "unclosed" in text_of(main.query_one("#status", Static))


async def test_did_you_mean(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "Kazakstan ")
        suggestion = main.query_one("#suggestion", Static)
        assert suggestion.display and "Kazakhstan" in text_of(suggestion)


async def test_enter_on_a_partial_word_keeps_what_it_found(make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        main = await search(pilot, app, "paratroo")
        results = main.query_one("#results", ResultsList)
        assert results.option_count == 1
        await pilot.press("enter")
        await settle(pilot, app)
        assert results.option_count == 1 and results.get_option_at_index(0).id == ARTICLE
        assert app.focused is results


async def test_malformed_notes_file_is_reported_and_kept(make, corpus_dir):
    broken = "article: x\nnotes: [\n"
    notes_path(corpus_dir, ARTICLE).write_text(broken, encoding="utf-8")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        notes_pane = app.main.query_one("#notes", NotesPane)
        assert notes_pane.error and "notes.yaml" in notes_pane.error
        assert app.main.open_id == ARTICLE  # the article is readable
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # no editor: adding is refused until the file is fixed
    assert notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8") == broken


async def test_markup_in_article_is_shown_as_text(make, corpus_dir):
    from briefing.corpus import Article, write_article

    write_article(
        corpus_dir,
        Article(
            id="markup",
            title="[bold]Not bold[/bold]",
            body="Text with [link=http://x]a link[/link] and [red]colour[/].",
        ),
    )
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main.open_article("markup")
        await settle(pilot, app)
        article = app.main.query_one("#article", ArticleView)
        assert text_of(article.query_one("#article-title", Static)) == "[bold]Not bold[/bold]"
        assert "[link=http://x]a link[/link]" in text_of(article.paragraph_widgets[0])


async def test_corpus_timeline_opens_article_at_sentence(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen)
        assert screen.groups and screen.events
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2017-12", "enter")
        await pilot.pause()
        chosen = screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])]
        assert chosen.date == "2017-12-26"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        following = screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])]
        assert following.date > chosen.date
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])].date == chosen.date
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.main.open_id == "central-asia-military-agreements-kremlin"
        assert app.main.query_one("#article", ArticleView).focus_span == (chosen.sentence_start, chosen.sentence_end)


async def test_large_corpus_timeline_shows_a_window_of_dates(make, monkeypatch):
    import briefing.ui.screens.corpus_timeline as corpus_timeline_screen

    monkeypatch.setattr(corpus_timeline_screen, "EVENTS_SHOWN", 4)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        all_events = sum(len(g.events) for g in screen.groups)
        assert all_events > 8 and 0 < len(screen.events) <= 4 and screen.first_group == 0
        assert "showing" in str(screen.query_one("#ct-status").render())
        shown_last = screen.last_group
        for _ in range(shown_last + 1):  # step past the last date shown: the next dates come into view
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert screen.first_group == shown_last + 1
        highlighted = screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])]
        assert highlighted in screen.groups[shown_last + 1].events
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.last_group == shown_last
        # go to a date beyond the window
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2022-01-07", "enter")
        await pilot.pause()
        chosen = screen.events[int(screen.query_one("#ct-events").highlighted_option.id[1:])]
        assert chosen.date == "2022-01-07"


async def test_corpus_timeline_filters(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "Shoigu")
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        screen.query_one("#ct-only-results").value = True
        await settle(pilot, app)
        assert {e.article_id for e in screen.events} == {"turkey-coup-russia-central-asia"}
        screen.query_one("#ct-from", Input).value = "2016-07-18"
        screen.query_one("#ct-to", Input).value = "2016-07-20"
        screen.reload()
        await settle(pilot, app)
        assert screen.events
        for event in screen.events:  # every period that overlaps the window
            first, last = period_bounds(event.date)
            assert first <= dt.date(2016, 7, 20) and last >= dt.date(2016, 7, 18)
        assert "2016-07-18" in {e.date for e in screen.events}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_narrow_terminal(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        main = app.main
        assert main.has_class("-narrow")
        results = main.query_one("#results")
        article = main.query_one("#article")
        assert results.region.width > 60 and article.region.y > results.region.y
        main = await search(pilot, app, "CSTO")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert main.open_id is not None
        assert main.has_class("-reading") and main.query_one("#results").styles.display == "none"
        assert main.query_one("#article").region.height >= 8  # the article gets the room
        await pilot.press("escape")
        await pilot.pause()
        assert main.query_one("#results").styles.display == "block"


async def test_help_is_built_from_live_bindings_with_overrides(make):
    app = make(Settings(keys={"add_note": "ctrl+n", "nonsense": "x"}, theme="no-such-theme"))
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("nonsense" in m for m in messages) and any("no-such-theme" in m for m in messages)
        app.main.query_one("#results").focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row[3]: row for row in app.screen.rows}
        assert rows["add_note"][1] == "ctrl+n"
        assert {"next_hit", "corpus_timeline", "quit", "help", "focus_search", "history_back"} <= set(rows)
        # human key names, grouped by pane in the analyst's words, without Textual's generic bindings
        assert rows["focus_search"][1] == "/" and rows["help"][1] == "?" and rows["wider_results"][1] == "+"
        assert rows["history_back"][1] == "alt+← or H"
        sections = [row[0] for row in app.screen.rows]
        assert {"Everywhere", "Search box", "Results", "Article", "Notes", "Corpus timeline (t)"} <= set(sections)
        shown = " ".join(" ".join(row) for row in app.screen.rows)
        for word in ("slash", "question_mark", "plus", "MainScreen", "ResultsList", "Screen", "screenshot", "Maximize"):
            assert word not in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_theme_from_config(make):
    app = make(Settings(theme="briefing-high-contrast"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.theme == "briefing-high-contrast"


async def test_note_edit_and_delete_in_app(make, corpus_dir):
    from briefing.notes import add_note

    add_note(corpus_dir, ARTICLE, "first draft", tags=["x"])
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        app.main.query_one("#notes").focus()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" revised")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert load_notes(corpus_dir, ARTICLE).notes[0].text == "first draft revised"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, app)
        assert load_notes(corpus_dir, ARTICLE).notes == ()


async def test_unsaved_note_asks_before_discarding(make, corpus_dir):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"precious words")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # do not discard
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert [n.text for n in load_notes(corpus_dir, ARTICLE).notes] == ["precious words"]


async def test_command_palette_opens_article_by_title(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Open: Military")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.open_id == "central-asia-military-agreements-kremlin"
