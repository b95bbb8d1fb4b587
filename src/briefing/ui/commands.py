"""Command palette (ctrl+p): open an article by title, corpus timeline, rebuild the index, toggle panes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from briefing.ui.app import BriefingApp


class BriefingCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app: BriefingApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, str, object]] = [
            ("Corpus timeline", "every dated event of the corpus, by date", app.action_corpus_timeline),
            ("Rebuild index", "throw the search index away and build it again", app.action_rebuild_index),
            ("Toggle results pane", "show or hide the results", partial(app.action_toggle_pane, "results")),
            (
                "Toggle timeline pane",
                "show or hide the article's timeline",
                partial(app.action_toggle_pane, "timeline"),
            ),
            ("Toggle notes pane", "show or hide the notes", partial(app.action_toggle_pane, "notes")),
            ("Help", "keys and the query language", app.action_help),
            ("Fetch feeds", "read the followed feeds and add their new articles (f)", app.action_fetch_feeds),
            ("New articles", "the fetched articles not opened yet (u)", app.action_new_articles),
            ("Mark all as read", "no fetched article counts as new any more", app.action_mark_all_read),
            (
                "Export brief… (Markdown)",
                "the current search results as a brief in briefs/",
                partial(app.action_export_brief, "md"),
            ),
            (
                "Export brief… (HTML)",
                "the current search results as a printable page in briefs/",
                partial(app.action_export_brief, "html"),
            ),
        ]
        for name in getattr(self, "briefs", []):
            commands.append(
                (f"Saved brief: {name}", "restore its query and date window", partial(app.action_restore_brief, name))
            )
        return commands

    async def startup(self) -> None:
        app: BriefingApp = self.app  # type: ignore[assignment]
        worker = app.run_worker(app.article_titles, thread=True)
        self.titles: list[tuple[str, str]] = await worker.wait()
        from briefing.export import list_briefs

        self.briefs = list_briefs(app.paths.corpus)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app: BriefingApp = self.app  # type: ignore[assignment]
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
        for article_id, title in getattr(self, "titles", []):
            label = f"Open: {title}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(app.open_article, article_id), help=article_id)
