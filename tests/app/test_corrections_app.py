from __future__ import annotations

from briefing.corrections import load_corrections
from briefing.services import export_brief
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.widgets.timeline_pane import TimelinePane
from tests.app.conftest import settle
from tests.app.test_app import ARTICLE, search


async def _open(pilot, app) -> TimelinePane:
    main = await search(pilot, app, "paratroopers")
    await pilot.press("enter", "enter")
    await settle(pilot, app)
    assert main.open_id == ARTICLE
    return main.query_one("#timeline", TimelinePane)


def _select(timeline: TimelinePane, mention: str) -> int:
    at = next(i for i, e in enumerate(timeline.events) if e.mention == mention)
    timeline.focus()
    timeline.highlighted = timeline.get_option_index(f"e{at}")
    return timeline.events[at].number


async def test_correct_and_dismiss_in_the_timeline_pane_are_kept_everywhere(make):
    from briefing.export import BriefSpec

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        timeline = await _open(pilot, app)
        number = _select(timeline, "Thursday night")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"2022-01-05", "enter")
        await settle(pilot, app)
        fixed = next(e for e in timeline.events if e.number == number)
        assert fixed.date == "2022-01-05" and fixed.basis == "corrected"
        # the corpus timeline shows the corrected date
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen)
        mine = [e for e in screen.events if e.article_id == ARTICLE and e.number == number]
        assert [e.date for e in mine] == ["2022-01-05"] and mine[0].basis == "corrected"
        await pilot.press("escape")
        await settle(pilot, app)
        # an export says so
        md = export_brief(app.paths, BriefSpec(ids=(ARTICLE,)), "md").text
        assert "Date corrected:" in md and "Thursday night" in md
        # dismiss another event: it is gone from the pane
        other = next(e for e in timeline.events if e.number != number and e.basis != "corrected")
        _select(timeline, other.mention)
        await pilot.press("x")
        await settle(pilot, app)
        assert other.number not in {e.number for e in timeline.events}
        assert len(load_corrections(app.paths.corpus, ARTICLE).items) == 2

    relaunched = make()
    async with relaunched.run_test(size=(140, 45)) as pilot:
        await settle(pilot, relaunched)
        timeline = relaunched.main.query_one("#timeline", TimelinePane)
        assert relaunched.main.open_id == ARTICLE
        assert other.number not in {e.number for e in timeline.events}
        assert next(e for e in timeline.events if e.number == number).date == "2022-01-05"
        # restore the corrected event: the tagger's date is back
        _select(timeline, "Thursday night")
        await pilot.press("r")
        await settle(pilot, relaunched)
        assert next(e for e in timeline.events if e.number == number).date == "2022-01-06"


async def test_an_event_dismissed_in_an_earlier_session_is_shown_on_request_and_restored(make):
    from briefing.services import correct_event

    app = make()
    number = None
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        timeline = await _open(pilot, app)
        before = len(timeline.events)
        victim = timeline.events[-1]
        number = _select(timeline, victim.mention)
        await pilot.press("x")
        await settle(pilot, app)
        assert number not in {e.number for e in timeline.events} and len(timeline.events) == before - 1
    # and another one dismissed by someone else, outside the app (the CLI's service)
    other = next(e for e in timeline.events if e.number != number)
    correct_event(app.paths, ARTICLE, other.number, dismiss=True)

    relaunched = make()
    async with relaunched.run_test(size=(140, 45)) as pilot:
        await settle(pilot, relaunched)
        timeline = relaunched.main.query_one("#timeline", TimelinePane)
        assert relaunched.main.open_id == ARTICLE
        assert {number, other.number}.isdisjoint(e.number for e in timeline.events)
        timeline.focus()
        # r on a live event with nothing dismissed in this session restores nothing
        await pilot.press("r")
        await settle(pilot, relaunched)
        assert len(load_corrections(relaunched.paths.corpus, ARTICLE).items) == 2
        # X shows the dismissed events, greyed
        await pilot.press("X")
        await settle(pilot, relaunched)
        shown = {e.number: e for e in timeline.events}
        assert shown[number].dismissed and shown[other.number].dismissed
        assert len(timeline.events) == before
        # r on one of them brings it back, whoever dismissed it and whenever
        at = next(i for i, e in enumerate(timeline.events) if e.number == other.number)
        timeline.highlighted = timeline.get_option_index(f"e{at}")
        await pilot.pause()
        assert "dismissed by" in str(timeline.border_subtitle)
        await pilot.press("r")
        await settle(pilot, relaunched)
        restored = next(e for e in timeline.events if e.number == other.number)
        assert not restored.dismissed and restored.date == other.date
        assert [c.dismissed for c in load_corrections(relaunched.paths.corpus, ARTICLE).items] == [True]
        # X again hides the one still dismissed
        await pilot.press("X")
        await settle(pilot, relaunched)
        assert number not in {e.number for e in timeline.events}
        assert other.number in {e.number for e in timeline.events}


async def test_the_corpus_timeline_shows_dismissed_events_on_request_and_leads_back_to_restore_them(make):
    from briefing.services import correct_event, open_article

    app = make()
    victim = open_article(app.paths, ARTICLE).timeline.events[0]
    correct_event(app.paths, ARTICLE, victim.number, dismiss=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen)
        mine = lambda: [e for e in screen.events if e.article_id == ARTICLE and e.number == victim.number]  # noqa: E731
        assert mine() == []
        # X shows the dismissed events, marked; the status line says how many and how to hide them
        await pilot.press("X")
        await settle(pilot, app)
        assert [e.dismissed for e in mine()] == [True]
        status = str(screen.query_one("#ct-status").render())
        assert "1 dismissed" in status
        # enter on it opens the article with the dismissed events shown, the event chosen: r brings it back
        at = screen.events.index(mine()[0])
        event_list = screen.query_one("#ct-events")
        event_list.highlighted = event_list.get_option_index(f"e{at}")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.open_id == ARTICLE
        timeline = app.main.query_one("#timeline", TimelinePane)
        assert timeline.selected_event is not None and timeline.selected_event.number == victim.number
        assert timeline.has_focus  # the toast says "r brings it back": r acts at once, no need to tab there
        await pilot.press("r")
        await settle(pilot, app)
        assert not load_corrections(app.paths.corpus, ARTICLE).items
        # restored, it is back in the corpus timeline as a live event
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CorpusTimelineScreen) and not screen.show_dismissed
        assert [e.dismissed for e in mine()] == [False]
        # and X with nothing dismissed says so in the status line
        await pilot.press("X")
        await settle(pilot, app)
        assert "(0 dismissed, X hides)" in str(screen.query_one("#ct-status").render())


async def test_a_corrected_event_dismissed_then_restored_keeps_its_corrected_date(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        timeline = await _open(pilot, app)
        number = _select(timeline, "Thursday night")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"2022-01-05", "enter")
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        assert number not in {e.number for e in timeline.events}
        (kept,) = load_corrections(app.paths.corpus, ARTICLE).items
        assert (kept.date, kept.dismissed) == ("2022-01-05", True)
        await pilot.press("r")  # the last event dismissed here comes back, with the analyst's date
        await settle(pilot, app)
        back = next(e for e in timeline.events if e.number == number)
        assert (back.date, back.basis, back.dismissed) == ("2022-01-05", "corrected", False)
        (kept,) = load_corrections(app.paths.corpus, ARTICLE).items
        assert (kept.date, kept.dismissed) == ("2022-01-05", False)
        # r once more on it: the tagger's date
        _select(timeline, "Thursday night")
        await pilot.press("r")
        await settle(pilot, app)
        assert next(e for e in timeline.events if e.number == number).date == "2022-01-06"
        assert load_corrections(app.paths.corpus, ARTICLE).items == ()


async def test_an_unreadable_date_keeps_the_correct_date_dialog_open_with_the_error_and_the_text(make):
    from textual.widgets import Input, Static

    from briefing.ui.screens.dialogs import CorrectDate

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        timeline = await _open(pilot, app)
        number = _select(timeline, "Thursday night")
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectDate)
        for bad, said in (("2022-02-30", "not a real calendar date"), ("2022-13", "2022-13"), ("soon", "soon")):
            field = dialog.query_one(Input)
            field.value = ""
            await pilot.press(*bad, "enter")
            await settle(pilot, app)
            assert app.screen is dialog, f"{bad}: the dialog stays open"
            assert field.value == bad and app.focused is field
            error = str(dialog.query_one("#dialog-error", Static).render())
            assert said in error and "\n" not in error.strip()
            assert not load_corrections(app.paths.corpus, ARTICLE).items
        # fixed in place: the error goes, the date is saved
        await pilot.press("ctrl+u", *"2022-02-28", "enter")
        await settle(pilot, app)
        assert app.screen is not dialog
        assert next(e for e in timeline.events if e.number == number).date == "2022-02-28"
