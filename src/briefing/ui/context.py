"""What the app's screens share, handed to each through its constructor (never read off the app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from briefing.events import Report
    from briefing.paths import Paths
    from briefing.search import SearchIndex
    from briefing.settings import AppState, Settings
    from briefing.timeline import ArticleTimeline


@dataclass(eq=False)
class Context:
    """The corpus's paths, the settings, the open search index and the caches kept between screen openings."""

    paths: Paths
    settings: Settings
    index: SearchIndex
    # article id -> (key of its text and date, its timeline): the corpus timelines reuse them between openings
    timeline_cache: dict[str, tuple[int, ArticleTimeline]] = field(default_factory=dict)
    # article id -> (key, its analysed event reports): the merged timeline reuses them between openings
    report_cache: dict[str, tuple[int, list[Report]]] = field(default_factory=dict)


@runtime_checkable
class HasContext(Protocol):
    """An app that shares a Context (the command palette's providers only get `self.app`)."""

    context: Context


class MainHost(Protocol):
    """What the main screen asks of the app that shows it (BriefingApp): the app owns the index's opening, the
    session state and the feeds, and the screen shows them."""

    index_open: bool

    def status_parts(self) -> list[str]: ...

    def prepare_index(self, rebuild: bool = False) -> object: ...

    state: AppState  # what the last session left (layout, corpus-timeline filters), kept up to date

    def remember(self, **changes: object) -> None: ...

    def article_seen(self, article_id: str) -> None: ...

    def index_problem(self, problem: str | None) -> None: ...
