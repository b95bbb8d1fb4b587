"""`briefing feeds ...`, `briefing fetch` and OPML in and out, the way a user runs them."""

from __future__ import annotations

import re

import pytest

from briefing import cli
from briefing.feeds import load_feeds
from briefing.opml import OpmlError, read_subscriptions, render_opml
from tests.conftest import run_cli
from tests.localhttp import LocalServer, Route, rss
from tests.test_feeds import full_item


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def run(corpus, *args: str) -> int:
    return cli.main(["--corpus", str(corpus), *args])


def test_feeds_add_fetch_list_remove(server, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    server.routes["/rss"] = Route(
        rss([full_item(n, server) for n in range(2)]), content_type="application/rss+xml", etag='"e1"'
    )
    server.routes["/bad"] = Route(b"<rss><channel><item></rss", content_type="text/xml")
    assert run(corpus, "feeds", "add", server.url("/rss"), "--name", "Gazette", "--tags", "energy,trade") == 0
    assert run(corpus, "feeds", "add", server.url("/bad")) == 0
    out = capsys.readouterr().out
    assert f"following Gazette [energy, trade]: {server.url('/rss')}" in out
    assert f"following 127.0.0.1: {server.url('/bad')}" in out  # named after its host

    assert run(corpus, "fetch") == 0  # one feed failed, the other worked
    out, err = capsys.readouterr()
    assert "ok        Gazette: 2 new, 0 already here" in out
    assert "failed    127.0.0.1: not a feed: malformed XML" in err and len(err.strip().splitlines()) == 1
    assert "2 feed(s): 2 new article(s), 1 failed" in out

    assert run(corpus, "feeds") == 0
    out = capsys.readouterr().out
    assert "Gazette  [energy, trade]  2 articles" in out
    assert "ok: 2 new, 0 already here" in out and "error: not a feed: malformed XML" in out
    assert "next try after" in out and "2 new article(s) not opened yet" in out

    assert run(corpus, "fetch", "gazette") == 0
    assert "unchanged Gazette: not modified since the last fetch" in capsys.readouterr().out

    assert run(corpus, "feeds", "remove", "gazette") == 0
    assert "no longer following Gazette" in capsys.readouterr().out
    assert run(corpus, "feeds", "remove", "gazette") == 2
    assert "error: no feed named 'gazette'" in capsys.readouterr().err
    assert len(list(corpus.glob("*.md"))) == 2  # its articles stay


def test_fetch_with_no_feeds_and_unknown_names(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    assert run(corpus, "fetch") == 1
    assert "no feeds to fetch" in capsys.readouterr().err
    assert run(corpus, "feeds") == 1
    assert run(corpus, "fetch", "nope") == 2
    assert "no feed named 'nope'" in capsys.readouterr().err


def test_the_real_command_in_a_subprocess(server, tmp_path):
    corpus = tmp_path / "corpus"
    server.routes["/rss"] = Route(rss([full_item(9, server)]), content_type="application/rss+xml")
    assert run_cli("--corpus", str(corpus), "feeds", "add", server.url("/rss"), "--name", "g").returncode == 0
    done = run_cli("--corpus", str(corpus), "fetch", "-v")
    assert done.returncode == 0, done.stderr
    assert "+ story-9-talks-in-osh" in done.stdout and "Traceback" not in done.stderr
    listed = run_cli("--corpus", str(corpus), "list")
    assert "story-9-talks-in-osh" in listed.stdout


# ---------------------------------------------------------------------------------------------- OPML
NEWSBOAT_OPML2 = """<?xml version="1.0"?>
<opml version="2.0">
  <head><title>newsboat - Exported Feeds</title></head>
  <body>
    <outline type="rss" xmlUrl="https://eurasianet.example/rss" htmlUrl="https://eurasianet.example/" title="Eurasianet" category="central-asia,news"/>
    <outline type="rss" xmlUrl="https://think.example/feed.atom" title="Think &amp; Tank" category="/analysis"/>
    <outline text="Energy">
      <outline type="rss" xmlUrl="https://energy.example/rss" text="Energy Desk"/>
      <outline text="Gas"><outline type="rss" xmlUrl="https://gas.example/rss"/></outline>
    </outline>
    <outline type="rss" xmlUrl="javascript:alert(1)" title="bad"/>
    <outline type="link" text="a bookmark, not a feed"/>
  </body>
</opml>
"""


def test_opml_import_export_round_trip(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    source = tmp_path / "newsboat.opml"
    source.write_text(NEWSBOAT_OPML2)
    assert run(corpus, "feeds", "import", str(source)) == 0
    out, err = capsys.readouterr()
    assert "imported 4 of 5 feed(s)" in out and "1 not imported" in out
    assert "javascript:alert(1)" in err and "bookmark" in err
    feeds = {f.name: f for f in load_feeds(corpus).feeds}
    assert feeds["Eurasianet"].tags == ("central-asia", "news")
    assert feeds["Think & Tank"].tags == ("analysis",)
    assert feeds["Energy Desk"].tags == ("Energy",)
    assert feeds["gas.example"].tags == ("Energy", "Gas") and feeds["gas.example"].url == "https://gas.example/rss"

    exported = tmp_path / "out.opml"
    assert run(corpus, "feeds", "export", str(exported)) == 0
    assert run(corpus, "feeds", "export", str(exported)) == 2  # never overwritten without --force
    assert "exists already" in capsys.readouterr().err
    other = tmp_path / "other" / "corpus"
    assert run(other, "feeds", "import", str(exported)) == 0
    again = load_feeds(other).feeds
    assert [(f.name, f.url, f.tags) for f in again] == [(f.name, f.url, f.tags) for f in load_feeds(corpus).feeds]
    # importing the same file twice adds nothing and says why
    assert run(other, "feeds", "import", str(exported)) == 2
    assert "followed already" in capsys.readouterr().err
    assert render_opml(again).count("<outline ") == 4


def test_newsboat_urls_file(tmp_path):
    urls = tmp_path / "urls"
    urls.write_text(
        "# my feeds\n"
        'https://eurasianet.example/rss central-asia "~Eurasianet" news\n'
        'https://think.example/feed "two words" "!hidden"\n'
        '"query:Unread:unread = \\"yes\\""\n'
        "exec:~/bin/make-feed\n"
        "gopher://old.example/\n"
    )
    subs = read_subscriptions(urls)
    assert [(s.url, s.name, s.tags) for s in subs.items] == [
        ("https://eurasianet.example/rss", "Eurasianet", ("central-asia", "news")),
        ("https://think.example/feed", None, ("two words", "hidden")),
    ]
    assert len(subs.skipped) == 3 and all("skipped" in s for s in subs.skipped)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<opml><body><outline", "malformed XML at line 1"),
        ("<rss version='2.0'></rss>", "not OPML (the document is <rss>"),
        (
            '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<opml><body><outline type="rss" xmlUrl="https://x.example/&b;" text="&b;"/></body></opml>',
            "refused: the file declares XML entities",  # an entity bomb is never expanded
        ),
    ],
)
def test_bad_opml_is_one_line(tmp_path, content, expected):
    path = tmp_path / "subs.opml"
    path.write_text(content)
    with pytest.raises(OpmlError, match=re.escape(expected)):
        read_subscriptions(path)
