"""What the manifest and the corpus listing cost at 100,000 and a million articles, before and now, one table.

Synthetic manifests (no corpus, no index) of N articles, written under a temporary folder in /tmp and removed:
the base's size, its whole write (a fold, a build's end), its read in a new process (the earlier JSON layout
beside the columns), a journal append in a running app, the change detection of a whole update (every entry
against a listing, all unchanged but one), a first build's manifest writes (a whole base per commit before,
a journal line per segment now), and, end to end in a new process, finding and recording one changed article
(`update(only=...)`: the base, that article's files, a journal line; the engine's re-index of one article is
measured by search_bench.py). The listing of a corpus folder (`os.scandir` and a `stat` per file) is measured
on real files, at most --listing-files of them (default 100,000), and scaled linearly beyond.

Usage: python bench/manifest_bench.py [--entries 100000 1000000] [--listing-files 100000]
(also run by `bench/search_bench.py --manifest-entries ...`).
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.corpus_scan import CorpusScan, scan_corpus
from briefing.fsio import atomic_write_text
from briefing.search import sync
from briefing.search.searcher import SEGMENT_DOCS

VERSION = 1
T0 = 1_700_000_000_000_000_000  # nanoseconds, as the manifest keeps them
ONE = "article-0000007"

NEW_PROCESS = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from briefing.search import sync
imported = time.perf_counter()
def resident():  # MB now (ru_maxrss would count the parent's pages from before the exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
before = resident()
index_dir, corpus, version, mode = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
loaded = sync.load_manifest(index_dir, version)
read = time.perf_counter()
if mode == "update-one":
    todo = sync.plan(corpus, loaded.files, {sys.argv[5]})
    assert len(todo.changes) == 1, todo
    change = todo.changes[0]
    sync.append_changes(index_dir, loaded, {change.id: change.state.entry(change.path.name)}, engine="bench")
done = time.perf_counter()
print(read - imported, done - imported, done - started, resident() - before)
"""


def _entries(count: int) -> dict[str, list]:
    return {
        f"article-{i:07d}": [f"article-{i:07d}.md", T0 + i, 2000 + i % 5000, f"{i:064x}", None, None]
        for i in range(count)
    }


def _in_new_process(index_dir: Path, corpus: Path, mode: str) -> tuple[float, float, float, float]:
    """(base read, the whole job, the whole job with Python's start and the imports, MB of memory the manifest
    holds) in a new process, best of 3."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", NEW_PROCESS, str(index_dir), str(corpus), str(VERSION), mode, ONE],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        runs.append(tuple(float(x) for x in out))
    return min(runs)  # type: ignore[return-value]


def manifest_costs(entries: int, work: Path) -> dict[str, float]:
    folder = work / f"manifest-{entries}"
    index_dir, corpus = folder / "index", folder / "corpus"
    index_dir.mkdir(parents=True)
    corpus.mkdir()
    files = _entries(entries)
    row: dict[str, float] = {"entries": entries}

    # before: the JSON base every new process parsed whole
    legacy = index_dir / sync.LEGACY_MANIFEST
    start = time.perf_counter()
    atomic_write_text(legacy, json.dumps({"version": VERSION, "journal": "old", "files": files}, separators=(",", ":")))
    row["json_write_s"] = time.perf_counter() - start
    row["json_mb"] = legacy.stat().st_size / 1e6
    row["json_read_s"], _, _, row["json_mem_mb"] = _in_new_process(index_dir, corpus, "read")

    # now: the base of columns
    start = time.perf_counter()
    sync.write_manifest(index_dir, files, VERSION, engine="bench")
    row["write_s"] = time.perf_counter() - start
    row["size_mb"] = (index_dir / sync.MANIFEST).stat().st_size / 1e6
    assert not legacy.exists()
    row["read_s"], _, _, row["mem_mb"] = _in_new_process(index_dir, corpus, "read")

    # a running app: its copy kept, one journal line per update
    loaded = sync.load_manifest(index_dir, VERSION)
    times = []
    for round_ in range(20):
        entry = [f"{ONE}.md", T0 + 10**9 + round_, 4000 + round_, "e" * 64, None, None]
        start = time.perf_counter()
        loaded = sync.load_manifest(index_dir, VERSION, loaded)
        loaded = sync.append_changes(index_dir, loaded, {ONE: entry}, engine="bench")
        times.append(time.perf_counter() - start)
    row["append_ms"] = statistics.median(times) * 1000
    start = time.perf_counter()
    sync.write_manifest(index_dir, loaded.files, VERSION, engine="bench")  # a fold: the journal into a new base
    row["fold_s"] = time.perf_counter() - start

    # change detection of a whole update: every entry against a listing, one article changed
    (corpus / f"{ONE}.md").write_text("changed\n")
    st = (corpus / f"{ONE}.md").stat()
    listing = CorpusScan({k: (e[0], e[1], e[2]) for k, e in files.items()}, {})
    listing.articles[ONE] = (f"{ONE}.md", st.st_mtime_ns, st.st_size)
    del files
    gc.collect()
    loaded = sync.load_manifest(index_dir, VERSION)
    start = time.perf_counter()
    todo = sync.plan(corpus, loaded.files, found=listing)
    row["plan_s"] = time.perf_counter() - start
    assert [c.id for c in todo.changes] == [ONE], todo.changes
    del listing, loaded, todo
    gc.collect()

    # end to end, a new process: one changed article found (its files only) and recorded
    row["one_read_s"], row["one_s"], row["one_process_s"], _ = _in_new_process(index_dir, corpus, "update-one")

    row.update(_build_costs(entries, folder / "build", row["json_write_s"]))
    shutil.rmtree(folder, ignore_errors=True)
    return row


def _build_costs(entries: int, index_dir: Path, whole_write_s: float) -> dict[str, float]:
    """A first build's manifest writes: now measured (an empty base, a journal line per segment, the whole base
    at the end); before, a whole JSON base per commit, estimated from the whole JSON write's time (linear)."""
    index_dir.mkdir()
    first, most = SEGMENT_DOCS
    sizes, done, count = [], 0, 0
    while done < entries:
        size = min(most, first * 2 ** (count // 2), entries - done)
        sizes.append(size)
        done += size
        count += 1
    files = sync.BuildFiles()
    source = iter(_entries(entries).items())
    start = time.perf_counter()
    files.start(index_dir, VERSION, engine="bench", building=entries)
    spent = time.perf_counter() - start
    for size in sizes:
        for _ in range(size):
            key, entry = next(source)
            files[key] = entry
        begun = time.perf_counter()
        files.commit(index_dir, engine="bench", building=entries)
        spent += time.perf_counter() - begun
    begun = time.perf_counter()
    sync.write_manifest(index_dir, files, VERSION, engine="bench")
    spent += time.perf_counter() - begun
    assert len(sync.read_manifest(index_dir, VERSION)) == entries
    committed = 0
    before = 0.0
    for size in sizes:
        committed += size
        before += whole_write_s * committed / entries
    return {"commits": len(sizes), "build_now_s": spent, "build_before_s": before}


def listing_costs(files: int, work: Path) -> float:
    """Seconds to list a folder of `files` articles (and a notes file for one in fifty), best of 3."""
    corpus = work / f"listing-{files}"
    corpus.mkdir()
    for i in range(files):
        (corpus / f"article-{i:07d}.md").write_bytes(b"x" * 100)
        if i % 50 == 0:
            (corpus / f"article-{i:07d}.notes.yaml").write_bytes(b"notes: []\n")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        scan_corpus(corpus)
        times.append(time.perf_counter() - start)
    shutil.rmtree(corpus, ignore_errors=True)
    return min(times)


def print_manifest_costs(entries: list[int], listing_files: int = 100_000) -> None:
    work = Path(tempfile.mkdtemp(prefix="briefing-manifest-bench-"))
    try:
        rows = []
        for count in entries:
            print(f"== synthetic manifest of {count} articles", flush=True)
            rows.append(manifest_costs(count, work))
        measured = min(listing_files, max(entries))
        print(f"== listing a folder of {measured} articles", flush=True)
        per_file = listing_costs(measured, work) / measured
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for row in rows:
        row["listing_s"] = per_file * row["entries"]
        row["listing_scaled"] = float(row["entries"] > measured)
    header = f"{'manifest and listing':58}" + "".join(f"{int(r['entries']):>12}" for r in rows)
    print("\n" + header)
    lines = [
        ("base size MB: JSON (before)", "json_mb", ".1f"),
        ("base size MB: columns (now)", "size_mb", ".1f"),
        ("base read, new process s: JSON (before)", "json_read_s", ".2f"),
        ("base read, new process s: columns (now)", "read_s", ".3f"),
        ("memory the manifest holds MB: JSON (before)", "json_mem_mb", ".0f"),
        ("memory the manifest holds MB: columns (now)", "mem_mb", ".0f"),
        ("journal append, running app ms", "append_ms", ".1f"),
        ("whole base write s: JSON (before)", "json_write_s", ".2f"),
        ("whole base write s: columns (now: a fold, a build's end)", "write_s", ".2f"),
        ("fold s (journal into a new base)", "fold_s", ".2f"),
        ("first build, manifest s: a base per commit (before, est.)", "build_before_s", ".0f"),
        ("first build, manifest s: a line per segment (now)", "build_now_s", ".1f"),
        ("first build, commits", "commits", ".0f"),
        ("whole update, change detection s (listing apart)", "plan_s", ".2f"),
        ("listing the folder s (scandir + stat; * = scaled)", "listing_s", ".2f"),
        ("one changed article, new process: base read s", "one_read_s", ".3f"),
        ("one changed article, new process: found + recorded s", "one_s", ".3f"),
        ("  ... with Python's start and imports s", "one_process_s", ".3f"),
    ]
    for label, key, fmt in lines:
        cells = []
        for r in rows:
            mark = "*" if key == "listing_s" and r["listing_scaled"] else " "
            cells.append(f"{r[key]:>11{fmt}}{mark}")
        print(f"{label:58}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--listing-files", type=int, default=100_000)
    args = parser.parse_args()
    print_manifest_costs(args.entries, args.listing_files)


if __name__ == "__main__":
    main()
