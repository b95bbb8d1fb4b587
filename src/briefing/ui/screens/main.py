"""The main screen: search bar, results, article, timeline and notes panes, status line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

from briefing.errors import BriefingError
from briefing.notes import Note
from briefing.search import SearchResult
from briefing.ui import messages
from briefing.ui.safe import safe_text
from briefing.ui.screens.dialogs import ConfirmDialog, NoteDraft, NoteEditor
from briefing.ui.widgets.article import ArticleView
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.timeline_pane import TimelinePane

if TYPE_CHECKING:
    from briefing.ui.app import BriefingApp

SEARCH_DELAY = 0.01  # seconds of quiet before a search runs: enough to coalesce a paste or key repeat
NARROW = 110  # columns below which the panes stack
RESULTS_SHOWN = 30  # hits listed per search: each costs a snippet, and the status line gives the total


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="focus_search"),
        Binding("n", "jump_hit(1)", "Next hit", id="next_hit"),
        Binding("N", "jump_hit(-1)", "Prev hit", id="previous_hit"),
        Binding("a", "add_note", "Add note", id="add_note"),
        Binding("e", "edit_note", "Edit note", id="edit_note"),
        Binding("d", "delete_note", "Delete note", id="delete_note"),
        Binding("t", "corpus_timeline", "Corpus timeline", id="corpus_timeline"),
        Binding("escape", "back", "Back", id="back"),
        Binding("f2", "toggle_pane('results')", "Results pane", show=False, id="toggle_results"),
        Binding("f3", "toggle_pane('timeline')", "Timeline pane", show=False, id="toggle_timeline"),
        Binding("f4", "toggle_pane('notes')", "Notes pane", show=False, id="toggle_notes"),
        Binding("plus", "resize_results(4)", "Wider results", show=False, id="wider_results"),
        Binding("minus", "resize_results(-4)", "Narrower results", show=False, id="narrower_results"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: SearchResult | None = None
        self.generation = 0
        self.search_timer = None
        self.open_id: str | None = None
        self.results_width = 40
        self.brief_window: tuple[str | None, str | None] = (None, None)

    @property
    def briefing(self) -> BriefingApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Input(placeholder='Search (/) — words, "phrases", title:, tag:, published:2022-01 …', id="search")
        yield Static("", id="suggestion")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            with Vertical(id="reading"):
                yield ArticleView(id="article")
                with Horizontal(id="lower"):
                    yield TimelinePane(id="timeline")
                    yield NotesPane(id="notes")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        for pane in ("results", "timeline", "notes"):
            if pane not in self.briefing.settings.panes:
                self.query_one(f"#{pane}").display = False
        self.query_one("#results").border_title = "Results"
        self.query_one("#article").border_title = "Article"
        self.query_one("#timeline").border_title = "Timeline"
        self.query_one("#notes").border_title = "Notes"
        self._apply_width(self.size.width)
        search = self.query_one("#search", Input)
        search.focus()
        if self.briefing.state.query:
            with search.prevent(Input.Changed):
                search.value = self.briefing.state.query
        self.set_status()
        self.briefing.prepare_index()

    def on_resize(self, event: object) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    def on_descendant_focus(self, event: object) -> None:
        """On a narrow terminal the results fold away while reading, and come back when browsing."""
        focused = self.focused
        reading = focused is not None and focused.id in ("article", "timeline", "notes")
        self.set_class(reading, "-reading")

    # -- status -------------------------------------------------------------------------------------
    def set_status(self, message: str = "", *, error: bool = False) -> None:
        app = self.briefing
        parts = [f"{app.article_count} articles", app.index_state, app.feeds_line()]
        if self.result is not None:
            exact = "" if self.result.total_exact else "+"
            parts.append(f"{self.result.total}{exact} hits")
        line = Text(" · ".join(p for p in parts if p), style="dim")
        if message:
            line.append("  ")
            line.append(message, style="bold red" if error else "bold")
        self.query_one("#status", Static).update(safe_text(line))

    # -- searching ----------------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
        self.search_timer = self.set_timer(SEARCH_DELAY, self.run_search)

    @on(Input.Submitted, "#search")
    def query_submitted(self) -> None:
        if self.search_timer is not None:
            self.search_timer.stop()
        self.run_search(as_you_type=False, submitted=True)
        results = self.query_one("#results", ResultsList)
        if results.option_count:
            results.focus()

    def run_search(self, as_you_type: bool = True, submitted: bool = False) -> None:
        if not self.briefing.index_open:
            self.set_status("indexing: results appear when the index is ready")
            return
        self.generation += 1
        query = self.query_one("#search", Input).value
        self.search_worker(self.generation, query, as_you_type, submitted)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_worker(self, generation: int, query: str, as_you_type: bool, submitted: bool = False) -> None:
        try:
            result = self.briefing.index.search(query, limit=RESULTS_SHOWN, as_you_type=as_you_type)
            if submitted and not result.total:
                # enter on "kaza": keep what the partial word found while typing rather than nothing
                typed = self.briefing.index.search(query, limit=RESULTS_SHOWN, as_you_type=True)
                if typed.total:
                    result = typed
        except BriefingError as exc:
            self.post_message(messages.SearchFailed(generation, query, str(exc)))
            return
        self.post_message(messages.SearchFinished(generation, result))

    def on_search_finished(self, message: messages.SearchFinished) -> None:
        if message.generation != self.generation:
            return  # a newer search is on its way
        self.result = message.result
        self.query_one("#results", ResultsList).show(message.result)
        suggestion = self.query_one("#suggestion", Static)
        if message.result.suggestion:
            suggestion.update(
                safe_text(Text.assemble(("Did you mean: ", "bold"), (message.result.suggestion, "bold yellow"), "?"))
            )
            suggestion.display = True
        else:
            suggestion.display = False
        self.set_status()
        self.briefing.remember(query=message.result.query)

    def on_search_failed(self, message: messages.SearchFailed) -> None:
        if message.generation == self.generation:
            self.set_status(f"bad query: {message.error}", error=True)

    # -- opening --------------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#results")
    def result_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_article(event.option.id)

    def open_article(self, article_id: str, scroll_to: tuple[int, int] | None = None) -> None:
        self.load_article(article_id, scroll_to)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, scroll_to: tuple[int, int] | None) -> None:
        from briefing.corpus import get_article
        from briefing.notes import load_notes
        from briefing.timeline import article_timeline

        try:
            article = get_article(self.briefing.paths.corpus, article_id)
            timeline = article_timeline(article)
        except BriefingError as exc:
            self.post_message(messages.ArticleFailed(article_id, str(exc)))
            return
        try:
            notes, notes_error = load_notes(self.briefing.paths.corpus, article_id), None
        except BriefingError as exc:
            notes, notes_error = None, str(exc)
        self.post_message(messages.ArticleLoaded(article, timeline, notes, notes_error, scroll_to))

    def on_article_loaded(self, message: messages.ArticleLoaded) -> None:
        self.open_id = message.article.id
        terms = self.result.marks if self.result else ()  # what the snippets mark, marked the same way
        article_view = self.query_one("#article", ArticleView)
        article_view.show(message.article, terms)
        self.query_one("#timeline", TimelinePane).show(message.timeline)
        self.query_one("#notes", NotesPane).show(message.notes, message.notes_error)
        if message.notes_error:
            self.notify(message.notes_error, severity="error", markup=False, timeout=8)
        if message.scroll_to:
            self.call_after_refresh(article_view.show_passage, *message.scroll_to)
        article_view.focus()
        self.briefing.remember(article_id=message.article.id)
        self.briefing.article_seen(message.article.id)
        self.set_status()

    def on_article_failed(self, message: messages.ArticleFailed) -> None:
        self.notify(message.error, severity="error", markup=False)

    @on(OptionList.OptionSelected, "#timeline")
    def event_chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = self.query_one("#timeline", TimelinePane).event_of(event.option.id)
        if chosen:
            self.query_one("#article", ArticleView).show_passage(chosen.sentence_start, chosen.sentence_end)

    # -- actions -------------------------------------------------------------------------------------
    def restore_brief(self, query: str, start: str | None, end: str | None) -> None:
        """A saved brief's query goes in the search box; its date window to the corpus timeline and exports."""
        self.brief_window = (start, end)
        search = self.query_one("#search", Input)
        search.value = query
        self.run_search(as_you_type=False)
        window = f" · dates {start or '…'} to {end or '…'} (press t)" if start or end else ""
        self.set_status(f"brief restored{window}")

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_jump_hit(self, step: int) -> None:
        if not self.query_one("#article", ArticleView).jump_hit(step):
            self.set_status("no query words in this article")

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.query_one("#results", ResultsList).focus()
        elif focused is not None and focused.id in ("article", "timeline", "notes"):
            self.query_one("#results", ResultsList).focus()
        else:
            self.query_one("#search", Input).focus()

    def action_toggle_pane(self, pane: str) -> None:
        widget = self.query_one(f"#{pane}")
        widget.display = not widget.display

    def action_resize_results(self, step: int) -> None:
        self.results_width = max(20, min(80, self.results_width + step))
        self.query_one("#results").styles.width = f"{self.results_width}%"

    def action_corpus_timeline(self) -> None:
        from briefing.ui.screens.corpus_timeline import CorpusTimelineScreen, EventChoice

        ids = tuple(h.id for h in self.result.hits) if self.result and self.result.query.strip() else None
        query = self.result.query if self.result else ""

        def chosen(choice: EventChoice | None) -> None:
            if choice:
                self.open_article(choice.article_id, (choice.sentence_start, choice.sentence_end))

        self.app.push_screen(CorpusTimelineScreen(ids, query, self.brief_window), chosen)

    # -- notes ---------------------------------------------------------------------------------------
    def _notes_ready(self) -> bool:
        if self.open_id is None:
            self.notify("Open an article first.", markup=False)
            return False
        notes_pane = self.query_one("#notes", NotesPane)
        if notes_pane.error:
            self.notify(
                f"Notes cannot be changed until the file is fixed: {notes_pane.error}",
                severity="error",
                markup=False,
                timeout=10,
            )
            return False
        return True

    def action_add_note(self) -> None:
        if not self._notes_ready():
            return
        event = self.query_one("#timeline", TimelinePane).selected_event
        timeline_focused = self.focused is self.query_one("#timeline")
        draft = NoteDraft(
            text="",
            tags=(),
            quote=event.sentence if event and timeline_focused else None,
            event=event.date if event and event.resolved and timeline_focused else None,
        )
        base = self.query_one("#notes", NotesPane).notes_file
        article_id = self.open_id

        def save(result: NoteDraft | None) -> None:
            if result is not None and article_id is not None:
                self.save_note(article_id, None, result, base)

        self.app.push_screen(NoteEditor("New note", draft), save)

    def _chosen_note(self) -> tuple[NotesPane, Note] | None:
        if not self._notes_ready():
            return None
        notes_pane = self.query_one("#notes", NotesPane)
        note = notes_pane.selected_note
        if note is None:
            self.notify("Choose a note in the notes pane first.", markup=False)
            return None
        return notes_pane, note

    def action_edit_note(self) -> None:
        chosen = self._chosen_note()
        if chosen is None:
            return
        notes_pane, note = chosen
        draft = NoteDraft(note.text, note.tags, note.quote, note.event)
        base, article_id = notes_pane.notes_file, self.open_id

        def save(result: NoteDraft | None) -> None:
            if result is not None and article_id is not None and result != draft:
                self.save_note(article_id, note.id, result, base)

        self.app.push_screen(NoteEditor("Edit note", draft), save)

    def action_delete_note(self) -> None:
        chosen = self._chosen_note()
        if chosen is None:
            return
        notes_pane, note = chosen
        base, article_id = notes_pane.notes_file, self.open_id

        def decided(yes: bool | None) -> None:
            if yes and article_id is not None:
                self.delete_worker(article_id, note.id, base)

        first_line = note.text.strip().splitlines()[0][:60] if note.text.strip() else note.id
        self.app.push_screen(ConfirmDialog(f"Delete the note “{first_line}”?"), decided)

    @work(thread=True, group="notes", exit_on_error=False)
    def save_note(self, article_id: str, note_id: str | None, draft: NoteDraft, base: object) -> None:
        from briefing import notes
        from briefing.corpus import get_article

        corpus = self.briefing.paths.corpus
        try:
            if note_id is None:
                body = get_article(corpus, article_id).body
                result = notes.add_note(
                    corpus,
                    article_id,
                    draft.text,
                    tags=draft.tags,
                    quote=draft.quote,
                    event=draft.event,
                    body=body,
                    base=base,
                )  # type: ignore[arg-type]
            else:
                result = notes.edit_note(
                    corpus,
                    article_id,
                    note_id,
                    text=draft.text,
                    tags=draft.tags,
                    quote=draft.quote or "",
                    event=draft.event or "",
                    base=base,
                )  # type: ignore[arg-type]
        except BriefingError as exc:
            self.app.call_from_thread(self._note_failed, str(exc), draft)
            return
        self.briefing.refresh_index_for(article_id)
        warning = result.merged or bool(result.conflicts)
        self.post_message(
            messages.NotesChanged(article_id, result.notes, result.message if warning else "note saved", warning)
        )

    def _note_failed(self, error: str, draft: NoteDraft) -> None:
        self.notify(f"Note not saved: {error}", severity="error", markup=False, timeout=10)
        # keep what was typed: reopen the editor with it
        article_id = self.open_id

        def save(result: NoteDraft | None) -> None:
            if result is not None and article_id is not None:
                self.save_note(article_id, None, result, None)

        self.app.push_screen(NoteEditor("New note (not saved yet)", draft), save)

    @work(thread=True, group="notes", exit_on_error=False)
    def delete_worker(self, article_id: str, note_id: str, base: object) -> None:
        from briefing import notes

        try:
            result = notes.delete_note(self.briefing.paths.corpus, article_id, note_id, base=base)  # type: ignore[arg-type]
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, f"Note not deleted: {exc}", severity="error", markup=False)
            return
        self.briefing.refresh_index_for(article_id)
        if result.conflicts:
            self.post_message(
                messages.NotesChanged(article_id, result.notes, "the note changed meanwhile and was kept", True)
            )
        else:
            self.post_message(messages.NotesChanged(article_id, result.notes, "note deleted"))

    def on_notes_changed(self, message: messages.NotesChanged) -> None:
        if message.article_id == self.open_id:
            self.query_one("#notes", NotesPane).show(message.notes)
        self.notify(message.message, severity="warning" if message.warning else "information", markup=False)
