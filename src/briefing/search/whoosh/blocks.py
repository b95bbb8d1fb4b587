"""A segment's posting lists written as whoosh-reloaded's W3 codec writes them, a whole term at a time.

Whoosh's `W3FieldWriter` takes a term's postings one call at a time and keeps a block's statistics as they
come; for a segment whose postings are all in memory (`analysed.SegmentBuild`) that per-posting and per-term
bookkeeping was most of a commit. `TermWriter.write` makes the same bytes from a term's whole posting list:
blocks of `blocklimit` postings (ids delta-encoded, weights as 32-bit floats, values by the format's size),
each pickled, compressed from COMPRESSION_MIN_SIZE bytes, after its block info, and the term's info in the
term index. tests/search/whoosh/test_analysed.py compares the segment files with Whoosh's own, byte for byte.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Sequence
from pickle import dumps
from typing import Any

MAGIC = b"W3Bl"  # at the start of a posting list (WHOOSH3_HEADER_MAGIC)


def usable(fieldwriter: Any) -> bool:
    """Whether this module knows the field writer (whoosh-reloaded's W3 codec, postings never inlined)."""
    from whoosh.codec import whoosh3

    codec = getattr(fieldwriter, "_codec", None)
    return (
        type(fieldwriter) is whoosh3.W3FieldWriter
        and getattr(whoosh3, "WHOOSH3_HEADER_MAGIC", None) == MAGIC
        and hasattr(whoosh3, "COMPRESSION_MIN_SIZE")
        and all(hasattr(codec, a) for a in ("_blocklimit", "_compression", "_inlinelimit"))
        and codec._inlinelimit <= 1
        and all(hasattr(fieldwriter, a) for a in ("_postfile", "_tindex", "_fieldid"))
    )


class TermWriter:
    """Writes one field's terms, in order, to a segment's W3 field writer (between its start_field and
    finish_field)."""

    def __init__(self, fieldwriter: Any, field: Any) -> None:
        from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, W3TermInfo
        from whoosh.system import pack_int, pack_ushort
        from whoosh.util.numeric import length_to_byte

        codec = fieldwriter._codec
        self.limit = codec._blocklimit
        self.compression = codec._compression
        self.min_compressed = COMPRESSION_MIN_SIZE
        self.fieldwriter = fieldwriter
        self.postfile = fieldwriter._postfile
        self.position = self.postfile.tell()  # kept here: the file's tell() costs a system call
        self.add_term = fieldwriter._tindex.add
        self.prefix = pack_ushort(fieldwriter._fieldid)
        self.fixed = field.format.fixed_value_size()
        self.terminfo = W3TermInfo
        self.pack_int = pack_int
        self.to_byte = length_to_byte

    def write(
        self, btext: bytes, ids: array[int], weights: array[float], values: Sequence[bytes], lengths: Sequence[int]
    ) -> None:
        """A term's postings, document numbers ascending; `values` empty when the format has none, and
        `lengths` the documents' field lengths as the codec reads them back (0: none)."""
        write = self.postfile.write
        start = self.position
        info = self.terminfo()
        limit, fixed, to_byte = self.limit, self.fixed, self.to_byte
        count = len(ids)
        total = 0.0
        write(MAGIC)
        for first in range(0, count, limit):
            end = first + limit
            block_ids = ids[first:end]
            exact = weights[first:end].tolist()
            stored = array("f", exact)  # the codec keeps a block's weights as 32-bit floats
            heaviest = max(exact)
            if not heaviest > 0:
                heaviest = 0
            known = [length for length in lengths[first:end] if length]
            shortest = min(known) if known else None
            longest = max(known) if known else 0
            # the term's info, as W3TermInfo.add_block keeps it
            total += sum(stored)
            info._df += len(block_ids)
            info._minlength = shortest if info._minlength is None else min(info._minlength, shortest)  # type: ignore[type-var]
            info._maxlength = max(info._maxlength, longest)
            info._maxweight = max(info._maxweight, heaviest)
            if info._minid is None:
                info._minid = block_ids[0]
            info._maxid = block_ids[-1]
            # the block, as W3PostingsWriter._write_block writes it
            previous = 0
            deltas = []
            for docnum in block_ids:
                deltas.append(docnum - previous)
                previous = docnum
            if all(w == 1.0 for w in stored):
                mini_weights: Any = None
            elif all(w == stored[0] for w in stored):
                mini_weights = stored[0]
            else:
                mini_weights = tuple(stored)
            block_values = [v for v in values[first:end] if v] if values else []
            if fixed is None or fixed < 0:
                mini_values: Any = tuple(block_values)
            elif fixed == 0:
                mini_values = None
            else:
                mini_values = b"".join(block_values)
            data = dumps((tuple(deltas), mini_weights, mini_values), 2)
            level = self.compression if len(data) >= self.min_compressed else 0
            if level:
                data = zlib.compress(data, level)
            head = dumps((len(block_ids), block_ids[-1], heaviest, level, to_byte(shortest), to_byte(longest)), 2)
            size = len(head) + len(data)
            write(self.pack_int(-size if end >= count else size))
            write(head)
            write(data)
            self.position += 4 + size
        self.position += len(MAGIC)
        info._weight = total
        info.set_extent(start, self.position - start)
        self.add_term(self.prefix + btext, info.to_bytes())
