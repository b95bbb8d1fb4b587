"""Search speed and ranking quality, engine beside engine.

Builds corpora of 1,000, 10,000 and 100,000 articles from Reuters-21578 with `briefing add` (the collection
is repeated with new ids past its 19,043 articles; a repeat gets a one-line marker paragraph so the duplicate
check lets it in), indexes them with each engine and prints, per size and engine: index build rate and size
(with the CPU time of the writing process and of the worker processes that make the documents), cold start
(open + first query in a new process), p50/p95 latency per query kind with top-10 snippets, the time to
re-index after one article changes, and what the corpus scan and the manifest cost (listing the folder,
reading the manifest, an update that finds nothing to do). Then nDCG@10 and MAP on the Cranfield collection.

Usage: python bench/search_bench.py [--sizes 1000 10000 100000] [--engines whoosh tantivy] [--million]
       [--skip-cranfield] [--reuse-index] [--manifest-entries 100000 1000000]
--engines defaults to every engine installed; --million adds a 1,000,000-article corpus, indexed by tantivy
only (a Whoosh build of a million articles takes hours). Corpora are cached in bench/.work/ (delete it to
start over). --manifest-entries measures the manifest and the corpus listing alone on synthetic manifests of
that many articles (bench/manifest_bench.py: the base's read in a new process before and now, a journal
append, a fold, a first build's manifest writes, the change detection, the listing, one changed article found
and recorded by a new process). With only that option, nothing else is run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefing.corpus import article_paths
from briefing.search import SearchIndex, sync
from briefing.search.api import ENGINES, IndexUnavailable, make_engine

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", HERE.parents[1] / "shared" / "data"))
REUTERS = DATA / "reuters21578" / "articles.jsonl"
CRANFIELD = DATA / "cranfield"

QUERIES = {
    "one word": ["oil", "coffee", "dollar", "wheat", "profit", "tonnes", "bank", "gold", "strike", "japan"],
    "two words": [
        "oil prices",
        "interest rates",
        "trade deficit",
        "coffee quota",
        "bank loans",
        "crude output",
        "grain exports",
        "stock split",
        "currency markets",
        "net loss",
    ],
    "phrase": [
        '"interest rates"',
        '"crude oil"',
        '"trade deficit"',
        '"net loss"',
        '"central bank"',
        '"money supply"',
        '"stock split"',
        '"oil prices"',
        '"world bank"',
        '"federal reserve"',
    ],
    "prefix (4 letters)": ["petr*", "expo*", "inte*", "cred*", "mark*", "subs*", "gove*", "fina*", "barr*", "divi*"],
    "fuzzy": [
        "ecnomy~",
        "dolar~",
        "petrol~",
        "goverment~",
        "tarif~",
        "compny~",
        "ministr~",
        "baankers~",
        "expors~",
        "quotta~",
    ],
    "field + date range": [
        "title:oil published:[1987-03 to 1987-04]",
        "title:bank published:>1987-06",
        "source:reuters published:1987-03",
        "title:coffee published:[1987 to 1988]",
        "title:profit published:<1987-04",
        "title:gold published:1987-04",
        "title:trade published:[1987-02 to 1987-03]",
        "title:wheat published:>=1987-05",
        "title:dollar published:1987-03",
        "title:japan published:[1987-01 to 1987-12]",
    ],
}
TYPED = [
    "oil prices opec",
    "interest rates",
    "coffee quota talks",
    "trade deficit japan",
    "bank of england",
    "grain exports soviet",
]


# ---------------------------------------------------------------------------------------------- corpora
def build_source(count: int, target: Path) -> None:
    records = [json.loads(line) for line in REUTERS.open(encoding="utf-8") if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for i in range(count):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            if copy:
                record["id"] = f"{record['id']}-r{copy + 1}"
                record["body"] = record["body"] + f"\n\n[Repeat {copy + 1} of the Reuters collection.]"
            out.write(json.dumps(record) + "\n")


def corpus_of(size: int) -> Path:
    folder = WORK / f"reuters-{size}"
    corpus = folder / "corpus"
    if corpus.exists() and len(article_paths(corpus)) >= size * 0.97:
        return corpus
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = folder / "articles.jsonl"
    build_source(size, source)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefing", "add", "--quiet", "--corpus", str(corpus), str(source)], check=True
    )
    print(f"  built corpus of {len(article_paths(corpus))} articles in {time.perf_counter() - started:.0f} s")
    return corpus


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------- timing
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_queries(index: SearchIndex, queries: list[str], *, as_you_type: bool = False, rounds: int = 3) -> list[float]:
    times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            index.search(query, limit=10, as_you_type=as_you_type)
            times.append((time.perf_counter() - start) * 1000)
    return times


def keystrokes() -> list[str]:
    typed = []
    for query in TYPED:
        for end in range(1, len(query) + 1):
            if query[end - 1] != " ":
                typed.append(query[:end])
    return typed


COLD = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from briefing.search import SearchIndex
index = SearchIndex(Path(sys.argv[1]), Path(sys.argv[2]), engine=sys.argv[3])
index.open(build=False)
result = index.search("oil prices", limit=10)
t1 = time.perf_counter()
print((t1 - t0) * 1000, len(result.hits))
"""

REINDEX_NEW = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from briefing.search import SearchIndex
with SearchIndex(Path(sys.argv[1]), Path(sys.argv[2]), engine=sys.argv[3]) as index:
    report = index.update(only=[sys.argv[4]])
print((time.perf_counter() - t0) * 1000, report.changed)
"""


def reindex_in_new_process(corpus: Path, index_dir: Path, engine: str, article_id: str) -> float:
    """What `briefing` run after a note is saved pays: a new process re-indexes one named article (median of 3)."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", REINDEX_NEW, str(corpus), str(index_dir), engine, article_id],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert out[1] == "1", out
        runs.append(float(out[0]))
    return statistics.median(runs)


def cold_start(corpus: Path, index_dir: Path, engine: str) -> float:
    """Median of five new processes, after one untimed run: as on a user's machine, Python may cache the
    compiled modules (a shell with PYTHONDONTWRITEBYTECODE would otherwise recompile briefing every time)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for attempt in range(6):
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(corpus), str(index_dir), engine],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        if attempt:
            runs.append(float(out.stdout.split()[0]))
    return statistics.median(runs)


def index_dir_of(corpus: Path, engine: str) -> Path:
    # Whoosh's keeps the name it always had (bench/app_bench.py opens it)
    return corpus.parent / ("index" if engine == "whoosh" else f"index-{engine}")


def cpu_seconds() -> tuple[float, float]:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def scan_costs(corpus: Path, index: SearchIndex) -> dict[str, float]:
    """What finding out that nothing changed costs: the folder listing, the manifest, a whole no-op update."""
    start = time.perf_counter()
    sync.scan(corpus)
    scan_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    sync.read_manifest(index.index_dir, index.engine.version)
    manifest_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    report = index.update()
    noop_ms = (time.perf_counter() - start) * 1000
    assert report.touched == 0, report
    base = index.index_dir / sync.MANIFEST
    manifest_mb = (base if base.exists() else index.index_dir / sync.LEGACY_MANIFEST).stat().st_size / 1e6
    return {"scan_ms": scan_ms, "manifest_ms": manifest_ms, "noop_update_ms": noop_ms, "manifest_mb": manifest_mb}


def bench_size(size: int, engine: str, reuse_index: bool = False) -> dict[str, object]:
    print(f"\n== {size} articles, {engine}", flush=True)
    corpus = corpus_of(size)
    index_dir = index_dir_of(corpus, engine)
    index = SearchIndex(corpus, index_dir, engine=engine)
    count = len(article_paths(corpus))
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    report = index.update() if reuse_index else index.rebuild()
    build_seconds = time.perf_counter() - start
    cpu_after = cpu_seconds()
    built = not reuse_index or report.rebuilt_because is not None
    row: dict[str, object] = {
        "articles": count,
        "build_rate": count / build_seconds if built else float("nan"),
        "build_cpu": (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]) if built else None,
        "index_mb": folder_size(index_dir) / 1e6,
    }
    row.update(scan_costs(corpus, index))
    index.close()
    row["cold_ms"] = cold_start(corpus, index_dir, engine)
    index = SearchIndex(corpus, index_dir, engine=engine)
    index.open(build=False)
    index.search("warm up", limit=10)
    for kind, queries in QUERIES.items():
        times = time_queries(index, queries)
        row[kind] = (percentile(times, 0.5), percentile(times, 0.95))
    times = time_queries(index, keystrokes(), as_you_type=True, rounds=2)
    row["keystroke (as you type)"] = (percentile(times, 0.5), percentile(times, 0.95))
    # re-index after one article changes
    victim = article_paths(corpus)[count // 2]
    original = victim.read_text(encoding="utf-8")
    victim.write_text(original + "\nEdited for the benchmark.\n", encoding="utf-8")
    start = time.perf_counter()
    report = index.update()
    row["reindex_one_ms"] = (time.perf_counter() - start) * 1000
    assert report.changed == 1, report
    # the same, named (a note saved, `briefing` told which article): its files only, no listing of the folder
    victim.write_text(original + "\nEdited again for the benchmark.\n", encoding="utf-8")
    start = time.perf_counter()
    report = index.update(only=[victim.name[: -len(".md")]])
    row["reindex_named_ms"] = (time.perf_counter() - start) * 1000
    assert report.changed == 1, report
    victim.write_text(original, encoding="utf-8")
    index.update()
    row["reindex_watched_ms"] = watched_reindex(index, corpus, victim, original)
    for message in index.messages:
        print(f"  note: {message}")
    index.close()
    row["reindex_named_new_ms"] = reindex_in_new_process(corpus, index_dir, engine, victim.name[: -len(".md")])
    print(f"  built at {row['build_rate']:.0f} articles/s", flush=True)
    return row


def watched_reindex(index: SearchIndex, corpus: Path, victim: Path, original: str) -> float:
    """The running app's way: from an article's file written to its new text searchable, the corpus watcher
    telling which article changed (no listing of the folder), its settle time included. Median of three."""
    from briefing.corpus_watch import CorpusWatcher

    done = threading.Event()
    reports = []

    def on_change(change) -> None:
        reports.append(index.update(only=sorted(change.ids)))
        done.set()

    watcher = CorpusWatcher(corpus, on_change)
    problem = watcher.start()
    if problem:
        print(f"  note: {problem}")
        return float("nan")
    times = []
    try:
        for attempt in range(3):
            done.clear()
            start = time.perf_counter()
            victim.write_text(original + f"\nWatched edit {attempt}.\n", encoding="utf-8")
            if not done.wait(30):
                break
            times.append((time.perf_counter() - start) * 1000)
            assert reports[-1].changed == 1, reports[-1]
    finally:
        watcher.stop()
        victim.write_text(original, encoding="utf-8")
        index.update(only=[victim.stem])
    return statistics.median(times) if times else float("nan")


# ---------------------------------------------------------------------------------------------- ranking
def cranfield(engine: str) -> tuple[float, float]:
    folder = WORK / "cranfield"
    corpus = folder / "corpus"
    if not corpus.exists() or len(article_paths(corpus)) < 1390:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        source = folder / "docs.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for line in (CRANFIELD / "docs.jsonl").open(encoding="utf-8"):
                doc = json.loads(line)
                out.write(
                    json.dumps(
                        {
                            "id": f"cran-{doc['id']}",
                            "title": doc["title"],
                            "body": doc["body"],
                            "author": doc.get("author", ""),
                        }
                    )
                    + "\n"
                )
        subprocess.run(
            [sys.executable, "-m", "briefing", "add", "--quiet", "--corpus", str(corpus), str(source)], check=True
        )
    index = SearchIndex(corpus, index_dir_of(corpus, engine), engine=engine)
    index.update()
    qrels: dict[str, dict[str, int]] = {}
    for line in (CRANFIELD / "qrels.tsv").read_text().splitlines()[1:]:
        qid, did, grade = line.split("\t")
        qrels.setdefault(qid, {})[f"cran-{did}"] = int(grade)
    ndcgs, aps = [], []
    for line in (CRANFIELD / "queries.jsonl").open(encoding="utf-8"):
        query = json.loads(line)
        judged = qrels.get(query["id"])
        if not judged:
            continue
        hits = [h.id for h in index.search(query["text"], limit=100, match="any", snippets=False).hits]
        gains = [judged.get(h, 0) for h in hits[:10]]
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sorted(judged.values(), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcgs.append(dcg / idcg if idcg else 0.0)
        found, precisions = 0, []
        for rank, hit in enumerate(hits, start=1):
            if judged.get(hit, 0) > 0:
                found += 1
                precisions.append(found / rank)
        relevant = sum(1 for g in judged.values() if g > 0)
        aps.append(sum(precisions) / relevant if relevant else 0.0)
    index.close()
    return statistics.mean(ndcgs), statistics.mean(aps)


def installed_engines() -> list[str]:
    found = []
    for name in ENGINES:
        try:
            make_engine(name)
        except (IndexUnavailable, ImportError):
            continue
        found.append(name)
    return found


def cell(row: dict[str, object] | None, key: str, fmt: str) -> str:
    if row is None:
        return f"{'not run':>18}"
    value = row[key]
    if isinstance(value, tuple):
        return f"{value[0]:>8.1f} /{value[1]:>7.1f}"
    return f"{value:>18{fmt}}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="default: 1000 10000 100000")
    parser.add_argument("--engines", "--engine", nargs="+", default=None, help="default: every engine installed")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 articles, with tantivy only")
    parser.add_argument("--skip-cranfield", action="store_true")
    parser.add_argument(
        "--reuse-index", action="store_true", help="keep an up-to-date index instead of rebuilding it (no build rate)"
    )
    parser.add_argument("--manifest-entries", type=int, nargs="+", default=[], help="synthetic manifest sizes")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.manifest_entries:
        from manifest_bench import print_manifest_costs

        print_manifest_costs(args.manifest_entries)
        if args.sizes is None and not args.million:
            return  # only the manifest was asked for
    available = installed_engines()
    engines = args.engines or available
    for name in engines:
        if name not in available:
            sys.exit(f"search engine {name!r} is not installed (installed: {', '.join(available)})")
    sizes = list(args.sizes or [1000, 10_000, 100_000]) + ([1_000_000] if args.million else [])
    if args.million and "tantivy" not in engines:
        sys.exit("--million runs with tantivy: install it (pip install 'briefing[tantivy]') and pass it in --engines")
    rows: dict[tuple[int, str], dict[str, object] | None] = {}
    for size in sizes:
        for engine in engines:
            if size >= 1_000_000 and engine == "whoosh":
                rows[(size, engine)] = None  # hours: not measured
                continue
            rows[(size, engine)] = bench_size(size, engine, args.reuse_index)

    kinds = [*QUERIES, "keystroke (as you type)"]
    print("\n" + f"{'measure':32}" + "".join(f"{f'{size} {engine}':>18}" for size, engine in rows))
    lines = [
        ("articles indexed", "articles", "d"),
        ("index build (articles/s)", "build_rate", ".0f"),
        ("index size (MB)", "index_mb", ".1f"),
        ("cold start: open + 1st query ms", "cold_ms", ".0f"),
    ]
    for label, key, fmt in lines:
        print(f"{label:32}" + "".join(cell(r, key, fmt) for r in rows.values()))
    cpu = "".join(
        f"{r['build_cpu'][0]:>8.0f} /{r['build_cpu'][1]:>7.0f}" if r and r["build_cpu"] else f"{'-':>18}"
        for r in rows.values()
    )
    print(f"{'build CPU s: writer / workers':32}{cpu}")
    for kind in kinds:
        print(f"{kind + ' p50/p95 ms':32}" + "".join(cell(r, kind, "") for r in rows.values()))
    for label, key, fmt in [
        ("re-index one changed article ms", "reindex_one_ms", ".0f"),
        ("re-index one named article ms", "reindex_named_ms", ".0f"),
        ("  ... in a new process ms", "reindex_named_new_ms", ".0f"),
        ("  ... found by the watcher (app) ms", "reindex_watched_ms", ".0f"),
        ("corpus scan (listing) ms", "scan_ms", ".0f"),
        ("manifest read ms", "manifest_ms", ".0f"),
        ("manifest size MB", "manifest_mb", ".1f"),
        ("update, nothing changed ms", "noop_update_ms", ".0f"),
    ]:
        print(f"{label:32}" + "".join(cell(r, key, fmt) for r in rows.values()))
    print(
        "\nTargets: 10k p95 < 30 ms per kind, keystroke p95 < 100 ms, cold start < 100 ms, re-index < 250 ms;"
        " 100k p95 < 100 ms, cold start < 300 ms. Build at 10k: Whoosh >= 300 articles/s, tantivy >= 1,000."
        " 1M (tantivy): build <= 20 min, p95 <= 50 ms, cold start <= 1 s, re-index <= 1 s."
    )
    if not args.skip_cranfield:
        for engine in engines:
            ndcg, mean_ap = cranfield(engine)
            print(
                f"\nCranfield, {engine} (1,400 abstracts, 225 queries): nDCG@10 {ndcg:.3f}  MAP {mean_ap:.3f}"
                "  (target nDCG@10 >= 0.53)"
            )


if __name__ == "__main__":
    main()
