"""What the timeline screens give back when an event is chosen: the article to open, at the event's sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventChoice:
    article_id: str
    start: int
    sentence_start: int
    sentence_end: int
    # the event's number in its article, and whether the analyst dismissed it (the article's timeline pane
    # then shows the dismissed events, with this one chosen, so that `r` brings it back)
    number: int = 0
    dismissed: bool = False
