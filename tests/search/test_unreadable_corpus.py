"""A corpus folder that cannot be listed (permissions, a dead network mount) is an error, not an empty corpus:
an update must never take every article out of the index because the folder could not be read."""

from __future__ import annotations

import os

import pytest

from briefing.corpus import Article, write_article
from briefing.errors import BriefingError
from briefing.search import SearchIndex


def test_an_unlistable_corpus_folder_is_one_line_and_the_index_keeps_its_articles(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    for i in range(5):
        write_article(corpus, Article(id=f"a-{i}", title=f"Wombat {i}", body=f"Wombat report number {i}."))
    with SearchIndex(corpus, tmp_path / "index") as idx:
        idx.update()
        assert idx.doc_count() == 5

    real_scandir = os.scandir

    def refuse(path=".", *args, **kwargs):
        if os.fspath(path) == os.fspath(corpus):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", refuse)
    with SearchIndex(corpus, tmp_path / "index") as idx, pytest.raises(BriefingError) as caught:
        idx.update()
    message = str(caught.value)
    assert "\n" not in message and "corpus" in message and "Permission denied" in message

    monkeypatch.setattr(os, "scandir", real_scandir)
    with SearchIndex(corpus, tmp_path / "index") as idx:
        assert idx.doc_count() == 5
        assert idx.update().touched == 0
        assert idx.search("wombat").total == 5
