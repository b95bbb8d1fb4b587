"""The record of what the cleaner removed: each removal's kind and text, counted and summed up in one line."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.clean_markup import visible

# kind -> (singular, plural) as the report prints them, in report order.
KINDS: dict[str, tuple[str, str]] = {
    "html": ("HTML tag", "HTML tags"),
    "entity": ("entity", "entities"),
    "control": ("control character", "control characters"),
    "comments": ("comment line", "comment lines"),
    "chrome": ("page-chrome line", "page-chrome lines"),
    "repeated": ("repeated line/caption", "repeated lines/captions"),
    "credit": ("photo-credit line", "photo-credit lines"),
    "headline": ("headline line (now the title)", "headline lines (now the title)"),
    "masthead": ("site-name line (now the source)", "site-name lines (now the source)"),
    "byline": ("byline line (now the author)", "byline lines (now the author)"),
    "dateline": ("dateline line (now the date)", "dateline lines (now the date)"),
    "outside": ("line outside the main content", "lines outside the main content"),
}
SAMPLE_CHARS = 40


@dataclass(frozen=True)
class Removal:
    """One thing the cleaner took out of the text: its kind (a key of KINDS) and the text itself."""

    kind: str
    text: str


def _short(text: str, limit: int = SAMPLE_CHARS) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class CleanReport:
    """Every removal the cleaner made, in order, and whether an HTML page's main content was extracted."""

    removed: tuple[Removal, ...] = ()
    html_extracted: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for r in self.removed if r.kind == kind)

    @property
    def tags(self) -> int:
        return self.count("html")

    @property
    def entities(self) -> int:
        return self.count("entity")

    @property
    def control_chars(self) -> int:
        return self.count("control")

    @property
    def repeated(self) -> int:
        return self.count("repeated")

    @property
    def chrome(self) -> int:
        return self.count("chrome")

    @property
    def comments(self) -> int:
        return self.count("comments")

    def by_kind(self) -> dict[str, list[str]]:
        """Kind -> removed texts, in report order (control sequences written visibly, e.g. \\x1b[2J)."""
        grouped: dict[str, list[str]] = {}
        for kind in KINDS:
            texts = [visible(r.text) if kind == "control" else r.text for r in self.removed if r.kind == kind]
            if texts:
                grouped[kind] = texts
        return grouped

    def summary(self) -> str:
        """One line: a count and a short sample of each kind of removal."""
        parts = ["main content extracted from HTML"] if self.html_extracted else []
        for kind, texts in self.by_kind().items():
            singular, plural = KINDS[kind]
            samples = list(dict.fromkeys(_short(t) for t in texts))
            shown = ", ".join(f"'{s}'" for s in samples[:2]) + (", …" if len(samples) > 2 else "")
            verb = "decoded" if kind == "entity" else "removed"
            parts.append(f"{verb} {len(texts)} {plural if len(texts) > 1 else singular}: {shown}")
        return "; ".join(parts) if parts else "nothing removed"


def removal_record(value: object) -> dict[str, list[str]] | None:
    """The `removed:` record read back from a corpus file: kind -> list of texts. None when it has another
    shape (the caller then keeps the value as an ordinary key, so nothing in the file is lost)."""
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        return None
    record: dict[str, list[str]] = {}
    for kind, texts in value.items():
        if isinstance(texts, str | int | float):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str | int | float) for t in texts):
            return None
        record[str(kind)] = [str(t) for t in texts]
    return record
