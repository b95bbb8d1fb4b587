"""The corpus timeline as an analyst moves in it: the selected event's date stays in view, a bad filter keeps
the cursor where the mistake is, long titles are cut at a word, `m` and back keep the place, one key one job."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.merged_timeline import MergedTimelineScreen
from briefing.ui.widgets.lists import KeyList
from briefing.ui.widgets.search_box import SearchBox
from tests.app.conftest import settle


def visible_lines(event_list: KeyList) -> list[str]:
    """The text of the list's rows as the terminal shows them now."""
    return [event_list.render_line(y).text for y in range(event_list.scrollable_content_region.height)]


def selected(screen: CorpusTimelineScreen):
    option = screen.query_one("#ct-events", KeyList).highlighted_option
    assert option is not None and (option.id or "").startswith("e")
    return screen.events[int(option.id[1:])]


def heading_in_view(screen: CorpusTimelineScreen) -> None:
    event = selected(screen)
    group = next(g for g in screen.groups if event in g.events)
    shown = visible_lines(screen.query_one("#ct-events", KeyList))
    assert any(line.strip() == group.heading() for line in shown), (group.heading(), shown)


async def open_timeline(pilot, app) -> CorpusTimelineScreen:
    await settle(pilot, app)
    app.main.query_one("#results").focus()
    await pilot.press("t")
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, CorpusTimelineScreen) and screen.events
    return screen


@pytest.mark.parametrize("size", [(140, 45), (100, 20)])
async def test_the_date_of_the_selected_event_is_always_in_view(make, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        screen = await open_timeline(pilot, app)
        heading_in_view(screen)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2017-12", "enter")
        await settle(pilot, app)
        assert selected(screen).date == "2017-12-26"
        heading_in_view(screen)
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
            heading_in_view(screen)


async def test_a_filter_error_keeps_the_cursor_in_the_field_it_names(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_timeline(pilot, app)
        await pilot.press("slash")  # the filter, as / is the search box on the main screen
        await pilot.pause()
        assert screen.focused is screen.query_one("#ct-from", Input)
        await pilot.press(*"2016-13", "enter")
        await settle(pilot, app)
        status = str(screen.query_one("#ct-status").render())
        assert "from" in status and "2016-13" in status
        assert screen.focused is screen.query_one("#ct-from", Input)
        # a reversed range names the "to" field, and the cursor goes there
        screen.query_one("#ct-from", Input).value = "2020"
        screen.query_one("#ct-to", Input).focus()
        await pilot.press(*"2016", "enter")
        await settle(pilot, app)
        assert "reversed" in str(screen.query_one("#ct-status").render())
        assert screen.focused is screen.query_one("#ct-to", Input)
        await pilot.press(*["backspace"] * 4, *"2022", "enter")
        await settle(pilot, app)
        assert screen.focused is screen.query_one("#ct-events", KeyList)
        assert screen.events and "reversed" not in str(screen.query_one("#ct-status").render())


async def test_filter_placeholders_are_shown_whole(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_timeline(pilot, app)
        for field in ("#ct-from", "#ct-to"):
            box = screen.query_one(field, Input)
            width = box.content_region.width  # what the terminal shows of the line
            shown = "".join(box.render_line(y).text[:width] for y in range(box.content_region.height))
            assert box.placeholder in shown, (box.placeholder, shown)


async def test_long_titles_are_cut_at_a_word_and_keep_the_date(make, corpus_dir):
    from briefing.corpus import get_article, write_article

    article = get_article(corpus_dir, "kazakh-protest-or-failed-coup")
    long_title = "Protests, fuel prices and a transition of power: Kazakhstan's January unrest explained at length"
    write_article(corpus_dir, type(article)(**{**article.__dict__, "title": long_title}), replace_existing=True)
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_timeline(pilot, app)
        event_list = screen.query_one("#ct-events", KeyList)
        prompts = [
            event_list.get_option_at_index(i).prompt.plain
            for i in range(event_list.option_count)
            if (event_list.get_option_at_index(i).id or "").startswith("e")
            and screen.events[int(event_list.get_option_at_index(i).id[1:])].article_id == article.id
        ]
        assert prompts
        for prompt in prompts:
            title_line = prompt.split("\n")[0]
            assert long_title not in title_line and "…" in title_line
            cut = title_line[title_line.index("Protests") :].split("…")[0]
            assert long_title.startswith(cut) and long_title[len(cut)] in " ,:;", cut  # the cut falls between words
        ranged = [e for e in screen.events if e.range_end]
        for event in ranged:  # an event's last date comes before the title, which may be cut
            index = screen.events.index(event)
            first_line = event_list.get_option(f"e{index}").prompt.plain.split("\n")[0]
            assert "until" in first_line


async def test_merged_view_and_back_keep_the_date_reached_with_g(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_timeline(pilot, app)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2017-12", "enter")
        await settle(pilot, app)
        assert selected(screen).date == "2017-12-26"
        await pilot.press("m")
        await settle(pilot, app)
        merged = app.screen
        assert isinstance(merged, MergedTimelineScreen)
        option = merged.query_one("#mt-events", KeyList).highlighted_option
        assert merged.shown[int(option.id[1:])].date >= "2017-12"  # the merged view opens where the reader was
        await pilot.press("m")
        await settle(pilot, app)
        assert app.screen is screen
        assert selected(screen).date == "2017-12-26"
        heading_in_view(screen)


async def test_each_key_does_one_thing_where_it_is_and_help_says_so(make):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.rows
        assert [row[2] for row in rows if row[1] == "f"] == ["Fetch feeds"]  # not also "Filter" somewhere
        # a key the app binds everywhere is not bound to something else on a screen or pane (a modal dialog
        # and the feeds list that `u` toggles answer their own keys)
        from briefing.ui.brief_builder import BriefScreen
        from briefing.ui.widgets.timeline_pane import TimelinePane

        everywhere = {key: b.action for b in type(app).BINDINGS for key in b.key.split(",")}
        owners = (MainScreen, SearchBox, KeyList, TimelinePane, CorpusTimelineScreen, MergedTimelineScreen, BriefScreen)
        for owner in owners:
            for binding in owner.BINDINGS:
                for key in binding.key.split(","):
                    if key in everywhere:
                        assert binding.action.removeprefix("app.") == everywhere[key], (owner, binding)
        await pilot.press("escape")
        screen = await open_timeline(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        assert screen.focused is screen.query_one("#ct-from", Input)
        await pilot.press("escape")  # out of the field, back to the events
        await pilot.pause()
        assert isinstance(app.screen, CorpusTimelineScreen)
        assert screen.focused is screen.query_one("#ct-events", KeyList)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_escape_from_any_filter_control_goes_back_to_the_events(make):
    """The README: escape leaves a filter for the events list; a second escape closes the timeline. Every
    filter control (date fields and checkboxes), reached with tab as a user does, behaves the same."""
    from textual.widgets import Checkbox

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press(*"court", "enter")  # a search, so that "only search" can be ticked
        await settle(pilot, app)
        screen = await open_timeline(pilot, app)
        events = screen.query_one("#ct-events", KeyList)
        controls = ["#ct-from", "#ct-to", "#ct-only-results", "#ct-stated"]
        assert not screen.query_one("#ct-only-results", Checkbox).disabled
        for tabs, control in enumerate(controls):
            await pilot.press("slash", *["tab"] * tabs)
            await pilot.pause()
            assert screen.focused is screen.query_one(control), control
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen, control
            assert screen.focused is events, control
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_events_list_shows_when_it_has_the_focus(make):
    """With no search "only search" is disabled and tab skips it: `/`, tab x3 lands on the events list, where
    escape closes the timeline. The list's border says so, as the main screen's panes do, so that a user does
    not think a checkbox still has the focus."""
    app = make()
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await open_timeline(pilot, app)
        events = screen.query_one("#ct-events", KeyList)
        await pilot.press("slash", "tab", "tab")
        await pilot.pause()
        assert screen.focused is screen.query_one("#ct-stated")
        unfocused = events.styles.border_top
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is events
        assert events.styles.border_top != unfocused


def every_row_as_shown(event_list: KeyList) -> str:
    """The whole list as the terminal shows it, page by page from the top, its lines joined by spaces."""
    shown: dict[int, str] = {}
    height = event_list.scrollable_content_region.height
    for top in range(0, event_list.virtual_size.height, height):
        event_list.scroll_to(y=top, animate=False, force=True, immediate=True)
        offset = round(event_list.scroll_offset.y)  # the last page stops at the end of the list
        for y in range(min(height, event_list.virtual_size.height - offset)):
            shown[offset + y] = event_list.render_line(y).text
    return " ".join(" ".join(shown[y] for y in sorted(shown)).split())


def rows_cut_or_whole(event_list: KeyList) -> list[str]:
    """The options whose text is not shown whole in the list (and does not end with '…' where it is cut)."""
    shown = every_row_as_shown(event_list)
    return [str(o.prompt) for o in event_list.options if " ".join(str(o.prompt).split()) not in shown]


@pytest.mark.parametrize("size", [(140, 45), (100, 30)])
async def test_every_row_shows_its_whole_sentence_at_any_size(make, size):
    """The list wraps a long sentence onto as many rows as it takes: its last line is never dropped when a
    scrollbar narrows the list after the rows were measured, in the corpus timeline and the merged view."""
    app = make()
    async with app.run_test(size=size) as pilot:
        screen = await open_timeline(pilot, app)
        event_list = screen.query_one("#ct-events", KeyList)
        assert event_list.virtual_size.height > event_list.scrollable_content_region.height  # it scrolls
        assert rows_cut_or_whole(event_list) == []
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, MergedTimelineScreen)
        assert rows_cut_or_whole(app.screen.query_one("#mt-events", KeyList)) == []


async def test_go_to_an_unreadable_date_keeps_the_dialog_open_with_the_error(make):
    from textual.widgets import Input, Static

    from briefing.ui.screens.dialogs import GoToDate

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_timeline(pilot, app)
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GoToDate)
        await pilot.press(*"2017-13", "enter")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(Input).value == "2017-13"
        assert "2017-13" in str(dialog.query_one("#dialog-error", Static).render())
        await pilot.press("backspace", "backspace", *"12", "enter")
        await settle(pilot, app)
        assert app.screen is screen and selected(screen).date == "2017-12-26"
