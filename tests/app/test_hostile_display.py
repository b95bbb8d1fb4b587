"""Article and notes text carrying terminal controls, read back from disk: every widget that shows it (results,
article, timelines, notes, note editor, new articles, command palette) draws the same sanitised text, and
nothing a terminal would obey (ESC, C0 but in the layout, C1, bidi overrides, line separators) reaches a
widget's rendered lines."""

from __future__ import annotations

import re

import yaml
from textual.widgets import Input, TextArea

from briefing.safetext import BIDI_CONTROLS
from tests.app.conftest import settle

# Nothing of this may reach a rendered line: a raw newline or tab there would break the screen as surely as
# an escape (the widget has to lay them out), U+2028/2029 are line breaks for some widgets and not others.
RAW = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")

HOSTILE = (
    "Alpha \x1b[31mred\x1b[0m bravo "  # SGR colour
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ "  # OSC 8 hyperlink, ST-terminated
    "\x1b]0;retitled\x07charlie\n"  # OSC title, BEL-terminated
    "delta\x07 echo\x08 fox\rtrot "  # BEL, backspace, a lone carriage return
    "golf\x85 hotel\x9b2J india\x90q\x9c\r\n"  # C1: NEL, CSI, DCS ... ST; CRLF
    "juliet\u202ekilo\u2066lima\u2069 "  # bidi override and isolate
    "mike\u2028november"  # a line separator
)
# what should be seen: the words and the layout (line breaks, tabs at every 8th column), nothing else
LINE = f"Zebra crossing on 12 March 2021.\n{HOSTILE}\tcolumn\ttwo"
SECOND = "Then \x1b]0;retitled\x07the\u202e talks\x9b2J ended\x1b[1m on 14 March 2021."
SECOND_SEEN = "Then the talks ended on 14 March 2021."
SEEN = [
    "Zebra crossing on 12 March 2021.",
    "Alpha red bravo link charlie",
    "delta echo foxtrot golf hotel india",
    "julietkilolima mike",
    "november        column  two",
]


def _hostile_corpus(corpus) -> None:
    from briefing.feeds import mark_new

    corpus.mkdir()
    header = {
        "id": "evil",
        "title": f"Zebra {HOSTILE}",
        "source": f"wire\x1b[2J{BIDI_CONTROLS}",
        "published": "2021-03-10",
    }
    body = f"{LINE}\n\n{SECOND}"
    (corpus / "evil.md").write_text(f"---\n{yaml.safe_dump(header)}---\n\n{body}\n", "utf-8")
    note = {"id": "n1", "text": LINE, "tags": ["tag\x1b[7m\none"], "quote": f"Zebra\r\ncrossing {HOSTILE}"}
    (corpus / "evil.notes.yaml").write_text(yaml.safe_dump({"article": "evil", "notes": [note]}), "utf-8")
    mark_new(corpus, ["evil"])


def _rows(widget) -> list[str]:
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


def _leaks(screen) -> list[tuple[str, str]]:
    """(widget, rendered line) for every line of every widget shown that carries a raw control."""
    return [
        (repr(widget), row)
        for widget in screen.query("*")
        if widget.display and widget.region.area
        for row in _rows(widget)
        if RAW.search(row)
    ]


def _inner(rows: list[str]) -> list[str]:
    """A widget's lines without its border glyphs and padding, and without the blank ones."""
    inner = [row.strip("▊▎▔▁│╭╮╰╯─ ") for row in rows]
    return [row for row in inner if row]


async def test_hostile_text_is_drawn_sanitised_and_alike_in_every_widget(make, tmp_path):
    corpus = tmp_path / "hostile"
    _hostile_corpus(corpus)
    app = make(corpus=corpus)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        main = app.main
        main.query_one("#results").focus()
        await pilot.press("u")  # the new articles: the hostile one is listed
        await settle(pilot, app)
        assert "Zebra Alpha" in " ".join(_rows(app.screen.query_one("#new-list")))
        assert not _leaks(app.screen), _leaks(app.screen)
        await pilot.press("escape")

        main.query_one("#search").value = "zebra"
        await settle(pilot, app)
        results = main.query_one("#results")
        assert any("Zebra Alpha red bravo link" in row for row in _rows(results)), _rows(results)
        main.query_one("#results").focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert main.open_id == "evil"
        assert not _leaks(main), _leaks(main)

        article = main.query_one("#article")
        paragraph = _inner(_rows(article.paragraph_widgets[0]))
        # every word is there, the line separator breaks the line, the tabs keep their columns
        assert paragraph == SEEN
        timeline = _rows(main.query_one("#timeline"))
        assert any(SECOND_SEEN in row for row in timeline), timeline
        notes = _rows(main.query_one("#notes"))
        assert any("Alpha red bravo" in row for row in notes), notes

        main.query_one("#notes").focus()
        await pilot.press("e")  # the note in the editor: the same text as the article pane shows
        await settle(pilot, app)
        editor = app.screen
        assert not _leaks(editor), _leaks(editor)
        assert _inner(_rows(editor.query_one("#note-text", TextArea))) == paragraph
        quote = editor.query_one("#note-quote", Input)
        assert quote.value.startswith("Zebra crossing Alpha red bravo link charlie delta"), quote.value
        await pilot.press("escape")
        await settle(pilot, app)

        main.query_one("#results").focus()
        await pilot.press("t")  # the corpus timeline
        await settle(pilot, app)
        events = _rows(app.screen.query_one("#ct-events"))
        assert any(SECOND_SEEN in row for row in events), events
        assert not _leaks(app.screen), _leaks(app.screen)
        await pilot.press("m")  # merged events
        await settle(pilot, app)
        assert not _leaks(app.screen), _leaks(app.screen)


def test_marks_stay_on_their_characters_when_sequences_go():
    from briefing.ui.safe import safe

    raw = "a\x1b]0;title\x07b\r\nc\x08d"  # rich alone would drop BEL, CR and BS first and shift every offset
    text = safe(raw, marks=[(raw.index("b"), raw.index("b") + 1, "bold"), (raw.index("d"), raw.index("d") + 1, "red")])
    assert text.plain == "ab\ncd"
    styled = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styled == {"b": "bold", "d": "red"}
