"""The results list shows every line of a hit whose title and snippet wrap, at any size (the timelines' lists
once lost the last wrapped line of a row when a scrollbar appeared after the rows were measured)."""

from __future__ import annotations

import pytest
import yaml

from briefing.ui.widgets.results import ResultsList
from tests.app.conftest import settle
from tests.app.test_corpus_timeline_ui import every_row_as_shown

WORDS = "ministers governors envoys railway harbour customs treasury parliament border pipeline".split()


def _long_titles_corpus(corpus) -> None:
    corpus.mkdir()
    for n in range(12):
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(len(WORDS)))
        header = {
            "id": f"long-{n:02d}",
            "title": f"Walrus report {n}: the {words} and the long aftermath of the {words} in a title",
            "source": "wire",
            "published": f"2021-03-{n + 1:02d}",
        }
        body = f"The walrus talks on the {words} went on for hours, and then again for the {words}, said {n}."
        (corpus / f"long-{n:02d}.md").write_text(f"---\n{yaml.safe_dump(header)}---\n\n{body}\n", "utf-8")


def _not_whole(results: ResultsList) -> list[str]:
    shown = every_row_as_shown(results)
    prompts = [" ".join(str(results.get_option_at_index(i).prompt).split()) for i in range(results.option_count)]
    return [p for p in prompts if p and p not in shown]


async def _search(pilot, app, query: str) -> ResultsList:
    app.main.query_one("#search").value = query
    await settle(pilot, app)
    return app.main.query_one("#results", ResultsList)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_every_wrapped_line_of_every_result_is_drawn(make, tmp_path, size):
    corpus = tmp_path / "long"
    _long_titles_corpus(corpus)
    app = make(corpus=corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        results = app.main.query_one("#results", ResultsList)
        assert results.option_count == 12 and _not_whole(results) == []  # the list at start: every article
        results = await _search(pilot, app, "walrus AND aftermath AND 3")  # one hit: no scrollbar yet
        assert results.option_count == 1 and _not_whole(results) == []
        results = await _search(pilot, app, "walrus")  # then a scrollbar: the rows measured without it
        assert results.option_count == 12
        assert results.virtual_size.height > results.scrollable_content_region.height  # it scrolls
        assert _not_whole(results) == []
        results.focus()
        await pilot.press("end")  # the last hit selected: its rows all drawn too
        await settle(pilot, app)
        bottom = [results.render_line(y).text for y in range(results.scrollable_content_region.height)]
        last = str(results.highlighted_option.prompt).split("\n")[-1].split()[-1]
        assert any(last in row for row in bottom), (last, bottom)
        assert _not_whole(results) == []
        for key in ("plus", "minus", "minus"):  # the pane made wider and narrower: the rows measured again
            await pilot.press(key)
            await settle(pilot, app)
            assert _not_whole(results) == [], key
