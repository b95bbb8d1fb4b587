"""Command palette (ctrl+p): open an article by title, corpus timeline, rebuild the index, toggle panes.

Every entry runs an action by name (`app.run_action`): the app's own actions on the app, the reading actions
on the main screen (installed as "main"), whichever screen the palette was opened on. Nothing here imports
the app or its screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from briefing.safetext import one_line
from briefing.ui.context import HasContext

MAIN_SCREEN = "main"  # the name the app installs its main screen under

# (name, help, action, on the main screen rather than the app)
COMMANDS: tuple[tuple[str, str, str, bool], ...] = (
    ("Corpus timeline", "every dated event of the corpus, by date", "corpus_timeline", True),
    ("Rebuild index", "throw the search index away and build it again", "rebuild_index", False),
    ("Toggle results pane", "show or hide the results", "toggle_pane('results')", True),
    ("Toggle timeline pane", "show or hide the article's timeline", "toggle_pane('timeline')", True),
    ("Toggle notes pane", "show or hide the notes", "toggle_pane('notes')", True),
    ("Help", "keys and the query language", "help", False),
    ("Fetch feeds", "read the followed feeds and add their new articles (f)", "fetch_feeds", False),
    ("New articles", "the fetched articles not opened yet (u)", "new_articles", False),
    ("Mark all as read", "no fetched article counts as new any more", "mark_all_read", False),
    ("Export brief… (Markdown)", "the current search results as a brief in briefs/", "export_brief('md')", True),
    (
        "Export brief… (HTML)",
        "the current search results as a printable page in briefs/",
        "export_brief('html')",
        True,
    ),
)


class BriefingCommands(Provider):
    titles: list[tuple[str, str]] = []
    briefs: list[str] = []

    def _main(self) -> DOMNode | None:
        try:
            return self.app.get_screen(MAIN_SCREEN)
        except KeyError:
            return None  # not installed yet: its entries are left out

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[None]]]]:
        main = self._main()
        commands = [
            (name, help_text, partial(self.app.run_action, action, main if on_main else None))
            for name, help_text, action, on_main in COMMANDS
            if main is not None or not on_main
        ]
        if main is not None:
            for name in self.briefs:
                restore = partial(self.app.run_action, f"restore_brief({name!r})", main)
                commands.append((f"Saved brief: {name}", "restore its query and date window", restore))
        return commands

    async def startup(self) -> None:
        app = self.app
        if not isinstance(app, HasContext):
            return
        corpus = app.context.paths.corpus

        def titles() -> list[tuple[str, str]]:
            from briefing.corpus import load_corpus

            return [(a.id, a.title) for a in load_corpus(corpus).articles]

        worker = app.run_worker(titles, thread=True)
        self.titles = await worker.wait()
        from briefing.export import list_briefs

        self.briefs = list_briefs(corpus)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        main = self._main()
        for article_id, title in self.titles if main is not None else ():
            label = f"Open: {one_line(title)}"  # a title is data: sanitised as in every pane
            score = matcher.match(label)
            if score > 0:
                command = partial(self.app.run_action, f"open_article({article_id!r})", main)
                yield Hit(score, matcher.highlight(label), command, help=one_line(article_id))
