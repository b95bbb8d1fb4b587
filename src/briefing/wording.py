"""Counts in words: "1 article", "2 articles", wherever a count reaches the user (CLI, exports, the app)."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun` agreeing (`many` for a noun that does not just take an s), thousands separated."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"
