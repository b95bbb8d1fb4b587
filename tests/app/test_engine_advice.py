"""A Whoosh corpus grown past LARGE_FOR_WHOOSH articles: the app says so once (per corpus, across launches)
and names the option; never on tantivy, never below the size."""

from __future__ import annotations

import shutil

import pytest

from briefing import services
from briefing.corpus import Article, write_article
from briefing.paths import resolve
from briefing.settings import Settings, load_state
from briefing.ui.app import make_app
from tests.app.conftest import settle


def _advice(app) -> list[str]:
    return [n.message for n in app._notifications if "tantivy" in n.message]


async def _launch(corpus, tmp_path, engine="whoosh") -> list[str]:
    app = make_app(resolve(corpus, tmp_path / f"index-{corpus.name}-{engine}", engine), Settings(), tmp_path / "s.json")
    async with app.run_test() as pilot:
        await settle(pilot, app)
        write_article(corpus, Article(id=f"more-{len(list(corpus.glob('*.md')))}", title="More", body="More."))
        app.prepare_index()  # the corpus grew while the app runs: a second IndexReady
        await settle(pilot, app)
        return _advice(app)


async def test_said_once_per_corpus_naming_the_option(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "LARGE_FOR_WHOOSH", 6)
    first = await _launch(corpus_dir, tmp_path)  # 5 articles, then 6: said when it grows past
    assert len(first) == 1
    assert "6 articles" in first[0] and "pip install 'briefing[tantivy]'" in first[0]
    assert "engine: tantivy" in first[0] and "--engine tantivy" in first[0]
    assert str(corpus_dir) in load_state(tmp_path / "s.json").advised
    assert await _launch(corpus_dir, tmp_path) == []  # the next launch: already said
    other = tmp_path / "other"
    shutil.copytree(corpus_dir, other)
    assert len(await _launch(other, tmp_path)) == 1  # another corpus is told for itself
    assert await _launch(corpus_dir, tmp_path) == []  # and the first one still remembered


async def test_never_on_tantivy_nor_below_the_size(corpus_dir, tmp_path, monkeypatch):
    pytest.importorskip("tantivy")
    monkeypatch.setattr(services, "LARGE_FOR_WHOOSH", 6)
    assert await _launch(corpus_dir, tmp_path, engine="tantivy") == []
    monkeypatch.setattr(services, "LARGE_FOR_WHOOSH", 50)
    assert await _launch(corpus_dir, tmp_path) == []
    assert load_state(tmp_path / "s.json").advised == ()


def test_the_advice_is_for_whoosh_past_the_size():
    assert services.engine_advice("whoosh", services.LARGE_FOR_WHOOSH - 1) is None
    assert services.engine_advice("tantivy", 10 * services.LARGE_FOR_WHOOSH) is None
    text = services.engine_advice("whoosh", services.LARGE_FOR_WHOOSH)
    assert text is not None and "\n" not in text and f"{services.LARGE_FOR_WHOOSH:,} articles" in text
