"""The timeline pane's rows and cursor: a date range never runs into its sentence, and showing, hiding or
dismissing events leaves the cursor on the event it was on (or the next one shown), never back at the top."""

from __future__ import annotations

from dataclasses import replace

from briefing.corpus import load_corpus
from briefing.timeline import article_timeline
from briefing.ui.widgets.timeline_pane import TimelinePane, event_prompt
from tests.app.conftest import settle

ARTICLE = "kazakh-protest-or-failed-coup"


def test_every_date_as_written_is_set_off_from_its_sentence(corpus_dir):
    events = [e for a in load_corpus(corpus_dir).articles for e in article_timeline(a).events]
    long = [e for e in events if len(e.as_written()) >= 16]
    assert long, "the corpus must have a date range wider than the date column"
    for event in [*events, *(replace(e, dismissed=True) for e in long)]:
        row = event_prompt(event).plain
        when = event.as_written() if event.resolved else f"{event.date} ?"
        assert row[1:].startswith(when), row
        assert row[1 + len(when)] == " ", row  # a space at least, then the sentence


async def test_the_cursor_stays_on_its_event_through_x_and_capital_x(make):
    app = make()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        pane = app.main.query_one("#timeline", TimelinePane)
        pane.focus()
        await settle(pilot, app)
        assert len(pane.events) > 6
        for _ in range(5):
            await pilot.press("j")
        chosen = pane.selected_event
        assert chosen is not None and pane.events.index(chosen) > 2
        following = pane.events[pane.events.index(chosen) + 1]
        await pilot.press("X")  # dismissed events shown: the cursor stays
        await settle(pilot, app)
        assert pane.selected_event.number == chosen.number
        await pilot.press("X")
        await settle(pilot, app)
        assert pane.selected_event.number == chosen.number
        await pilot.press("x")  # dismissed, hidden: the cursor goes to the next event, not the top
        await settle(pilot, app)
        assert all(e.number != chosen.number for e in pane.events)
        assert pane.selected_event is not None and pane.selected_event.number == following.number
        await pilot.press("X")  # shown again, greyed: the cursor stays on the event it was on
        await settle(pilot, app)
        assert pane.selected_event.number == following.number
        await pilot.press("k")  # the dismissed one is just above
        await settle(pilot, app)
        assert pane.selected_event.number == chosen.number and pane.selected_event.dismissed
        await pilot.press("X")  # hidden again while on it: the next one shown
        await settle(pilot, app)
        assert pane.selected_event.number == following.number
