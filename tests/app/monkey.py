"""A randomized analyst: seeded sequences of the app's real keys and typed text, with invariants after each step.

Used by tests/app/test_monkey.py (a few seeds) and bench/monkey.py (as many as you like). A failure names the
seed and the steps so far, so `python bench/monkey.py --seed N` replays it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input

from briefing.corpus import load_corpus
from briefing.ui.app import BriefingApp
from briefing.ui.safe import safe_text
from briefing.ui.screens.main import RESULTS_SHOWN, MainScreen
from briefing.ui.widgets.article import ArticleView
from briefing.ui.widgets.notes_pane import NotesPane
from briefing.ui.widgets.results import ResultsList
from briefing.ui.widgets.timeline_pane import TimelinePane

# the app's own bindings and the keys every list and box answers to; q and ctrl+q/ctrl+c would end the session
KEYS = (
    ["enter"] * 8
    + ["escape"] * 6
    + ["j", "k", "down", "up"] * 3
    + ["n", "N", "tab", "shift+tab", "slash", "a", "e", "d", "y", "t"]
    + ["alt+left", "alt+right", "H", "L", "f2", "f3", "f4", "plus", "minus", "question_mark"]
    + ["right_square_bracket", "left_square_bracket", "g", "f", "ctrl+s", "pagedown", "pageup", "home", "end"]
    + ["backspace", "space", "ctrl+u"]
)
WORDS = ["harbour", "kazakh", "russia", "csto", "paratroopers", "tide", "2019", "note", "zzz", "coup", "shoigu"]
SYNTAX = ['"', "title:", "tag:", "notes:", "published:2022", "-", "*", "~", " OR ", "(", "2022-01", "[", "]"]


@dataclass
class Monkey:
    app: BriefingApp
    seed: int
    log: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)  # the articles the app was asked to open, in order

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.titles = [a.title for a in load_corpus(self.app.paths.corpus).articles]
        main = self.app.main
        original = main.open_article

        def spy(article_id, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.requested.append(article_id)
            return original(article_id, *args, **kwargs)

        main.open_article = spy  # type: ignore[method-assign]

    def next_step(self) -> list[str]:
        """One step: a key, a burst of typed text, or a palette command (as a list of keys)."""
        roll = self.rng.random()
        if roll < 0.62:
            return [self.rng.choice(KEYS)]
        if roll < 0.88:
            text = self.rng.choice(WORDS) if self.rng.random() < 0.7 else self.rng.choice(SYNTAX)
            if self.rng.random() < 0.3:
                text += " "
            return [_key(c) for c in text]
        if roll < 0.96:
            words = self.rng.choice(self.titles).split()[:3]
            return ["ctrl+p", *[_key(c) for c in "Open: " + " ".join(words)], "enter"]
        command = self.rng.choice(["toggle results", "toggle notes", "toggle timeline", "corpus timeline", "help"])
        return ["ctrl+p", *[_key(c) for c in command], "enter"]

    async def run(self, pilot, steps: int) -> None:  # type: ignore[no-untyped-def]
        for number in range(steps):
            keys = self.next_step()
            self.log.append(" ".join(keys))
            try:
                await pilot.press(*keys)
                await settle_quickly(pilot, self.app)
                self.check()
            except Exception as exc:
                recent = " | ".join(self.log[-15:])
                raise AssertionError(
                    f"monkey seed {self.seed} failed at step {number}: {exc!r}\n  last steps: {recent}\n"
                    f"  replay: python bench/monkey.py --seed {self.seed} --steps {number + 1}"
                ) from exc

    # -- invariants ---------------------------------------------------------------------------------
    def check(self) -> None:
        app = self.app
        assert app.is_running, "the app stopped"
        assert app._exception is None, f"uncaught exception: {app._exception!r}"
        assert not app.worker_errors, f"background work failed: {app.worker_errors}"
        main = app.main
        self._check_article(main)
        self._check_results(main)
        self._check_focus()

    def _check_article(self, main: MainScreen) -> None:
        view = main.query_one("#article", ArticleView)
        if not self.requested:
            return
        assert view.article is not None, "an article was asked for and none is shown"
        assert view.article.id == self.requested[-1], f"shows {view.article.id}, last opened {self.requested[-1]}"
        assert main.open_id == view.article.id
        body = view.article.body
        expected = "\n\n".join(safe_text(Text(body[a:b])).plain for a, b in view.paragraphs)
        assert view.shown_text() == expected, "the paragraphs shown are not the article's"
        events = main.query_one("#timeline", TimelinePane).events
        assert all(e.article_id == view.article.id for e in events), "the timeline is another article's"
        notes = main.query_one("#notes", NotesPane).notes_file
        assert notes is None or notes.article == view.article.id, "the notes are another article's"

    def _check_results(self, main: MainScreen) -> None:
        result = main.result
        results = main.query_one("#results", ResultsList)
        if result is None:
            assert results.option_count == 0 or not self.app.index_open, "results listed with no search behind"
            return
        listed = [results.get_option_at_index(i).id for i in range(results.option_count)]
        listed = [i for i in listed if i]
        assert listed == [h.id for h in result.hits], "the results list is not the last search's"
        assert len(listed) == min(result.total, RESULTS_SHOWN) or not result.total_exact
        status = str(main.query_one("#status").render())
        count = f"{result.total:,}" + ("" if result.total_exact else "+")
        assert f"{count} hit" in status, f"status {status!r} does not say {count} hits"
        box = main.query_one("#search", Input).value
        assert result.query == box, f"results of {result.query!r} under the query {box!r}"

    def _check_focus(self) -> None:
        screen = self.app.screen
        focused = screen.focused
        if isinstance(screen, MainScreen):
            assert focused is not None, "nothing has focus on the main screen"
        if focused is not None:
            assert _visible(focused), f"focus is on {focused!r}, which is not visible"


def _visible(widget: Widget) -> bool:
    node: Widget | None = widget
    while isinstance(node, Widget):
        if not node.display or not node.visible:
            return False
        node = node.parent  # type: ignore[assignment]
    return widget.region.width > 0 and widget.region.height > 0


def _key(char: str) -> str:
    names = {
        " ": "space",
        '"': "quotation_mark",
        ":": "colon",
        "-": "minus",
        "*": "asterisk",
        "~": "tilde",
        "(": "left_parenthesis",
        ")": "right_parenthesis",
        "[": "left_square_bracket",
        "]": "right_square_bracket",
    }
    return names.get(char, char)


async def settle_quickly(pilot, app: BriefingApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()
