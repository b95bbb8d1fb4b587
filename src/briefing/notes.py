"""Analyst notes: `<id>.notes.yaml` beside each article, written like a database writes a commit.

Every change is made under a lock file, re-reads the file, applies itself to what is on disk and replaces the
file atomically. A caller that edits from a copy it loaded earlier passes that copy as `base`: if the file
changed since, both sides are kept (an edit of the same note on both sides keeps both versions) and the
result says so. A malformed file is never written over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import BriefingError, NotesError, YamlProblem
from briefing.fsio import atomic_write_text, file_lock, remove_stale_temps, safe_load_yaml
from briefing.paths import NOTES_SUFFIX, article_file

KNOWN_NOTE_KEYS = ("id", "created", "updated", "tags", "quote", "event", "quote_offset", "detached", "text")
FUZZY_QUOTE_SCORE = 85.0


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    created: str | None = None
    updated: str | None = None
    tags: tuple[str, ...] = ()
    quote: str | None = None
    event: str | None = None
    quote_offset: int | None = None
    detached: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def as_yaml_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        if self.created:
            data["created"] = self.created
        if self.updated:
            data["updated"] = self.updated
        data["tags"] = list(self.tags)
        if self.quote is not None:
            data["quote"] = self.quote
        if self.event:
            data["event"] = self.event
        if self.quote_offset is not None:
            data["quote_offset"] = self.quote_offset
        if self.detached:
            data["detached"] = True
        for key, value in self.extra.items():
            data.setdefault(key, value)
        data["text"] = self.text
        return data


@dataclass(frozen=True)
class NotesFile:
    """The notes of one article as read from disk; `digest` identifies the exact bytes read."""

    article: str
    notes: tuple[Note, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    digest: str | None = None
    path: Path | None = field(default=None, compare=False)

    def get(self, note_id: str) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)

    def newest_first(self) -> list[Note]:
        return sorted(self.notes, key=lambda n: (n.updated or n.created or "", n.id), reverse=True)


@dataclass(frozen=True)
class SaveResult:
    notes: NotesFile
    note_id: str | None = None
    merged: bool = False
    conflicts: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        if self.conflicts:
            return (
                "the notes file changed on disk meanwhile; both versions of " + ", ".join(self.conflicts) + " were kept"
            )
        if self.merged:
            return "the notes file changed on disk meanwhile; the changes were merged"
        return "saved"


# ---------------------------------------------------------------------------------------------- paths, time, ids
def notes_path(corpus: Path, article_id: str) -> Path:
    """Where an article's notes live; an id that would leave the corpus folder is refused."""
    try:
        return article_file(Path(corpus), article_id, NOTES_SUFFIX)
    except BriefingError as exc:
        raise NotesError(str(exc)) from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_note_id(moment: dt.datetime | None = None) -> str:
    moment = moment or _now()
    return f"{moment.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(2)}"


# ---------------------------------------------------------------------------------------------- reading
def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _stamp(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse_note(raw: Any, name: str, index: int) -> Note:
    where = f"{name}: note {index + 1}"
    if not isinstance(raw, dict):
        raise NotesError(f"{where} is not a mapping of keys to values")
    text = raw.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str | int | float):
        raise NotesError(f"{where}: 'text' must be text")
    tags = raw.get("tags")
    if tags is None or tags == "":
        tags = []
    if isinstance(tags, str | int | float):  # one word, a number, or "a, b": never split into letters
        tags = [t.strip() for t in str(tags).split(",")]
    if not isinstance(tags, list) or any(isinstance(t, list | dict) for t in tags):
        raise NotesError(f"{where}: 'tags' must be a list of words or a comma-separated text")
    note_id = raw.get("id")
    if note_id is None:
        # a note added by hand without an id gets a stable one from its content
        note_id = "h-" + hashlib.sha1(f"{raw.get('created')}|{text}".encode()).hexdigest()[:10]
    offset = raw.get("quote_offset")
    return Note(
        id=str(note_id),
        text=str(text),
        created=_as_text(raw.get("created")),
        updated=_as_text(raw.get("updated")),
        tags=tuple(str(t) for t in tags if str(t).strip()),
        quote=_as_text(raw.get("quote")),
        event=_as_text(raw.get("event")),
        quote_offset=offset if isinstance(offset, int) and offset >= 0 else None,
        detached=bool(raw.get("detached", False)),
        extra={k: v for k, v in raw.items() if k not in KNOWN_NOTE_KEYS},
    )


def parse_notes(text: str, path: Path, article_id: str) -> NotesFile:
    name = path.name
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        data = safe_load_yaml(text)
    except YamlProblem as exc:
        raise NotesError(f"{name}: {exc} (fix the file by hand; briefing will not overwrite it)") from None
    if data is None:
        return NotesFile(article=article_id, digest=digest, path=path)
    if not isinstance(data, dict):
        raise NotesError(f"{name}: the file must be a mapping with 'article' and 'notes'")
    raw_notes = data.get("notes") or []
    if not isinstance(raw_notes, list):
        raise NotesError(f"{name}: 'notes' must be a list")
    notes = tuple(_parse_note(raw, name, i) for i, raw in enumerate(raw_notes))
    ids = [n.id for n in notes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise NotesError(f"{name}: note id {duplicates[0]!r} is used twice")
    article = data.get("article", article_id)
    if str(article) != article_id:
        raise NotesError(f"{name}: it says it belongs to article {article!r}, not {article_id!r}")
    extra = {k: v for k, v in data.items() if k not in ("article", "notes")}
    return NotesFile(article=article_id, notes=notes, extra=extra, digest=digest, path=path)


def load_notes(corpus: Path, article_id: str) -> NotesFile:
    """The notes of an article (an empty NotesFile when it has none). A broken file raises NotesError."""
    path = notes_path(corpus, article_id)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return NotesFile(article=article_id, path=path)
    except OSError as exc:
        raise NotesError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotesError(f"{path.name}: not UTF-8 (byte {exc.start})") from None
    return parse_notes(text, path, article_id)


# ---------------------------------------------------------------------------------------------- writing
class _Dumper(yaml.SafeDumper):
    """Multi-line text as block scalars, so the file reads well and edits well by hand."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def render_notes(notes_file: NotesFile) -> str:
    data: dict[str, Any] = {"article": notes_file.article, "notes": [n.as_yaml_data() for n in notes_file.notes]}
    for key, value in notes_file.extra.items():
        data.setdefault(key, value)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside the notes file, held while reading, merging and writing it."""
    with file_lock(path.with_name(f".{path.name}.lock")):
        yield


def _commit(
    corpus: Path,
    article_id: str,
    change: Any,
    base: NotesFile | None,
) -> SaveResult:
    """Apply `change(current, base) -> (new NotesFile, note_id, conflicts)` to the file on disk, atomically."""
    path = notes_path(corpus, article_id)
    if not path.parent.is_dir():
        raise NotesError(f"{path.parent}: no such corpus folder")
    try:
        return _commit_locked(path, corpus, article_id, change, base)
    except OSError as exc:  # a full disk, a read-only corpus: the file on disk is as it was
        problem = exc.strerror or str(exc)
        raise NotesError(f"{path.name}: not saved, cannot write ({problem}); the file is unchanged") from None


def _commit_locked(path: Path, corpus: Path, article_id: str, change: Any, base: NotesFile | None) -> SaveResult:
    with _locked(path):
        remove_stale_temps(path)  # a writer killed mid-write left its temporary file; the lock says it is gone
        current = load_notes(corpus, article_id)  # raises on a broken file: it is then left untouched
        merged = base is not None and base.digest != current.digest
        updated, note_id, conflicts = change(current, base if merged else None)
        if updated.notes == current.notes and updated.extra == current.extra and current.digest is not None:
            return SaveResult(current, note_id, merged, tuple(conflicts))
        text = render_notes(updated)
        atomic_write_text(path, text)
        final = replace(updated, digest=hashlib.sha256(text.encode("utf-8")).hexdigest(), path=path)
    return SaveResult(final, note_id, merged, tuple(conflicts))


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out = []
    for tag in tags:
        for part in str(tag).split(","):
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part)
    return tuple(out)


def add_note(
    corpus: Path,
    article_id: str,
    text: str,
    *,
    tags: Iterable[str] = (),
    quote: str | None = None,
    event: str | None = None,
    body: str | None = None,
    base: NotesFile | None = None,
    now: dt.datetime | None = None,
) -> SaveResult:
    """Add a note; `body` (the article text) anchors the quote to its place in the article."""
    if not text.strip():
        raise NotesError("a note needs some text")
    if event:
        from briefing.dates import normalise_partial

        try:
            event = normalise_partial(event, "event date")
        except BriefingError as exc:
            raise NotesError(str(exc)) from None
    moment = now or _now()
    stamp = _stamp(moment)
    note = Note(
        id=new_note_id(moment),
        text=text,
        created=stamp,
        updated=stamp,
        tags=_clean_tags(tags),
        quote=" ".join(quote.split()) if quote else None,
        event=event,
    )
    if note.quote and body is not None:
        note = _anchored_or_refused(note, body, article_id)

    def change(current: NotesFile, _base: NotesFile | None) -> tuple[NotesFile, str, list[str]]:
        taken = {n.id for n in current.notes}
        new = note
        while new.id in taken:
            new = replace(new, id=new_note_id(moment))
        return replace(current, notes=current.notes + (new,)), new.id, []

    return _commit(corpus, article_id, change, base)


def edit_note(
    corpus: Path,
    article_id: str,
    note_id: str,
    *,
    text: str | None = None,
    tags: Iterable[str] | None = None,
    quote: str | None = None,
    event: str | None = None,
    body: str | None = None,
    base: NotesFile | None = None,
    now: dt.datetime | None = None,
) -> SaveResult:
    """Change a note. If the file changed since `base` and that note too, both versions are kept. `body` (the
    article text) anchors a changed quote, and refuses one that is not in the article."""
    stamp = _stamp(now or _now())
    if event:
        from briefing.dates import normalise_partial

        try:
            event = normalise_partial(event, "event date")
        except BriefingError as exc:
            raise NotesError(str(exc)) from None

    def change(current: NotesFile, base_copy: NotesFile | None) -> tuple[NotesFile, str, list[str]]:
        on_disk = current.get(note_id)
        origin = base_copy.get(note_id) if base_copy is not None else on_disk
        if origin is None:
            raise NotesError(f"no note {note_id!r} on article {article_id!r}")
        edited = replace(
            origin,
            text=text if text is not None else origin.text,
            tags=_clean_tags(tags) if tags is not None else origin.tags,
            quote=(" ".join(quote.split()) or None) if quote is not None else origin.quote,
            event=(event or None) if event is not None else origin.event,
            updated=stamp,
        )
        if edited.quote is None:  # no quote, nothing anchored
            edited = replace(edited, quote_offset=None, detached=False)
        elif edited.quote != origin.quote and body is not None:
            edited = _anchored_or_refused(edited, body, article_id)
        if on_disk is None:  # deleted on disk meanwhile: the edit brings it back rather than losing it
            return replace(current, notes=current.notes + (edited,)), note_id, [note_id]
        if base_copy is not None and on_disk != origin:
            copy = replace(
                edited, id=f"{note_id}-conflict-{secrets.token_hex(2)}", extra={**edited.extra, "conflict_of": note_id}
            )
            return replace(current, notes=current.notes + (copy,)), copy.id, [note_id]
        notes = tuple(edited if n.id == note_id else n for n in current.notes)
        return replace(current, notes=notes), note_id, []

    return _commit(corpus, article_id, change, base)


def delete_note(corpus: Path, article_id: str, note_id: str, *, base: NotesFile | None = None) -> SaveResult:
    """Remove a note. If someone changed it on disk since `base`, it is kept and the result says so."""

    def change(current: NotesFile, base_copy: NotesFile | None) -> tuple[NotesFile, str, list[str]]:
        on_disk = current.get(note_id)
        if on_disk is None:
            if base_copy is None or base_copy.get(note_id) is None:
                raise NotesError(f"no note {note_id!r} on article {article_id!r}")
            return current, note_id, []
        if base_copy is not None and base_copy.get(note_id) not in (None, on_disk):
            return current, note_id, [note_id]
        return replace(current, notes=tuple(n for n in current.notes if n.id != note_id)), note_id, []

    return _commit(corpus, article_id, change, base)


# ---------------------------------------------------------------------------------------------- quotes
def anchor_note(note: Note, body: str) -> Note:
    """Find the note's quote in the body: exactly, else by fuzzy match; if it is gone, mark it detached."""
    if not note.quote:
        return note
    quote = note.quote
    if note.quote_offset is not None and body[note.quote_offset : note.quote_offset + len(quote)] == quote:
        return replace(note, detached=False)
    position = body.find(quote)
    if position < 0:
        position = find_loosely(body, quote)
    if position is None or position < 0:
        return replace(note, quote_offset=None, detached=True)
    return replace(note, quote_offset=position, detached=False)


def _anchored_or_refused(note: Note, body: str, article_id: str) -> Note:
    """A quote being given to a note must be found in the article: a note is detached only when the passage
    it quoted has gone from a later version of the article, never because it was not there to begin with."""
    anchored = anchor_note(replace(note, quote_offset=None), body)
    if anchored.detached:
        quote = note.quote or ""
        shown = quote if len(quote) <= 80 else quote[:79] + "…"
        raise NotesError(
            f"quote {shown!r} is not in article {article_id}: the note is not saved "
            "(quote a passage of the article, or leave the quote out)"
        )
    return anchored


def find_loosely(body: str, quote: str) -> int | None:
    """Where the quote is, allowing for changed whitespace, punctuation or a few words (rapidfuzz)."""
    folded_body = " ".join(body.split())
    if " ".join(quote.split()) in folded_body:
        words = quote.split()
        match = re.search(r"\s+".join(re.escape(w) for w in words), body)
        if match:
            return match.start()
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(quote, body, score_cutoff=FUZZY_QUOTE_SCORE)
    if alignment is None:
        return None
    return alignment.dest_start


def reanchor(corpus: Path, article_id: str, body: str) -> SaveResult | None:
    """After an article's body changed, find every quoted passage again. Returns None when there are no notes.

    A broken notes file is left as it is (NotesError); a quote that is gone marks its note detached.
    """
    path = notes_path(corpus, article_id)
    if not path.exists():
        return None

    def change(current: NotesFile, _base: NotesFile | None) -> tuple[NotesFile, None, list[str]]:
        notes = tuple(anchor_note(n, body) if n.quote else n for n in current.notes)
        return replace(current, notes=notes), None, []

    return _commit(corpus, article_id, change, None)


# ---------------------------------------------------------------------------------------------- listing, index
@dataclass(frozen=True)
class ListedNote:
    article_id: str
    note: Note


def all_notes(corpus: Path, article_ids: Iterable[str] | None = None) -> tuple[list[ListedNote], list[str]]:
    """Every note of the corpus (or of some articles), newest first, and a one-line error per broken file."""
    corpus = Path(corpus)
    if article_ids is None:
        article_ids = sorted(p.name[: -len(NOTES_SUFFIX)] for p in corpus.glob(f"*{NOTES_SUFFIX}"))
    listed: list[ListedNote] = []
    errors: list[str] = []
    for article_id in article_ids:
        try:
            notes_file = load_notes(corpus, article_id)
        except NotesError as exc:
            errors.append(str(exc))
            continue
        listed.extend(ListedNote(article_id, note) for note in notes_file.notes)
    listed.sort(key=lambda item: (item.note.updated or item.note.created or "", item.note.id), reverse=True)
    return listed, errors


def index_text(corpus: Path, article_id: str) -> tuple[str, bool]:
    """The words the search index keeps for an article's notes: their text, tags and quotes."""
    notes_file = load_notes(corpus, article_id)
    parts = []
    for note in notes_file.notes:
        parts.append(note.text)
        parts.extend(note.tags)
        if note.quote:
            parts.append(note.quote)
    return "\n".join(parts), bool(notes_file.notes)
