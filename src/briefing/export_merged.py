"""Briefs with the merged timeline: one entry per happening with every citation, and conflicts shown as such.

`briefing export --merged` (and the app's brief dialog) render the brief as `briefing.export` does, with its
timeline replaced by the events of `briefing.events`: each event's date, how many independent sources
report it, its label, every report with its sentence and a citation `[n]` to its source, and, when the
sources give different dates, who says what.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any

from briefing import export
from briefing.events import MergedEvent, corpus_events
from briefing.export import Brief, ExportError
from briefing.notes import Note
from briefing.timeline import period_bounds

MERGED_FIELDS = ("date", "label", "sources", "reports", "conflict", "values", "articles", "citations")


def merged_events(brief: Brief) -> list[MergedEvent]:
    return corpus_events(brief.articles, start=brief.spec.start, end=brief.spec.end)


def _sources(event: MergedEvent) -> str:
    text = f"{event.sources} source{'s' if event.sources != 1 else ''}"
    if len(event.reports) != event.sources:
        text += f", {len(event.reports)} reports"
    return text


def _cites(brief: Brief, event: MergedEvent) -> list[int]:
    return sorted({brief.number(r.article) for r in event.reports})


def _conflict_line(brief: Brief, event: MergedEvent) -> str:
    return "; ".join(
        f"{claim.value} according to " + ", ".join(f"[{brief.number(a)}]" for a in dict.fromkeys(claim.articles))
        for claim in event.values
    )


def _notes(brief: Brief, event: MergedEvent) -> list[Note]:
    """Notes about one of the event's articles whose event date falls within the event's date."""
    out: list[Note] = []
    try:
        first, _ = period_bounds(event.date)
        _, last = period_bounds(event.range_end or event.date)
    except (ValueError, AttributeError):
        return out
    for article in dict.fromkeys(r.article for r in event.reports):
        for note in brief.notes.get(article, ()):
            if not note.event:
                continue
            try:
                day, _ = period_bounds(note.event)
            except (ValueError, AttributeError):
                continue
            if first <= day <= last:
                out.append(note)
    return out


def _splice(text: str, start_marker: str, end_marker: str, section: str) -> str:
    start = text.find(start_marker)
    end = text.find(end_marker, start + len(start_marker)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise ExportError("cannot place the merged timeline in the brief")  # the brief's layout changed
    return text[:start] + section + text[end:]


def render_markdown(brief: Brief, events: list[MergedEvent]) -> str:
    md = export._md
    out = ["## Timeline (merged: one entry per happening)", ""]
    if not events:
        out += ["No dated events in this selection.", ""]
    for event in events:
        cites = " ".join(f"[{n}]" for n in _cites(brief, event))
        flag = " · **dates differ**" if event.conflict else ""
        out.append(f"### {md(event.as_written())} · {_sources(event)}{flag}")
        out += ["", f"{md(event.sentence)} {cites}", ""]
        if event.conflict:
            out += [f"*Sources disagree on the date:* {md(_conflict_line(brief, event))}", ""]
        if len(event.reports) > 1:
            for report in event.reports:
                out.append(
                    f"- [{brief.number(report.article)}] **{md(report.mention)}** ({report.value}) — "
                    f"{md(report.sentence)}"
                )
            out.append("")
        for note in _notes(brief, event):
            out += [*export.md_note_item(note.text, bullet="- *Note:* ", indent="  "), ""]
    return _splice(export.render_markdown(brief), "## Timeline\n", "## Notes\n", "\n".join(out) + "\n")


def render_html(brief: Brief, events: list[MergedEvent]) -> str:
    h = export._h
    parts = ["<h2>Timeline (merged: one entry per happening)</h2>"]
    if not events:
        parts.append("<p>No dated events in this selection.</p>")
    for event in events:
        cites = " ".join(f'<a class="cite" href="#source-{n}">[{n}]</a>' for n in _cites(brief, event))
        flag = ' · <strong class="conflict">dates differ</strong>' if event.conflict else ""
        parts.append(f"<h3>{h(event.as_written())} · {h(_sources(event))}{flag}</h3>")
        parts.append(f"<p>{h(event.sentence)} {cites}</p>")
        if event.conflict:
            parts.append(f"<p><em>Sources disagree on the date:</em> {h(_conflict_line(brief, event))}</p>")
        if len(event.reports) > 1:
            parts.append("<ul>")
            for report in event.reports:
                n = brief.number(report.article)
                parts.append(
                    f'<li><a class="cite" href="#source-{n}">[{n}]</a> <span class="mention">{h(report.mention)}'
                    f'</span> <span class="resolved">({h(report.value)})</span> — {h(report.sentence)}</li>'
                )
            parts.append("</ul>")
        for note in _notes(brief, event):
            parts.append(f'<div class="note">Note: {h(note.text)}</div>')
    return _splice(export.render_html(brief), "<h2>Timeline</h2>", "<h2>Notes</h2>", "\n".join(parts) + "\n")


def event_rows(brief: Brief, events: list[MergedEvent]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        data = event.to_json()
        for mention, report in zip(data["mentions"], event.reports, strict=True):
            mention["title"] = brief.article(report.article).title
            mention["cite"] = brief.number(report.article)
        rows.append(data)
    return rows


def render_json(brief: Brief, events: list[MergedEvent]) -> str:
    return json.dumps(event_rows(brief, events), ensure_ascii=False, indent=2) + "\n"


def render_csv(brief: Brief, events: list[MergedEvent]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(MERGED_FIELDS), lineterminator="\n")
    writer.writeheader()
    for event in events:
        row = {
            "date": event.date if not event.range_end else f"{event.date}/{event.range_end}",
            "label": event.label,
            "sources": event.sources,
            "reports": len(event.reports),
            "conflict": "yes" if event.conflict else "no",
            "values": "; ".join(f"{c.value}: {', '.join(c.articles)}" for c in event.values),
            "articles": " ".join(dict.fromkeys(r.article for r in event.reports)),
            "citations": " ".join(f"[{n}]" for n in _cites(brief, event)),
        }
        writer.writerow({k: export._csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def render_ics(brief: Brief, events: list[MergedEvent]) -> str:
    """Events dated to a day (or a range of days) as all-day calendar events, every report in the description."""
    stamp = brief.generated.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//briefing//brief export (merged)//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{export._ics_text(brief.title)}",
    ]
    for event in events:
        if not event.resolved or event.granularity != "day":
            continue
        first = period_bounds(event.date)[0]
        last = period_bounds(event.range_end)[1] if event.range_end else first
        key = "|".join(f"{r.article}:{r.start}:{r.value}" for r in event.reports)
        uid = hashlib.sha1(key.encode()).hexdigest()[:20]
        summary = event.label if len(event.label) <= 110 else event.label[:109] + "…"
        if event.conflict:
            summary = "[dates differ] " + summary
        description = [f"{_sources(event)}."]
        if event.conflict:
            description.append("Sources disagree on the date: " + _conflict_line(brief, event) + ".")
        for report in event.reports:
            article = brief.article(report.article)
            description.append(
                f"[{brief.number(report.article)}] {report.sentence} — {article.title}, "
                f"{article.source or 'unknown source'} ({article.published or 'undated'}) [{article.id}]"
            )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@briefing",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{export._ics_text(summary)}",
            f"DESCRIPTION:{export._ics_text(chr(10).join(description))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in export._fold(line))


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json, "csv": render_csv, "ics": render_ics}


def render_merged(brief: Brief, fmt: str, events: list[MergedEvent] | None = None) -> str:
    """The brief in `fmt` with its timeline merged (the events are computed when not given)."""
    if fmt not in RENDERERS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(RENDERERS)}")
    return RENDERERS[fmt](brief, merged_events(brief) if events is None else events)
