"""The index as the app shows it: files it could not read named together; usable while it is being built;
a rebuild from the palette asks first."""

from __future__ import annotations

from briefing.ui.app import unreadable_line
from tests.app.conftest import settle


async def test_the_toast_names_every_unreadable_file(make, corpus_dir):
    for name in ("broken-one.md", "broken-two.md", "broken-three.md"):
        (corpus_dir / name).write_bytes(b"\xff\xfe not utf-8 at all")
    app = make()
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        toasts = [n.message for n in app._notifications if "unreadable" in n.message]
        assert toasts, [n.message for n in app._notifications]
        assert toasts[0].startswith("3 files unreadable: ")
        for name in ("broken-one.md", "broken-two.md", "broken-three.md"):
            assert name in toasts[0]


def test_the_unreadable_line_says_one_in_the_singular_and_cuts_a_long_list():
    assert unreadable_line(["a.md: not UTF-8"]) == "1 file unreadable: a.md: not UTF-8"
    many = unreadable_line([f"f{i}.md: empty file" for i in range(9)])
    assert many.startswith("9 files unreadable: f0.md, f1.md, f2.md, f3.md, …")


GENERATED = 200


def generated_corpus(folder):
    folder.mkdir(parents=True)
    for i in range(GENERATED):
        (folder / f"gen-{i:04d}.md").write_text(
            f"---\nid: gen-{i:04d}\ntitle: Grain report {i}\nsource: Wire\npublished: '2020-01-{1 + i % 28:02d}'\n---\n\n"
            f"The wheat harvest in region {i} was reported on Monday. Prices moved little.\n",
            encoding="utf-8",
        )
    return folder


async def test_search_answers_from_what_is_indexed_during_a_first_build(make, tmp_path, monkeypatch):
    import time

    import briefing.search.searcher as searcher
    from briefing.search import produce

    make_one = produce.make

    def slow_make(*args, **kwargs):
        time.sleep(0.03)  # a large corpus: the first build takes seconds
        return make_one(*args, **kwargs)

    monkeypatch.setattr(searcher, "BATCH_SECONDS", 0.05)
    monkeypatch.setattr(produce, "make", slow_make)
    app = make(corpus=generated_corpus(tmp_path / "big" / "corpus"))
    app.index.workers = 1  # documents made in this process, at the slowed pace
    async with app.run_test(size=(140, 45)) as pilot:
        main = app.main
        main.query_one("#search").focus()
        await pilot.press(*"wheat")
        seen = []
        for _ in range(300):
            await pilot.pause(0.05)
            status = str(main.query_one("#status").render())
            if "searching" in status and main.result is not None and main.result.total and main.result.query == "wheat":
                seen.append((status, main.result.total))
                break
        assert seen, f"no result while the index was being built: {status!r}"
        status, partial = seen[0]
        assert f"of {GENERATED:,} articles — indexing" in status
        assert main.result.query == "wheat"
        # a query typed meanwhile never shows another query's results
        await pilot.press(*" harvest")
        for _ in range(20):
            await pilot.pause(0.05)
            assert main.result is None or "wheat harvest".startswith(main.result.query.rstrip())
        await settle(pilot, app)
        await settle(pilot, app)
        assert main.result.query == "wheat harvest"
        assert main.result.total == GENERATED  # refreshed when the build ended
        assert "index ready" in str(main.query_one("#status").render())


async def test_rebuild_from_the_palette_asks_first(make):
    from briefing.ui.screens.dialogs import ConfirmDialog
    from briefing.ui.screens.main import MainScreen

    app = make()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        index_files = sorted(p.name for p in app.index.index_dir.iterdir())
        await app.run_action("rebuild_index")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen) and app.index_state == "index ready"
        assert sorted(p.name for p in app.index.index_dir.iterdir()) == index_files
        await app.run_action("rebuild_index")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, app)
        assert app.index_state == "index ready" and app.main.result is not None and app.main.result.total == 5
