"""The search results: one option per hit, with its date, source, marked snippet and a notes marker."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
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


class ResultsList(KeyList):
    """Hits of the current search; choosing one opens the article (OptionList.OptionSelected)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hits: dict[str, SearchHit] = {}  # the hits listed, by article id

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
