"""A few pictures of the app at a fixed size, with nothing time- or machine-dependent on screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.paths import resolve
from briefing.settings import Settings
from briefing.ui.app import make_app
from tests.app.conftest import settle
from tests.conftest import BUNDLED_CORPUS

SIZE = (120, 40)


@pytest.fixture
def snapshot_app(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus, ignore=shutil.ignore_patterns("*.notes.yaml"))
    return make_app(resolve(corpus, tmp_path / "index"), Settings(theme="textual-dark"), tmp_path / "state.json")


def test_main_screen(snap_compare, snapshot_app):
    async def run_before(pilot) -> None:
        await settle(pilot, snapshot_app)
        await pilot.click("#search")
        await pilot.press(*"Shoigu", "enter")
        await settle(pilot, snapshot_app)
        await pilot.press("enter")
        await settle(pilot, snapshot_app)
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, snapshot_app):
    async def run_before(pilot) -> None:
        await settle(pilot, snapshot_app)
        snapshot_app.main.query_one("#results").focus()
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=run_before)


def test_corpus_timeline(snap_compare, snapshot_app):
    async def run_before(pilot) -> None:
        await settle(pilot, snapshot_app)
        snapshot_app.main.query_one("#results").focus()
        await pilot.press("t")
        await settle(pilot, snapshot_app)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"2022-01-06", "enter")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=run_before)
