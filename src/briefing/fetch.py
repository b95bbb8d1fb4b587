"""HTTP(S) fetching for `briefing add URL` and the feeds: polite, bounded, and honest about failures.

Every answer is read as a stream and refused as soon as it passes the size cap (a Content-Length over the cap
is refused before reading anything); gzip and deflate are decoded here, chunk by chunk, with the cap applied to
the decoded size, so a compression bomb costs at most the cap. Redirects are followed (at most
`MAX_REDIRECTS`, http and https only); a timeout covers connecting and each read, and a deadline the whole
answer, so a server that trickles bytes cannot hold a fetch forever.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefing import __version__
from briefing.clean import strip_control
from briefing.errors import BriefingError, IngestError

USER_AGENT = f"briefing/{__version__} (terminal briefing reader; fetches pages and feeds its user follows)"
MAX_PAGE_BYTES = 10 * 1024 * 1024  # decoded; news pages are well under 2 MB
DEFAULT_TIMEOUT = 15.0  # seconds to connect, and between two reads
DEADLINE_FACTOR = 4  # the whole answer must arrive within this many timeouts
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
# An HTML page with more elements, or nested deeper, than any real article page is refused before extraction.
MAX_ELEMENTS = 150_000
MAX_DEPTH = 1_000
_CHUNK = 64 * 1024


class FetchError(BriefingError):
    """A URL that could not be fetched: the message is `URL: reason`, one line."""

    def __init__(self, url: str, reason: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        self.url = display_url(url)
        self.reason = " ".join(strip_control(reason)[0].split())[:300]
        self.retry_after = retry_after
        self.status = status
        super().__init__(f"{self.url}: {self.reason}")


@dataclass(frozen=True)
class Fetched:
    """One answer: the final URL (after redirects), its body (decoded from gzip/deflate) and its validators."""

    url: str
    final_url: str
    status: int
    content_type: str  # the media type alone, lower case ("" when the server gave none)
    charset: str | None  # as declared in the Content-Type header
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched: str  # when, ISO 8601 UTC
    moved_to: str | None = None  # where a permanent redirect (301/308) from `url` pointed

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def display_url(url: str) -> str:
    """A URL made safe to print on one line: no control characters, no spaces, not endless."""
    text = strip_control(str(url))[0]
    text = "".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def is_url(text: str) -> bool:
    return bool(re.match(r"(?i)^https?://", text.strip()))


def check_url(url: str) -> str:
    """The URL, stripped, when it is an http(s) URL with a host; a FetchError naming it otherwise."""
    url = url.strip()
    if not is_url(url):
        raise FetchError(url, "not an http:// or https:// address")
    if any(ch.isspace() for ch in url) or strip_control(url)[1]:
        raise FetchError(url, "the address contains spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise FetchError(url, f"not a valid address ({exc})") from None
    if not parts.hostname:
        raise FetchError(url, "the address has no host")
    return url


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Fetcher:
    """One HTTP client (a pool of connections) for a whole run; safe to share between threads."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_PAGE_BYTES,
        user_agent: str = USER_AGENT,
        max_connections: int = 16,
    ) -> None:
        import httpx

        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url`; a 304 comes back as a Fetched with an empty body, any failure as a FetchError."""
        import httpx

        url = check_url(url)
        limit = max_bytes or self.max_bytes
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.timeout * DEADLINE_FACTOR
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response, limit, deadline)
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            what = "no connection" if isinstance(exc, httpx.ConnectTimeout) else "no answer"
            raise FetchError(url, f"timed out after {self.timeout:g} s ({what})") from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, f"redirected to an address briefing does not fetch ({_reason(exc)})") from None
        except httpx.ConnectError as exc:
            raise FetchError(url, f"cannot connect ({_reason(exc)})") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(url, f"{_kind(exc)} ({_reason(exc)})") from None
        except (OSError, ValueError, UnicodeError) as exc:
            raise FetchError(url, f"{exc.__class__.__name__} ({_reason(exc)})") from None

    def _read(self, url: str, response: Any, limit: int, deadline: float) -> Fetched:
        status = response.status_code
        moved = _moved_to(response)
        headers = response.headers
        if status >= 400:
            reason = response.reason_phrase or ""
            raise FetchError(
                url,
                f"HTTP {status}{' ' + reason if reason else ''}",
                retry_after=_retry_after(headers.get("retry-after")),
                status=status,
            )
        content_type, charset = _media_type(headers.get("content-type", ""))
        common = {
            "url": url,
            "final_url": str(response.url),
            "status": status,
            "content_type": content_type,
            "charset": charset,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "fetched": now_iso(),
            "moved_to": moved,
        }
        if status == 304:
            return Fetched(body=b"", **common)
        if status != 200 and status != 203:
            raise FetchError(url, f"unexpected answer HTTP {status}", status=status)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"too large ({_size(int(declared))}, the limit is {_size(limit)}); not read")
        encoding = headers.get("content-encoding", "identity").strip().lower()
        body = bytearray()
        for chunk in _decoded(url, response.iter_raw(_CHUNK), encoding, limit):
            body += chunk
            if len(body) > limit:
                raise FetchError(url, f"too large (over {_size(limit)}); stopped reading")
            if time.monotonic() > deadline:
                raise FetchError(url, f"too slow (not complete after {self.timeout * DEADLINE_FACTOR:g} s)")
        return Fetched(body=bytes(body), **common)


def _decoded(url: str, raw: Iterator[bytes], encoding: str, limit: int) -> Iterator[bytes]:
    """The body decoded from its Content-Encoding, never more than `limit + 1` bytes at a time."""
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"unsupported content encoding {encoding!r}")
    gzip = encoding != "deflate"
    decoder = None
    produced = 0
    try:
        for chunk in raw:
            data = chunk
            while data:
                if decoder is None:
                    decoder = zlib.decompressobj(_wbits(gzip, data))
                out = decoder.decompress(data, limit + 1 - produced)
                produced += len(out)
                yield out
                if produced > limit:
                    return
                data = decoder.unconsumed_tail
                if not data and decoder.eof and gzip and decoder.unused_data.strip(b"\x00"):
                    data, decoder = decoder.unused_data, None  # another gzip member follows
        if decoder is not None:
            yield decoder.flush()
    except zlib.error as exc:
        raise FetchError(url, f"damaged {encoding} data ({exc})") from None


def _wbits(gzip: bool, head: bytes) -> int:
    if gzip:
        return 16 + zlib.MAX_WBITS
    # "deflate" should be a zlib stream; some servers send raw deflate without the zlib header
    zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


def _moved_to(response: Any) -> str | None:
    """Where the first redirect points when it is permanent (the feed's address has changed)."""
    history = response.history
    if history and history[0].status_code in (301, 308):
        following = history[1] if len(history) > 1 else response
        return str(following.url)
    return None


def _media_type(value: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in value.split(";")]
    media = parts[0].lower() if parts else ""
    charset = None
    for part in parts[1:]:
        key, _, raw = part.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("'\"").lower() or None
    return media, charset


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _reason(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[0] if text.splitlines() else text)
    text = re.sub(r"^\[SSL[^\]]*\]\s*", "TLS: ", text)
    return text[:200]


def _kind(exc: BaseException) -> str:
    name = exc.__class__.__name__
    return {
        "RemoteProtocolError": "bad HTTP answer",
        "LocalProtocolError": "bad request",
        "ReadError": "connection broken",
        "WriteError": "connection broken",
        "InvalidURL": "not a valid address",
    }.get(name, "network error")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, n // 1024)} KB"


# ---------------------------------------------------------------------------------------------- pages
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LATIN1_FAMILY = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "l1", "windows-1252", "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _LATIN1_FAMILY:
        return "cp1252"  # what browsers do, by the HTML standard
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(body: bytes, declared: str | None, name: str) -> str:
    """The text of an HTML page: BOM, then the HTTP charset, then the page's <meta> charset, then detection.

    A page declared Latin-1/ASCII whose bytes are valid UTF-8 (with non-ASCII characters) is UTF-8: servers
    that add a default `charset=iso-8859-1` to every answer are common, while Latin-1 text that happens to be
    valid UTF-8 is vanishingly rare.
    """
    from briefing.rawtext import decode_bytes

    if not body.strip():
        raise IngestError(f"{name}: empty page")
    if body.startswith(codecs.BOM_UTF8):
        return body.decode("utf-8-sig", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    if b"\x00" in body[:8192]:
        raise IngestError(f"{name}: binary data, not a page")
    meta = _META_CHARSET.search(body[:8192])
    for label in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        codec = _codec(label)
        if codec is None:
            continue
        if codec == "cp1252" and not body.isascii():
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_bytes(body, name)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    # closed implicitly by the next sibling, so an unclosed one does not nest
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp".split()
)


def check_markup(text: str, name: str) -> None:
    """Refuse an HTML bomb: more elements, or deeper nesting, than any real page (an IngestError naming it)."""
    elements = depth = deepest = 0
    for match in _TAG.finditer(text):
        closing, tag, self_closing = match.groups()
        tag = tag.lower()
        if closing:
            depth = max(0, depth - 1) if tag not in _VOID else depth
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            raise IngestError(f"{name}: refused: more than {MAX_ELEMENTS:,} HTML elements")
        if not self_closing and tag not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise IngestError(f"{name}: refused: HTML nested more than {MAX_DEPTH:,} levels deep")
