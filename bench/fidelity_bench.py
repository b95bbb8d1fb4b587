"""Ingest fidelity over the Reuters-21578 collection: words lost without a record, sentences split in two.

Cleans every article's body as `briefing add articles.jsonl` does and audits it against the raw body
(briefing.fidelity). Prints a table of counts, then the worst examples.
Usage: python bench/fidelity_bench.py [--count N] [--examples 5]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from briefing.clean import clean_text
from briefing.fidelity import audit

RELATIVE = Path("shared") / "data" / "reuters21578" / "articles.jsonl"
DATA = next(
    (p / RELATIVE for p in Path(__file__).resolve().parents if (p / RELATIVE).exists()),
    Path("/work") / RELATIVE,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0, help="only the first N articles (default: all)")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    start = time.perf_counter()
    with DATA.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if args.count and number >= args.count:
                break
            record = json.loads(line)
            raw = record["body"]
            cleaned = clean_text(raw, title=record.get("title"))
            result = audit(raw, cleaned.body, (r.text for r in cleaned.report.removed))
            totals["articles"] += 1
            totals["raw words"] += sum(len(w) > 0 for w in raw.split())
            totals["articles with unrecorded loss"] += bool(result.unrecorded)
            totals["words lost without a record"] += sum(result.unrecorded.values())
            totals["articles with a removal"] += bool(cleaned.report.removed)
            totals["words removed on the record"] += result.recorded
            totals["sentences split in two"] += len(result.split_sentences)
            totals["preformatted blocks"] += sum(1 for p in cleaned.body.split("\n\n") if p.startswith("```"))
            kinds.update(r.kind for r in cleaned.report.removed)
            if not result.ok and len(examples) < args.examples:
                examples.append(f"{record['id']}: lost {dict(result.unrecorded)} split {result.split_sentences}")
    elapsed = time.perf_counter() - start
    print(f"{'measure':34} {'count':>10}")
    for name, value in totals.items():
        print(f"{name:34} {value:10d}")
    for kind, value in sorted(kinds.items()):
        print(f"{'  removals: ' + kind:34} {value:10d}")
    print(f"{'seconds':34} {elapsed:10.1f}")
    target = totals["articles with unrecorded loss"] == 0 and totals["sentences split in two"] == 0
    print("target: 0 articles with unrecorded loss, 0 sentences split in two:", "ok" if target else "MISSED")
    for example in examples:
        print(example[:400])


if __name__ == "__main__":
    main()
