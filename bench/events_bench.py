"""Merged events: quality on the hand-labelled Reuters set and the time to merge 10,000 articles' events.

    .venv/bin/python bench/events_bench.py [--articles 10000] [--rounds 3]

Quality: pairwise precision/recall/F1 over the labelled mentions (`tests/data/events/`: 52 happenings, 140
mentions in 106 Reuters-21578 articles) and conflict precision/recall (targets: F1 >= 0.85, conflicts found
>= 2 in 3, at most one false conflict per 10 events). Speed: the articles' timelines are built first (not
timed, as the app keeps them) and each article's dated sentences analysed into words (per article, kept
with its timeline; shown apart), then `merge_reports` over all their dated mentions is timed (target <= 2 s);
the median of the rounds is shown.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from briefing.clean import clean_text
from briefing.corpus import Article
from briefing.event_eval import evaluate
from briefing.events import merge_reports, reports_of
from briefing.timeline import article_timeline

HERE = Path(__file__).resolve().parent
LABELS = HERE.parent / "tests" / "data" / "events"
REUTERS = next(
    (
        p / "shared" / "data" / "reuters21578" / "articles.jsonl"
        for p in HERE.parents
        if (p / "shared" / "data").is_dir()
    ),
    HERE.parents[1] / "shared" / "data" / "reuters21578" / "articles.jsonl",
)


def reuters_articles(count: int) -> list[Article]:
    articles = []
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            if len(articles) >= count:
                break
            record = json.loads(line)
            articles.append(
                Article(
                    id=record["id"],
                    title=record.get("title") or "",
                    body=clean_text(record.get("body") or "").body,
                    source=record.get("source") or "",
                    published=(record.get("date") or "")[:10] or None,
                )
            )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    scores = evaluate(LABELS / "articles.jsonl", LABELS / "labels.yaml")
    print("Labelled Reuters set (52 happenings, 140 mentions, 106 articles)")
    print(f"  {'measure':<34}{'value':>10}{'target':>12}")
    rows = [
        ("pairwise precision", f"{scores.pair_precision:.3f}", ""),
        ("pairwise recall", f"{scores.pair_recall:.3f}", ""),
        ("pairwise F1", f"{scores.pair_f1:.3f}", ">= 0.85"),
        ("conflicts found", f"{scores.conflicts_found} of {scores.conflicts}", ">= 2 in 3"),
        ("conflict recall", f"{scores.conflict_recall:.3f}", ">= 0.667"),
        ("conflict precision", f"{scores.conflict_precision:.3f}", ""),
        ("false conflicts per 10 events", f"{scores.false_conflicts_per_10_events:.2f}", "<= 1"),
        ("labelled mentions not found", f"{len(scores.unmatched)}", "0"),
    ]
    for name, value, target in rows:
        print(f"  {name:<34}{value:>10}{target:>12}")

    if not REUTERS.exists():
        print(f"\n{REUTERS} not found: speed not measured", file=sys.stderr)
        return
    articles = reuters_articles(args.articles)
    started = time.perf_counter()
    timelines = [article_timeline(article) for article in articles]
    built = time.perf_counter() - started
    started = time.perf_counter()
    reports = []
    for article, timeline in zip(articles, timelines, strict=True):
        reports.extend(reports_of(article, timeline.events))
    analysed = time.perf_counter() - started
    times, cpu = [], []
    events = []
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        events = merge_reports(reports)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    merged = sum(1 for e in events if len(e.reports) > 1)
    conflicts = sum(1 for e in events if e.conflict)
    print(f"\nMerging the events of {len(articles):,} Reuters articles")
    print(f"  {'timelines built (not timed below)':<34}{built:>9.1f}s")
    print(f"  {'sentences analysed, per article':<34}{analysed:>9.1f}s")
    print(f"  {'reports (dated mentions)':<34}{len(reports):>10,}")
    print(f"  {'events':<34}{len(events):>10,}")
    print(f"  {'events with 2+ reports':<34}{merged:>10,}")
    print(f"  {'events flagged as conflicts':<34}{conflicts:>10,}")
    print(f"  {'merge time, median of ' + str(args.rounds):<34}{statistics.median(times):>9.2f}s{'<= 2 s':>12}")
    print(f"  {'merge CPU time, median':<34}{statistics.median(cpu):>9.2f}s  (wall time on a busy machine is longer)")


if __name__ == "__main__":
    main()
