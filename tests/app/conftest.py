from __future__ import annotations

from pathlib import Path

import pytest

from briefing.paths import resolve
from briefing.settings import Settings
from briefing.ui.app import BriefingApp, make_app


@pytest.fixture
def make(corpus_dir: Path, tmp_path: Path):
    """Build the app over a temporary copy of the seed corpus; same state file across relaunches."""

    def build(settings: Settings | None = None, corpus: Path | None = None) -> BriefingApp:
        paths = resolve(corpus or corpus_dir, tmp_path / "index")
        return make_app(paths, settings or Settings(), tmp_path / "state.json")

    return build


async def settle(pilot, app: BriefingApp) -> None:
    """Wait until every worker is done and the screen has caught up."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()
