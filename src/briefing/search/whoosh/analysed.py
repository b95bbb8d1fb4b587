"""Whoosh's analysis of a document done ahead of its writer: in a build's worker processes.

Analysing a document (tokenising, stemming, the prefixes of every word) is a third of what Whoosh's writer
does per document. `analyse` runs it where the document is made (`search.produce`), and `add_analysed` gives
the writer the terms ready, doing exactly what `SegmentWriter.add_document` does with the terms it would have
made itself: same postings, same lengths, same stored fields.
"""

from __future__ import annotations

from typing import Any

from briefing.search.document import Document
from briefing.search.whoosh.schema import schema, whoosh_fields

Analysed = tuple[dict[str, Any], dict[str, list[tuple[bytes, int, float, Any]]]]
_SCHEMA: list[Any] = []


def _schema() -> Any:
    if not _SCHEMA:
        _SCHEMA.append(schema())
    return _SCHEMA[0]


def analyse(document: Document) -> Analysed:
    """The document's Whoosh fields, and the terms of each indexed one (as `FieldType.index` makes them)."""
    fields = whoosh_fields(document)
    ours = _schema()
    terms: dict[str, list[tuple[bytes, int, float, Any]]] = {}
    for name, value in fields.items():
        if value is not None and ours[name].indexed:
            terms[name] = list(ours[name].index(value))
    return fields, terms


def supported(writer: Any) -> bool:
    """Whether `add_analysed` does all `add_document` would with this writer's schema (no spelling field, no
    term vectors: briefing's schema has none)."""
    return all(not f.separate_spelling() and not f.vector for _, f in writer.schema.items())


def add_analysed(writer: Any, analysed: Analysed) -> None:
    """`SegmentWriter.add_document` with the terms already made."""
    fields, terms = analysed
    writer._check_state()
    perdocwriter = writer.perdocwriter
    ours = writer.schema
    docnum = writer.docnum
    add_post = writer.pool.add
    docboost = writer._doc_boost(fields)
    fieldnames = sorted(name for name in fields if not name.startswith("_"))
    writer._check_fields(ours, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = ours[fieldname]
            length = 0
            if field.indexed:
                fieldboost = writer._field_boost(fields, fieldname, docboost)
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in terms.get(fieldname, ()):
                    if scorable:
                        length += freq
                    add_post((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
            customval = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
    except ValueError:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    writer._added = True
    writer.docnum += 1
