"""Full-text search: the query language, change detection, highlighting and suggestions, over engines behind
one protocol (`api.Engine`); Whoosh is the engine today (`search.whoosh`, the only code that imports it)."""

from briefing.search.api import (
    IndexCorrupt,
    IndexUnavailable,
    SearchHit,
    SearchResult,
    Snippet,
    UpdateReport,
)
from briefing.search.searcher import SearchIndex

__all__ = ["IndexCorrupt", "IndexUnavailable", "SearchHit", "SearchIndex", "SearchResult", "Snippet", "UpdateReport"]
