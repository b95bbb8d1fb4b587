"""Search speed and ranking quality.

Builds corpora of 1,000, 10,000 and 100,000 articles from Reuters-21578 with `briefing add` (the collection
is repeated with new ids past its 19,043 articles; a repeat gets a one-line marker paragraph so the duplicate
check lets it in), indexes them and prints, per size: index build rate and size, cold start (open + first
query in a new process), p50/p95 latency per query kind with top-10 snippets, and the time to re-index after
one article changes. Then nDCG@10 and MAP on the Cranfield collection.

Usage: python bench/search_bench.py [--sizes 1000 10000 100000] [--skip-cranfield] [--reuse-index]
       [--engine whoosh|tantivy]
Corpora are cached in bench/.work/ (delete it to start over).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from briefing.corpus import article_paths
from briefing.search import SearchIndex

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
DATA = Path(os.environ.get("BRIEFING_BENCH_DATA", HERE.parents[1] / "shared" / "data"))
REUTERS = DATA / "reuters21578" / "articles.jsonl"
CRANFIELD = DATA / "cranfield"
ENGINE = "whoosh"  # --engine
INDEX_NAME = {"whoosh": "index", "tantivy": "index-tantivy"}  # each engine's index beside the other's

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


def cold_start(corpus: Path, index_dir: Path) -> float:
    """Median of five new processes, after one untimed run: as on a user's machine, Python may cache the
    compiled modules (a shell with PYTHONDONTWRITEBYTECODE would otherwise recompile briefing every time)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for attempt in range(6):
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(corpus), str(index_dir), ENGINE],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        if attempt:
            runs.append(float(out.stdout.split()[0]))
    return statistics.median(runs)


def bench_size(size: int, reuse_index: bool = False) -> dict[str, object]:
    print(f"\n== {size} articles")
    corpus = corpus_of(size)
    index_dir = corpus.parent / INDEX_NAME[ENGINE]
    index = SearchIndex(corpus, index_dir, engine=ENGINE)
    count = len(article_paths(corpus))
    start = time.perf_counter()
    report = index.update() if reuse_index else index.rebuild()
    build_seconds = time.perf_counter() - start
    built = not reuse_index or report.rebuilt_because is not None
    row: dict[str, object] = {
        "articles": count,
        "build_rate": count / build_seconds if built else float("nan"),
        "index_mb": folder_size(index_dir) / 1e6,
    }
    index.close()
    row["cold_ms"] = cold_start(corpus, index_dir)
    index = SearchIndex(corpus, index_dir, engine=ENGINE)
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
    victim.write_text(original, encoding="utf-8")
    index.update()
    for message in index.messages:
        print(f"  note: {message}")
    index.close()
    return row


# ---------------------------------------------------------------------------------------------- ranking
def cranfield() -> tuple[float, float]:
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
    index = SearchIndex(corpus, folder / INDEX_NAME[ENGINE], engine=ENGINE)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--skip-cranfield", action="store_true")
    parser.add_argument(
        "--reuse-index", action="store_true", help="keep an up-to-date index instead of rebuilding it (no build rate)"
    )
    parser.add_argument("--engine", choices=list(INDEX_NAME), default="whoosh", help="the search engine measured")
    args = parser.parse_args()
    global ENGINE
    ENGINE = args.engine
    os.environ.setdefault("PYTHONHASHSEED", "0")
    rows = {size: bench_size(size, args.reuse_index) for size in args.sizes}

    kinds = [*QUERIES, "keystroke (as you type)"]
    print("\n" + f"{'measure':32}" + "".join(f"{size:>18}" for size in rows))
    print(f"{'articles indexed':32}" + "".join(f"{r['articles']:>18}" for r in rows.values()))
    print(f"{'index build (articles/s)':32}" + "".join(f"{r['build_rate']:>18.0f}" for r in rows.values()))
    print(f"{'index size (MB)':32}" + "".join(f"{r['index_mb']:>18.1f}" for r in rows.values()))
    print(f"{'cold start: open + 1st query ms':32}" + "".join(f"{r['cold_ms']:>18.0f}" for r in rows.values()))
    for kind in kinds:
        cells = "".join(f"{r[kind][0]:>8.1f} /{r[kind][1]:>7.1f}" for r in rows.values())  # type: ignore[index]
        print(f"{kind + ' p50/p95 ms':32}{cells}")
    print(f"{'re-index one changed article ms':32}" + "".join(f"{r['reindex_one_ms']:>18.0f}" for r in rows.values()))
    print(
        "\nTargets: 10k p95 < 30 ms per kind, keystroke p95 < 100 ms, cold start < 100 ms, re-index < 250 ms;"
        " 100k p95 < 100 ms, cold start < 300 ms."
    )
    if not args.skip_cranfield:
        ndcg, mean_ap = cranfield()
        print(
            f"\nCranfield (1,400 abstracts, 225 queries): nDCG@10 {ndcg:.3f}  MAP {mean_ap:.3f}"
            "  (target nDCG@10 >= 0.53)"
        )


if __name__ == "__main__":
    main()
