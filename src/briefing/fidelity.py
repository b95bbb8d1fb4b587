"""Audit of a cleaned body against its raw text: every word lost is on the record, no sentence is cut in two.

`audit(raw, body, removed)` compares the multiset of words of the raw text with that of the body plus the
words of every recorded removal. Words are runs of letters and digits (NFC); control characters and CSI
sequences (`ESC[31m`) separate words. A paragraph break inside a sentence (a paragraph without final
punctuation followed by one that starts in lower case) counts unless the source had a paragraph mark there
(a blank line or an indent).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.clean_blocks import unfence
from briefing.clean_markup import CONTROL_RE

_WORD_RE = re.compile(r"[^\W_]+")
_CSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_FINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", "'", ")")


def words(text: str) -> Counter[str]:
    text = CONTROL_RE.sub(" ", _CSI_RE.sub(" ", unicodedata.normalize("NFC", text)))
    return Counter(_WORD_RE.findall(text))


@dataclass(frozen=True)
class Audit:
    """What a cleaned body lost without saying so, and where it breaks a sentence into two paragraphs."""

    unrecorded: Counter[str]  # words of the raw text missing from the body and from the record
    recorded: int  # words of the raw text the record says were removed
    split_sentences: tuple[str, ...]  # "...end of one paragraph | start of the next" where the source had no mark

    @property
    def ok(self) -> bool:
        return not self.unrecorded and not self.split_sentences


def _source_has_mark(raw: str, before: str, after: str) -> bool:
    last, first = before.split()[-1], after.split()[0]
    pattern = re.escape(last) + r"[ \t]*\n(?:[ \t]*\n|[ \t]+)\s*" + re.escape(first)
    return re.search(pattern, raw) is not None


def split_sentences(raw: str, body: str) -> list[str]:
    """Paragraph breaks of the body inside a sentence that the source did not have."""
    found = []
    paragraphs = body.split("\n\n") if body else []
    for before, after in zip(paragraphs, paragraphs[1:], strict=False):
        if unfence(before) is not None or unfence(after) is not None:
            continue
        if before.rstrip().endswith(_FINAL) or not after[:1].islower():
            continue
        if not _source_has_mark(raw, before, after):
            found.append(f"{before[-40:]} | {after[:40]}")
    return found


def audit(raw: str, body: str, removed: Iterable[str]) -> Audit:
    raw_words = words(raw)
    lost = raw_words - words(body)
    record: Counter[str] = Counter()
    for text in removed:
        record.update(words(text))
    return Audit(
        unrecorded=lost - record,
        recorded=sum((raw_words & record).values()),
        split_sentences=tuple(split_sentences(raw, body)),
    )
