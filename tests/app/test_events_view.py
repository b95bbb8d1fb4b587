"""Pilot tests of the merged corpus timeline: one row per happening, its reports side by side, open any."""

from __future__ import annotations

from datetime import date

from briefing.event_merge import period_span
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.merged_timeline import EventReportsScreen, MergedTimelineScreen, ReportCard
from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle


async def test_merged_view_shows_sources_and_conflicts_and_opens_a_report(make, reuters_corpus):
    app = make(corpus=reuters_corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, CorpusTimelineScreen)
        await pilot.press("m")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, MergedTimelineScreen)
        assert screen.shown
        # every dated mention of the per-article timeline is in exactly one merged row
        per_article = sum(len(g.events) for g in screen.app.screen_stack[-2].groups)
        assert sum(len(e.reports) for e in screen.events) == per_article
        conflict = next(i for i, e in enumerate(screen.shown) if e.conflict)
        event = screen.shown[conflict]
        row = str(screen.query_one("#mt-events").get_option_at_index(conflict).prompt)
        assert "⚠ dates differ" in row and "1 source, " in row
        await pilot.press("c")  # conflicts only
        await pilot.pause()
        assert screen.shown and all(e.conflict for e in screen.shown)
        await pilot.press("c")
        await pilot.pause()
        screen.query_one("#mt-events").highlighted = conflict
        await pilot.press("enter")
        await settle(pilot, app)
        reports = app.screen
        assert isinstance(reports, EventReportsScreen)
        cards = list(reports.query(ReportCard))
        assert [c.report for c in cards] == list(event.reports)
        assert all(c.report.sentence in str(c.render()) for c in cards)
        assert cards[0].has_focus
        await pilot.press("right")
        assert cards[1].has_focus
        chosen = cards[1].report
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.main.open_id == chosen.article
        assert app.main.query_one("#article", ArticleView).focus_span == (chosen.sentence_start, chosen.sentence_end)


async def test_merged_view_toggles_back_and_keeps_filters(make, reuters_corpus):
    app = make(corpus=reuters_corpus)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        timeline = app.screen
        timeline.query_one("#ct-from").value = "1987-04-12"
        timeline.query_one("#ct-to").value = "1987-04-12"
        await pilot.press("m")
        await settle(pilot, app)
        merged = app.screen
        assert isinstance(merged, MergedTimelineScreen)
        day = date(1987, 4, 12).toordinal()
        spans = [period_span(e.date, e.range_end) for e in merged.events]
        assert spans and all(s.first <= day <= s.last for s in spans)  # every event overlaps the window
        await pilot.press("m")
        await settle(pilot, app)
        assert app.screen is timeline
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
