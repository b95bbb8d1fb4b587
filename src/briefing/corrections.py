"""The analyst's corrections of an article's timeline: `<id>.dates.yaml` beside the article.

Each correction names one event by its anchor (the mention as written, its sentence and its offset in the
body) and either gives the date the analyst reads there or dismisses the event, with who and when. The anchor
is found again after the body changed (re-ingest) the way note quotes are: at the offset, else the mention in
the same sentence, else the sentence found loosely. A correction whose event is gone is kept, detached.

Written like notes: under a lock, re-read, changed, replaced atomically keeping the file's mode; a broken file
is never written over.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing.dates import normalise_partial
from briefing.errors import BriefingError, DateError, YamlProblem
from briefing.fsio import atomic_write_text, dump_yaml, file_lock, remove_stale_temps, safe_load_yaml
from briefing.notes import find_loosely
from briefing.paths import CORRECTIONS_SUFFIX, article_file

_GRANULARITY = {4: "year", 7: "month", 10: "day"}


class CorrectionsError(BriefingError):
    """A corrections file that cannot be read or written, or a correction that cannot be made."""


@dataclass(frozen=True)
class Correction:
    """One event corrected (`date` given), dismissed, or both, anchored by its mention.

    `by` and `at` say who gave the date and when (who dismissed it when there is no date); a dismissal of a
    corrected event keeps the date, and says who dismissed it in `dismissed_by` and `dismissed_at`, so that
    restoring the event brings the analyst's date back, not the tagger's."""

    mention: str
    sentence: str
    offset: int
    date: str | None
    by: str
    at: str
    range_end: str | None = None
    dismissed: bool = False
    dismissed_by: str = ""
    dismissed_at: str = ""

    @property
    def granularity(self) -> str:
        return _GRANULARITY[len(self.date or "0000")]

    def as_yaml_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"mention": self.mention, "sentence": self.sentence, "offset": self.offset}
        if self.date is not None:
            data["date"] = self.date
            if self.range_end:
                data["until"] = self.range_end
        data["by"] = self.by
        data["at"] = self.at
        if self.dismissed:
            data["dismissed"] = True
            if self.date is not None:
                data["dismissed_by"] = self.dismissed_by
                data["dismissed_at"] = self.dismissed_at
        return data


@dataclass(frozen=True)
class Corrections:
    article: str
    items: tuple[Correction, ...] = ()
    digest: str | None = None


def corrections_path(corpus: Path, article_id: str) -> Path:
    try:
        return article_file(Path(corpus), article_id, CORRECTIONS_SUFFIX)
    except BriefingError as exc:
        raise CorrectionsError(str(exc)) from None


def parse_date(value: str) -> tuple[str, str | None]:
    """An analyst's date: `2022-01-06`, `2022-01`, `2022`, or a period `2022-01-03..2022-01-07`."""
    first, _, last = str(value).strip().partition("..")
    try:
        start = normalise_partial(first, "date")
        end = normalise_partial(last, "end date") if last else None
    except DateError as exc:
        raise CorrectionsError(str(exc)) from None
    if end is not None and end < start:
        raise CorrectionsError(f"date {value!r} ends before it starts")
    return start, end


def _parse_item(raw: Any, name: str, index: int) -> Correction:
    where = f"{name}: correction {index + 1}"
    if not isinstance(raw, dict):
        raise CorrectionsError(f"{where} is not a mapping")
    mention, sentence, offset = raw.get("mention"), raw.get("sentence"), raw.get("offset")
    if not isinstance(mention, str) or not mention or not isinstance(sentence, str):
        raise CorrectionsError(f"{where} needs a 'mention' and a 'sentence'")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise CorrectionsError(f"{where}: 'offset' must be a number of characters")
    date, until = None, None
    dismissed = raw.get("dismissed") is True
    if raw.get("date") is not None or not dismissed:
        if raw.get("date") is None:
            raise CorrectionsError(f"{where} has neither a 'date' nor 'dismissed: true'")
        try:
            date = normalise_partial(raw["date"], "date")
            until = normalise_partial(raw["until"], "until") if raw.get("until") is not None else None
        except DateError as exc:
            raise CorrectionsError(f"{where}: {exc}") from None
    by, at = str(raw.get("by") or "?"), str(raw.get("at") or "?")
    dismissed_by, dismissed_at = "", ""
    if dismissed:  # without a date, `by` and `at` are the dismissal's
        dismissed_by = str(raw.get("dismissed_by") or (by if date is None else "?"))
        dismissed_at = str(raw.get("dismissed_at") or (at if date is None else "?"))
    return Correction(mention, sentence, offset, date, by, at, until, dismissed, dismissed_by, dismissed_at)


def load_corrections(corpus: Path, article_id: str) -> Corrections:
    """The corrections of an article (none when there is no file); a broken file raises one line naming it."""
    path = corrections_path(corpus, article_id)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Corrections(article_id)
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{path.name}: cannot be read ({exc})") from None
    try:
        data = safe_load_yaml(text)
    except YamlProblem as exc:
        raise CorrectionsError(f"{path.name}: {exc}") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if data is None:
        return Corrections(article_id, (), digest)
    if not isinstance(data, dict) or not isinstance(data.get("corrections", []), list):
        raise CorrectionsError(f"{path.name}: expected a mapping with a 'corrections' list")
    items = tuple(_parse_item(raw, path.name, i) for i, raw in enumerate(data.get("corrections") or []))
    return Corrections(article_id, items, digest)


# ---------------------------------------------------------------------------------------------- anchoring
def find(correction: Correction, events: Sequence[Any], body: str) -> int | None:
    """The index of the event a correction names, found again if the body moved; None when it is gone."""
    for i, event in enumerate(events):
        if event.start == correction.offset and event.mention == correction.mention:
            return i
    same = [i for i, e in enumerate(events) if e.mention == correction.mention]
    sentence = " ".join(correction.sentence.split())
    exact = [i for i in same if events[i].sentence == sentence]
    if exact:
        return min(exact, key=lambda i: abs(events[i].start - correction.offset))
    position = find_loosely(body, correction.sentence) if same and sentence else None
    if position is None:
        return None
    end = position + len(sentence)
    near = [i for i in same if events[i].sentence_start <= end and events[i].sentence_end >= position]
    return min(near, key=lambda i: abs(events[i].sentence_start - position)) if near else None


# ---------------------------------------------------------------------------------------------- writing
def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "analyst"


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _commit(corpus: Path, article_id: str, change: Callable[[list[Correction]], list[Correction]]) -> Corrections:
    path = corrections_path(corpus, article_id)
    if not path.parent.is_dir():
        raise CorrectionsError(f"{path.parent}: no such corpus folder")
    try:
        with file_lock(path.with_name(f".{path.name}.lock")):
            remove_stale_temps(path)
            current = load_corrections(corpus, article_id)  # a broken file raises and stays as it is
            items = tuple(change(list(current.items)))
            text = dump_yaml({"article": article_id, "corrections": [c.as_yaml_data() for c in items]})
            atomic_write_text(path, text)
    except OSError as exc:
        raise CorrectionsError(f"{path.name}: not saved, cannot write ({exc.strerror or exc})") from None
    return Corrections(article_id, items, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _split(items: list[Correction], event: Any, body: str) -> tuple[list[Correction], Correction | None]:
    """The corrections of other events, and the one of `event` (None when it has none)."""
    others = [c for c in items if find(c, [event], body) is None]
    mine = next((c for c in items if find(c, [event], body) is not None), None)
    return others, mine


def correct(corpus: Path, article_id: str, event: Any, body: str, date: str | None) -> Corrections:
    """Give `event` the analyst's `date` (see parse_date), or dismiss it when `date` is None. A dismissal keeps
    the date the analyst gave the event, if any: restoring the event brings it back."""
    user, stamp = _user(), _stamp()
    if date is not None:
        value, until = parse_date(date)
        made = Correction(event.mention, event.sentence, event.start, value, user, stamp, until)
        return _commit(corpus, article_id, lambda items: [*_split(items, event, body)[0], made])

    def dismiss(items: list[Correction]) -> list[Correction]:
        others, mine = _split(items, event, body)
        anchor = {"mention": event.mention, "sentence": event.sentence, "offset": event.start}
        if mine is not None and mine.date is not None:
            made = replace(mine, **anchor, dismissed=True, dismissed_by=user, dismissed_at=stamp)
        else:
            made = Correction(**anchor, date=None, by=user, at=stamp)
            made = replace(made, dismissed=True, dismissed_by=user, dismissed_at=stamp)
        return [*others, made]

    return _commit(corpus, article_id, dismiss)


def restore(corpus: Path, article_id: str, event: Any, body: str) -> Corrections:
    """Undo the analyst's last word on `event`: a dismissal (the date the analyst gave it, if any, is back;
    else the tagger's), or else a correction (the tagger's date is back)."""
    if not corrections_path(corpus, article_id).exists():  # nothing to undo: no lock file is left behind
        raise CorrectionsError(f"event {event.mention!r} of {article_id} was neither corrected nor dismissed")

    def change(items: list[Correction]) -> list[Correction]:
        others, mine = _split(items, event, body)
        if mine is None:
            raise CorrectionsError(f"event {event.mention!r} of {article_id} was neither corrected nor dismissed")
        if mine.dismissed and mine.date is not None:
            return [*others, replace(mine, dismissed=False, dismissed_by="", dismissed_at="")]
        return others

    return _commit(corpus, article_id, change)


def applied(correction: Correction, event: Any, format_period: Callable[..., str]) -> Any:
    """The event as the analyst corrected it: basis `corrected`, full confidence, who and when said."""
    assert correction.date is not None
    written = format_period(correction.date, correction.granularity, correction.range_end)
    text = " ".join(event.mention.split())
    return replace(
        event,
        date=correction.date,
        granularity=correction.granularity,
        range_end=correction.range_end,
        resolved=True,
        basis="corrected",
        confidence=1.0,
        explanation=f"{text} → corrected by {correction.by} on {correction.at[:10]}: {written}",
        correction_by=correction.by,
        correction_at=correction.at,
    )
