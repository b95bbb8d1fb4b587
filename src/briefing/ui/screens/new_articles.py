"""The articles fetched since the analyst last looked, newest first: enter opens one (and marks it read)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.ui.safe import safe, safe_text, shown
from briefing.ui.widgets.lists import KeyList


class NewArticlesScreen(ModalScreen[str | None]):
    CSS_PATH = "new_articles.tcss"
    BINDINGS = [Binding("escape,u", "close", "Close", id="close_new_articles")]

    def __init__(self, corpus: Path) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        with Vertical(id="new-articles"):
            yield Static(
                Text("New articles (not opened yet) — enter opens, escape closes", style="bold"), id="new-heading"
            )
            yield KeyList(id="new-list")

    def on_mount(self) -> None:
        self.query_one("#new-list", KeyList).focus()
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        from briefing.corpus import get_article
        from briefing.errors import BriefingError
        from briefing.feeds import new_articles

        corpus = self.corpus
        rows = []
        for article_id in new_articles(corpus):
            try:
                article = get_article(corpus, article_id)
            except BriefingError:
                continue
            rows.append((article_id, article.title, article.published, article.source, article.extra.get("feed")))
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: list[tuple[str, str, str | None, str, object]]) -> None:
        listing = self.query_one("#new-list", KeyList)
        options: list[Option | None] = []
        for article_id, title, published, source, feed in rows:
            prompt = safe(title, "bold")
            prompt.append("\n")
            prompt.append(shown(published or "undated"), style="cyan")
            prompt.append(" · ")
            prompt.append(shown(source or "unknown source"), style="magenta")
            if feed and str(feed) != source:
                prompt.append(shown(f" · feed {feed}"), style="dim")
            options.append(Option(safe_text(prompt), id=article_id))
        listing.set_options(options)
        if not rows:
            listing.add_option(Option(Text("Nothing new: fetch feeds with f.", style="dim"), disabled=True))
        else:
            listing.highlighted = 0
        listing.border_title = f"{len(rows)} new"

    @on(OptionList.OptionSelected, "#new-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
