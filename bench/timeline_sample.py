"""The timeline against a hand-checked sample of news (issue 16): the share of timeline events at the right
date and the recall of the dates a reader must find, for wire copy and for varied prose, on the articles
read while fixing the tagger (`tuning`) and on articles annotated from the text alone (`held-out`).

The sample is `bench/data/timeline_sample.yaml` (see its header): Reuters-21578 articles read from the shared
data by id, and bundled corpus articles. Usage: python bench/timeline_sample.py [--show-errors]
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.clean_blocks import preformatted_line_starts
from briefing.corpus import Article, get_article
from briefing.timeline import Event, article_timeline
from briefing.timex.resolve import sentence_starts

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from timeline_eval import SHARED  # noqa: E402  (the shared data folder, found the same way)

SAMPLE = HERE / "data" / "timeline_sample.yaml"
CORPUS = HERE.parent / "corpus"
TARGETS = {"wire": 0.97, "prose": 0.95}
RECALL_TARGET = 0.95


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    mention: str
    values: tuple[str, ...]  # right values (the first is the reader's; the others as right)
    until: str | None
    optional: bool

    @property
    def event(self) -> bool:
        return bool(self.values)

    def right(self, event: Event) -> bool:
        """The reader's value (with its end, for a period), or one of the values accepted as right."""
        if event.date == self.values[0] and (self.until is None or event.range_end == self.until):
            return True
        return event.date in self.values[1:]


@dataclass
class Tally:
    shown: int = 0
    right: int = 0
    required: int = 0
    found: int = 0
    articles: int = 0

    def line(self, name: str, target: float | None) -> str:
        share = self.right / self.shown if self.shown else 1.0
        recall = self.found / self.required if self.required else 1.0
        verdict = "" if target is None else ("ok" if share >= target and recall >= RECALL_TARGET else "MISSED")
        return (
            f"{name:18} {self.articles:8d} {self.shown:6d} {self.right:6d} {share:10.3f} {self.required:9d} "
            f"{self.found:6d} {recall:7.3f}  {verdict}"
        )


def _locate(body: str, item: dict, article_id: str) -> tuple[int, int]:
    mention = str(item["mention"])
    context = str(item.get("at", mention))
    pattern = r"\s+".join(re.escape(word) for word in context.split())
    found = [m.start() for m in re.finditer(pattern, body)]
    if len(found) != 1:
        raise SystemExit(f"{SAMPLE.name}: {article_id}: {context!r} found {len(found)} times (give a longer 'at')")
    inner = re.search(r"\s+".join(re.escape(word) for word in mention.split()), body[found[0] :])
    if inner is None:
        raise SystemExit(f"{SAMPLE.name}: {article_id}: {mention!r} is not in {context!r}")
    return found[0] + inner.start(), found[0] + inner.end()


def _reuters() -> dict[str, dict]:
    path = SHARED / "data" / "reuters21578" / "articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


def _article(entry: dict, reuters: dict[str, dict]) -> Article:
    if entry["kind"] == "wire":
        row = reuters[entry["id"]]
        return Article(id=row["id"], title=row["title"], body=row["body"], published=row["date"][:10])
    found = get_article(CORPUS, entry["id"])
    return Article(id=found.id, title=found.title, body=found.body, published=found.published)  # no corrections


def score(entry: dict, article: Article, errors: list[str]) -> Tally:
    gold = []
    for item in entry.get("dates") or []:
        start, end = _locate(article.body, item, article.id)
        values = () if item.get("date") is None else (str(item["date"]), *map(str, item.get("accept", ())))
        gold.append(Gold(start, end, str(item["mention"]), values, item.get("until"), bool(item.get("optional"))))
    events = article_timeline(article).events
    tally = Tally(articles=1)
    matched: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        tally.shown += 1
        hits = [i for i, g in enumerate(gold) if g.start < event.end and event.start < g.end]
        if not hits:
            errors.append(f"{article.id}: {event.mention!r} = {event.date} is no date the reader marked")
            continue
        g = gold[hits[0]]
        matched[hits[0]].append(event)
        if g.event and g.right(event):
            tally.right += 1
        else:
            want = "nothing" if not g.event else g.values[0] + (f"..{g.until}" if g.until else "")
            got = event.date + (f"..{event.range_end}" if event.range_end else "")
            errors.append(f"{article.id}: {event.mention!r} = {got}, reader: {want}")
    # the timeline shows a date once per sentence: a date the reader marked twice in one sentence is found
    # when the sentence's event carries it
    starts = sorted({*sentence_starts(article.body), *preformatted_line_starts(article.body)})
    sentence = {id(e): bisect.bisect_right(starts, e.start) for e in events}
    for i, g in enumerate(gold):
        if g.event and not g.optional:
            tally.required += 1
            here = bisect.bisect_right(starts, g.start)
            if any(g.right(e) for e in matched[i]) or any(
                sentence[id(e)] == here and g.right(e) for e in events if not matched[i]
            ):
                tally.found += 1
            elif not matched[i]:
                errors.append(f"{article.id}: {g.mention!r} ({g.values[0]}) missed")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-errors", action="store_true", help="list every wrong, spurious or missed date")
    args = parser.parse_args()
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    reuters = _reuters()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    batches: dict[tuple[str, str], dict[int, Tally]] = defaultdict(lambda: defaultdict(Tally))
    errors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in sample["articles"]:
        key = (entry["kind"], entry["set"])
        got = score(entry, _article(entry, reuters), errors[key])
        for total in (tallies[key], batches[key][int(entry.get("batch", 1))]):
            for field in ("shown", "right", "required", "found", "articles"):
                setattr(total, field, getattr(total, field) + getattr(got, field))
    print("Hand-checked timeline sample (bench/data/timeline_sample.yaml)")
    print(
        f"{'sample':18} {'articles':>8} {'events':>6} {'right':>6} {'share':>10} {'required':>9} {'found':>6} "
        f"{'recall':>7}"
    )
    for (kind, part), tally in sorted(tallies.items(), key=lambda item: (item[0][0] != "wire", item[0][1])):
        if len(batches[(kind, part)]) > 1:
            for number, batch in sorted(batches[(kind, part)].items()):
                print(batch.line(f"  batch {number}", None))
        print(tally.line(f"{kind} {part}", TARGETS[kind] if part == "held-out" else None))
    print(
        f"targets (held-out): share of events at the right date >= {TARGETS['wire']} on wire, >= {TARGETS['prose']}"
        f" on varied prose; recall of the required dates >= {RECALL_TARGET}"
    )
    if args.show_errors:
        for key in sorted(errors):
            for line in errors[key]:
                print(f"  [{key[0]} {key[1]}] {line}")


if __name__ == "__main__":
    main()
