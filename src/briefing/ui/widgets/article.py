"""The article pane: title, metadata and body, with query terms marked and a focus on one passage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefing.clean import unfence
from briefing.corpus import Article
from briefing.search.api import Mark
from briefing.search.highlight import spans
from briefing.ui.safe import safe

TERM_STYLE = "bold reverse"
CURRENT_STYLE = "bold black on yellow"
FOCUS_STYLE = "underline"


def term_spans(body: str, marks: tuple[Mark, ...]) -> list[tuple[int, int]]:
    """Where the query matched (its result's marks), by the same highlighter as the results' snippets."""
    return spans(body, marks)


@dataclass(frozen=True)
class Reading:
    """Where the reader was in an article: what history brings back."""

    article_id: str
    terms: tuple[Mark, ...] = ()
    scroll_y: float = 0.0
    current_hit: int = -1
    focus_span: tuple[int, int] | None = None
    query: str = ""  # the search that led to it: history puts it back in the search box


def _plain(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


class ArticleView(VerticalScroll, can_focus=True):
    """Paragraphs are separate widgets so that the view can scroll to any character offset.

    The paragraph widgets carry no ids and are reused from one article to the next: a removal in Textual
    completes later, so ids reused at once would collide, and updating in place never shows a mix of two
    articles.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.terms: tuple[Mark, ...] = ()
        self.paragraphs: list[tuple[int, int]] = []
        self.preformatted: set[int] = set()
        self.paragraph_widgets: list[Static] = []
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self.focus_span: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text("No article open. Search above, then press enter on a result.", style="dim"), id="article-title"
        )
        yield Static("", id="article-meta")

    # -- showing ----------------------------------------------------------------------------------
    def show(self, article: Article, terms: tuple[Mark, ...], reading: Reading | None = None) -> None:
        """Show `article` with `terms` marked; `reading` brings back a scroll position, hit and passage."""
        self.article = article
        self.terms = reading.terms if reading else terms
        self.hits = term_spans(article.body, self.terms)
        self.current_hit = reading.current_hit if reading and reading.current_hit < len(self.hits) else -1
        self.focus_span = reading.focus_span if reading else None
        self.query_one("#article-title", Static).update(safe(article.title, "bold"))
        meta = " · ".join(
            part
            for part in (
                article.source or "unknown source",
                f"by {article.author}" if article.author else "",
                article.published or "date unknown",
            )
            if part
        )
        self.query_one("#article-meta", Static).update(safe(meta, "dim"))
        self.paragraphs = []
        self.preformatted = set()
        position = 0
        for i, paragraph in enumerate(article.body.split("\n\n")):
            start = article.body.find(paragraph, position)
            end = start + len(paragraph)
            position = end
            lines = unfence(paragraph)  # a table kept line for line: shown as it is, unwrapped
            if lines is not None:
                start = article.body.find(lines, start)
                end = start + len(lines)
                self.preformatted.add(i)
            self.paragraphs.append((start, end))
        reused = self.paragraph_widgets[: len(self.paragraphs)]
        for widget in self.paragraph_widgets[len(self.paragraphs) :]:
            widget.remove()
        for i, widget in enumerate(reused):
            widget.set_class(i in self.preformatted, "preformatted")
            widget.update(self._paragraph_text(i))
        added = [
            Static(self._paragraph_text(i), classes="paragraph preformatted" if i in self.preformatted else "paragraph")
            for i in range(len(reused), len(self.paragraphs))
        ]
        if added:
            self.mount_all(added)
        self.paragraph_widgets = reused + added
        if reading and reading.scroll_y:
            self.scroll_home(animate=False)
            self.call_after_refresh(self.scroll_to, y=reading.scroll_y, animate=False)
        else:
            self.scroll_home(animate=False)

    def reading(self) -> Reading | None:
        """Where the reader is now, to come back to it."""
        if self.article is None:
            return None
        return Reading(self.article.id, self.terms, self.scroll_y, self.current_hit, self.focus_span)

    def shown_text(self) -> str:
        """The body as the paragraphs show it now (for checks)."""
        return "\n\n".join(_plain(w) for w in self.paragraph_widgets)

    def title_text(self) -> str:
        return _plain(self.query_one("#article-title", Static))

    def _paragraph_text(self, index: int) -> Text:
        assert self.article is not None
        start, end = self.paragraphs[index]
        pre = index in self.preformatted
        marks = []
        if self.focus_span:
            a, b = self.focus_span
            if a < end and b > start:
                marks.append((max(a, start) - start, min(b, end) - start, FOCUS_STYLE))
        for n, (a, b) in enumerate(self.hits):
            if start <= a < end:
                style = CURRENT_STYLE if n == self.current_hit else TERM_STYLE
                marks.append((a - start, min(b, end) - start, style))
        overflow = "ellipsis" if pre else None
        return safe(self.article.body[start:end], marks=marks, no_wrap=pre, overflow=overflow)

    def _paragraph_of(self, offset: int) -> int:
        for i, (_start, end) in enumerate(self.paragraphs):
            if offset < end or i == len(self.paragraphs) - 1:
                return i
        return 0

    def _refresh_paragraphs(self, indexes: set[int]) -> None:
        for i in indexes:
            if 0 <= i < len(self.paragraph_widgets):
                self.paragraph_widgets[i].update(self._paragraph_text(i))

    def scroll_to_offset(self, offset: int) -> None:
        if not self.paragraph_widgets:
            return
        widget = self.paragraph_widgets[self._paragraph_of(offset)]
        self.scroll_to_widget(widget, animate=False, top=True)

    def show_passage(self, start: int, end: int) -> None:
        """Underline a passage (a timeline event's sentence) and bring it into view."""
        touched = {self._paragraph_of(s) for s in (self.focus_span or ())}
        self.focus_span = (start, end)
        touched |= {self._paragraph_of(start), self._paragraph_of(max(start, end - 1))}
        self._refresh_paragraphs(touched)
        self.scroll_to_offset(start)

    def jump_hit(self, step: int) -> tuple[int, int, bool] | None:
        """Move to the next (1) or previous (-1) occurrence of the query's words.

        Returns (which, of how many, whether it went round the end), or None when there is none.
        """
        if not self.hits:
            return None
        previous = self.current_hit
        last = len(self.hits) - 1
        if previous < 0:
            self.current_hit, wrapped = (0 if step > 0 else last), False
        else:
            self.current_hit = (previous + step) % len(self.hits)
            wrapped = (step > 0 and previous == last) or (step < 0 and previous == 0)
        touched = {self._paragraph_of(self.hits[self.current_hit][0])}
        if previous >= 0:
            touched.add(self._paragraph_of(self.hits[previous][0]))
        self._refresh_paragraphs(touched)
        self.scroll_to_offset(self.hits[self.current_hit][0])
        return self.current_hit + 1, len(self.hits), wrapped
