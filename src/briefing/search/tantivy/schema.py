"""The tantivy schema of an article: the terms Whoosh's analysers make, indexed as they are.

tantivy's own analysers stem and fold differently from Whoosh's (Snowball English, no accent map), so the
two engines would match different documents. Instead every text field is analysed here by the Whoosh schema's
analysers (`search.whoosh.analysis`) and handed to tantivy as space-separated terms under its `whitespace`
tokenizer: one term per word, at the word's position, so phrases work as in Whoosh. The stored part of an
article is one JSON value (`stored`): what a result shows, and the text a sloppy phrase is checked against.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import tantivy

from briefing.search.document import Document
from briefing.search.whoosh import analysis

SCHEMA_VERSION = 1
TEXT_FIELDS = ("title", "body", "notes")  # stemmed words with positions
PLAIN_FIELDS = ("source", "author")  # folded words with positions, not stemmed
MIN_DAY, MAX_DAY = dt.date(1000, 1, 1), dt.date(2999, 12, 31)  # the days a date range can reach (as in Whoosh)


class StoredDamage(ValueError):
    """A stored document is not what briefing wrote: the index files are damaged."""


def schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    for name in (*TEXT_FIELDS, *PLAIN_FIELDS):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("vocab", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("prefixes", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("tags", tokenizer_name="raw", index_option="freq")
    builder.add_integer_field("published", indexed=True, fast=True)
    builder.add_integer_field("event", indexed=True)
    builder.add_bytes_field("stored", stored=True, indexed=False, fast=False)
    return builder.build()


def day_number(day: dt.date) -> int:
    return day.toordinal()


def tantivy_document(document: Document) -> Any:
    doc = tantivy.Document()
    doc.add_text("id", document.id)
    title, body, notes = (analysis.lowered(t) for t in (document.title, document.body, document.notes))
    doc.add_text("title", " ".join(analysis.stemmed(title)))
    doc.add_text("body", " ".join(analysis.stemmed(body)))
    doc.add_text("notes", " ".join(analysis.stemmed(notes)))
    doc.add_text("source", " ".join(analysis.plain(document.source)))
    doc.add_text("author", " ".join(analysis.plain(document.author)))
    # every word a finished query finds is also found while being typed, and suggested (as in Whoosh, which
    # analyses title, body, tags and notes joined by line breaks: the same words as each part's, in order)
    vocab = analysis.folded([*title, *body, *analysis.lowered(" ".join(document.tags)), *notes])
    doc.add_text("vocab", " ".join(vocab))
    doc.add_text("prefixes", " ".join(analysis.prefixes_of(vocab)))
    for tag in analysis.keywords(",".join(document.tags)):
        doc.add_text("tags", tag)
    if document.published_text and document.published:
        doc.add_integer("published", day_number(document.published))
    for day in document.event_days:
        doc.add_integer("event", day_number(day))
    stored = {
        "id": document.id,
        "title": document.title,
        "body": document.body,
        "notes": document.notes,
        "source": document.source,
        "author": document.author,
        "published": document.published_text,
        "has_notes": document.has_notes,
        "event_days": [d.isoformat() for d in document.event_days],
    }
    doc.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode("utf-8"))
    return doc


def stored_fields(doc: Any) -> dict[str, Any]:
    raw = doc.get_first("stored")
    try:
        data = json.loads(bytes(raw).decode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise StoredDamage(f"a stored document cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise StoredDamage("a stored document is not what briefing wrote")
    return data
