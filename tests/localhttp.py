"""A real HTTP server on 127.0.0.1 (an ephemeral port) for the fetch and feed tests: no mocks.

Each route answers one path: a fixed body (optionally gzipped, with validators for conditional GET), a
redirect, an endless stream generated chunk by chunk (never built in memory), or silence. Every request is
logged so tests can check what the client sent (User-Agent, If-None-Match, how many requests).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    location: str | None = None  # a redirect
    stream_bytes: int = 0  # an answer of this many bytes, generated chunk by chunk
    declare_length: bool = True  # send Content-Length for a streamed answer
    hang: bool = False  # accept the request, never answer
    delay: float = 0.0  # seconds before answering


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[Request], Route]] = {}
        self.requests: list[Request] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.active = 0
        self.max_active = 0  # the most requests served at once
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                with server._lock:
                    server.requests.append(request)
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                route = server.routes.get(self.path.split("?")[0])
                if callable(route):
                    route = route(request)
                try:
                    if route is not None and route.delay:
                        server.stop.wait(route.delay)
                    server._answer(self, request, route)
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    self.close_connection = True
                finally:
                    with server._lock:
                        server.active -= 1

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hangs up (a refused 50 MB page, a closed pool) is not news

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _answer(self, handler: BaseHTTPRequestHandler, request: Request, route: Route | None) -> None:
        if route is None:
            self._send(handler, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.hang:
            self.stop.wait(30)  # bounded: the fixture sets `stop` when the test ends
            handler.close_connection = True
            return
        if route.location:
            self._send(
                handler,
                route.status if route.status in (301, 302, 303, 307, 308) else 302,
                {"Location": route.location, "Content-Type": "text/plain"},
                b"moved",
            )
            return
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if (route.etag and request.headers.get("if-none-match") == route.etag) or (
            route.last_modified and request.headers.get("if-modified-since") == route.last_modified
        ):
            self._send(handler, 304, {k: v for k, v in headers.items() if k != "Content-Type"}, b"")
            return
        if route.stream_bytes:
            self._stream(handler, route, headers)
            return
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(handler, route.status, headers, body)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _stream(self, handler: BaseHTTPRequestHandler, route: Route, headers: dict[str, str]) -> None:
        handler.send_response(route.status)
        for key, value in headers.items():
            handler.send_header(key, value)
        if route.declare_length:
            handler.send_header("Content-Length", str(route.stream_bytes))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        chunk = b"<html><body>" + b"<p>filler text of a page that never ends.</p>\n" * 1400
        sent = 0
        while sent < route.stream_bytes and not self.stop.is_set():
            piece = chunk[: route.stream_bytes - sent]
            handler.wfile.write(piece)
            sent += len(piece)
            self.streamed = sent

    streamed = 0

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------- feed documents
def _x(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def rss(items: list[dict[str, str]], *, title: str = "The Gazette", link: str = "http://127.0.0.1/") -> bytes:
    """An RSS 2.0 document; item keys: title, link, guid, description, content (content:encoded), date, author."""
    parts = []
    for item in items:
        fields = [f"<title>{_x(item['title'])}</title>"] if "title" in item else []
        if "link" in item:
            fields.append(f"<link>{_x(item['link'])}</link>")
        if "guid" in item:
            fields.append(f'<guid isPermaLink="false">{_x(item["guid"])}</guid>')
        if "description" in item:
            fields.append(f"<description>{_x(item['description'])}</description>")
        if "content" in item:
            fields.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        if "date" in item:
            fields.append(f"<pubDate>{item['date']}</pubDate>")
        if "author" in item:
            fields.append(f"<dc:creator>{_x(item['author'])}</dc:creator>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{_x(title)}</title><link>{_x(link)}</link><description>news</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode("utf-8")


def atom(entries: list[dict[str, str]], *, title: str = "The Atom Review") -> bytes:
    """An Atom 1.0 document; entry keys: title, link, id, summary, content, updated, author."""
    parts = []
    for entry in entries:
        fields = [f"<title>{_x(entry['title'])}</title>", f"<id>{_x(entry['id'])}</id>"]
        if "link" in entry:
            fields.append(f'<link rel="alternate" href="{_x(entry["link"])}"/>')
        fields.append(f"<updated>{entry.get('updated', '2024-05-01T09:00:00Z')}</updated>")
        if "summary" in entry:
            fields.append(f'<summary type="html">{_x(entry["summary"])}</summary>')
        if "content" in entry:
            fields.append(f'<content type="html">{_x(entry["content"])}</content>')
        if "author" in entry:
            fields.append(f"<author><name>{_x(entry['author'])}</name></author>")
        parts.append("<entry>" + "".join(fields) + "</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{_x(title)}</title><id>urn:example:atom</id><updated>2024-05-01T09:00:00Z</updated>"
        + "".join(parts)
        + "</feed>"
    ).encode("utf-8")


def rdf(items: list[dict[str, str]], *, title: str = "The RDF Digest") -> bytes:
    """An RSS 1.0 (RDF) document; item keys: title, link, description, date (W3C-DTF)."""
    parts = []
    for item in items:
        date = f"<dc:date>{item['date']}</dc:date>" if "date" in item else ""
        parts.append(
            f'<item rdf:about="{_x(item["link"])}"><title>{_x(item["title"])}</title><link>{_x(item["link"])}</link>'
            f"<description>{_x(item.get('description', ''))}</description>{date}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="http://127.0.0.1/"><title>{_x(title)}</title><link>http://127.0.0.1/</link>'
        "<description>digest</description></channel>" + "".join(parts) + "</rdf:RDF>"
    ).encode("utf-8")
