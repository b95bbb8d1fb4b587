"""Briefs: a written briefing (sources, merged timeline, notes) and the timeline as data (JSON, CSV, iCalendar).

Every event and quote is traceable: each event cites its article by number, and the data formats carry the
article id and the character offsets of the mention.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from briefing.clean_blocks import fence, preformatted_spans
from briefing.corpus import Article, get_article, load_corpus, newest_first
from briefing.dates import check_range, normalise_partial
from briefing.errors import BriefingError, NotesError, YamlProblem
from briefing.fsio import atomic_write_text, make_folders, safe_load_yaml, unmake_folders
from briefing.notes import Note, load_notes
from briefing.paths import is_valid_id
from briefing.timeline import DateGroup, Event, corpus_timeline, format_period, period_bounds
from briefing.wording import plural

FORMATS = ("md", "html", "json", "csv", "ics")
EVENT_FIELDS = (
    "date",
    "range_end",
    "granularity",
    "article",
    "title",
    "source",
    "sentence",
    "mention",
    "start",
    "end",
    "basis",
    "confidence",
    "explanation",
)


class ExportError(BriefingError):
    """A brief that cannot be made or written."""


@dataclass(frozen=True)
class BriefSpec:
    """What a brief covers: a search query and/or article ids, and a date window for the timeline."""

    title: str | None = None
    query: str | None = None
    ids: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    stated_only: bool = False  # only the dates the sources state in full

    def describe(self) -> str:
        parts = []
        if self.query:
            parts.append(f"query “{self.query}”")
        if self.ids:
            parts.append("articles " + ", ".join(self.ids))
        if self.start or self.end:
            parts.append(f"events {self.start or '…'} to {self.end or '…'}")
        if self.stated_only:
            parts.append("stated dates only")
        return "; ".join(parts) if parts else "all articles"


@dataclass(frozen=True)
class Brief:
    title: str
    generated: dt.datetime
    spec: BriefSpec
    articles: tuple[Article, ...]
    groups: tuple[DateGroup, ...]
    notes: dict[str, tuple[Note, ...]] = field(default_factory=dict)
    note_errors: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # corpus files that could not be read, so the brief does not cover them

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.articles, start=1)}

    def number(self, article_id: str) -> int:
        return self._numbers[article_id]

    def article(self, article_id: str) -> Article:
        return self.articles[self._numbers[article_id] - 1]

    def events(self) -> list[Event]:
        return [event for group in self.groups for event in group.events]

    @cached_property
    def attached_notes(self) -> dict[int, list[Note]]:
        """Each note with an event date, under the event it is about (keyed by the event's id()): of the
        article's events on that date, the one whose sentence holds the note's quote, else the first."""
        by_day: dict[tuple[str, str], list[Event]] = {}
        for event in self.events():
            by_day.setdefault((event.article_id, event.date), []).append(event)
        attached: dict[int, list[Note]] = {}
        for article_id, notes in self.notes.items():
            for note in notes:
                same_day = by_day.get((article_id, note.event or ""), [])
                if not note.event or not same_day:
                    continue
                holder = next((e for e in same_day if note.quote and _holds(e, note)), same_day[0])
                attached.setdefault(id(holder), []).append(note)
        return attached


# ---------------------------------------------------------------------------------------------- building
def _check_spec(spec: BriefSpec) -> BriefSpec:
    start = normalise_partial(spec.start, "--from") if spec.start else None
    end = normalise_partial(spec.end, "--to") if spec.end else None
    check_range(start, end)
    for article_id in spec.ids:
        if not is_valid_id(article_id):
            raise ExportError(f"invalid article id {article_id!r}")
    return BriefSpec(spec.title, spec.query, spec.ids, start, end, spec.stated_only)


def select_articles(
    corpus: Path, index_dir: Path, spec: BriefSpec, skipped: list[str] | None = None, engine: str = "whoosh"
) -> list[Article]:
    """The articles a brief covers: those the query finds (all when there is none), narrowed to the ids.

    The corpus files that cannot be read are appended to `skipped` (one line each), so callers can say so.
    """
    if spec.query and spec.query.strip():
        from briefing.search import SearchIndex

        with SearchIndex(corpus, index_dir, engine=engine) as index:
            index.update()
            found = index.search(spec.query, limit=100_000, snippets=False, exact_count=True)
        wanted = [hit.id for hit in found.hits]
        articles = [get_article(corpus, article_id) for article_id in wanted]
    elif spec.ids:
        articles = [get_article(corpus, article_id) for article_id in spec.ids]
    else:
        loaded = load_corpus(corpus)
        articles = list(loaded.articles)
        if skipped is not None:
            skipped.extend(str(error) for error in loaded.errors)
    if spec.ids:
        keep = set(spec.ids)
        articles = [a for a in articles if a.id in keep]
    return newest_first(articles)


def build_brief(
    corpus: Path, index_dir: Path, spec: BriefSpec, now: dt.datetime | None = None, engine: str = "whoosh"
) -> Brief:
    spec = _check_spec(spec)
    skipped: list[str] = []
    articles = select_articles(corpus, index_dir, spec, skipped, engine)
    if not articles:
        raise ExportError(f"nothing to export: no article matches {spec.describe()}")
    groups = corpus_timeline(articles, start=spec.start, end=spec.end, stated_only=spec.stated_only)
    notes: dict[str, tuple[Note, ...]] = {}
    errors: list[str] = []
    for article in articles:
        try:
            article_notes = load_notes(corpus, article.id).notes
        except NotesError as exc:
            errors.append(str(exc))
            continue
        if article_notes:
            notes[article.id] = tuple(sorted(article_notes, key=lambda n: (n.created or "", n.id)))
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    title = spec.title or (f"Brief: {spec.query}" if spec.query else "Brief")
    return Brief(title, generated, spec, tuple(articles), tuple(groups), notes, tuple(errors), tuple(skipped))


def _notes_on(brief: Brief, event: Event) -> list[Note]:
    return brief.attached_notes.get(id(event), [])


def _holds(event: Event, note: Note) -> bool:
    if note.quote_offset is not None and not note.detached:
        return event.sentence_start <= note.quote_offset < event.sentence_end
    return bool(note.quote) and " ".join(note.quote.split()) in event.sentence


# ---------------------------------------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
# What makes a line Markdown structure when it starts it: a rule or setext underline (---, ===), a list item
# (-, +, 1. or 1)), so that a note line "---" never turns the line above it into a heading.
_MD_LINE_START = re.compile(r"^(?:[-+=]|(\d+)[.)])")


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group()[-1]}" if m.group(1) else f"\\{m.group()}", escaped)


# A CommonMark hard line break: a note's lines stay lines instead of running into one.
_MD_BREAK = "  \n"


def _md_paragraphs(text: str, indent: str) -> list[str]:
    """A note's text as Markdown lines: each line kept (hard breaks), blank lines between paragraphs."""
    paragraphs = [[_md(line) for line in block.split("\n") if line.strip()] for block in re.split(r"\n\s*\n", text)]
    out: list[str] = []
    for lines in (p for p in paragraphs if p):
        if out:
            out.append("")
        out += [f"{indent}{line}" for line in _MD_BREAK.join(lines).split("\n")]
    return out


def md_note_item(text: str, bullet: str, indent: str) -> list[str]:
    """A note as a list item: `bullet` before its first line, its other lines indented under the item."""
    lines = _md_paragraphs(text, indent) or [indent]
    return [bullet + lines[0][len(indent) :], *lines[1:]]


def _table_row(brief: Brief, event: Event) -> str | None:
    """The event's row as the article writes it, when the event comes from a preformatted block (a table)."""
    body = brief.article(event.article_id).body
    for start, end in preformatted_spans(body):
        if start <= event.sentence_start < end:
            return body[event.sentence_start : event.sentence_end].strip("\n")
    return None


def _approx(event: Event) -> str:
    """'≈' before a date that was inferred rather than stated or completed from a known publication date."""
    return "≈" if event.basis == "inferred" else ""


def render_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {_md(brief.title)}", ""]
    out.append(
        f"Generated {brief.generated:%Y-%m-%d %H:%M} UTC by briefing · {plural(len(brief.articles), 'article')}"
        f" · {_md(brief.spec.describe())}"
    )
    out += ["", "## Sources", "", "| # | Title | Source | Author | Published |", "|---|---|---|---|---|"]
    for number, article in enumerate(brief.articles, start=1):
        out.append(
            f"| [{number}] | {_md(article.title)} | {_md(article.source or '—')} | {_md(article.author or '—')} "
            f"| {article.published or 'undated'} |"
        )
    out += ["", "## Timeline", ""]
    if not brief.groups:
        out.append("No dated events in this selection.")
    for group in brief.groups:
        heading = group.heading()
        out += [f"### {heading}", ""]
        for event in group.events:
            resolved = _approx(event) + format_period(event.date, event.granularity, event.range_end)
            row, cite = _table_row(brief, event), brief.number(event.article_id)
            if row is None:
                out.append(f"- **{_md(event.mention)}** ({resolved}) — {_md(event.sentence)} [{cite}]")
            else:  # a row of a table the article keeps line for line: fenced, aligned as in the article
                out += [f"- **{_md(event.mention)}** ({resolved}) [{cite}]", ""]
                out += [f"  {line}" for line in fence(row).split("\n")] + [""]
            if event.basis == "corrected":
                out.append(f"  - *Date corrected:* {_md(event.explanation)}")
            for note in _notes_on(brief, event):
                out += md_note_item(note.text, bullet="  - *Note:* ", indent="    ")
        out.append("")
    out += ["## Notes", ""]
    if not brief.notes:
        out += ["No notes on these articles.", ""]
    for article in brief.articles:
        notes = brief.notes.get(article.id)
        if not notes:
            continue
        out += [f"### [{brief.number(article.id)}] {_md(article.title)}", ""]
        for note in notes:
            meta = [(note.created or "")[:10]]
            if note.tags:
                meta.append(" ".join(f"#{_md(t)}" for t in note.tags))
            if note.event:
                meta.append(f"event {note.event}")
            out.append(f"- {' · '.join(m for m in meta if m)}")
            if note.quote:
                detached = " *(no longer found in the article)*" if note.detached else ""
                out += [f"  > {_md(note.quote)}{detached}", ""]  # the blank line ends the quote
            out += _md_paragraphs(note.text, indent="  ")
        out.append("")
    for error in brief.note_errors:
        out += [f"*Notes left out: {_md(error)}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------- HTML
_CSS = """
body { font: 15px/1.5 Georgia, 'Times New Roman', serif; max-width: 52em; margin: 2em auto; color: #111; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; color: #234; }
.meta { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
ul { padding-left: 1.2em; } li { margin: 0.25em 0; }
.mention { font-weight: bold; } .resolved { color: #555; } .cite { color: #234; font-size: 0.85em; }
.note { background: #f4f1e8; border-left: 3px solid #b9a36b; padding: 0.2em 0.6em; margin: 0.3em 0; }
blockquote { margin: 0.3em 0 0.3em 1em; font-style: italic; color: #333; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; }
  h3 { break-after: avoid; } li, .note, tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_link(url: str) -> bool:
    """Only web and mail links become clickable: never javascript:, data:, file: or a scheme-relative //host."""
    return re.match(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]*$", url, re.IGNORECASE) is not None


def render_html(brief: Brief) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(brief.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(brief.title)}</h1>",
        f'<p class="meta">Generated {brief.generated:%Y-%m-%d %H:%M} UTC by briefing · '
        f"{plural(len(brief.articles), 'article')} · {_h(brief.spec.describe())}</p>",
        "<h2>Sources</h2>",
        "<table><thead><tr><th>#</th><th>Title</th><th>Source</th><th>Author</th><th>Published</th></tr></thead>",
        "<tbody>",
    ]
    for number, article in enumerate(brief.articles, start=1):
        title = _h(article.title)
        if article.url and _safe_link(article.url):
            title = f'<a href="{_h(article.url)}">{title}</a>'
        parts.append(
            f'<tr id="source-{number}"><td>[{number}]</td><td>{title}</td><td>{_h(article.source or "—")}</td>'
            f"<td>{_h(article.author or '—')}</td><td>{_h(article.published or 'undated')}</td></tr>"
        )
    parts += ["</tbody></table>", "<h2>Timeline</h2>"]
    if not brief.groups:
        parts.append("<p>No dated events in this selection.</p>")
    for group in brief.groups:
        heading = group.heading()
        parts += [f"<h3>{_h(heading)}</h3>", "<ul>"]
        for event in group.events:
            number = brief.number(event.article_id)
            resolved = _approx(event) + format_period(event.date, event.granularity, event.range_end)
            row = _table_row(brief, event)
            sentence = f"<pre>{_h(row)}</pre>" if row is not None else _h(event.sentence)
            item = (
                f'<li><span class="mention">{_h(event.mention)}</span> '
                f'<span class="resolved">({_h(resolved)})</span> — {sentence} '
                f'<a class="cite" href="#source-{number}">[{number}]</a>'
            )
            if event.basis == "corrected":
                item += f'<div class="corrected">Date corrected: {_h(event.explanation)}</div>'
            for note in _notes_on(brief, event):
                item += f'<div class="note">Note: {_h(note.text)}</div>'
            parts.append(item + "</li>")
        parts.append("</ul>")
    parts.append("<h2>Notes</h2>")
    if not brief.notes:
        parts.append("<p>No notes on these articles.</p>")
    for article in brief.articles:
        notes = brief.notes.get(article.id)
        if not notes:
            continue
        parts.append(f"<h3>[{brief.number(article.id)}] {_h(article.title)}</h3>")
        for note in notes:
            meta = [(note.created or "")[:10], " ".join(f"#{t}" for t in note.tags)]
            if note.event:
                meta.append(f"event {note.event}")
            block = f'<div class="note"><div class="meta">{_h(" · ".join(m for m in meta if m))}</div>'
            if note.quote:
                detached = " (no longer found in the article)" if note.detached else ""
                block += f"<blockquote>{_h(note.quote)}{_h(detached)}</blockquote>"
            block += "".join(f"<p>{_h(p)}</p>" for p in note.text.strip().split("\n\n")) + "</div>"
            parts.append(block)
    for error in brief.note_errors:
        parts.append(f"<p><em>Notes left out: {_h(error)}</em></p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------------------------- data
def event_rows(brief: Brief) -> list[dict[str, Any]]:
    rows = []
    for event in brief.events():
        article = brief.article(event.article_id)
        rows.append(
            {
                "date": event.date,
                "range_end": event.range_end,
                "granularity": event.granularity,
                "article": event.article_id,
                "title": article.title,
                "source": article.source,
                "sentence": event.sentence,
                "mention": event.mention,
                "start": event.start,
                "end": event.end,
                "basis": event.basis,
                "confidence": event.confidence,
                "explanation": event.explanation,
            }
        )
    return rows


def render_json(brief: Brief) -> str:
    return json.dumps(event_rows(brief), ensure_ascii=False, indent=2) + "\n"


def render_csv(brief: Brief) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EVENT_FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in event_rows(brief):
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    """OWASP's rule against formula injection: a text cell that a spreadsheet would read as a formula
    (=, +, -, @, tab, carriage return first) starts with a quote, so it is shown as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _ics_text(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines of at most 75 octets, continued with a leading space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def render_ics(brief: Brief) -> str:
    """Dated events as all-day calendar events; periods longer than a day-range (months, years) are left out."""
    stamp = brief.generated.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//briefing//brief export//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(brief.title)}",
    ]
    for event in brief.events():
        if not event.resolved or event.granularity != "day":
            continue
        first = period_bounds(event.date)[0]
        last = period_bounds(event.range_end)[1] if event.range_end else first
        article = brief.article(event.article_id)
        uid = hashlib.sha1(f"{event.article_id}|{event.start}|{event.date}".encode()).hexdigest()[:20]
        summary = event.sentence if len(event.sentence) <= 120 else event.sentence[:119] + "…"
        description = f"{event.sentence}\n\n{article.title} — {article.source or 'unknown source'}"
        description += f" ({article.published or 'undated'}) [{article.id}]"
        if event.basis == "corrected":
            description += f"\n\nDate corrected: {event.explanation}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@briefing",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json, "csv": render_csv, "ics": render_ics}


def render(brief: Brief, fmt: str) -> str:
    if fmt not in RENDERERS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    return RENDERERS[fmt](brief)


def write_output(path: Path, text: str, *, force: bool = False) -> tuple[Path, ...]:
    """Write an export to `path`, atomically; the folders missing on the way are made, and returned (outermost
    first) so that the user is told. A failure is one ExportError naming the file or the folder at fault, and
    leaves nothing behind: neither a part of the file nor a folder made for it."""
    if path.exists() and not force:
        raise ExportError(f"{path} exists already (use --force to overwrite it)")
    if path.exists() and path.is_dir():
        raise ExportError(f"{path} is a folder")
    try:
        made = make_folders(path.parent)
    except NotADirectoryError as exc:
        raise ExportError(f"cannot write {path}: {exc.filename} is a file, not a folder") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: cannot make folder {exc.filename} ({exc.strerror or exc})") from None
    try:
        atomic_write_text(path, text)
    except BaseException as exc:
        unmake_folders(made)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return made


def folders_made(folders: tuple[Path, ...]) -> str:
    """What the user is told of the folders `write_output` made ('' when it made none)."""
    if not folders:
        return ""
    if len(folders) == 1:
        return f"created folder {folders[0]}"
    return "created folders " + ", ".join(str(folder) for folder in folders)


# ---------------------------------------------------------------------------------------------- saved briefs
def briefs_dir(corpus: Path) -> Path:
    return Path(corpus).parent / "briefs"


def _brief_path(corpus: Path, name: str) -> Path:
    if not is_valid_id(name):
        raise ExportError(f"brief name {name!r}: use lowercase letters, digits and '-'")
    return briefs_dir(corpus) / f"{name}.yaml"


def save_brief(corpus: Path, name: str, spec: BriefSpec, *, force: bool = False) -> Path:
    spec = _check_spec(spec)
    path = _brief_path(corpus, name)
    data: dict[str, Any] = {"title": spec.title or name, "query": spec.query or "", "ids": list(spec.ids)}
    data["from"] = spec.start or ""
    data["to"] = spec.end or ""
    if spec.stated_only:
        data["stated_only"] = True
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    write_output(path, text, force=force)
    return path


def load_brief(corpus: Path, name: str) -> BriefSpec:
    path = _brief_path(corpus, name)
    try:
        data = safe_load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(list_briefs(corpus)) or "none saved yet"
        raise ExportError(f"no saved brief {name!r} in {briefs_dir(corpus)} ({known})") from None
    except YamlProblem as exc:
        raise ExportError(f"{path.name}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path.name}: cannot read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ExportError(f"{path.name}: expected title, query, ids, from, to")
    ids = data.get("ids") or []
    if isinstance(ids, str):
        ids = [i.strip() for i in ids.split(",") if i.strip()]
    if not isinstance(ids, list):
        raise ExportError(f"{path.name}: 'ids' must be a list")
    spec = BriefSpec(
        title=str(data["title"]) if data.get("title") else name,
        query=str(data["query"]) if data.get("query") else None,
        ids=tuple(str(i) for i in ids),
        start=str(data["from"]) if data.get("from") else None,
        end=str(data["to"]) if data.get("to") else None,
        stated_only=data.get("stated_only") is True,
    )
    try:
        return _check_spec(spec)
    except BriefingError as exc:
        raise ExportError(f"{path.name}: {exc}") from None


def list_briefs(corpus: Path) -> list[str]:
    folder = briefs_dir(corpus)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def merge_specs(saved: BriefSpec, override: BriefSpec) -> BriefSpec:
    """Command-line values win over a saved brief's."""
    return BriefSpec(
        title=override.title or saved.title,
        query=override.query or saved.query,
        ids=override.ids or saved.ids,
        start=override.start or saved.start,
        end=override.end or saved.end,
        stated_only=override.stated_only or saved.stated_only,
    )


def parse_ids(value: str | None) -> tuple[str, ...]:
    return tuple(i.strip() for i in (value or "").split(",") if i.strip())
