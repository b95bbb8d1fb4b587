"""Dialogs on small terminals: each fits inside the screen, and what the user types stays visible."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from briefing.ui.screens.dialogs import NoteEditor
from tests.app.conftest import settle
from tests.app.test_app import search


async def open_article(pilot, app) -> None:
    await settle(pilot, app)
    await search(pilot, app, "paratroopers")
    await pilot.press("enter", "enter")
    await settle(pilot, app)
    assert app.main.open_id is not None


@pytest.mark.parametrize("size", [(60, 15), (100, 30)])
async def test_the_note_editor_keeps_rows_for_the_text_at_every_size(make, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        await open_article(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        text = editor.query_one("#note-text", TextArea)
        assert text.content_region.height >= 3, text.region
        box = editor.query_one("#note-editor").region
        for field in ("#note-tags", "#note-quote", "#note-event", "#note-hint"):
            widget = editor.query_one(field)
            assert widget.region.height > 0 and box.contains_region(widget.region), (field, widget.region, box)
        await pilot.press(*"typed")
        assert "typed" in text.text and app.focused is text


def _dialogs(app):
    from briefing.brief import BriefInProgress
    from briefing.ui.brief_builder import ExportBriefDialog
    from briefing.ui.screens.dialogs import ConfirmDialog, CorrectDate, GoToDate, NoteDraft
    from briefing.ui.screens.new_articles import NewArticlesScreen

    return {
        "note": lambda: NoteEditor("New note", NoteDraft("", (), None, None)),
        "export": lambda: ExportBriefDialog(BriefInProgress(), app.paths.corpus),
        "correct": CorrectDate,
        "goto": GoToDate,
        "confirm": lambda: ConfirmDialog("Discard this note? What you typed will be lost."),
        "new": lambda: NewArticlesScreen(app.paths.corpus),
    }


@pytest.mark.parametrize("size", [(60, 15), (100, 30)])
@pytest.mark.parametrize("name", ["note", "export", "correct", "goto", "confirm", "help"])
async def test_every_dialog_fits_inside_the_screen(make, size, name):
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        if name == "help":
            app.main.query_one("#results").focus()
            await pilot.press("question_mark")
        else:
            app.push_screen(_dialogs(app)[name]())
        await settle(pilot, app)
        screen = app.screen
        assert screen is not app.main, name
        frame = screen.children[0]
        assert frame.region.width > 0 and frame.region.height > 0
        assert screen.region.contains_region(frame.region), (name, frame.region, screen.region)
        # every line of text it shows is whole: nothing wider than the dialog's inside
        for label in screen.query("Label, Static").results():
            if label.region.width and label.display:
                assert label.region.right <= frame.region.right, (name, label, label.region, frame.region)
                lines = label.render_lines(label.region.reset_offset)
                assert len(lines) >= 1


@pytest.mark.parametrize("size", [(60, 15), (100, 30), (140, 45)])
async def test_the_date_correction_prompt_is_shown_whole(make, size):
    from textual.widgets import Label

    from briefing.ui.screens.dialogs import CorrectDate

    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        app.push_screen(CorrectDate())
        await settle(pilot, app)
        dialog = app.screen.query_one("#dialog")
        prompt = app.screen.query_one(Label)
        assert dialog.content_region.contains_region(prompt.region), (prompt.region, dialog.content_region)
        shown = " ".join(strip.text.strip() for strip in prompt.render_lines(prompt.region.reset_offset))
        assert CorrectDate.PROMPT == " ".join(shown.split()), shown


def _visible(screen, widget) -> bool:
    """`widget` is displayed inside the screen and actually drawn there (not scrolled out of its container)."""
    from textual.errors import NoWidget

    region = widget.region
    if not (widget.display and region.width and region.height and screen.region.contains_region(region)):
        return False
    try:
        found, _ = screen.get_widget_at(region.x + region.width // 2, region.y + region.height // 2)
    except NoWidget:
        return False
    return found is widget or widget in found.ancestors


# What tells a keyboard user how to confirm and how to leave, per dialog: these must always be drawn, and say
# their keys (the dialog's other fields may scroll).
CONTROLS = {
    "export": (("#bb-export-go", "ctrl+s"), ("#bb-export-cancel", "esc")),
    "confirm": (("#yes", "(y)"), ("#no", "(n)")),
    "goto": (("#dialog-hint", "enter"), ("#dialog-hint", "escape")),
    "correct": (("#dialog-hint", "enter"), ("#dialog-hint", "escape")),
    "note": (("#note-hint", "ctrl+s"), ("#note-hint", "escape")),
    "help": (("#help-hint", "esc"),),
    "new": (("#new-heading", "escape"),),
}


def _shown_text(widget) -> str:
    from textual.widgets import Button

    if isinstance(widget, Button):
        return str(widget.label)
    return " ".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


@pytest.mark.parametrize("size", [(50, 12), (60, 15), (80, 24)])
@pytest.mark.parametrize("name", sorted(CONTROLS))
async def test_every_dialog_shows_how_to_confirm_and_cancel(make, size, name):
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        if name == "help":
            app.main.query_one("#results").focus()
            await pilot.press("question_mark")
        elif name == "confirm":  # the longest question the app asks: deleting a note quotes its first line
            app.push_screen(_dialogs(app)[name]())
            app.pop_screen()
            from briefing.ui.screens.dialogs import ConfirmDialog

            app.push_screen(ConfirmDialog(f"Delete the note “{'a long first line of a note ' * 3}”?"[:90]))
        else:
            app.push_screen(_dialogs(app)[name]())
        await settle(pilot, app)
        screen = app.screen
        assert screen is not app.main
        for selector, key in CONTROLS[name]:
            widget = screen.query_one(selector)
            assert _visible(screen, widget), (name, size, selector, widget.region, screen.region)
            assert key in _shown_text(widget), (name, selector, _shown_text(widget))


@pytest.mark.parametrize("size", [(120, 35), (80, 24), (60, 20)])
async def test_the_note_editors_footer_shows_its_own_keys(make, size):
    """While the editor is open the bottom row names its keys (save, cancel), not the main screen's."""
    from textual.widgets import Footer

    app = make()
    async with app.run_test(size=size) as pilot:
        await open_article(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        editor = app.screen
        assert type(editor).__name__ == "NoteEditor"
        footer = editor.query_one(Footer)
        assert footer.region.y == size[1] - 1 and footer.region.width == size[0]  # the bottom row, whole
        keys = {key.description for key in footer.query("FooterKey")}
        assert {"Save note", "Cancel"} <= keys
        assert not keys & {"Add note", "Corpus timeline", "Next hit", "Quit"}, keys
