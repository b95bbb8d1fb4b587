"""The article pane: title, metadata and body, with query terms marked and a focus on one passage."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefing.clean import unfence
from briefing.corpus import Article
from briefing.search.highlight import spans
from briefing.ui.safe import safe_text

TERM_STYLE = "bold reverse"
CURRENT_STYLE = "bold black on yellow"
FOCUS_STYLE = "underline"


def term_spans(body: str, marks: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the query matched (its result's marks), by the same highlighter as the results' snippets."""
    return spans(body, marks)


class ArticleView(VerticalScroll, can_focus=True):
    """Paragraphs are separate widgets so that the view can scroll to any character offset."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.paragraphs: list[tuple[int, int]] = []
        self.preformatted: set[int] = set()
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self.focus_span: tuple[int, int] | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(
            Text("No article open. Search above, then press enter on a result.", style="dim"), id="article-title"
        )
        yield Static("", id="article-meta")

    def show(self, article: Article, terms: tuple[str, ...]) -> None:
        self.article = article
        self.hits = term_spans(article.body, terms)
        self.current_hit = -1
        self.focus_span = None
        self.query_one("#article-title", Static).update(safe_text(Text(article.title, style="bold")))
        meta = " · ".join(
            part
            for part in (
                article.source or "unknown source",
                f"by {article.author}" if article.author else "",
                article.published or "date unknown",
            )
            if part
        )
        self.query_one("#article-meta", Static).update(safe_text(Text(meta, style="dim")))
        for old in self.query(".paragraph"):
            old.remove()
        self.paragraphs = []
        position = 0
        widgets = []
        self.preformatted = set()
        for i, paragraph in enumerate(article.body.split("\n\n")):
            start = article.body.find(paragraph, position)
            end = start + len(paragraph)
            position = end
            lines = unfence(paragraph)  # a table kept line for line: shown as it is, unwrapped (see app.tcss)
            if lines is not None:
                start = article.body.find(lines, start)
                end = start + len(lines)
                self.preformatted.add(i)
            self.paragraphs.append((start, end))
            classes = "paragraph preformatted" if lines is not None else "paragraph"
            widgets.append(Static(self._paragraph_text(i), classes=classes, id=f"p-{i}"))
        self.mount_all(widgets)
        self.scroll_home(animate=False)

    def _paragraph_text(self, index: int) -> Text:
        assert self.article is not None
        start, end = self.paragraphs[index]
        text = Text(self.article.body[start:end])
        if self.focus_span:
            a, b = self.focus_span
            if a < end and b > start:
                text.stylize(FOCUS_STYLE, max(a, start) - start, min(b, end) - start)
        for n, (a, b) in enumerate(self.hits):
            if start <= a < end:
                style = CURRENT_STYLE if n == self.current_hit else TERM_STYLE
                text.stylize(style, a - start, min(b, end) - start)
        return safe_text(text)

    def _paragraph_of(self, offset: int) -> int:
        for i, (_start, end) in enumerate(self.paragraphs):
            if offset < end or i == len(self.paragraphs) - 1:
                return i
        return 0

    def _refresh_paragraphs(self, indexes: set[int]) -> None:
        for i in indexes:
            if 0 <= i < len(self.paragraphs):
                self.query_one(f"#p-{i}", Static).update(self._paragraph_text(i))

    def scroll_to_offset(self, offset: int) -> None:
        if not self.paragraphs:
            return
        widget = self.query_one(f"#p-{self._paragraph_of(offset)}", Static)
        self.scroll_to_widget(widget, animate=False, top=True)

    def show_passage(self, start: int, end: int) -> None:
        """Underline a passage (a timeline event's sentence) and bring it into view."""
        touched = {self._paragraph_of(s) for s in (self.focus_span or ())}
        self.focus_span = (start, end)
        touched |= {self._paragraph_of(start), self._paragraph_of(max(start, end - 1))}
        self._refresh_paragraphs(touched)
        self.scroll_to_offset(start)

    def jump_hit(self, step: int) -> bool:
        """Move to the next (1) or previous (-1) occurrence of the query's words; False when there is none."""
        if not self.hits:
            return False
        previous = self.current_hit
        self.current_hit = (self.current_hit + step) % len(self.hits)
        touched = {self._paragraph_of(self.hits[self.current_hit][0])}
        if previous >= 0:
            touched.add(self._paragraph_of(self.hits[previous][0]))
        self._refresh_paragraphs(touched)
        self.scroll_to_offset(self.hits[self.current_hit][0])
        return True
