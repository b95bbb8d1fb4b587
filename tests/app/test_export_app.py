"""The app's export (palette: Export brief…) says when it made the briefs folder, as the CLI does."""

from __future__ import annotations

from briefing.export import briefs_dir
from tests.app.conftest import settle
from tests.app.test_app import search


def _written(app) -> list[str]:
    return [n.message for n in app._notifications if n.message.startswith("Brief")]


async def test_the_first_brief_says_it_made_the_briefs_folder_the_next_does_not(make):
    app = make()
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        briefs = briefs_dir(app.paths.corpus)
        assert not briefs.exists()
        main = await search(pilot, app, "CSTO")
        main.action_export_brief("md")
        await settle(pilot, app)
        (first,) = _written(app)
        assert first.startswith(f"Brief written to {briefs}/") and first.endswith(f"(created folder {briefs})")
        main = await search(pilot, app, "paratroopers")
        main.action_export_brief("html")
        await settle(pilot, app)
        second = _written(app)[-1]
        assert second.startswith(f"Brief written to {briefs}/") and "created" not in second
        assert len(list(briefs.iterdir())) == 2
