"""The use cases both shells call: the CLI (`briefing.cli`) and the app (`briefing.ui`) are thin layers over these.

Every call takes plain values, returns frozen dataclasses (or core records), raises one-line `BriefingError`s
and never prints: what a shell shows, and how, is the shell's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.corpus import Article, get_article, slugify
from briefing.errors import BriefingError
from briefing.index_home import check_index, claim_index
from briefing.notes import Note, NotesFile, SaveResult, add_note, edit_note, load_notes
from briefing.notes import delete_note as remove_note
from briefing.paths import Paths
from briefing.safetext import json_terminal_safe, terminal_safe

if TYPE_CHECKING:  # the search engine, the tagger and the exporter load when a use case needs them (`list` is quick)
    from briefing.brief import BriefInProgress
    from briefing.export import Brief, BriefSpec
    from briefing.search import SearchHit, SearchIndex, UpdateReport
    from briefing.timeline import ArticleTimeline, Event


# ---------------------------------------------------------------------------------------------- the index
# Articles past which Whoosh falls short: its first build takes minutes (120-300 articles/s) and its query
# times grow with the corpus, where tantivy builds thousands of articles a second and answers in milliseconds
LARGE_FOR_WHOOSH = 50_000


def engine_advice(engine: str, article_count: int) -> str | None:
    """What to tell the analyst whose corpus has outgrown the engine in use (None when it has not)."""
    if engine != "whoosh" or article_count < LARGE_FOR_WHOOSH:
        return None
    return (
        f"This corpus has {article_count:,} articles: past {LARGE_FOR_WHOOSH:,}, Whoosh is slow to build and to "
        "search. The tantivy engine is made for this size: pip install 'briefing[tantivy]', then "
        "`engine: tantivy` in the config file or `briefing --engine tantivy`."
    )


@dataclass(frozen=True)
class IndexRefresh:
    """What `refresh_index` did: the update's report, or the one-line reason the index was left as it is.

    `report` is None when there was no index to refresh (it is built on first use) or when it failed.
    """

    report: UpdateReport | None = None
    problem: str | None = None


def refresh_index(paths: Paths, only: Iterable[str] | None = None) -> IndexRefresh:
    """Keep the search index in step after a change; an index problem is reported, never raised.

    `only` limits the work to some article ids (after a note is saved, the note is re-read, not the timeline).
    """
    from briefing.search import SearchIndex

    if not paths.index.exists():
        return IndexRefresh()
    try:
        check_index(paths.corpus, paths.index, paths.engine)  # another corpus's index is never read or overwritten
        with SearchIndex(paths.corpus, paths.index, engine=paths.engine) as index:
            refreshed = IndexRefresh(report=index.update(only=list(only) if only is not None else None))
        claim_index(paths.corpus, paths.index)
        return refreshed
    except BriefingError as exc:
        return IndexRefresh(problem=f"index not updated: {exc}")
    except OSError as exc:
        return IndexRefresh(problem=f"index not updated: {exc.strerror or exc} ({paths.index})")


def _update(paths: Paths, index: SearchIndex | None, only: Iterable[str]) -> IndexRefresh:
    """Re-index some articles through the shell's open index (the app's), else through a fresh one (the CLI's)."""
    if index is None:
        return refresh_index(paths, only=only)
    try:
        return IndexRefresh(report=index.update(only=list(only)))
    except BriefingError as exc:
        return IndexRefresh(problem=f"index not updated: {exc}")
    except OSError as exc:
        return IndexRefresh(problem=f"index not updated: {exc.strerror or exc} ({paths.index})")


# ---------------------------------------------------------------------------------------------- articles
@dataclass(frozen=True)
class OpenedArticle:
    """An article as a reader opens it: the text, its timeline, its notes (or why they could not be read)."""

    article: Article
    timeline: ArticleTimeline | None = None
    notes: NotesFile | None = None
    notes_error: str | None = None


def open_article(
    paths: Paths, article_id: str, *, timeline: bool = True, notes: bool = True, include_dismissed: bool = False
) -> OpenedArticle:
    """Read an article, with its timeline and notes unless told not to. An unreadable article raises; broken
    notes do not (the article still opens, `notes_error` says what is wrong with them). `include_dismissed`
    keeps the events the analyst dismissed in the timeline, marked, so that they can be restored."""
    from briefing.timeline import article_timeline

    article = get_article(paths.corpus, article_id)
    events = article_timeline(article, include_dismissed=include_dismissed) if timeline else None
    if not notes:
        return OpenedArticle(article, events)
    try:
        return OpenedArticle(article, events, load_notes(paths.corpus, article.id))
    except BriefingError as exc:
        return OpenedArticle(article, events, None, str(exc))


# ---------------------------------------------------------------------------------------------- notes
@dataclass(frozen=True)
class NoteSaved:
    """A note added, edited or deleted: the notes as now on disk, and what became of the index."""

    result: SaveResult
    index: IndexRefresh


def save_note(
    paths: Paths,
    article_id: str,
    text: str,
    *,
    note_id: str | None = None,
    tags: Iterable[str] | None = None,
    quote: str | None = None,
    event: str | None = None,
    base: NotesFile | None = None,
    index: SearchIndex | None = None,
) -> NoteSaved:
    """Add a note (`note_id` None) or change one; the article's notes are re-indexed, not its timeline.

    On an edit, a None `tags`/`quote`/`event` leaves that field as it was (an empty one clears it). `base` is the
    notes as the caller last read them: a change made meanwhile by another window is merged, never lost. A quote
    given that is not in the article is refused (NotesError naming it), and nothing is written.
    """
    body = get_article(paths.corpus, article_id).body  # anchors a quote to its place in the article
    if note_id is None:
        result = add_note(
            paths.corpus, article_id, text, tags=tags or (), quote=quote, event=event, body=body, base=base
        )
    else:
        result = edit_note(
            paths.corpus, article_id, note_id, text=text, tags=tags, quote=quote, event=event, body=body, base=base
        )
    return NoteSaved(result, _update(paths, index, [article_id]))


def delete_note(
    paths: Paths, article_id: str, note_id: str, *, base: NotesFile | None = None, index: SearchIndex | None = None
) -> NoteSaved:
    """Remove a note; when it changed on disk since `base`, it is kept and `result.conflicts` says so."""
    result = remove_note(paths.corpus, article_id, note_id, base=base)
    return NoteSaved(result, _update(paths, index, [article_id]))


# ---------------------------------------------------------------------------------------------- briefs
class NothingToExport(BriefingError):
    """The brief's selection could not be made: no article matches it, or an id in it is not valid."""


@dataclass(frozen=True)
class ExportedBrief:
    """A brief rendered in one format, safe for a terminal (`cat`, `less -R`), and where it was written."""

    brief: Brief
    text: str
    written: Path | None = None
    created: tuple[Path, ...] = ()  # the folders made to write it, outermost first

    def created_text(self) -> str:
        """What the user is told of the folders made for the brief ('' when none was)."""
        from briefing.export import folders_made

        return folders_made(self.created)


def export_brief(
    paths: Paths,
    spec: BriefSpec,
    fmt: str,
    *,
    merged: bool = False,
    output: Path | None = None,
    force: bool = False,
) -> ExportedBrief:
    """Select, render and (with `output`) write a brief, making the folders missing on the way (`created`
    says which, for the user to be told); `NothingToExport` when the selection cannot be made, `ExportError`
    when the brief cannot be rendered or written (nothing is left behind then).

    A brief is read in a terminal too: control characters carried by the articles never reach the text.
    """
    from briefing.export import ExportError, build_brief, render, write_output

    try:
        brief = build_brief(paths.corpus, paths.index, spec, engine=paths.engine)
    except ExportError as exc:
        raise NothingToExport(str(exc)) from None
    if merged:
        from briefing.export_merged import render_merged

        text = render_merged(brief, fmt)
    else:
        text = render(brief, fmt)
    text = json_terminal_safe(text) if fmt == "json" else terminal_safe(text)
    created = write_output(output, text, force=force) if output is not None else ()
    return ExportedBrief(brief, text, output, created)


def export_pinned_brief(
    paths: Paths,
    pinned: BriefInProgress,
    fmt: str,
    output: Path,
    *,
    title: str,
    start: str | None = None,
    end: str | None = None,
) -> ExportedBrief:
    """Write the brief in progress (the app's brief builder). In md and html it is the brief `briefing export
    --ids <the articles its items cite> --from START --to END --title TITLE` writes, with the items as its
    first section; json, csv and ics give the items with their sources. Never over an existing file."""
    from briefing.brief import items_in_window, render_brief, render_pinned
    from briefing.export import BriefSpec, ExportError, build_brief, write_output

    items = items_in_window(pinned, start, end)
    cited = tuple(dict.fromkeys(article for pin in items for article in pin.articles))
    spec = BriefSpec(title=title, ids=cited, start=start, end=end)
    try:
        selection = build_brief(paths.corpus, paths.index, spec, engine=paths.engine)
    except ExportError as exc:
        raise NothingToExport(str(exc)) from None
    if fmt in ("md", "html"):
        text = render_pinned(items, selection, fmt)
    else:
        titles = {article.id: article.title for article in selection.articles}
        text = render_brief(pinned, fmt, title=title, start=start, end=end, titles=titles)
    text = json_terminal_safe(text) if fmt == "json" else terminal_safe(text)
    created = write_output(output, text)
    return ExportedBrief(selection, text, output, created)


def brief_file(paths: Paths, query: str, fmt: str, now: dt.datetime | None = None) -> Path:
    """Where the app writes a brief it is asked for: the corpus's briefs folder, named by query and time."""
    from briefing.export import briefs_dir

    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return briefs_dir(paths.corpus) / f"{slugify(query or 'all', 40)}-{stamp}.{fmt}"


# ---------------------------------------------------------------------------------------------- JSON rows
def article_row(article: Article) -> dict[str, Any]:
    """An article as JSON (`briefing list --json`)."""
    return {
        "id": article.id,
        "published": article.published,
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "tags": list(article.tags),
    }


def hit_row(rank: int, hit: SearchHit) -> dict[str, Any]:
    """A search hit as JSON (`briefing search --json`)."""
    return {
        "rank": rank,
        "id": hit.id,
        "title": hit.title,
        "published": hit.published,
        "source": hit.source,
        "score": round(hit.score, 4),
        "snippets": [{"text": s.text, "spans": [list(span) for span in s.spans]} for s in hit.snippets],
        "has_notes": hit.has_notes,
    }


def note_row(article_id: str, note: Note, title: str) -> dict[str, Any]:
    """A note as JSON (`briefing notes --json`)."""
    return {
        "article": article_id,
        "title": title,
        "id": note.id,
        "created": note.created,
        "updated": note.updated,
        "tags": list(note.tags),
        "quote": note.quote,
        "event": note.event,
        "detached": note.detached,
        "text": note.text,
    }


def event_row(event: Event, title: str) -> dict[str, Any]:
    """A dated event of the timeline as JSON (`briefing timeline --json`)."""
    return {
        "date": event.date,
        "range_end": event.range_end,
        "granularity": event.granularity,
        "article": event.article_id,
        "title": title,
        "sentence": event.sentence,
        "mention": event.mention,
        "start": event.start,
        "end": event.end,
        "resolved": event.resolved,
        "anchor_inferred": event.anchor_inferred,
        "basis": event.basis,
        "confidence": event.confidence,
        "explanation": event.explanation,
        "number": event.number,
        "dismissed": event.dismissed,
        "correction_by": event.correction_by or None,
        "correction_at": event.correction_at or None,
    }


# ---------------------------------------------------------------------------------------------- corrections
@dataclass(frozen=True)
class DateCorrected:
    """An event corrected, dismissed or restored: the article's timeline as now shown (with its dismissed
    events, marked), and the index."""

    number: int
    timeline: ArticleTimeline
    index: IndexRefresh


def correct_event(
    paths: Paths, article_id: str, number: int, date: str | None = None, *, dismiss: bool = False
) -> DateCorrected:
    """The analyst's word on event `number` of an article (its place in reading order, as `briefing timeline
    ID` prints it): a new `date`, a dismissal, or neither (restore the tagger's date)."""
    from briefing.corrections import correct, restore
    from briefing.timeline import article_timeline

    article = get_article(paths.corpus, article_id)
    events = article_timeline(article, include_dismissed=True).events
    event = next((e for e in events if e.number == number), None)
    if event is None:
        last = max((e.number for e in events), default=0)
        raise BriefingError(f"{article_id} has no event {number} (its events are numbered 1 to {last})")
    if dismiss:
        correct(paths.corpus, article.id, event, article.body, None)
    elif date is not None:
        correct(paths.corpus, article.id, event, article.body, date)
    else:
        restore(paths.corpus, article.id, event, article.body)
    timeline = article_timeline(article, include_dismissed=True)
    return DateCorrected(number, timeline, refresh_index(paths, [article.id]))


# ---------------------------------------------------------------------------------------------- opening the index
@dataclass(frozen=True)
class OpenedIndex:
    """The corpus's index brought up to date (or usable as it is), what the update did, and what to tell."""

    index: SearchIndex
    report: UpdateReport
    warnings: tuple[str, ...] = ()


def open_index(
    paths: Paths,
    *,
    rebuild: bool = False,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_message: Callable[[str], None] | None = None,
    update: bool = True,
) -> OpenedIndex:
    """The corpus's index, updated (only what changed) or rebuilt; `update=False`: as it is (built when it is
    missing or broken), without checking the corpus for changes.

    When it cannot be updated (a read-only or full disk) it is used as it is, with a warning that it is stale;
    `strict` makes that an `IndexUnavailable` error instead. `on_message` hears what happens during the work
    (a rebuild, a wait for another process's build) when it happens.
    """
    from briefing.search import IndexUnavailable, SearchIndex, UpdateReport

    check_index(paths.corpus, paths.index, paths.engine)  # another corpus's index is never read or overwritten
    index = SearchIndex(paths.corpus, paths.index, engine=paths.engine)
    if on_message is not None:
        index.on_message = on_message
    warnings: list[str] = []
    try:
        if rebuild:
            report = index.rebuild(progress=progress)
        elif update:
            report = index.update(progress=progress)
        else:
            report = index.open(progress=progress) or UpdateReport()
    except (OSError, BriefingError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if rebuild or strict or not _opens_as_is(index):
            raise IndexUnavailable(f"cannot update the search index in {paths.index}: {problem}") from None
        warnings.append(f"the search index is stale, it cannot be updated ({problem}): searching what it holds")
        report = UpdateReport()
    claim_index(paths.corpus, paths.index)
    warnings.extend(index.messages)
    index.messages.clear()
    warnings.extend(f"not indexed: {error}" for error in report.errors)
    return OpenedIndex(index, report, tuple(warnings))


def _opens_as_is(index: SearchIndex) -> bool:
    """Whether the index on disk can be searched as it is, without writing (a read-only or full disk)."""
    try:
        index.open(build=False)
    except (OSError, BriefingError):
        return False
    return True
