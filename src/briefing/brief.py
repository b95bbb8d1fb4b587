"""The brief in progress: events, quotes and notes the analyst pinned, in their order, and its export.

It lives in `brief-in-progress.yaml` beside the corpus folder (next to `briefs/`), is written atomically on
every change and read back at launch. A file that cannot be read is never overwritten: pinning is refused
with a one-line error naming it until it is fixed or moved away.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import BriefingError, YamlProblem
from briefing.events import MergedEvent, label_sentence
from briefing.fsio import atomic_write_text, safe_load_yaml
from briefing.timeline import period_bounds

FORMATS = ("md", "html", "json", "csv", "ics")
KINDS = ("event", "quote", "note")


class BriefError(BriefingError):
    """A brief in progress that cannot be read, changed or exported."""


@dataclass(frozen=True)
class Pin:
    """One item of the brief: an event (merged or single), a quote of an article, or a note."""

    id: str
    kind: str
    text: str  # the event's label, the quoted sentence, the note's text
    date: str | None = None  # the event's date (TIMEX3 value), or the note's event date
    reports: tuple[dict[str, Any], ...] = ()  # article, source, published, sentence, value: who says so
    sources: int = 1
    conflict: bool = False
    values: dict[str, list[str]] = field(default_factory=dict)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(str(r.get("article", "")) for r in self.reports if r.get("article")))

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "text": self.text}
        if self.date:
            data["date"] = self.date
        data["reports"] = [dict(r) for r in self.reports]
        if self.kind == "event":
            data["sources"] = self.sources
            data["conflict"] = self.conflict
            data["values"] = {k: list(v) for k, v in self.values.items()}
        return data


@dataclass(frozen=True)
class BriefInProgress:
    title: str = ""
    items: tuple[Pin, ...] = ()

    def add(self, pin: Pin) -> BriefInProgress:
        """Pinning twice the same thing keeps one copy."""
        if any(_same(p, pin) for p in self.items):
            return self
        return replace(self, items=(*self.items, pin))

    def remove(self, pin_id: str) -> BriefInProgress:
        return replace(self, items=tuple(p for p in self.items if p.id != pin_id))

    def move(self, pin_id: str, step: int) -> BriefInProgress:
        items = list(self.items)
        at = next((i for i, p in enumerate(items) if p.id == pin_id), None)
        if at is None:
            return self
        to = max(0, min(len(items) - 1, at + step))
        items.insert(to, items.pop(at))
        return replace(self, items=tuple(items))


def _same(a: Pin, b: Pin) -> bool:
    return (a.kind, a.text, a.date, a.articles) == (b.kind, b.text, b.date, b.articles)


def _new_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(2)


# ---------------------------------------------------------------------------------------------- pins
def pin_event(event: MergedEvent) -> Pin:
    return Pin(
        id=_new_id(),
        kind="event",
        text=event.label,
        date=event.date if not event.range_end else f"{event.date}/{event.range_end}",
        reports=tuple(r.to_json() for r in event.reports),
        sources=event.sources,
        conflict=event.conflict,
        values={c.value: list(c.articles) for c in event.values},
    )


def pin_quote(article: str, source: str, published: str | None, sentence: str) -> Pin:
    report = {"article": article, "source": source, "published": published, "sentence": sentence, "value": None}
    return Pin(id=_new_id(), kind="quote", text=" ".join(sentence.split()), reports=(report,))


def pin_note(article: str, source: str, published: str | None, text: str, event: str | None, quote: str | None):
    report = {"article": article, "source": source, "published": published, "sentence": quote or "", "value": event}
    return Pin(id=_new_id(), kind="note", text=text, date=event, reports=(report,))


# ---------------------------------------------------------------------------------------------- file
def brief_path(corpus: Path) -> Path:
    return Path(corpus).parent / "brief-in-progress.yaml"


def load_brief(corpus: Path) -> BriefInProgress:
    """The brief in progress (empty when there is none yet)."""
    path = brief_path(corpus)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return BriefInProgress()
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefError(f"{path.name}: cannot read ({exc.__class__.__name__})") from None
    try:
        data = safe_load_yaml(text)
    except YamlProblem as exc:
        raise BriefError(f"{path.name}: {exc}") from None
    if data is None:
        return BriefInProgress()
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise BriefError(f"{path.name}: expected a title and a list of items")
    items = []
    for n, raw in enumerate(data.get("items") or [], start=1):
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS or not isinstance(raw.get("text"), str):
            raise BriefError(f"{path.name}: item {n} needs a kind ({', '.join(KINDS)}) and a text")
        reports = raw.get("reports") or []
        values = raw.get("values") or {}
        if not isinstance(reports, list) or not all(isinstance(r, dict) for r in reports):
            raise BriefError(f"{path.name}: item {n}: 'reports' must be a list of mappings")
        if not isinstance(values, dict):
            raise BriefError(f"{path.name}: item {n}: 'values' must be a mapping")
        items.append(
            Pin(
                id=str(raw.get("id") or _new_id()),
                kind=raw["kind"],
                text=raw["text"],
                date=str(raw["date"]) if raw.get("date") else None,
                reports=tuple(reports),
                sources=int(raw.get("sources") or 1),
                conflict=bool(raw.get("conflict")),
                values={str(k): [str(a) for a in (v or [])] for k, v in values.items()},
            )
        )
    return BriefInProgress(title=str(data.get("title") or ""), items=tuple(items))


def save_brief(corpus: Path, brief: BriefInProgress) -> Path:
    """Write the brief in progress atomically; a file that cannot be read is left as it is (and said so)."""
    path = brief_path(corpus)
    if path.exists():
        load_brief(corpus)  # raises on a malformed file: what the analyst wrote there is never overwritten
    data = {"title": brief.title, "items": [p.as_data() for p in brief.items]}
    try:
        atomic_write_text(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    except OSError as exc:
        raise BriefError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


# ---------------------------------------------------------------------------------------------- export
def _overlaps(pin: Pin, start: str | None, end: str | None) -> bool:
    """Items without a date always stay; dated ones when their period overlaps the window."""
    if not pin.date or not (start or end):
        return True
    first_value, _, last_value = pin.date.partition("/")
    try:
        first = period_bounds(first_value)[0]
        last = period_bounds(last_value or first_value)[1]
        if start and last < period_bounds(start)[0]:
            return False
        return not (end and first > period_bounds(end)[1])
    except (ValueError, AttributeError):
        return True


def _cited(items: list[Pin]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for pin in items:
        for report in pin.reports:
            article = str(report.get("article") or "")
            if article and article not in seen:
                seen[article] = report
    return list(seen.values())


def items_in_window(brief: BriefInProgress, start: str | None, end: str | None) -> list[Pin]:
    """The items an export keeps: undated ones, and dated ones overlapping the window; none raises."""
    items = [p for p in brief.items if _overlaps(p, start, end)]
    if not items:
        raise BriefError("nothing to export: the brief has no item in that date window")
    return items


def render_brief(
    brief: BriefInProgress,
    fmt: str,
    *,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    titles: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The brief in `fmt`: its items in the analyst's order, each citing its sources by number."""
    if fmt not in FORMATS:
        raise BriefError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    items = items_in_window(brief, start, end)
    heading = title or brief.title or "Brief"
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    sources = _cited(items)
    number = {str(r["article"]): n for n, r in enumerate(sources, start=1)}
    titles = titles or {}
    if fmt == "json":
        data = {"title": heading, "generated": generated.isoformat(), "from": start, "to": end}
        data["items"] = [dict(p.as_data(), cites=[number[a] for a in p.articles]) for p in items]
        data["sources"] = [
            dict(r, cite=number[str(r["article"])], title=titles.get(str(r["article"]), "")) for r in sources
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["position", "kind", "date", "text", "sources", "conflict", "values", "articles"])
        for n, p in enumerate(items, start=1):
            values = "; ".join(f"{k}: {', '.join(v)}" for k, v in p.values.items())
            row = [
                n,
                p.kind,
                p.date or "",
                _whole(p),
                p.sources,
                "yes" if p.conflict else "no",
                values,
                " ".join(p.articles),
            ]
            writer.writerow([_cell(v) for v in row])
        return buffer.getvalue()
    if fmt == "ics":
        return _ics(heading, generated, items, number)
    if fmt == "md":
        return _markdown(heading, generated, items, sources, number, titles, start, end)
    return _html(heading, generated, items, sources, number, titles)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _md(text: str) -> str:
    from briefing.export import _md as escape

    return escape(text)


def _whole(pin: Pin) -> str:
    """What an export quotes: an event's whole sentence, not the label shortened for a list row."""
    if pin.kind != "event":
        return pin.text
    return label_sentence(pin.text, [str(r.get("sentence") or "") for r in pin.reports])


def _what(pin: Pin) -> str:
    if pin.kind == "event":
        sources = f"{pin.sources} source{'s' if pin.sources != 1 else ''}"
        return f"{pin.date or 'undated'} · {sources}" + (" · dates differ" if pin.conflict else "")
    if pin.kind == "quote":
        return "Quote"
    return "Note" + (f" on {pin.date}" if pin.date else "")


def _cites_md(pin: Pin, number: dict[str, int]) -> str:
    return " ".join(f"[{number[a]}]" for a in pin.articles if a in number)


def _pin_markdown(pin: Pin, number: dict[str, int], level: str) -> list[str]:
    """One item of the brief: a heading saying what it is, its text citing its sources by number."""
    out = [f"{level} {_md(_what(pin))}", ""]
    body = f"> {_md(pin.text)}" if pin.kind == "quote" else _md(_whole(pin))
    out += [f"{body} {_cites_md(pin, number)}".rstrip(), ""]
    if pin.conflict:
        said = "; ".join(
            f"{_md(k)} according to " + ", ".join(f"[{number[a]}]" for a in v if a in number)
            for k, v in pin.values.items()
        )
        out += [f"*Sources disagree on the date:* {said}", ""]
    if pin.kind == "event" and len(pin.reports) > 1:
        for r in pin.reports:
            cite = number.get(str(r["article"]))
            out.append(f"- [{cite}] ({r.get('value') or ''}) {_md(str(r.get('sentence') or ''))}")
        out.append("")
    return out


def _markdown(heading, generated, items, sources, number, titles, start, end) -> str:  # type: ignore[no-untyped-def]
    window = f" · events {start or '…'} to {end or '…'}" if start or end else ""
    out = [f"# {_md(heading)}", "", f"Generated {generated:%Y-%m-%d %H:%M} UTC by briefing{window}", ""]
    for pin in items:
        out += _pin_markdown(pin, number, "##")
    out += ["## Sources", "", "| # | Title | Source | Published | Article |", "|---|---|---|---|---|"]
    for r in sources:
        article = str(r["article"])
        out.append(
            f"| [{number[article]}] | {_md(titles.get(article, ''))} | {_md(str(r.get('source') or '—'))} "
            f"| {r.get('published') or 'undated'} | {_md(article)} |"
        )
    return "\n".join(out) + "\n"


def _pin_html(pin: Pin, number: dict[str, int], level: str) -> list[str]:
    """One item as HTML: its citations inline after its text, each linking to its source's row."""
    h = html.escape
    cites = " ".join(f'<a href="#source-{number[a]}">[{number[a]}]</a>' for a in pin.articles if a in number)
    cited = f' <span class="cite">{cites}</span>' if cites else ""
    parts = [f"<{level}>{h(_what(pin))}</{level}>"]
    if pin.kind == "quote":
        parts.append(f"<blockquote>{h(pin.text)}{cited}</blockquote>")
    else:
        parts.append(f"<p>{h(_whole(pin))}{cited}</p>")
    if pin.conflict:
        said = "; ".join(
            f"{h(k)} according to " + ", ".join(f"[{number[a]}]" for a in v if a in number)
            for k, v in pin.values.items()
        )
        parts.append(f"<p><em>Sources disagree on the date:</em> {said}</p>")
    if pin.kind == "event" and len(pin.reports) > 1:
        parts.append("<ul>")
        for r in pin.reports:
            cite = number.get(str(r["article"]))
            value = h(str(r.get("value") or ""))
            parts.append(f'<li><span class="cite">[{cite}]</span> ({value}) {h(str(r.get("sentence") or ""))}</li>')
        parts.append("</ul>")
    return parts


def _html(heading, generated, items, sources, number, titles) -> str:  # type: ignore[no-untyped-def]
    h = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{h(heading)}</title>",
        "</head>",
        "<body>",
        f"<h1>{h(heading)}</h1>",
        f"<p>Generated {generated:%Y-%m-%d %H:%M} UTC</p>",
    ]
    for pin in items:
        parts += _pin_html(pin, number, "h2")
    parts.append("<h2>Sources</h2><ol>")
    for r in sources:
        article = str(r["article"])
        parts.append(
            f'<li id="source-{number[article]}">{h(titles.get(article, article))} — '
            f"{h(str(r.get('source') or '—'))}, {h(str(r.get('published') or 'undated'))} [{h(article)}]</li>"
        )
    parts += ["</ol>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def render_pinned(items: list[Pin], selection: Any, fmt: str) -> str:
    """The brief in md or html as `briefing export` writes it for the articles the items cite (`selection`,
    an export.Brief: dates as written, corrections, authors, notes, the stylesheet), with the analyst's items
    as its first section, citing the same source numbers."""
    from briefing.export import render

    text = render(selection, fmt)
    number = {article.id: selection.number(article.id) for article in selection.articles}
    if fmt == "md":
        section = ["## Brief", ""] + [line for pin in items for line in _pin_markdown(pin, number, "###")]
        marker = "\n## Sources\n"
    elif fmt == "html":
        section = ["<h2>Brief</h2>"] + [line for pin in items for line in _pin_html(pin, number, "h3")]
        marker = "\n<h2>Sources</h2>\n"
    else:
        raise BriefError(f"render_pinned writes md or html, not {fmt!r}")
    head, found, tail = text.partition(marker)
    if not found:
        raise BriefError(f"the {fmt} brief has no Sources section to put the items before")
    return head + "\n" + "\n".join(section).rstrip("\n") + "\n" + found + tail


def _ics(heading: str, generated: dt.datetime, items: list[Pin], number: dict[str, int]) -> str:
    from briefing.export import _fold, _ics_text

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//briefing//brief in progress//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(heading)}",
    ]
    for pin in items:
        if not pin.date:
            continue
        first_value, _, last_value = pin.date.partition("/")
        if len(first_value) != 10:
            continue
        try:
            first, last = period_bounds(first_value)[0], period_bounds(last_value or first_value)[1]
        except (ValueError, AttributeError):
            continue
        uid = hashlib.sha1(f"{pin.id}|{pin.date}".encode()).hexdigest()[:20]
        summary = ("[dates differ] " if pin.conflict else "") + pin.text[:110]
        description = "\n".join(f"[{number[str(r['article'])]}] {r.get('sentence') or ''}" for r in pin.reports)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@briefing",
            f"DTSTAMP:{generated:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
