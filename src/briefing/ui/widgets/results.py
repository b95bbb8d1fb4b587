"""The search results: one option per hit, with its date, source, marked snippet and a notes marker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.visual import Visual, visualize
from textual.widgets.option_list import Option

from briefing.search import SearchHit, SearchResult
from briefing.ui.safe import safe, safe_text, shown
from briefing.ui.widgets.lists import KeyList


def hit_prompt(hit: SearchHit) -> Text:
    """Article text is data: it is assembled as rich Text, never parsed as markup."""
    text = Text(no_wrap=False, overflow="fold")
    text.append_text(safe(hit.title, "bold", [(start, end, "reverse") for start, end in hit.title_spans]))
    if hit.has_notes:
        text.append("  ✎", style="green")
    text.append("\n")
    text.append(hit.published or "undated", style="cyan")
    text.append(" · ")
    text.append(shown(hit.source or "unknown source"), style="magenta")
    for snippet in hit.snippets[:1]:
        text.append("\n")
        marks = [(start, end, "bold not dim reverse") for start, end in snippet.spans]
        text.append_text(safe(snippet.text, "dim", marks))
    return safe_text(text)


TITLE_LINES = 4  # a title longer than this is cut, with "…" (fewer lines in a short pane)
SNIPPET_LINES = 8  # at most, in a tall pane; fewer in a short one, so that a whole hit and its rule fit in view


def _clip(lines: list[Text], limit: int, width: int) -> list[Text]:
    """The first `limit` wrapped lines, the last ending with "…" when some were left out."""
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    last = kept[-1]
    last.rstrip()
    if last.plain.endswith("…"):
        return kept
    if last.cell_len + 2 > width:  # room for " …"
        last.truncate(max(0, width - 2))
        last.rstrip()
    last.append(" …" if last.plain else "…", style="dim")
    return kept


class _Fitted:
    """A hit drawn at the list's width: its title in at most TITLE_LINES, its date and source in one line, its
    snippet in what the pane's height leaves; whatever is cut ends with "…", so that every hit is seen whole
    with the rule under it, however narrow or short the pane."""

    def __init__(self, prompt: Text, height: Callable[[], int]) -> None:
        self.prompt = prompt
        self.height = height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        title, meta, *rest = [*self.prompt.split("\n", allow_blank=True), Text("")][:3]
        titles = list(title.wrap(console, width, overflow="fold"))
        snippet = list(rest[0].wrap(console, width, overflow="fold")) if rest and rest[0].plain else []
        rows = max(3, self.height() - 1)  # the pane's height, less the rule under the hit
        titles = _clip(titles, max(1, min(TITLE_LINES, rows - 1 - min(1, len(snippet)))), width)
        meta.truncate(width, overflow="ellipsis")
        lines = [*titles, meta]
        if snippet:
            lines += _clip(snippet, max(1, min(SNIPPET_LINES, rows - len(lines))), width)
        for line in lines:
            line.end = "\n"
            line.no_wrap = True
            yield line


class ResultsList(KeyList):
    """Hits of the current search; choosing one opens the article (OptionList.OptionSelected)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hits: dict[str, SearchHit] = {}  # the hits listed, by article id

    def _get_visual(self, option: Option) -> Visual:
        """Each hit fitted to the list's width and height (see _Fitted); the option keeps the whole hit."""
        if option._visual is None and option.id in self.hits:
            option._visual = visualize(self, _Fitted(option.prompt, lambda: self.scrollable_content_region.height))
        return super()._get_visual(option)

    def show(self, result: SearchResult, *, keep_highlight: bool = False) -> None:
        """The hits of `result`, the first highlighted (enter opens the best match of a new query); with
        `keep_highlight` (the same search again, the index changed under it) the hit highlighted stays so."""
        self.hits = {hit.id: hit for hit in result.hits}
        previous = self.highlighted_option.id if self.highlighted_option and keep_highlight else None
        options: list[Option | None] = []
        for hit in result.hits:
            if options:
                options.append(None)  # a separator line between hits
            options.append(Option(hit_prompt(hit), id=hit.id))
        self.set_options(options)
        if previous and any(hit.id == previous for hit in result.hits):
            self.highlighted = self.get_option_index(previous)
        elif result.hits:
            self.highlighted = 0

    def mark_notes(self, article_id: str, has_notes: bool) -> None:
        """A note was saved or deleted: the hit's ✎ follows at once, not at the next search."""
        hit = self.hits.get(article_id)
        if hit is None or hit.has_notes == has_notes:
            return
        self.hits[article_id] = replace(hit, has_notes=has_notes)
        self.replace_option_prompt(article_id, hit_prompt(self.hits[article_id]))

    def show_nothing(self) -> None:
        """No results to show (the index cannot answer yet): never another query's hits under this one."""
        self.hits = {}
        self.clear_options()
