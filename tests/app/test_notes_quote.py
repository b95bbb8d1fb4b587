"""A quote typed in the note editor must be a passage of the article: one that is not is refused in one line,
nothing is written, and the editor comes back with everything typed, as the same new note or the same edit."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from briefing.notes import add_note, load_notes, notes_path
from briefing.ui.screens.dialogs import ConfirmDialog, NoteEditor
from tests.app.conftest import settle

ARTICLE = "kazakh-protest-or-failed-coup"
FOUND = "Russia sent up to 5,000 paratroopers"


async def _open(pilot, app) -> None:
    await settle(pilot, app)
    app.main.open_article(ARTICLE)
    await settle(pilot, app)


async def _refused_then_fixed(pilot, app, editor: NoteEditor, text: str) -> None:
    assert editor.query_one("#note-text", TextArea).text == text
    await pilot.press("escape")  # what was typed is saved nowhere yet: escape asks before throwing it away
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("n")
    await pilot.pause()
    assert app.screen is editor
    quote = editor.query_one("#note-quote", Input)
    assert quote.value == "no such passage anywhere"
    quote.focus()
    await pilot.press("ctrl+u", *FOUND, "ctrl+s")
    await settle(pilot, app)


async def test_a_new_note_with_a_quote_not_in_the_article_is_refused_and_kept_in_the_editor(make, corpus_dir):
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app)
        app.main.query_one("#notes").focus()
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press(*"my words", "tab", "tab", *"no such passage anywhere", "ctrl+s")
        await settle(pilot, app)
        assert not notes_path(corpus_dir, ARTICLE).exists()
        editor = app.screen
        assert isinstance(editor, NoteEditor), "the editor is back with what was typed"
        await _refused_then_fixed(pilot, app, editor, "my words")
        (note,) = load_notes(corpus_dir, ARTICLE).notes
        assert (note.text, note.quote, note.detached) == ("my words", FOUND, False)


async def test_an_edit_with_a_quote_not_in_the_article_is_refused_and_stays_an_edit(make, corpus_dir):
    first = add_note(corpus_dir, ARTICLE, "first draft", tags=["x"]).note_id
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await _open(pilot, app)
        app.main.query_one("#notes").focus()
        await pilot.press("e")
        await settle(pilot, app)
        before = notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8")
        await pilot.press("end", *" revised", "tab", "tab", *"no such passage anywhere", "ctrl+s")
        await settle(pilot, app)
        assert notes_path(corpus_dir, ARTICLE).read_text(encoding="utf-8") == before
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await _refused_then_fixed(pilot, app, editor, "first draft revised")
        (note,) = load_notes(corpus_dir, ARTICLE).notes
        assert (note.id, note.text, note.quote, note.tags) == (first, "first draft revised", FOUND, ("x",))
