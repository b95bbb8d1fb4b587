"""Scoring merged events against a hand-labelled set: pairwise precision/recall/F1 and conflict precision/recall.

A label file (YAML, read with `safe_load`) lists happenings, each with its date mentions: `article`, `phrase`
(the date phrase as written), `in` (a piece of its sentence) and `says` (the date the text gives, read by the
annotator). An event whose mentions say different dates is a conflict. The articles are a JSON-lines file in
the Reuters-21578 layout of `../shared/data` (`id`, `title`, `date`, `source`, `body`), cleaned as `briefing
add` cleans them. Mentions of those articles that are not labelled take part in the merge but are not scored.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.clean import clean_text
from briefing.corpus import Article
from briefing.errors import BriefingError
from briefing.events import MergedEvent, Report, merge_reports, reports_of
from briefing.timeline import article_timeline


@dataclass(frozen=True)
class Gold:
    event: str
    article: str
    phrase: str
    piece: str
    says: str


@dataclass(frozen=True)
class Scores:
    pair_precision: float
    pair_recall: float
    pair_f1: float
    gold_pairs: int
    predicted_pairs: int
    conflicts: int  # labelled conflicts
    conflicts_found: int
    false_conflicts: int
    gold_events: int
    mentions: int
    unmatched: tuple[str, ...]

    @property
    def conflict_recall(self) -> float:
        return self.conflicts_found / self.conflicts if self.conflicts else 1.0

    @property
    def conflict_precision(self) -> float:
        flagged = self.conflicts_found + self.false_conflicts
        return self.conflicts_found / flagged if flagged else 1.0

    @property
    def false_conflicts_per_10_events(self) -> float:
        return 10 * self.false_conflicts / self.gold_events if self.gold_events else 0.0


def load_articles(path: Path) -> list[Article]:
    articles = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BriefingError(f"{path}:{n}: not JSON ({exc.msg})") from None
        published = (record.get("date") or "")[:10] or None
        articles.append(
            Article(
                id=record["id"],
                title=record.get("title") or "",
                body=clean_text(record.get("body") or "").body,
                source=record.get("source") or "",
                published=published,
            )
        )
    return articles


def load_labels(path: Path) -> list[Gold]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for event in data["events"]:
        for m in event["mentions"]:
            out.append(Gold(str(event["id"]), str(m["article"]), str(m["phrase"]), str(m["in"]), str(m["says"])))
    return out


def reports_of_articles(articles: list[Article]) -> list[Report]:
    reports: list[Report] = []
    for article in articles:
        reports.extend(reports_of(article, article_timeline(article).events))
    return reports


def score(events: list[MergedEvent], gold: list[Gold]) -> Scores:
    """Match each labelled mention to the report holding it, then compare the groupings."""
    where: dict[tuple[str, str], list[tuple[int, Report]]] = {}
    for n, event in enumerate(events):
        for report in event.reports:
            where.setdefault((report.article, report.mention), []).append((n, report))
    placed: list[tuple[Gold, int]] = []
    unmatched = []
    for g in gold:
        hits = [n for n, r in where.get((g.article, g.phrase), []) if g.piece in r.sentence]
        if hits:  # a story that repeats its sentence has it twice: the first stands for both
            placed.append((g, hits[0]))
        else:
            unmatched.append(f"{g.event}: {g.article} {g.phrase!r}")
    gold_pairs = predicted_pairs = both = 0
    for (g1, e1), (g2, e2) in itertools.combinations(placed, 2):
        same_gold = g1.event == g2.event
        same_pred = e1 == e2
        gold_pairs += same_gold
        predicted_pairs += same_pred
        both += same_gold and same_pred
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    says_by_event: dict[str, set[str]] = {}
    for g in gold:
        says_by_event.setdefault(g.event, set()).add(g.says)
    labelled_conflicts = {e for e, says in says_by_event.items() if _disagree(says)}
    found: set[str] = set()
    false = 0
    members: dict[int, list[Gold]] = {}
    for g, n in placed:
        members.setdefault(n, []).append(g)
    for n, gs in members.items():
        if not events[n].conflict:
            continue
        # a flagged event is right when most of its labelled mentions are one labelled conflict, and the
        # mentions that disagree are among them
        main, count = Counter(g.event for g in gs).most_common(1)[0]
        says = {g.says for g in gs if g.event == main}
        if main in labelled_conflicts and 2 * count >= len(gs) and _disagree(says):
            found.add(main)
        else:
            false += 1
    return Scores(
        pair_precision=precision,
        pair_recall=recall,
        pair_f1=f1,
        gold_pairs=gold_pairs,
        predicted_pairs=predicted_pairs,
        conflicts=len(labelled_conflicts),
        conflicts_found=len(found),
        false_conflicts=false,
        gold_events=len(says_by_event),
        mentions=len(placed),
        unmatched=tuple(unmatched),
    )


def _disagree(says: set[str]) -> bool:
    """Two day-level dates that differ (a month or a range around a day does not disagree with it)."""
    days = {s for s in says if len(s) == 10}
    return len(days) > 1


def evaluate(articles_path: Path, labels_path: Path) -> Scores:
    return score(merge_reports(reports_of_articles(load_articles(articles_path))), load_labels(labels_path))
