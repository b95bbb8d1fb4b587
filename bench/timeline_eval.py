"""Tagger quality and speed on the TempEval-3 TimeBank + AQUAINT documents.

Runs `briefing.timeline.extract_mentions` on each document with its creation date as anchor (through the
shared TempEval-3 scorer) and prints strict and relaxed span F1 and value accuracy for DATE timexes, and the
throughput. Usage: python bench/timeline_eval.py [--data DIR ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

from briefing.timeline import extract_mentions


def _shared() -> Path:
    """The shared data folder: $BRIEFING_SHARED, else the first `shared/` beside an ancestor (checkouts and
    worktrees sit at different depths)."""
    if env := os.environ.get("BRIEFING_SHARED"):
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "tools" / "timex_eval.py").exists():
            return parent / "shared"
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = _shared()
TARGETS = {"relaxed_F1": 0.90, "value_acc": 0.85}


def load_scorer():
    path = SHARED / "tools" / "timex_eval.py"
    spec = importlib.util.spec_from_file_location("timex_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["timex_eval"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", nargs="+", default=[str(SHARED / "data" / "tempeval" / "TBAQ-cleaned")])
    parser.add_argument("--repeat", type=int, default=5, help="timing runs (the median is reported)")
    args = parser.parse_args()
    scorer = load_scorer()
    docs = scorer.load_dir(args.data)
    results, _ = scorer.run_system(extract_mentions, docs)
    evaluation = scorer.evaluate(docs, results)

    chars = sum(len(d.text) for d in docs)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            extract_mentions(doc.text, doc.dct)
        times.append(time.perf_counter() - start)
    median = sorted(times)[len(times) // 2]

    print(f"TempEval-3 TBAQ: {len(docs)} documents, {chars} characters")
    print(
        f"{'view':5} {'gold':>5} {'system':>6} {'strict F1':>9} {'relaxed P':>9} {'relaxed R':>9} "
        f"{'relaxed F1':>10} {'value acc':>9} {'value F1':>8}"
    )
    for view in ("DATE", "ALL"):
        s = evaluation[view]["total"].summary()
        print(
            f"{view:5} {s['gold']:5d} {s['system']:6d} {s['strict_F1']:9.3f} {s['relaxed_P']:9.3f} "
            f"{s['relaxed_R']:9.3f} {s['relaxed_F1']:10.3f} {s['value_acc']:9.3f} {s['value_F1']:8.3f}"
        )
    date = evaluation["DATE"]["total"].summary()
    print()
    print(f"{'measure':24} {'value':>10} {'target':>8}")
    for key, target in TARGETS.items():
        print(f"{'DATE ' + key:24} {date[key]:10.3f} {target:8.2f}  {'ok' if date[key] >= target else 'MISSED'}")
    rate = size / median / 1e6
    print(f"{'throughput (MB/s, 1 core)':24} {rate:10.2f} {1.0:8.2f}  {'ok' if rate >= 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
