"""Building the brief in the app: pin events, quotes and notes; reorder, remove and export them.

`p` pins what is selected (a timeline event, a note, or the sentence shown in the article), `space` pins the
highlighted event of the corpus timeline (merged or not), `b` opens the brief in progress. Every change is
saved at once to `brief-in-progress.yaml` beside the corpus (see `briefing.brief`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Select, Static
from textual.widgets.option_list import Option

from briefing.brief import FORMATS, BriefInProgress, Pin, load_brief, pin_event, save_brief
from briefing.errors import BriefingError
from briefing.events import MergedEvent, Report, merge_reports
from briefing.ui.safe import safe, safe_text, shown
from briefing.ui.widgets.lists import KeyList
from briefing.wording import plural


def add_pin(corpus: Path, pin: Pin, notify: Callable[..., None]) -> bool:
    """Add `pin` to the brief in progress of `corpus` and save it; says what happened with `notify` (a toast)."""
    try:
        brief = load_brief(corpus)
        updated = brief.add(pin)
        if updated is brief:
            notify("Already in the brief.", markup=False)
            return False
        save_brief(corpus, updated)
    except BriefingError as exc:
        notify(f"brief not saved: {exc}", severity="error", markup=False)
        return False
    notify(f"Pinned to the brief ({plural(len(updated.items), 'item')}; b opens it).", markup=False)
    return True


def single_event_pin(article: Any, event: Any) -> Pin:
    """A pin for one timeline event of one article (a single-source event)."""
    report = Report(
        article=article.id if article is not None else event.article_id,
        source=(article.source or "") if article is not None else "",
        published=article.published if article is not None else None,
        sentence=event.sentence,
        value=event.date,
        mention=event.mention,
        granularity=event.granularity,
        range_end=event.range_end,
        resolved=event.resolved,
        start=event.start,
        sentence_start=event.sentence_start,
        sentence_end=event.sentence_end,
    )
    return pin_event(merge_reports([report])[0])


def merged_event_pin(event: MergedEvent) -> Pin:
    return pin_event(event)


def pin_from_main(main: Screen[Any], corpus: Path) -> None:
    """`p` on the main screen: the selected timeline event, the selected note, or the article's shown sentence."""
    from briefing.brief import pin_note, pin_quote
    from briefing.ui.widgets.article import ArticleView
    from briefing.ui.widgets.notes_pane import NotesPane
    from briefing.ui.widgets.timeline_pane import TimelinePane

    view = main.query_one("#article", ArticleView)
    article = view.article
    if article is None:
        main.notify("Open an article first.", markup=False)
        return
    timeline = main.query_one("#timeline", TimelinePane)
    notes = main.query_one("#notes", NotesPane)
    if main.focused is notes and notes.selected_note is not None:
        note = notes.selected_note
        pin = pin_note(article.id, article.source or "", article.published, note.text, note.event, note.quote)
        add_pin(corpus, pin, main.notify)
    elif main.focused is timeline and timeline.selected_event is not None:
        add_pin(corpus, single_event_pin(article, timeline.selected_event), main.notify)
    elif view.focus_span is not None:
        start, end = view.focus_span
        quote = pin_quote(article.id, article.source or "", article.published, article.body[start:end])
        add_pin(corpus, quote, main.notify)
    else:
        main.notify("Choose a timeline event, a note, or a sentence (enter on a timeline event) first.", markup=False)


def pin_line(pin: Pin, position: int) -> Text:
    line = Text(f"{position:>2}. ", style="dim")
    kind = {"event": "Event", "quote": "Quote", "note": "Note"}[pin.kind]
    line.append(kind, style="bold")
    if pin.date:
        line.append(f"  {pin.date}", style="cyan")
    if pin.kind == "event":
        line.append(f"  {pin.sources} source{'s' if pin.sources != 1 else ''}", style="magenta")
        if pin.conflict:
            line.append("  ⚠ dates differ", style="bold red")
    line.append(shown(f"  {', '.join(pin.articles)}"), style="dim")
    line.append("\n    ")
    pinned = shown(pin.text)
    line.append(pinned if len(pinned) <= 240 else pinned[:239] + "…")
    return safe_text(line)


class BriefScreen(Screen[None]):
    """The brief in progress: its items in order; move, remove, export."""

    CSS_PATH = "brief_builder.tcss"
    BINDINGS = [
        Binding("escape,b", "close", "Back", id="brief_back"),
        Binding("K,shift+up", "move(-1)", "Move up", id="brief_move_up"),
        Binding("J,shift+down", "move(1)", "Move down", id="brief_move_down"),
        Binding("d,delete", "remove", "Remove", id="brief_remove"),
        Binding("x", "export", "Export…", id="brief_export"),
    ]

    def __init__(self, corpus: Path) -> None:
        super().__init__()
        self.corpus = corpus
        self.brief = BriefInProgress()

    def compose(self) -> ComposeResult:
        with Vertical(id="brief-builder"):
            yield Static(Text("Brief in progress", style="bold"), id="bb-title")
            yield KeyList(id="bb-items")
            yield Static("", id="bb-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#bb-items", KeyList).focus()

    def reload(self, keep: str | None = None) -> None:
        try:
            self.brief = load_brief(self.corpus)
        except BriefingError as exc:
            self._say(str(exc), "bold red")
            return
        items = self.query_one("#bb-items", KeyList)
        items.set_options([Option(pin_line(p, n), id=p.id) for n, p in enumerate(self.brief.items, start=1)])
        if self.brief.items:
            ids = [p.id for p in self.brief.items]
            items.highlighted = ids.index(keep) if keep in ids else 0
        count = len(self.brief.items)
        self._say(
            f"{count} item{'s' if count != 1 else ''} · K/J move · d remove · x export"
            if count
            else "Nothing pinned yet: p pins the selected event, note or sentence; space in the corpus timeline",
            "dim",
        )

    def _say(self, message: str, style: str) -> None:
        self.query_one("#bb-status", Static).update(safe(message, style))

    def _selected(self) -> str | None:
        option = self.query_one("#bb-items", KeyList).highlighted_option
        return option.id if option is not None else None

    def _change(self, updated: BriefInProgress, keep: str | None) -> None:
        try:
            save_brief(self.corpus, updated)
        except BriefingError as exc:
            self._say(f"not saved: {exc}", "bold red")
            return
        self.reload(keep)

    def action_move(self, step: int) -> None:
        chosen = self._selected()
        if chosen:
            self._change(self.brief.move(chosen, step), chosen)

    def action_remove(self) -> None:
        chosen = self._selected()
        if chosen:
            ids = [p.id for p in self.brief.items]
            at = ids.index(chosen)
            following = ids[at + 1] if at + 1 < len(ids) else (ids[at - 1] if at else None)
            self._change(self.brief.remove(chosen), following)

    def action_export(self) -> None:
        if not self.brief.items:
            self._say("Nothing to export yet.", "bold red")
            return
        self.app.push_screen(ExportBriefDialog(self.brief, self.corpus), self._exported)

    def _exported(self, path: str | None) -> None:
        if path:
            self._say(f"Exported to {path}", "green")

    def action_close(self) -> None:
        self.dismiss(None)


class ExportBriefDialog(ModalScreen[str | None]):
    """Title, date window, format and path; writes the file (never over an existing one)."""

    CSS_PATH = "brief_builder.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="brief_export_cancel"),
        Binding("ctrl+s", "export", "Export", id="brief_export_save"),
    ]
    SHORT = 24  # terminal rows under which the fields and buttons are drawn without borders

    def __init__(self, brief: BriefInProgress, corpus: Path) -> None:
        super().__init__()
        self.brief = brief
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        # The error and the buttons (which name their keys) are docked at the foot of the dialog: whatever the
        # terminal's size they are drawn, and on a short terminal the fields above them scroll.
        with Vertical(id="bb-dialog"):
            yield Static(Text("Export the brief", style="bold"))
            yield Input(self.brief.title or "Brief", placeholder="title", id="bb-export-title")
            with Horizontal(id="bb-window"):
                yield Input("", placeholder="from YYYY[-MM[-DD]]", id="bb-export-from")
                yield Input("", placeholder="to YYYY[-MM[-DD]]", id="bb-export-to")
            yield Select([(f, f) for f in FORMATS], value="md", allow_blank=False, id="bb-export-format")
            yield Input(
                "", placeholder="path (default: briefs/<title>.<format> beside the corpus)", id="bb-export-path"
            )
            with Vertical(id="bb-foot"):
                yield Static("", id="bb-export-error")
                with Horizontal(id="bb-buttons"):
                    yield Button("Export (ctrl+s)", variant="primary", id="bb-export-go")
                    yield Button("Cancel (esc)", id="bb-export-cancel")

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one("#bb-export-title", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """On short terminals the fields and buttons lose their borders (one row each)."""
        short = height < self.SHORT
        for widget in (*self.query(Input), *self.query(Select), *self.query(Button)):
            widget.compact = short

    def _value(self, widget_id: str) -> str:
        return self.query_one(widget_id, Input).value.strip()

    def default_path(self, title: str, fmt: str) -> Path:
        from briefing.export import briefs_dir

        slug = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())[:60] or "brief"
        return briefs_dir(self.corpus) / f"{slug}.{fmt}"

    @on(Button.Pressed, "#bb-export-go")
    @on(Input.Submitted)
    def action_export(self) -> None:
        from briefing.dates import check_range, normalise_partial
        from briefing.export import folders_made
        from briefing.services import export_pinned_brief

        title = self._value("#bb-export-title") or "Brief"
        fmt = str(self.query_one("#bb-export-format", Select).value)
        try:
            start = (
                normalise_partial(self._value("#bb-export-from"), "from") if self._value("#bb-export-from") else None
            )
            end = normalise_partial(self._value("#bb-export-to"), "to") if self._value("#bb-export-to") else None
            check_range(start, end, ("from", "to"))
            path = Path(self._value("#bb-export-path")).expanduser() if self._value("#bb-export-path") else None
            path = path or self.default_path(title, fmt)
            if path.exists():  # never overwritten (write_output refuses too; its --force is the CLI's)
                raise BriefingError(f"{path.name} exists already: choose another title or path")
            paths = self.app.paths  # type: ignore[attr-defined]  # the corpus's paths (its index): the CLI's brief
            exported = export_pinned_brief(paths, self.brief, fmt, path, title=title, start=start, end=end)
            save_brief(self.corpus, BriefInProgress(title, self.brief.items))
        except BriefingError as exc:
            self.query_one("#bb-export-error", Static).update(safe(str(exc), "bold red"))
            return
        made = exported.created
        self.dismiss(f"{path} ({folders_made(made)})" if made else str(path))

    @on(Button.Pressed, "#bb-export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
