"""Ingest speed: 10,000 Reuters articles from the JSONL collection into an empty corpus.

Prints a table of articles/s for the library call and for the real `briefing add` command.
Usage: python bench/ingest_bench.py [--count 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.corpus import ingest, load_corpus

RELATIVE = Path("shared") / "data" / "reuters21578" / "articles.jsonl"
DATA = next(  # ../shared/data beside the checkout (or beside the worktrees' folder)
    (p / RELATIVE for p in Path(__file__).resolve().parents if (p / RELATIVE).exists()),
    Path("/work") / RELATIVE,
)


def take(count: int, target: Path) -> Path:
    lines = []
    with DATA.open("rb") as handle:
        for line in handle:
            if line.strip():
                lines.append(line)
            if len(lines) >= count:
                break
    target.write_bytes(b"".join(lines))
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        source = take(args.count, Path(tmp) / "articles.jsonl")
        corpus = Path(tmp) / "lib-corpus"
        start = time.perf_counter()
        outcomes = list(ingest([source], corpus))
        elapsed = time.perf_counter() - start
        added = sum(1 for o in outcomes if o.status == "added")
        rows.append(("library ingest()", added, elapsed))

        corpus = Path(tmp) / "cli-corpus"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "briefing", "add", "--quiet", "--corpus", str(corpus), str(source)], check=True
        )
        elapsed = time.perf_counter() - start
        rows.append(("briefing add (process)", len(load_corpus(corpus).articles), elapsed))

    print(f"{'path':26} {'articles':>9} {'seconds':>9} {'articles/s':>11}  target")
    for name, count, seconds in rows:
        rate = count / seconds if seconds else 0.0
        print(f"{name:26} {count:9d} {seconds:9.2f} {rate:11.0f}  >= 500 {'ok' if rate >= 500 else 'MISSED'}")


if __name__ == "__main__":
    main()
