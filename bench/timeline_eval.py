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
TARGETS = {("DATE", "relaxed_F1"): 0.93, ("DATE", "value_acc"): 0.87, ("ALL", "value_F1"): 0.78}


def load_scorer():
    path = SHARED / "tools" / "timex_eval.py"
    spec = importlib.util.spec_from_file_location("timex_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["timex_eval"] = module
    spec.loader.exec_module(module)
    return module


def _parts(data: list[str]) -> dict[str, set[str]]:
    """Document names by sub-folder of the data folders given (TimeBank, AQUAINT)."""
    parts: dict[str, set[str]] = {}
    for folder in data:
        for sub in sorted(p for p in Path(folder).iterdir() if p.is_dir()) if Path(folder).is_dir() else []:
            parts[sub.name] = {f.stem for f in sub.glob("*.tml")}
    return parts


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
        f"{'part':9} {'view':5} {'gold':>5} {'system':>6} {'strict F1':>9} {'relaxed P':>9} {'relaxed R':>9} "
        f"{'relaxed F1':>10} {'value acc':>9} {'value F1':>8}"
    )
    # each sub-collection apart (TimeBank: WSJ/AP 1989-91 and broadcast; AQUAINT: APW/NYT/XIE 1998-2000), so
    # a gain on one that the other does not share shows
    parts = [("all", docs)] + [
        (name, [d for d in docs if d.name in names]) for name, names in _parts(args.data).items() if names
    ]
    for name, part in parts:
        part_eval = evaluation if part is docs else scorer.evaluate(part, {d.name: results[d.name] for d in part})
        for view in ("DATE", "ALL"):
            s = part_eval[view]["total"].summary()
            print(
                f"{name[:9]:9} {view:5} {s['gold']:5d} {s['system']:6d} {s['strict_F1']:9.3f} {s['relaxed_P']:9.3f} "
                f"{s['relaxed_R']:9.3f} {s['relaxed_F1']:10.3f} {s['value_acc']:9.3f} {s['value_F1']:8.3f}"
            )
    print()
    print(f"{'measure':26} {'value':>10} {'target':>8}")
    for (view, key), target in TARGETS.items():
        got = evaluation[view]["total"].summary()[key]
        print(f"{view + ' ' + key:26} {got:10.3f} {target:8.2f}  {'ok' if got >= target else 'MISSED'}")
    rate = size / median / 1e6
    print(f"{'throughput (MB/s, 1 core)':26} {rate:10.2f} {1.0:8.2f}  {'ok' if rate >= 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
