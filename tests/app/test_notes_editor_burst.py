"""Keys that arrive in one burst (a fast typist, a terminal multiplexer, a paste) are all in the note that
ctrl+s saves, where they were typed: the save waits behind them, never reads the editor before they land."""

from __future__ import annotations

from textual import events

from briefing.notes import add_note, load_notes
from tests.app.conftest import settle

ARTICLE = "kazakh-protest-or-failed-coup"
KEY_NAMES = {" ": "space", ",": "comma", "#": "number_sign"}


def burst(app, *keys: str) -> None:
    """Post key events straight into the app's queue, back to back, as a terminal delivers a burst."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(KEY_NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, None))


async def test_keys_typed_in_a_burst_before_ctrl_s_are_all_saved_where_typed(make, corpus_dir):
    add_note(corpus_dir, ARTICLE, "first line\nsecond", tags=["t"])
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        expected = "first line\nsecond"
        for round_ in range(12):
            app.main.query_one("#notes").focus()
            await pilot.press("e")
            await settle(pilot, app)
            typed = f" Q{round_}"
            burst(app, "down", "end", *typed, "ctrl+s")
            await settle(pilot, app)
            expected += typed
            saved = load_notes(corpus_dir, ARTICLE).notes
            assert [n.text for n in saved] == [expected], f"round {round_}"


async def test_a_paste_then_ctrl_s_saves_the_pasted_text(make, corpus_dir):
    add_note(corpus_dir, ARTICLE, "pasted:", tags=["t"])
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        expected = "pasted:"
        for round_ in range(8):
            app.main.query_one("#notes").focus()
            await pilot.press("e")
            await settle(pilot, app)
            burst(app, *["down"] * (round_ + 1), "end")  # to the end of the note
            app.post_message(events.Paste(f" clip {round_}\nline"))
            burst(app, "ctrl+s")
            await settle(pilot, app)
            expected += f" clip {round_}\nline"
            assert [n.text for n in load_notes(corpus_dir, ARTICLE).notes] == [expected], f"round {round_}"


async def test_a_burst_across_the_fields_lands_in_each_field_in_order(make, corpus_dir):
    """Tab moves on to the tags field in the middle of a burst: what follows it goes there, not in the text."""
    add_note(corpus_dir, ARTICLE, "body", tags=["t"])
    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        app.main.open_article(ARTICLE)
        await settle(pilot, app)
        app.main.query_one("#notes").focus()
        await pilot.press("e")
        await settle(pilot, app)
        burst(app, "end", *" more", "tab", "end", *", urgent", "ctrl+s")
        await settle(pilot, app)
        (note,) = load_notes(corpus_dir, ARTICLE).notes
        assert (note.text, note.tags) == ("body more", ("t", "urgent"))
