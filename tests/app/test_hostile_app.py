"""An article and notes carrying terminal escapes are shown by the app as text, without the escapes."""

from __future__ import annotations

import re

import yaml
from rich.text import Text
from textual.widgets import OptionList, Static

from briefing.safetext import BIDI_CONTROLS
from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
EVIL = "\x1b]52;c;aGVsbG8=\x07\x1b]0;pwned\x1b\\\x1b[2J\x9b1m\u202e"


def _hostile_corpus(corpus) -> None:
    corpus.mkdir()
    header = {
        "id": "evil",
        "title": f"Zebra{EVIL} title",
        "source": f"src{EVIL}",
        "published": "2021-03-10",
        "tags": [f"t{EVIL}"],
        "url": f"https://e.x/{EVIL}",
    }
    body = f"Zebra crossing{EVIL} on 12 March 2021.\n\nSecond{EVIL} paragraph."
    (corpus / "evil.md").write_text(f"---\n{yaml.safe_dump(header)}---\n\n{body}\n", "utf-8")
    notes = {"article": "evil", "notes": [{"id": "n1", "text": f"note{EVIL}", "tags": [f"x{EVIL}"], "quote": "Zebra"}]}
    (corpus / "evil.notes.yaml").write_text(yaml.safe_dump(notes), "utf-8")


def _shown_text(screen) -> list[str]:
    shown = []
    for widget in screen.query("*"):
        if isinstance(widget, OptionList):
            shown.extend(widget.get_option_at_index(i).prompt for i in range(widget.option_count))
        elif isinstance(widget, Static):
            shown.append(widget.render())
    return [item.plain if isinstance(item, Text) else str(item) for item in shown]


async def test_escapes_in_article_and_notes_never_reach_the_widgets(make, tmp_path):
    corpus = tmp_path / "hostile"
    _hostile_corpus(corpus)
    app = make(corpus=corpus)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        main = app.main
        main.query_one("#search").value = "zebra"
        await settle(pilot, app)
        main.query_one("#results").focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert main.open_id == "evil"
        shown = _shown_text(main)
        # rich's Text drops BEL itself, so a BEL-terminated OSC may leave its inert payload as text
        assert any("Zebra crossing" in s and " on 12 March 2021." in s for s in shown), shown
        assert any("note" in s for s in shown)
        leaks = [s for s in shown if UNSAFE.search(s)]
        assert not leaks, leaks
        assert not UNSAFE.search(
            main.query_one("#article", ArticleView).query_one("#article-title", Static).render().plain
        )


async def test_note_editor_never_shows_escapes_from_a_note_or_quote(make, tmp_path):
    from textual.widgets import Input, TextArea

    from briefing.ui.screens.dialogs import NoteDraft, NoteEditor

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        draft = NoteDraft(f"note{EVIL} text", (f"t{EVIL}",), f"quote{EVIL}", None)
        app.push_screen(NoteEditor(f"Edit note on Zebra{EVIL}", draft))
        await pilot.pause()
        editor = app.screen
        shown = [editor.query_one("#note-text", TextArea).text]
        shown += [field.value for field in editor.query(Input)]
        assert shown[0] == "note text" and "quote" in shown
        assert not [s for s in shown if UNSAFE.search(s)], shown


async def test_an_index_that_cannot_be_updated_is_searched_and_called_stale(make, tmp_path, monkeypatch):
    import errno
    import os

    from briefing.search import SearchIndex

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:  # builds the index
        await settle(pilot, app)

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(SearchIndex, "update", read_only)
    app = make()
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("stale" in m and "Read-only file system" in m for m in messages), messages
        assert app.index_open and "unavailable" not in app.index_state
        app.main.query_one("#search").value = "CSTO"
        await settle(pilot, app)
        assert app.main.query_one("#results").option_count > 0
