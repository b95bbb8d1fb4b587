"""Ingest fidelity over the Reuters-21578 collection: words lost without a record, sentences split in two.

Cleans every article's body as `briefing add articles.jsonl` does and audits it against the raw body
(briefing.fidelity). With --ingest, really ingests the collection into a temporary corpus and audits the
stored bodies against the `removed:` record stored in each article's front matter.
Prints a table of counts, then the first failing examples.
Usage: python bench/fidelity_bench.py [--count N] [--examples 5] [--ingest]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from briefing.clean import clean_text
from briefing.corpus import get_article, ingest
from briefing.fidelity import audit

RELATIVE = Path("shared") / "data" / "reuters21578" / "articles.jsonl"
DATA = next(
    (p / RELATIVE for p in Path(__file__).resolve().parents if (p / RELATIVE).exists()),
    Path("/work") / RELATIVE,
)


def cleaned_in_memory(count: int) -> Iterator[tuple[dict, str, list[tuple[str, str]]]]:
    """(record, clean body, removals) for each article, cleaned as ingest cleans a collection line."""
    with DATA.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if count and number >= count:
                break
            record = json.loads(line)
            cleaned = clean_text(record["body"], title=record.get("title"))
            yield record, cleaned.body, [(r.kind, r.text) for r in cleaned.report.removed]


def cleaned_by_ingest(count: int, totals: Counter[str]) -> Iterator[tuple[dict, str, list[tuple[str, str]]]]:
    """The same, read back from a corpus written by the real ingest (body and stored removed: record)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        with DATA.open(encoding="utf-8") as handle:
            lines = [line for n, line in enumerate(handle) if not count or n < count]
        source.write_text("".join(lines), encoding="utf-8")
        corpus = Path(tmp) / "corpus"
        for line, outcome in zip(lines, ingest([source], corpus), strict=True):
            if outcome.status != "added" or not outcome.article_id:
                totals[f"not added ({outcome.status})"] += 1
                continue
            article = get_article(corpus, outcome.article_id)
            removed = [(kind, text) for kind, texts in (article.removed or {}).items() for text in texts]
            yield json.loads(line), article.body, removed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0, help="only the first N articles (default: all)")
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--ingest", action="store_true", help="audit what the real ingest stored (slower)")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    start = time.perf_counter()
    source = cleaned_by_ingest(args.count, totals) if args.ingest else cleaned_in_memory(args.count)
    for record, body, removed in source:
        raw = record["body"]
        result = audit(raw, body, (text for _, text in removed))
        totals["articles"] += 1
        totals["raw words"] += len(raw.split())
        totals["articles with unrecorded loss"] += bool(result.unrecorded)
        totals["words lost without a record"] += sum(result.unrecorded.values())
        totals["articles with a removal"] += bool(removed)
        totals["words removed on the record"] += result.recorded
        totals["sentences split in two"] += len(result.split_sentences)
        totals["preformatted blocks"] += sum(1 for p in body.split("\n\n") if p.startswith("```"))
        kinds.update(kind for kind, _ in removed)
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
