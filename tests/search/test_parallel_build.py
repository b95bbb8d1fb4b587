"""A first build makes its documents in worker processes: the index it builds is the one a serial build
makes (same documents, same manifest, same results with the same scores), progress is reported while it
runs, memory is bounded by construction (a few chunks in flight), and workers that cannot start or that die
leave the build to finish in this process."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from briefing.corpus import Article, write_article
from briefing.notes import add_note
from briefing.search import SearchIndex, sync
from briefing.search import produce as produce_module
from briefing.search import searcher as searcher_module

SAMPLE = Path(__file__).parents[1] / "data" / "reuters_sample.jsonl.gz"
QUERIES = ["oil", "oil prices", '"interest rates"', "expo*", "dolar~", "title:bank", "event:1987-03", ""]


@pytest.fixture(scope="module")
def reuters(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("parallel") / "corpus"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= 420:
                break
            record = json.loads(line)
            date = f"1987-{1 + n % 12:02d}-{1 + n % 28:02d}" if n % 5 else None
            write_article(corpus, Article(id=record["id"], title=record["title"], body=record["body"], published=date))
    (corpus / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    add_note(corpus, "reuters-00010", "a wombat seen in the cocoa zone")
    return corpus


def build(corpus: Path, index_dir: Path, workers: int, prepare: bool = True) -> tuple[SearchIndex, object]:
    index = SearchIndex(corpus, index_dir)
    index.workers = workers
    index.prepare = prepare
    return index, index.update()


def results(index: SearchIndex) -> dict[str, list[tuple[str, float]]]:
    return {q: [(h.id, round(h.score, 9)) for h in index.search(q, limit=500).hits] for q in QUERIES}


def test_parallel_and_serial_builds_give_the_same_index(reuters, tmp_path, monkeypatch):
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (40, 100))  # several segments: none is ever merged
    serial, serial_report = build(reuters, tmp_path / "serial", workers=1)
    parallel, parallel_report = build(reuters, tmp_path / "parallel", workers=2)
    assert serial_report.added == parallel_report.added == 420
    assert serial_report.errors == parallel_report.errors and "broken.md" in parallel_report.errors[0]
    assert results(serial) == results(parallel)
    assert results(parallel)["oil"]  # the comparison is not between two empty lists
    assert sync.read_manifest(tmp_path / "serial", serial.engine.version) == sync.read_manifest(
        tmp_path / "parallel", parallel.engine.version
    )
    assert serial.engine.every_id() == parallel.engine.every_id()  # same documents in the same order
    assert parallel.search("wombat").total == 1  # notes read by the workers too
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (10_000, 10_000))
    monkeypatch.setattr(searcher_module, "BATCH_SECONDS", 1e9)
    whole, _ = build(reuters, tmp_path / "whole", workers=2)  # one segment: the same index all the same
    assert results(whole) == results(parallel)
    # the engine's own analysis of each document, not the workers': the same index again
    plain, _ = build(reuters, tmp_path / "plain", workers=1, prepare=False)
    assert results(plain) == results(parallel)
    assert plain.engine.every_id() == parallel.engine.every_id()
    for index in (serial, parallel, whole, plain):
        index.close()


def test_a_rebuild_makes_the_same_index_as_a_first_build(reuters, tmp_path, monkeypatch):
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (40, 100))
    first, _ = build(reuters, tmp_path / "index", workers=2)
    before = results(first)
    report = first.rebuild()
    assert report.added == 420 and results(first) == before
    first.close()


def test_a_parallel_build_reports_progress_as_it_goes(reuters, tmp_path):
    seen: list[tuple[int, int]] = []
    index = SearchIndex(reuters, tmp_path / "index")
    index.workers = 2
    index.update(progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3 and seen[-1] == (421, 421)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    index.close()


def test_memory_is_bounded_by_the_chunks_in_flight(reuters, monkeypatch):
    """The workers run at most AHEAD chunks ahead of the consumer, however slow it is."""
    submitted: list[int] = []
    real = produce_module.ProcessPoolExecutor

    class Counting(real):  # type: ignore[misc, valid-type]
        def submit(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            if args:  # not the warm-up that starts the workers
                submitted.append(len(args[1]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(produce_module, "ProcessPoolExecutor", Counting)
    items = [(p.name, None, None) for p in sorted(reuters.glob("*.md"))]
    consumed = 0
    for _ in produce_module.produce(reuters, items, workers=2):
        consumed += 1
        # the chunk being consumed, and AHEAD per worker in flight
        assert sum(submitted) - consumed <= (2 * produce_module.AHEAD + 1) * produce_module.CHUNK
    assert consumed == len(items) and sum(submitted) == len(items)


def test_workers_that_cannot_start_leave_the_build_to_this_process(reuters, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(produce_module, "ProcessPoolExecutor", refuse)
    index, report = build(reuters, tmp_path / "index", workers=2)
    assert report.added == 420 and index.search("oil").total > 0
    index.close()


_MAKE_CHUNK = produce_module.make_chunk


def die_on_a_chunk(corpus: str, items, prepare=None):  # type: ignore[no-untyped-def]
    if items[0][0] > "reuters-02500":
        os._exit(3)  # a worker killed half-way (out of memory, say)
    return _MAKE_CHUNK(corpus, items, prepare)


def test_a_worker_that_dies_leaves_the_rest_to_this_process(reuters, tmp_path, monkeypatch):
    monkeypatch.setattr(produce_module, "make_chunk", die_on_a_chunk)
    serial, _ = build(reuters, tmp_path / "serial", workers=1)
    index, report = build(reuters, tmp_path / "index", workers=2)
    assert report.added == 420
    assert results(index) == results(serial)
    index.close()
    serial.close()


def test_tantivy_builds_the_same_index_in_parallel_as_serially(reuters, tmp_path, monkeypatch):
    pytest.importorskip("tantivy")
    monkeypatch.setattr(searcher_module, "SEGMENT_DOCS", (40, 100))
    built = []
    for workers in (1, 2):
        index = SearchIndex(reuters, tmp_path / f"tantivy-{workers}", engine="tantivy")
        index.workers = workers
        assert index.update().added == 420
        built.append(index)
    serial, parallel = built
    assert {q: sorted(r) for q, r in results(serial).items()} == {q: sorted(r) for q, r in results(parallel).items()}
    assert results(parallel)["oil"]
    for index in built:
        index.close()


def test_tantivy_parallel_build_with_the_workers_analysis_gives_the_same_index(reuters, tmp_path):
    """tantivy's `preparer` (its analysis, made in the worker processes) changes nothing of what is found."""
    pytest.importorskip("tantivy")
    built = {}
    for name, workers, prepare in (("serial", 1, False), ("parallel", 2, True)):
        index = SearchIndex(reuters, tmp_path / name, engine="tantivy")
        index.workers, index.prepare = workers, prepare
        assert index.update().added == 420
        built[name] = {q: sorted(h.id for h in index.search(q, limit=500).hits) for q in QUERIES}
        assert index.search("wombat").total == 1  # notes read by the workers too
        index.close()
    assert built["serial"] == built["parallel"]
