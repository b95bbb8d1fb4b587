"""Pilot tests of the brief builder: pin events (merged and single) and a quote, reorder, remove, export
through the dialog, and find the brief in progress again after a restart."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from briefing.brief import brief_path, load_brief
from briefing.ui.brief_builder import BriefScreen, ExportBriefDialog
from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.merged_timeline import MergedTimelineScreen
from tests.app.conftest import settle


async def test_pin_reorder_remove_export_and_restore(make, reuters_corpus, tmp_path):
    app = make(corpus=reuters_corpus)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, CorpusTimelineScreen)
        await pilot.press("m")
        await settle(pilot, app)
        merged = app.screen
        assert isinstance(merged, MergedTimelineScreen)
        conflict = next(i for i, e in enumerate(merged.shown) if e.conflict)
        merged.query_one("#mt-events").highlighted = conflict
        await pilot.press("space")  # pin the merged event
        await pilot.press("space")  # twice: still once
        await pilot.pause()
        assert [p.kind for p in load_brief(reuters_corpus).items] == ["event"]
        assert load_brief(reuters_corpus).items[0].conflict
        await pilot.press("m")  # back to the per-article view
        await settle(pilot, app)
        chile = next(i for i, e in enumerate(timeline.events) if e.article_id == "reuters-02006")
        timeline.query_one("#ct-events").highlighted = timeline.query_one("#ct-events").get_option_index(f"e{chile}")
        await pilot.press("space")  # pin a single event
        await pilot.pause()
        await pilot.press("enter")  # open the Chile story at its sentence
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen) and app.main.open_id == "reuters-02006"
        app.main.query_one("#article").focus()
        await pilot.press("p")  # pin the sentence shown as a quote
        await pilot.pause()
        brief = load_brief(reuters_corpus)
        assert [p.kind for p in brief.items] == ["event", "event", "quote"]
        assert "Chile" in brief.items[2].text

        await pilot.press("b")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        items = screen.query_one("#bb-items")
        assert items.option_count == 3
        await pilot.press("J")  # move the first item down
        await pilot.pause()
        assert [p.id for p in load_brief(reuters_corpus).items] == [
            brief.items[1].id,
            brief.items[0].id,
            brief.items[2].id,
        ]
        assert items.highlighted == 1  # the moved item stays selected
        await pilot.press("d")  # remove it
        await pilot.pause()
        assert [p.id for p in load_brief(reuters_corpus).items] == [brief.items[1].id, brief.items[2].id]

        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportBriefDialog)
        target = tmp_path / "out" / "quake.json"
        dialog.query_one("#bb-export-title").value = "Quake and bankruptcy"
        dialog.query_one("#bb-export-from").value = "1987-03"
        dialog.query_one("#bb-export-format").value = "json"
        dialog.query_one("#bb-export-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BriefScreen)
        said = str(app.screen.query_one("#bb-status").render())  # the folder it had to make is said
        assert said == f"Exported to {target} (created folder {target.parent})"
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["title"] == "Quake and bankruptcy" and data["from"] == "1987-03"
        assert [i["kind"] for i in data["items"]] == ["event", "quote"]
        assert data["sources"][0]["title"]

        await pilot.press("x")  # the same path again: refused, said in the dialog, nothing lost
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#bb-export-path").value = str(target)
        dialog.query_one("#bb-export-from").value = "1987-13"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportBriefDialog)
        assert "1987-13" in str(dialog.query_one("#bb-export-error").render())
        dialog.query_one("#bb-export-from").value = "1987-03"
        await pilot.press("ctrl+s")  # a good window, the path of the brief written: the app has no --force
        await pilot.pause()
        said = str(dialog.query_one("#bb-export-error").render())
        assert "exists already" in said and "--force" not in said and "another" in said
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)

    assert brief_path(reuters_corpus).exists()
    again = make(corpus=reuters_corpus)  # a restart finds the brief in progress
    async with again.run_test(size=(150, 45)) as pilot:
        await settle(pilot, again)
        again.main.query_one("#results").focus()
        await pilot.press("b")
        await settle(pilot, again)
        assert isinstance(again.screen, BriefScreen)
        assert again.screen.query_one("#bb-items").option_count == 2
        assert again.screen.brief.title == "Quake and bankruptcy"


async def test_a_reversed_date_window_is_said_reversed_in_the_export_dialog(make, reuters_corpus, tmp_path):
    from briefing.brief import BriefInProgress, pin_quote, save_brief

    quote = pin_quote("reuters-02006", "Reuters", "1987-03-02", "Chile said its copper output rose.")
    save_brief(reuters_corpus, BriefInProgress("Copper", (replace(quote, date="2018-05-01"),)))
    app = make(corpus=reuters_corpus)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("b")
        await settle(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportBriefDialog)
        dialog.query_one("#bb-export-from").value = "2022"
        dialog.query_one("#bb-export-to").value = "2016"
        dialog.query_one("#bb-export-path").value = str(tmp_path / "reversed.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportBriefDialog)
        said = str(dialog.query_one("#bb-export-error").render())
        assert said == "the range is reversed: from 2022 is after to 2016"
        assert not (tmp_path / "reversed.md").exists()


@pytest.mark.parametrize("fmt", ["md", "html"])
async def test_the_builders_brief_is_the_clis_brief_of_the_articles_it_cites(make, reuters_corpus, tmp_path, fmt):
    """`b` then `x` writes what `briefing export --ids <cited> --from --to --title` writes (dates as written,
    corrections, authors, notes, the stylesheet), with the analyst's items first, citing the same numbers."""
    import datetime as dt

    from briefing.brief import BriefInProgress, pin_quote, save_brief
    from briefing.notes import add_note
    from tests.conftest import run_cli

    cited = ("reuters-02006", "reuters-16306")
    first = pin_quote(cited[0], "Reuters", "1987-03-02", "Chile said its copper output rose.")
    second = pin_quote(cited[1], "Reuters", "1987-04-13", "The quake closed the mine.")
    save_brief(reuters_corpus, BriefInProgress("Copper", (first, second)))
    add_note(reuters_corpus, cited[1], "Check the mine's own figures", tags=["copper"], now=dt.datetime(2026, 1, 2))
    target = tmp_path / f"app.{fmt}"
    app = make(corpus=reuters_corpus)
    async with app.run_test(size=(150, 45)) as pilot:
        await settle(pilot, app)
        app.main.query_one("#results").focus()
        await pilot.press("b")
        await settle(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportBriefDialog)
        dialog.query_one("#bb-export-title").value = "Copper and quakes"
        dialog.query_one("#bb-export-from").value = "1987"
        dialog.query_one("#bb-export-to").value = "1987-12"
        dialog.query_one("#bb-export-format").value = fmt
        dialog.query_one("#bb-export-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BriefScreen), str(dialog.query_one("#bb-export-error").render())
    cli = tmp_path / f"cli.{fmt}"
    common = ["--corpus", str(reuters_corpus), "--index", str(tmp_path / "cli-index")]
    args = ["--ids", ",".join(cited), "--from", "1987", "--to", "1987-12", "--title", "Copper and quakes"]
    done = run_cli("export", *args, "--format", fmt, "-o", str(cli), *common)
    assert done.returncode == 0, done.stderr
    ours, theirs = target.read_text(encoding="utf-8"), cli.read_text(encoding="utf-8")
    if fmt == "md":
        head, *sections = theirs.split("\n## ")
        assert head.splitlines()[0] in ours and "Check the mine's own figures" in theirs
        assert [s.splitlines()[0] for s in sections] == ["Sources", "Timeline", "Notes"]
        for section in sections:
            assert "\n## " + section in ours, section.splitlines()[0]
        assert ours.index("## Brief") < ours.index("## Sources")
        assert "> Chile said its copper output rose. [" in ours
    else:
        body = theirs[theirs.index("<h2>Sources</h2>") :]
        assert body in ours and theirs[: theirs.index("</style>")] in ours  # the stylesheet, print rules and all
        assert '<blockquote>Chile said its copper output rose. <span class="cite"><a href="#source-' in ours
        assert ours.count("<p>[") == 0  # no citation alone in its paragraph
