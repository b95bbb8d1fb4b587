"""The corpus watcher: which articles changed on disk, from the system's file events (no folder listing)."""

from __future__ import annotations

import threading
from pathlib import Path

from briefing.corpus_watch import CorpusChange, CorpusWatcher, article_id_of
from briefing.fsio import atomic_write_text


def test_a_file_name_gives_its_article_id_or_none():
    assert article_id_of("grain-report.md") == "grain-report"
    assert article_id_of("grain-report.notes.yaml") == "grain-report"
    assert article_id_of("grain-report.dates.yaml") == "grain-report"
    for other in (".grain-report.md.1a2b3c4d.tmp", ".hidden.md", "readme.txt", ".md", "feeds.yaml", "x.notes.yml"):
        assert article_id_of(other) is None, other


class Changes:
    """What the watcher reported, waited for from the test's thread."""

    def __init__(self) -> None:
        self.seen: list[CorpusChange] = []
        self.arrived = threading.Condition()

    def __call__(self, change: CorpusChange) -> None:
        with self.arrived:
            self.seen.append(change)
            self.arrived.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0) -> tuple[set[str], set[str]]:
        with self.arrived:
            self.arrived.wait_for(lambda: predicate(*self.union()), timeout)
            return self.union()

    def union(self) -> tuple[set[str], set[str]]:
        ids = set().union(*(c.ids for c in self.seen))
        texts = set().union(*(c.texts for c in self.seen))
        return ids, texts


def test_creations_edits_renames_and_deletions_are_reported_by_article(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.md").write_text("---\nid: old\ntitle: Old\n---\n\nOld text.\n", encoding="utf-8")
    (corpus / "gone.md").write_text("---\nid: gone\ntitle: Gone\n---\n\nGone soon.\n", encoding="utf-8")
    changes = Changes()
    watcher = CorpusWatcher(corpus, changes, settle=0.05)
    assert watcher.start() is None
    try:
        atomic_write_text(corpus / "new.md", "---\nid: new\ntitle: New\n---\n\nNew text.\n")  # temp file + rename
        with (corpus / "old.md").open("a", encoding="utf-8") as handle:  # an editor saving in place
            handle.write("More.\n")
        atomic_write_text(corpus / "noted.notes.yaml", "notes: []\n")
        (corpus / "gone.md").unlink()
        (corpus / "readme.txt").write_text("not an article", encoding="utf-8")
        ids, texts = changes.wait_for(lambda ids, texts: {"new", "old", "noted", "gone"} <= ids)
    finally:
        watcher.stop()
    assert ids == {"new", "old", "noted", "gone"}  # no id for the readme, nor for the temporary file
    assert texts == {"new", "old", "gone"}  # a notes file is not the article's text


def test_a_burst_of_changes_comes_as_few_reports_and_stop_ends_the_thread(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    changes = Changes()
    watcher = CorpusWatcher(corpus, changes, settle=0.3)
    assert watcher.start() is None
    try:
        for i in range(50):
            (corpus / f"a{i}.md").write_text(f"article {i}\n", encoding="utf-8")
        ids, _ = changes.wait_for(lambda ids, texts: len(ids) == 50)
    finally:
        watcher.stop()
    assert ids == {f"a{i}" for i in range(50)}
    assert len(changes.seen) <= 3  # gathered while the folder was busy, not one report per file
    assert not any(t.name == "briefing-corpus-watch" for t in threading.enumerate())


def test_a_folder_that_cannot_be_watched_says_why_in_one_line(tmp_path: Path):
    watcher = CorpusWatcher(tmp_path / "no-such-corpus", lambda change: None)
    problem = watcher.start()
    assert problem is not None and "\n" not in problem
    assert "no-such-corpus" in problem
    watcher.stop()  # harmless after a failed start


def test_a_failing_handler_does_not_stop_the_watching(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    changes = Changes()
    calls = 0

    def flaky(change: CorpusChange) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("the first report fails")
        changes(change)

    watcher = CorpusWatcher(corpus, flaky, settle=0.05)
    assert watcher.start() is None
    try:
        (corpus / "first.md").write_text("one\n", encoding="utf-8")
        import time

        deadline = time.monotonic() + 10
        while calls == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        (corpus / "second.md").write_text("two\n", encoding="utf-8")
        ids, _ = changes.wait_for(lambda ids, texts: "second" in ids)
    finally:
        watcher.stop()
    assert "second" in ids
