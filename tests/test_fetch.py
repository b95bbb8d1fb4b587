"""`briefing add URL` and the HTTP layer, against a real local HTTP server (127.0.0.1, ephemeral port)."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from briefing import cli
from briefing.corpus import get_article, load_corpus
from briefing.errors import IngestError
from briefing.fetch import MAX_PAGE_BYTES, USER_AGENT, Fetcher, FetchError, check_markup, decode_page
from briefing.follow import add_url
from tests.localhttp import LocalServer, Route


def page(title: str, paragraphs: list[str], *, charset_meta: str | None = None, date: str | None = None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    published = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{published}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>© The Gazette</footer></body></html>"
    )


PARAGRAPHS = [
    "The regional assembly voted on Tuesday to extend the grain corridor agreement for another six months, "
    "after a debate that ran late into the night and saw two amendments rejected.",
    "Delegates from the northern provinces argued that the extension would keep prices stable through the "
    "winter, while opponents warned that storage capacity was already stretched.",
    "The agreement, first signed in March 2021, will now run until the end of June, officials said.",
]


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def test_add_url_records_url_fetch_time_and_metadata(server, tmp_path):
    server.routes["/story"] = Route(page("Assembly extends grain corridor", PARAGRAPHS, date="2022-03-04").encode())
    corpus = tmp_path / "corpus"
    outcome = add_url(corpus, server.url("/story"), timeout=5)
    assert outcome.status == "added", outcome.message
    article = get_article(corpus, outcome.article_id)
    assert article.url == server.url("/story")
    assert article.title == "Assembly extends grain corridor"
    assert article.published == "2022-03-04"
    assert "grain corridor agreement" in article.body and "Home" not in article.body
    assert article.extra["fetched"].endswith("Z") and article.ingested
    assert article.original == server.url("/story")
    # an honest User-Agent, and gzip asked for
    sent = server.hits("/story")[0].headers
    assert sent["user-agent"] == USER_AGENT and "briefing/" in USER_AGENT
    assert "gzip" in sent["accept-encoding"]
    # the same page again is the same article: refused as a duplicate, not added twice
    again = add_url(corpus, server.url("/story"), timeout=5)
    assert again.status == "skipped" and again.article_id == outcome.article_id
    assert len(load_corpus(corpus).articles) == 1


def test_redirects_are_followed_and_the_final_url_recorded(server, tmp_path):
    server.routes["/old"] = Route(status=301, location="/middle")
    server.routes["/middle"] = Route(status=302, location=server.url("/new"))
    server.routes["/new"] = Route(page("Redirected story", PARAGRAPHS).encode())
    outcome = add_url(tmp_path / "corpus", server.url("/old"), timeout=5)
    assert outcome.status == "added", outcome.message
    article = get_article(tmp_path / "corpus", outcome.article_id)
    assert article.url == server.url("/new")
    assert article.original == server.url("/old")


def test_redirect_loop_is_one_line(server, tmp_path):
    server.routes["/a"] = Route(status=302, location="/b")
    server.routes["/b"] = Route(status=302, location="/a")
    outcome = add_url(tmp_path / "corpus", server.url("/a"), timeout=5)
    assert outcome.status == "error" and "redirects" in outcome.message and "\n" not in outcome.message


def test_gzip_page(server, tmp_path):
    server.routes["/gz"] = Route(page("Compressed story", PARAGRAPHS).encode(), gzip=True)
    outcome = add_url(tmp_path / "corpus", server.url("/gz"), timeout=5)
    assert outcome.status == "added", outcome.message
    assert "grain corridor" in get_article(tmp_path / "corpus", outcome.article_id).body


def test_deflate_with_and_without_zlib_header(server):
    body = page("Deflated", PARAGRAPHS).encode()
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    server.routes["/zlib"] = Route(zlib.compress(body), headers={"Content-Encoding": "deflate"})
    server.routes["/raw"] = Route(raw.compress(body) + raw.flush(), headers={"Content-Encoding": "deflate"})
    with Fetcher(timeout=5) as fetcher:
        assert fetcher.get(server.url("/zlib")).body == body
        assert fetcher.get(server.url("/raw")).body == body


FRENCH = [
    "Le président a déclaré mercredi que la réforme des retraites serait présentée à l'Assemblée dès l'été, "
    "malgré l'opposition des syndicats réunis à Orléans.",
    "Les négociations, ouvertes en février, ont achoppé sur l'âge légal et la pénibilité, a précisé le ministère.",
    "« Nous irons jusqu'au bout », a répété la Première ministre devant les députés, sous les huées.",
]


@pytest.mark.parametrize("where", ["header", "meta", "undeclared"])
def test_non_utf8_page(server, tmp_path, where):
    html = page(
        "Réforme des retraites : l'été décisif", FRENCH, charset_meta="windows-1252" if where == "meta" else None
    )
    content_type = "text/html; charset=ISO-8859-1" if where == "header" else "text/html"
    server.routes["/fr"] = Route(html.encode("cp1252"), content_type=content_type)
    outcome = add_url(tmp_path / "corpus", server.url("/fr"), timeout=5)
    assert outcome.status == "added", outcome.message
    article = get_article(tmp_path / "corpus", outcome.article_id)
    assert "l'été décisif" in article.title
    assert "« Nous irons jusqu'au bout »" in article.body and "Orléans" in article.body


def test_utf8_page_served_with_a_latin1_default_header():
    text = page("Zürich über alles", FRENCH)
    assert decode_page(text.encode("utf-8"), "iso-8859-1", "x") == text
    assert decode_page(text.encode("cp1252"), "iso-8859-1", "x") == text


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(b"missing", status=404, content_type="text/plain"), "HTTP 404"),
        (Route(b"%PDF-1.4 binary", content_type="application/pdf"), "not an HTML page (application/pdf)"),
        (Route(b'{"a": 1}', content_type="application/json"), "not an HTML page (application/json)"),
        (Route(b"down", status=503, content_type="text/plain", headers={"Retry-After": "120"}), "HTTP 503"),
        (Route(b"", content_type="text/html"), "empty page"),
    ],
)
def test_failures_are_one_line_naming_the_url(server, tmp_path, route, expected):
    server.routes["/x"] = route
    outcome = add_url(tmp_path / "corpus", server.url("/x"), timeout=5)
    assert outcome.status == "error"
    assert expected in outcome.message and "\n" not in outcome.message
    assert outcome.origin == server.url("/x")
    assert not (tmp_path / "corpus").exists() or not list((tmp_path / "corpus").glob("*.md"))


def test_a_feed_url_given_to_add_says_to_follow_it(server, tmp_path):
    server.routes["/rss"] = Route(
        b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", content_type="application/rss+xml"
    )
    outcome = add_url(tmp_path / "corpus", server.url("/rss"), timeout=5)
    assert outcome.status == "error" and "briefing feeds add" in outcome.message


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_50_mb_page_is_refused_without_reading_it_all(server, tmp_path, declare_length):
    size = 50 * 1024 * 1024
    server.routes["/huge"] = Route(stream_bytes=size, declare_length=declare_length)
    started = time.monotonic()
    outcome = add_url(tmp_path / "corpus", server.url("/huge"), timeout=5)
    assert outcome.status == "error" and "too large" in outcome.message
    assert time.monotonic() - started < 10
    if declare_length:
        assert "not read" in outcome.message
    else:
        assert "stopped reading" in outcome.message
    assert server.streamed < size  # the client hung up long before the end


def test_a_gzip_bomb_is_capped_on_its_decoded_size(server):
    bomb = gzip.compress(b"\0" * (MAX_PAGE_BYTES * 3), compresslevel=9)
    assert len(bomb) < MAX_PAGE_BYTES // 50
    server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(timeout=5) as fetcher, pytest.raises(FetchError, match="too large"):
        fetcher.get(server.url("/bomb"))


def test_an_html_bomb_is_refused(server, tmp_path):
    deep = "<!DOCTYPE html><html><body>" + "<div>" * 5000 + "text" + "</div>" * 5000 + "</body></html>"
    server.routes["/deep"] = Route(deep.encode())
    outcome = add_url(tmp_path / "corpus", server.url("/deep"), timeout=5)
    assert outcome.status == "error" and "nested more than" in outcome.message
    wide = "<html><body>" + "<span>x</span>" * 200_000 + "</body></html>"
    with pytest.raises(IngestError, match="more than 150,000 HTML elements"):
        check_markup(wide, "wide.html")
    # sloppy but real HTML (thousands of unclosed <p> and <li>) is not a bomb
    check_markup("<ul>" + "<li>item" * 5000 + "</ul>" + "<p>para" * 5000, "sloppy.html")


def test_a_server_that_never_answers_times_out(server, tmp_path):
    server.routes["/silent"] = Route(hang=True)
    started = time.monotonic()
    outcome = add_url(tmp_path / "corpus", server.url("/silent"), timeout=0.5)
    assert outcome.status == "error" and "timed out after 0.5 s" in outcome.message
    assert time.monotonic() - started < 5


def test_nothing_listening_and_bad_addresses(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: the connection is refused
        outcome = add_url(tmp_path / "corpus", f"http://127.0.0.1:{port}/x", timeout=2)
    assert outcome.status == "error" and "cannot connect" in outcome.message
    for bad in ("http://", "http://exa mple.org/", "http://127.0.0.1:99999/", "http://x/\x1b[31m"):
        outcome = add_url(tmp_path / "corpus", bad, timeout=1)
        assert outcome.status == "error" and "\n" not in outcome.message and "\x1b" not in outcome.message


def test_cli_add_url_and_file_together(server, tmp_path, capsys):
    server.routes["/story"] = Route(page("Assembly extends grain corridor", PARAGRAPHS).encode())
    server.routes["/gone"] = Route(b"gone", status=410, content_type="text/plain")
    raw = tmp_path / "note.txt"
    raw.write_text("Talks resumed in Geneva\n\nThe delegations met on Monday for a third round of talks.\n")
    corpus = tmp_path / "corpus"
    code = cli.main(
        ["--corpus", str(corpus), "add", server.url("/story"), str(raw), server.url("/gone"), "--timeout", "5"]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert f"added    {server.url('/story')} -> assembly-extends-grain-corridor" in out
    assert f"error {server.url('/gone')}: HTTP 410 Gone" in " ".join(err.split())
    assert "2 added, 0 replaced, 0 skipped, 1 failed" in out
    # overrides apply to a single URL as to a single file
    server.routes["/other"] = Route(page("Another story", PARAGRAPHS[:2] + ["A different closing line."]).encode())
    code = cli.main(["--corpus", str(corpus), "add", server.url("/other"), "--tags", "grain,trade", "--title", "Mine"])
    assert code == 0
    article = get_article(corpus, "mine")
    assert article.tags == ("grain", "trade") and article.url == server.url("/other")
