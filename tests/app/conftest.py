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
    """Wait until every worker is done and the screen has caught up. A worker cancelled meanwhile (a search
    replaced by a newer one in its exclusive group, as the app means it to be) is done, not a failure."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        await pilot.pause()
        for _attempt in range(10):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
    await pilot.pause()


EVENTS_DATA = Path(__file__).parents[1] / "data" / "events"
EVENTS_IDS = ("reuters-16306", "reuters-16352", "reuters-16500", "reuters-16723", "reuters-16249", "reuters-02006")


@pytest.fixture
def reuters_corpus(tmp_path) -> Path:
    """A small corpus of labelled Reuters stories, for the merged-events and brief-builder app tests."""
    from briefing.corpus import write_article
    from briefing.event_eval import load_articles

    corpus = tmp_path / "reuters" / "corpus"
    corpus.mkdir(parents=True)
    for article in load_articles(EVENTS_DATA / "articles.jsonl"):
        if article.id in EVENTS_IDS:
            write_article(corpus, article)
    return corpus
