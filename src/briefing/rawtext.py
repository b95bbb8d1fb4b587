"""Raw files as text: UTF-8 when they are, the detected encoding when not, line by line when mixed.

Binary files are refused, and so is a file too large to be one article, from its size, before it is read.
"""

from __future__ import annotations

from briefing.errors import IngestError

_COMMON_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 when it is, else the detected encoding; binary files are refused."""
    return decode_with_note(data, name)[0]


def decode_with_note(data: bytes, name: str) -> tuple[str, str | None]:
    """The text of a raw file, and a note when some of its lines were not UTF-8 (a file pasted together
    from several sources): those lines are decoded on their own, never the whole file as mojibake."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return _decode_legacy(data, name), None


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """Line by line, when some lines are UTF-8 with non-ASCII characters and others are not UTF-8 at all."""
    lines = data.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_evidence = False
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            continue
        utf8_evidence = utf8_evidence or not line.isascii()
        decoded.append(text)
    bad = [line for line, text in zip(lines, decoded, strict=True) if text is None]
    if not utf8_evidence or not bad:
        return None
    encoding = _legacy_encoding(b"".join(bad))
    text = "".join(
        text if text is not None else line.decode(encoding, errors="replace")
        for line, text in zip(lines, decoded, strict=True)
    ).lstrip("\ufeff")
    count = f"{len(bad)} line{'s' if len(bad) != 1 else ''}"
    return text, f"{count} not in UTF-8 read as {encoding}"


def _legacy_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    best = matches[0]
    for match in matches:
        if match.encoding in _COMMON_ENCODINGS and match.chaos <= best.chaos and match.coherence >= best.coherence:
            return match.encoding
    return best.encoding


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise IngestError(f"{name}: binary file or unknown text encoding")
    best = matches[0]
    # Short texts fit several 8-bit encodings equally well; Western European news is by far the most
    # likely among equals, so cp1252 wins a tie.
    for match in matches:
        if match.encoding in _COMMON_ENCODINGS and match.chaos <= best.chaos and match.coherence >= best.coherence:
            best = match
            break
    text = str(best)
    printable = sum(1 for ch in text[:4096] if ch.isprintable() or ch in "\n\t\r")
    if printable < 0.95 * min(len(text), 4096):
        raise IngestError(f"{name}: binary file, not text")
    return text


MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest raw article (or collection line) ingested; a bigger file is refused before it is read."""


def human_size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"
