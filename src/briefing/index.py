"""Kept for code that still imports `briefing.index`: search lives in `briefing.search`."""

from briefing.search import (
    IndexCorrupt,
    IndexUnavailable,
    SearchHit,
    SearchIndex,
    SearchResult,
    Snippet,
    UpdateReport,
)

__all__ = ["IndexCorrupt", "IndexUnavailable", "SearchHit", "SearchIndex", "SearchResult", "Snippet", "UpdateReport"]
