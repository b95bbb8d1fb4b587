"""Readers see a consistent index while another process writes or optimises it: never an article twice,
totals that match the hits, and what the writer committed once the reader looks again."""

from __future__ import annotations

import subprocess
import sys

from briefing.corpus import Article, write_article
from briefing.search import SearchIndex

WRITER = """
import sys
from pathlib import Path
from briefing.corpus import Article, write_article
from briefing.search import SearchIndex
corpus, index_dir, start, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for i in range(start, start + count):
    write_article(corpus, Article(id=f"b-{i}", title=f"Wombat {i}", body=f"Later wombat report {i}."))
with SearchIndex(corpus, index_dir) as idx:
    idx.update()  # more than 1,000 changes: committed with a merge and an optimise
"""


def test_a_long_lived_reader_never_sees_an_article_twice(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(300):
        write_article(corpus, Article(id=f"a-{i}", title=f"Wombat {i}", body=f"Early wombat report {i}."))
    index_dir = tmp_path / "index"
    reader = SearchIndex(corpus, index_dir)
    reader.update()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(corpus), str(index_dir), "0", "1100"])
    seen_totals = []
    try:
        while writer.poll() is None:
            result = reader.search("wombat", limit=5000)
            found = [h.id for h in result.hits]
            assert len(found) == len(set(found)), "an article shown twice"
            assert result.total == len(found)
            assert result.total in (300, 1400)  # one committed state or the other, nothing in between
            seen_totals.append(result.total)
            typed = reader.search("wom", limit=50, as_you_type=True)
            assert len({h.id for h in typed.hits}) == len(typed.hits)
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0
    final = reader.search("wombat", limit=5000)
    assert final.total == len({h.id for h in final.hits}) == 1400
    assert reader.doc_count() == 1400
    # the reader's own update after the other process's: nothing is indexed twice
    assert reader.update().touched == 0
    assert reader.search("wombat", limit=5000).total == 1400
    reader.close()


REBUILDER = """
import sys
from pathlib import Path
from briefing.search import SearchIndex
corpus, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
for _ in range(4):
    with SearchIndex(corpus, index_dir) as idx:
        idx.rebuild()
"""


def test_an_update_racing_a_rebuild_in_another_process(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(150):
        write_article(corpus, Article(id=f"a-{i}", title=f"Quokka {i}", body=f"Quokka report {i}."))
    index_dir = tmp_path / "index"
    with SearchIndex(corpus, index_dir) as idx:
        idx.update()
    rebuilder = subprocess.Popen(
        [sys.executable, "-c", REBUILDER, str(corpus), str(index_dir)], stderr=subprocess.PIPE, text=True
    )
    messages: list[str] = []
    edits = 0
    with SearchIndex(corpus, index_dir) as idx:
        idx.on_message = messages.append
        while rebuilder.poll() is None or edits < 3:
            write_article(corpus, Article(id=f"new-{edits}", title="Numbat", body=f"Numbat {edits}."))
            idx.update()
            edits += 1
            found = [h.id for h in idx.search("numbat", limit=500).hits]
            assert len(found) == len(set(found)) == edits
    _, err = rebuilder.communicate(timeout=300)
    assert rebuilder.returncode == 0, err
    assert len([m for m in messages if "rebuilding" in m]) <= 1, messages
    with SearchIndex(corpus, index_dir) as idx:
        assert idx.update().touched == 0
        assert idx.doc_count() == 150 + edits
        assert idx.search("numbat", limit=500).total == edits
