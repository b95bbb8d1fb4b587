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


TEXTS = ("id", *TEXT_FIELDS, *PLAIN_FIELDS, "vocab", "prefixes")


def analyse(document: Document) -> dict[str, Any]:
    """A document's fields as tantivy takes them: terms joined by spaces, numbers, the stored JSON. Plain
    values, so that a build's worker processes make them (the engine's `preparer`)."""
    title, body, notes = (analysis.lowered(t) for t in (document.title, document.body, document.notes))
    # every word a finished query finds is also found while being typed, and suggested (as in Whoosh, which
    # analyses title, body, tags and notes joined by line breaks: the same words as each part's, in order)
    vocab = analysis.folded([*title, *body, *analysis.lowered(" ".join(document.tags)), *notes])
    published = document.published if document.published_text and document.published else None
    return {
        "id": document.id,
        "title": " ".join(analysis.stemmed(title)),
        "body": " ".join(analysis.stemmed(body)),
        "notes": " ".join(analysis.stemmed(notes)),
        "source": " ".join(analysis.plain(document.source)),
        "author": " ".join(analysis.plain(document.author)),
        "vocab": " ".join(vocab),
        "prefixes": " ".join(analysis.prefixes_of(vocab)),
        "tags": analysis.keywords(",".join(document.tags)),
        "published": day_number(published) if published else None,
        "event": [day_number(day) for day in document.event_days],
        "stored": _stored_json(document),
    }


def tantivy_document(document: Document, analysed: dict[str, Any] | None = None) -> Any:
    """The tantivy document of a document (`analysed`: made already by `analyse`, in a worker process)."""
    fields = analysed if analysed is not None else analyse(document)
    doc = tantivy.Document()
    for name in TEXTS:
        doc.add_text(name, fields[name])
    for tag in fields["tags"]:
        doc.add_text("tags", tag)
    if fields["published"] is not None:
        doc.add_integer("published", fields["published"])
    for day in fields["event"]:
        doc.add_integer("event", day)
    doc.add_bytes("stored", fields["stored"])
    return doc


def _stored_json(document: Document) -> bytes:
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
    return json.dumps(stored, ensure_ascii=False).encode("utf-8")


def stored_fields(doc: Any) -> dict[str, Any]:
    raw = doc.get_first("stored")
    try:
        data = json.loads(bytes(raw).decode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise StoredDamage(f"a stored document cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise StoredDamage("a stored document is not what briefing wrote")
    return data
