"""The search results: one option per hit, with its date, source, marked snippet and a notes marker."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from briefing.search import SearchHit, SearchResult
from briefing.ui.safe import safe_text
from briefing.ui.widgets.lists import KeyList


def hit_prompt(hit: SearchHit) -> Text:
    """Article text is data: it is assembled as rich Text, never parsed as markup."""
    text = Text(no_wrap=False, overflow="fold")
    title = Text(hit.title, style="bold")
    for start, end in hit.title_spans:
        title.stylize("reverse", start, end)
    text.append_text(title)
    if hit.has_notes:
        text.append("  ✎", style="green")
    text.append("\n")
    text.append(hit.published or "undated", style="cyan")
    text.append(" · ")
    text.append(hit.source or "unknown source", style="magenta")
    for snippet in hit.snippets[:1]:
        body = Text(snippet.text, style="dim")
        for start, end in snippet.spans:
            body.stylize("bold not dim reverse", start, end)
        text.append("\n")
        text.append_text(body)
    return safe_text(text)


class ResultsList(KeyList):
    """Hits of the current search; choosing one opens the article (OptionList.OptionSelected)."""

    def show(self, result: SearchResult) -> None:
        previous = self.highlighted_option.id if self.highlighted_option else None
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
