"""The results list shows every line of a hit whose title and snippet wrap, at any size (the timelines' lists
once lost the last wrapped line of a row when a scrollbar appeared after the rows were measured)."""

from __future__ import annotations

import pytest
import yaml

from briefing.ui.widgets.results import ResultsList
from tests.app.conftest import settle

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


def _rows(results: ResultsList) -> list[str]:
    """Every row of the list as drawn, page by page from the top."""
    shown: dict[int, str] = {}
    height = results.scrollable_content_region.height
    for top in range(0, results.virtual_size.height, height):
        results.scroll_to(y=top, animate=False, force=True, immediate=True)
        offset = round(results.scroll_offset.y)
        for y in range(min(height, results.virtual_size.height - offset)):
            shown[offset + y] = results.render_line(y).text.rstrip()
    return [shown[y] for y in sorted(shown)]


def _not_whole(results: ResultsList) -> list[str]:
    """The hits not drawn as they should be: each between rules, fitting the pane with its rule, its title,
    date and snippet shown whole or cut with '…' (never a line dropped, never one hit running into the next)."""
    rows = _rows(results)
    blocks: list[list[str]] = [[]]
    for row in rows:
        if row and set(row) == {"─"}:
            blocks.append([])
        else:
            blocks[-1].append(row)
    prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
    if len(blocks) != len(prompts):
        return [f"{len(prompts)} hits drawn as {len(blocks)} blocks"]
    bad = []
    height = results.scrollable_content_region.height
    for prompt, block in zip(prompts, blocks, strict=True):
        title, meta, *snippet = prompt.split("\n")
        drawn = " ".join(" ".join(block).split())
        words = " ".join(prompt.split())
        if len(block) + 1 > height:  # taller than the pane: scrolling hit to hit, its end and rule never show
            bad.append(f"{title[:40]}: {len(block)} rows in a pane of {height}")
            continue
        if drawn == words:
            continue
        rows_ok = all(" ".join(row.removesuffix("…").split()) in words for row in block)
        end_ok = block[-1].endswith("…") or words.endswith(" ".join(block[-1].split()))
        starts = drawn.startswith(" ".join(title.split()[:2]))
        dated = any(row == meta or (row.endswith("…") and meta.startswith(row[:-1])) for row in block)
        if not (rows_ok and end_ok and starts and dated):
            bad.append(f"{title[:40]}: {block}")
    return bad


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


@pytest.mark.parametrize("size", [(60, 24), (80, 24), (120, 35), (36, 20)])
async def test_every_hit_keeps_its_rule_and_marks_what_is_cut_at_every_width(make, size):
    """A narrow or short results pane (80x24 stacked, 60 columns, the results narrowed with -): each hit fits
    the pane with the rule under it, and a title or snippet cut ends with '…'."""
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        results = await _search(pilot, app, "russia")
        assert results.option_count > 3
        assert _not_whole(results) == []
        results.focus()
        for key in ("minus",) * 6 + ("plus",) * 3:
            await pilot.press(key)
            await settle(pilot, app)
            assert results.size.width >= 24 or size[0] < 40
            assert _not_whole(results) == [], (key, results.size)
