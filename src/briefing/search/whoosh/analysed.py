"""A build's Whoosh segments written from documents analysed ahead: in a build's worker processes.

Whoosh's writer spent most of a build on its analysis and on three things per posting: its sorting pool (a
tuple per posting, pickled to temporary run files and merged back), reading each posting's field length back
from the segment's length column, and adding the postings one call at a time. `analyse` runs a document's
analysis where the document is made (`search.produce`): every indexed field's terms, weights, encoded
positions and length (the text fields through `analysis`, the schema's analysers as plain functions), and its
stored fields pickled and compressed. `SegmentBuild` keeps a segment's postings in memory, a compact posting
list per term, and writes them when the segment is committed: terms in order, each posting list whole
(`blocks.TermWriter`), as Whoosh's `FieldWriter.add_postings` writes them from its pool. The segment files
are the ones `add_document` makes, byte for byte (tests/search/whoosh/test_analysed.py compares them).

Whoosh's codec is used through attributes of whoosh-reloaded's W3 codec, checked once per writer: where they
are missing, `supported` says no and the build adds its documents with `add_document` instead.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections import Counter
from typing import Any

from briefing.search.document import Document
from briefing.search.whoosh import analysis
from briefing.search.whoosh.blocks import TermWriter, usable
from briefing.search.whoosh.schema import schema, whoosh_fields

# per indexed or stored field, in name order: (name, terms, weights, values or None, length, column value)
FieldData = tuple[str, list[bytes], list[float], "list[bytes] | None", int, Any]
Analysed = tuple[list[FieldData], bytes]  # the fields, and the stored fields pickled and compressed
Postings = tuple["array[int]", "array[float]", bytearray, "array[int]"]
SEGMENT_POSTINGS = 3_000_000  # postings kept in memory for one segment (~50 bytes each, its terms' share
# included: 150 MB): then it is committed, whatever the count of articles
_NO_VALUES = bytearray()  # shared by the terms of the fields whose postings have no values (never added to)
_NO_SIZES: array[int] = array("I")  # shared by the terms whose values all have the same size (never added to)
_SCHEMA: list[Any] = []
# the text fields whose analyser `analysis` gives as a function (schema.schema(): words, plain, prefixes)
_ANALYSERS = {
    "title": "words",
    "body": "words",
    "notes": "words",
    "vocab": "plain",
    "source": "plain",
    "author": "plain",
    "prefixes": "prefixes",
}


def _schema() -> Any:
    if not _SCHEMA:
        _SCHEMA.append(schema())
    return _SCHEMA[0]


def _stored_level() -> int:
    from whoosh.codec.whoosh3 import STORED_COLUMN

    return int(STORED_COLUMN._child._level)


def analyse(document: Document) -> Analysed:
    """What `SegmentWriter.add_document` makes of the document's Whoosh fields, ready to be written."""
    fields = whoosh_fields(document)
    ours = _schema()
    data: list[FieldData] = []
    stored: dict[str, Any] = {}
    split: dict[str, list[str]] = {}  # text -> its plain words, for the fields that analyse the same text
    for name in sorted(fields):
        value = fields[name]
        if value is None:
            continue
        field = ours[name]
        terms: list[bytes] = []
        weights: list[float] = []
        values: list[bytes] = []
        length = 0
        fast = _fast_index(name, field, value, split) if field.indexed else None
        if fast is not None:
            terms, weights, values, length = fast
        elif field.indexed:
            scorable = field.scorable
            for tbytes, freq, weight, vbytes in field.index(value):
                terms.append(tbytes)
                weights.append(weight)
                values.append(vbytes or b"")
                if scorable:
                    length += freq
            fixed = _fixed_size(field)
            if fixed and any(len(v) != fixed for v in values):
                raise ValueError(f"field {name}: posting values of another size than its format's {fixed}")
        if field.stored:
            stored[name] = value
        column = field.column_type
        data.append(
            (
                name,
                terms,
                weights,
                values if field.indexed and field.format.posting_size != 0 else None,  # Existence: none
                length,
                field.to_column_value(value) if column else None,
            )
        )
    return data, zlib.compress(pickle.dumps(stored, 2), _stored_level())


def _fast_index(
    name: str, field: Any, value: Any, split: dict[str, list[str]]
) -> tuple[list[bytes], list[float], list[bytes], int] | None:
    """`field.index(value)` for the text fields, through `analysis`'s functions (the schema's analysers as
    plain functions, many times faster, tested equal) and the field's format as it encodes a posting; None
    for the other fields (Whoosh's own analysis then)."""
    from whoosh.formats import Frequency, Positions
    from whoosh.system import pack_uint

    kind = _ANALYSERS.get(name)
    if kind is None or not isinstance(value, str) or not field.scorable:
        return None
    words: list[str]
    if kind == "words":
        words = analysis.words(value)
    else:
        plain = split.get(value)
        if plain is None:
            plain = split[value] = analysis.plain(value)
        words = plain if kind == "plain" else analysis.prefixes_of(plain)
    form = field.format
    boost = form.field_boost
    if type(form) is Positions:
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            else:
                found.append(position)
        encode = form.encode
        return (
            [word.encode("utf-8") for word in positions],
            [float(len(p)) * boost for p in positions.values()],
            [encode(p) for p in positions.values()],
            len(words),
        )
    if type(form) is Frequency:
        counts = Counter(words)
        return (
            [word.encode("utf-8") for word in counts],
            [float(n) * boost for n in counts.values()],
            [pack_uint(n) for n in counts.values()],
            len(words),
        )
    return None


def supported(writer: Any) -> bool:
    """Whether `SegmentBuild` writes all `add_document` would with this writer: briefing's schema (no spelling
    field, no term vectors, no boosts), and the W3 codec's writers as this module knows them."""
    from whoosh.codec.whoosh3 import STORED_COLUMN, W3FieldWriter, W3PerDocWriter
    from whoosh.columns import CompressedBytesColumn

    if any(f.separate_spelling() or f.vector for _, f in writer.schema.items()):
        return False
    perdoc = getattr(writer, "perdocwriter", None)
    fieldwriter = getattr(writer, "fieldwriter", None)
    if type(perdoc) is not W3PerDocWriter or type(fieldwriter) is not W3FieldWriter:
        return False
    stored = getattr(perdoc, "_colwriters", {}).get("_stored")
    child = getattr(stored, "_child", None)
    if type(child) is not CompressedBytesColumn.Writer or child._level != STORED_COLUMN._child._level:
        return False
    return usable(fieldwriter) and all(
        hasattr(writer, name) for name in ("docnum", "_added", "_check_state", "_check_fields", "_flush_segment")
    )


class SegmentBuild:
    """The postings of the segment a Whoosh `SegmentWriter` is writing, kept here rather than in its pool,
    and written by its `_flush_segment` (replaced on that writer only) when it commits."""

    def __init__(self, writer: Any) -> None:
        from whoosh.columns import VarBytesColumn
        from whoosh.util.numeric import byte_to_length, length_to_byte

        self.writer = writer
        self.schema = writer.schema
        self.postings = 0
        # field -> term -> (segment document numbers, weights, encoded values end to end, and their sizes
        # unless the field's values all have the same size): compact arrays, not an object a posting
        self.terms: dict[str, dict[bytes, Postings]] = {}
        self._fixed = {name: _fixed_size(field) for name, field in self.schema.items()}
        self.lengths: dict[str, dict[int, int]] = {}  # field -> document number -> length as the codec reads it
        self._stored = writer.perdocwriter._colwriters["_stored"]._child
        self._add_stored = VarBytesColumn.Writer.add
        self._decoded = [byte_to_length(code) if code else 0 for code in range(256)]
        self._to_byte = length_to_byte
        writer._flush_segment = self.flush

    def full(self) -> bool:
        """Whether the segment holds as many postings as memory allows: commit it."""
        return self.postings >= SEGMENT_POSTINGS

    def add(self, analysed: Analysed) -> None:
        """`SegmentWriter.add_document` of a document `analyse` made."""
        data, stored = analysed
        writer = self.writer
        writer._check_state()
        ours = self.schema
        perdoc = writer.perdocwriter
        docnum = writer.docnum
        writer._check_fields(ours, [name for name, *_ in data])
        perdoc.start_doc(docnum)
        every = self.terms
        for name, terms, weights, values, length, column_value in data:
            field = ours[name]
            if terms:
                postings = every.get(name)
                if postings is None:
                    postings = every[name] = {}
                get = postings.get
                if values is None:
                    for tbytes, weight in zip(terms, weights, strict=True):
                        entry = get(tbytes)
                        if entry is None:
                            entry = postings[tbytes] = (array("I"), array("d"), _NO_VALUES, _NO_SIZES)
                        entry[0].append(docnum)
                        entry[1].append(weight)
                elif self._fixed.get(name):
                    for tbytes, weight, vbytes in zip(terms, weights, values, strict=True):
                        entry = get(tbytes)
                        if entry is None:
                            entry = postings[tbytes] = (array("I"), array("d"), bytearray(), _NO_SIZES)
                        entry[0].append(docnum)
                        entry[1].append(weight)
                        entry[2].extend(vbytes)
                else:
                    for tbytes, weight, vbytes in zip(terms, weights, values, strict=True):
                        entry = get(tbytes)
                        if entry is None:
                            entry = postings[tbytes] = (array("I"), array("d"), bytearray(), array("I"))
                        entry[0].append(docnum)
                        entry[1].append(weight)
                        entry[2].extend(vbytes)
                        entry[3].append(len(vbytes))
                self.postings += len(terms)
            if length:
                lengths = self.lengths.get(name)
                if lengths is None:
                    lengths = self.lengths[name] = {}
                lengths[docnum] = self._decoded[self._to_byte(length)]
            perdoc.add_field(name, field, None, length)
            column = field.column_type
            if column and column_value is not None:
                perdoc.add_column_value(name, column, column_value)
        self._add_stored(self._stored, docnum, stored)
        perdoc.finish_doc()
        writer._added = True
        writer.docnum += 1

    def flush(self) -> None:
        """The writer's `_flush_segment`: every field's terms in order, each with its posting list."""
        writer = self.writer
        writer.perdocwriter.close()
        fieldwriter = writer.fieldwriter
        for name in sorted(self.terms):
            postings = self.terms[name]
            lengths = self.lengths.get(name, {})
            field = self.schema[name]
            fieldwriter.start_field(name, field)
            terms = TermWriter(fieldwriter, field)
            fixed = self._fixed.get(name)
            for tbytes in sorted(postings):
                ids, weights, blob, sizes = postings[tbytes]
                terms.write(tbytes, ids, weights, _values(blob, sizes, fixed), [lengths.get(d, 0) for d in ids])
            fieldwriter.finish_field()
        fieldwriter.close()
        self.terms.clear()
        self.lengths.clear()
        self.postings = 0


def _fixed_size(field: Any) -> int | None:
    """The size of every posting value of a field, when its format gives them all the same (else None)."""
    size = field.format.fixed_value_size() if field.indexed else None
    return size if size else None


def _values(blob: bytearray, sizes: array[int], fixed: int | None) -> list[bytes]:
    """A term's posting values, from the bytes kept end to end."""
    if not blob:
        return []
    if sizes:
        values, start = [], 0
        for size in sizes:
            values.append(bytes(blob[start : start + size]))
            start += size
        return values
    assert fixed is not None
    return [bytes(blob[start : start + fixed]) for start in range(0, len(blob), fixed)]
