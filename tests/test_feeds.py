"""Feeds: the list in feeds.yaml, and `fetch` against a real local HTTP server (no mocks)."""

from __future__ import annotations

import os
import stat
import time

import pytest
import yaml

from briefing.corpus import get_article, load_corpus
from briefing.feeds import (
    FeedError,
    add_feeds,
    feed_statuses,
    feeds_path,
    load_feeds,
    load_state,
    mark_read,
    new_articles,
    remove_feed,
)
from briefing.follow import fetch_feeds
from tests.localhttp import LocalServer, Route, atom, rdf, rss

CITIES = ["Almaty", "Tbilisi", "Yerevan", "Baku", "Bishkek", "Dushanbe", "Tashkent", "Ashgabat", "Astana", "Osh"]
TOPICS = ["grain exports", "rail freight", "gas transit", "border talks", "water sharing", "power lines"]


def story(n: int) -> list[str]:
    city, topic = CITIES[n % len(CITIES)], TOPICS[n % len(TOPICS)]
    return [
        f"Officials in {city} said on Monday that negotiations on {topic} had entered a decisive phase, with "
        f"report number {n} circulating among delegations before the weekend.",
        f"The talks on {topic}, which began in the spring, have been slowed by disagreements over tariffs and "
        f"inspection regimes, according to three people familiar with story {n}.",
        f"A final text could be signed before the end of the year, the ministry in {city} said, adding that "
        "technical teams would meet again next week to settle the remaining clauses of the agreement.",
    ]


def html_page(n: int, title: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in story(n))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World | Markets</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>© The Gazette</footer></body></html>"
    ).encode()


def full_item(n: int, srv: LocalServer, **extra: str) -> dict[str, str]:
    item = {
        "title": f"Story {n}: talks in {CITIES[n % len(CITIES)]}",
        "link": srv.url(f"/story/{n}"),
        "guid": f"urn:gazette:{n}",
        "description": story(n)[0][:90] + "…",
        "content": "".join(f"<p>{p}</p>" for p in story(n)),
        "date": "Mon, 06 May 2024 08:00:00 GMT",
        "author": "Dana Reporter",
    }
    item.update(extra)
    return item


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def corpus(tmp_path):
    return tmp_path / "corpus"


def follow(corpus, *feeds: tuple[str, str | None, tuple[str, ...]]) -> None:
    added, messages = add_feeds(corpus, feeds)
    assert not messages and len(added) == len(feeds)


# ---------------------------------------------------------------------------------------------- the list
def test_add_list_remove_feeds_yaml(corpus, tmp_path):
    added, messages = add_feeds(
        corpus,
        [
            ("https://www.example.org/rss", None, ("central-asia", "energy")),
            ("https://example.org/feeds/atom.xml", None, ()),
            ("https://think.example.net/feed", "Think Tank", ()),
            ("https://www.example.org/rss", "again", ()),
            ("ftp://example.org/feed", None, ()),
            ("https://other.example/feed", "think tank", ()),
        ],
    )
    assert [f.name for f in added] == ["example.org", "example.org-feeds-atom-xml", "Think Tank"]
    assert any("followed already as 'example.org'" in m for m in messages)
    assert any("not an http:// or https:// address" in m for m in messages)
    assert any("'think tank' is taken" in m for m in messages)
    path = feeds_path(corpus)
    assert path == tmp_path / "feeds.yaml"
    data = yaml.safe_load(path.read_text())
    assert data["feeds"][0] == {
        "name": "example.org",
        "url": "https://www.example.org/rss",
        "tags": ["central-asia", "energy"],
    }
    assert remove_feed(corpus, "THINK TANK").url == "https://think.example.net/feed"
    assert [f.name for f in load_feeds(corpus).feeds] == ["example.org", "example.org-feeds-atom-xml"]
    with pytest.raises(FeedError, match="no feed named 'nope'"):
        remove_feed(corpus, "nope")


def test_bad_entries_are_one_line_each_and_never_dropped(corpus, tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        "  - {name: good, url: 'https://example.org/rss', tags: [a, b]}\n"
        "  - {name: nourl}\n"
        "  - {name: bad, url: 'javascript:alert(1)'}\n"
        "  - {name: tagged, url: 'https://example.org/t', tags: {x: 1}}\n"
        "  - {name: good, url: 'https://example.org/dup'}\n"
        "  - !!python/object/apply:os.system ['echo pwned']\n"
        "  - 'https://plain.example/feed'\n"
        "  - 'https://plain.example/other'\n"
        "  - {name: \"evil\\e[31m\", url: 'https://example.org/e', mine: keep me}\n"
    )
    os.chmod(path, 0o640)
    with pytest.raises(FeedError, match="feeds.yaml: not valid YAML"):
        load_feeds(corpus)  # the python tag is refused by safe_load: the whole file is reported, nothing run
    path.write_text(path.read_text().replace("  - !!python/object/apply:os.system ['echo pwned']\n", ""))
    listed = load_feeds(corpus)
    assert [f.name for f in listed.feeds] == ["good", "plain.example", "plain.example-other", "evil"]
    assert listed.feeds[3].extra == {"mine": "keep me"}
    assert len(listed.errors) == 4 and all("\n" not in e and e.startswith("feeds.yaml: feed ") for e in listed.errors)
    assert "feed 2: no 'url'" in listed.errors[0]
    assert "feed 5: the name 'good' is used by an earlier feed" in listed.errors[3]
    # adding keeps what briefing could not read, and the file's mode
    add_feeds(corpus, [("https://new.example/rss", None, ())])
    text = path.read_text()
    assert "nourl" in text and "javascript:alert(1)" in text and "mine: keep me" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [f.name for f in load_feeds(corpus).feeds][-1] == "new.example"
    remove_feed(corpus, "plain.example-other")  # a default name, as the list shows it
    assert "https://plain.example/other" not in path.read_text() and "https://plain.example/feed" in path.read_text()


def test_a_broken_feeds_file_is_never_overwritten(corpus, tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - {name: a, url: 'https://example.org/rss'\n")
    with pytest.raises(FeedError, match=r"feeds.yaml: not valid YAML \(line \d"):
        add_feeds(corpus, [("https://new.example/rss", None, ())])
    assert path.read_text() == "feeds:\n  - {name: a, url: 'https://example.org/rss'\n"


# ---------------------------------------------------------------------------------------------- fetching
def test_fetch_rss_atom_rdf_then_304(server, corpus):
    server.routes["/rss"] = Route(
        rss([full_item(n, server) for n in range(3)]), content_type="application/rss+xml", etag='"v1"'
    )
    atom_entries = [
        {
            "title": f"Atom story {n}",
            "id": f"urn:atom:{n}",
            "link": server.url(f"/atom/{n}"),
            "summary": f"A short summary of atom story {n}…",
            "author": "Ali Writer",
            "updated": "2024-04-30T10:00:00Z",
        }
        for n in range(10, 12)
    ]
    for n in range(10, 12):
        server.routes[f"/atom/{n}"] = Route(html_page(n, f"Atom story {n}"))
    server.routes["/atom"] = Route(
        atom(atom_entries), content_type="application/atom+xml", last_modified="Tue, 30 Apr 2024 10:00:00 GMT"
    )
    rdf_items = [
        {"title": "RDF story 20", "link": server.url("/rdf/20"), "description": "Brief.", "date": "2024-03-02"}
    ]
    server.routes["/rdf/20"] = Route(html_page(20, "RDF story 20"))
    server.routes["/rdf"] = Route(rdf(rdf_items), content_type="application/rdf+xml")
    follow(
        corpus,
        (server.url("/rss"), "gazette", ("energy",)),
        (server.url("/atom"), "atom", ()),
        (server.url("/rdf"), "rdf", ()),
    )

    report = fetch_feeds(corpus, timeout=5)
    assert not report.errors and not report.failed, [o.message for o in report.outcomes]
    assert len(report.added) == 6
    by_feed = {o.name: o for o in report.outcomes}
    assert len(by_feed["gazette"].added) == 3 and by_feed["gazette"].message.startswith("3 new")
    # full text in the feed: no page fetched, the article says its text came from the feed
    assert not server.hits("/story/0")
    article = get_article(corpus, by_feed["gazette"].added[0])
    assert article.title == "Story 0: talks in Almaty" and article.source == "The Gazette"
    assert article.published == "2024-05-06" and article.author == "Dana Reporter" and article.tags == ("energy",)
    assert article.extra["feed"] == "gazette" and article.extra["text_source"] == "feed"
    assert article.url == server.url("/story/0") and "report number 0" in article.body
    # summary only: the page was fetched from the item link, and its text is the article
    atom_article = get_article(corpus, by_feed["atom"].added[0])
    assert server.hits("/atom/10") and "text_source" not in atom_article.extra
    assert "report number 10" in atom_article.body and "Home | World" not in atom_article.body
    assert atom_article.published == "2024-04-30" and atom_article.author == "Ali Writer"
    rdf_article = get_article(corpus, by_feed["rdf"].added[0])
    assert rdf_article.published == "2024-03-02" and "report number 20" in rdf_article.body
    assert set(new_articles(corpus)) == set(report.added)

    # second fetch: the feeds with validators cost one 304 each and nothing else
    requests_before = len(server.requests)
    again = fetch_feeds(corpus, timeout=5)
    by_feed = {o.name: o for o in again.outcomes}
    assert by_feed["gazette"].status == "not-modified" and by_feed["atom"].status == "not-modified"
    assert by_feed["rdf"].status == "ok" and by_feed["rdf"].message.startswith("0 new, 1 already here")
    assert server.hits("/rss")[-1].headers["if-none-match"] == '"v1"'
    assert server.hits("/atom")[-1].headers["if-modified-since"] == "Tue, 30 Apr 2024 10:00:00 GMT"
    assert len(server.requests) - requests_before == 3  # three feeds, no page fetched again
    assert not again.added and len(load_corpus(corpus).articles) == 6


def test_repeated_items_and_changed_guids_are_not_added_twice(server, corpus):
    items = [full_item(1, server), full_item(2, server), full_item(1, server)]  # item 1 twice in one document
    server.routes["/rss"] = Route(rss(items), content_type="application/rss+xml")  # no validators: 200 each time
    follow(corpus, (server.url("/rss"), "gazette", ()))
    first = fetch_feeds(corpus, timeout=5)
    assert len(first.added) == 2 and first.outcomes[0].seen == 1
    # the publisher re-issues item 1 with a new GUID (same link), and item 2 with a new GUID and a new link:
    # the link catches the first, the content duplicate check the second
    server.routes["/rss"] = Route(
        rss(
            [
                full_item(1, server, guid="urn:new:1"),
                full_item(2, server, guid="urn:new:2", link=server.url("/s2")),
                full_item(3, server),
            ]
        ),
        content_type="application/rss+xml",
    )
    second = fetch_feeds(corpus, timeout=5)
    assert len(second.added) == 1 and second.outcomes[0].seen == 2
    assert get_article(corpus, second.added[0]).title.startswith("Story 3")
    assert len(load_corpus(corpus).articles) == 3
    # and the new GUIDs are remembered: a third fetch adds nothing and fetches no page
    third = fetch_feeds(corpus, timeout=5)
    assert not third.added and third.outcomes[0].seen == 3


def test_page_that_cannot_be_fetched_keeps_the_feed_text_marked(server, corpus):
    summary = "<p>Ministers from four countries agreed in Osh on a draft text on water sharing.</p>"
    server.routes["/rss"] = Route(
        rss([{"title": "Water deal drafted", "link": server.url("/missing"), "guid": "w1", "description": summary}]),
        content_type="application/rss+xml",
    )
    server.routes["/missing"] = Route(b"nope", status=404, content_type="text/plain")
    follow(corpus, (server.url("/rss"), "water", ()))
    report = fetch_feeds(corpus, timeout=5)
    assert len(report.added) == 1
    article = get_article(corpus, report.added[0])
    assert article.extra["text_source"].startswith("feed summary (the page could not be fetched: HTTP 404")
    assert "draft text on water sharing" in article.body and article.url == server.url("/missing")


def test_malformed_feed_is_one_line_others_go_on_and_it_backs_off(server, corpus):
    server.routes["/broken"] = Route(
        b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>a</chanel>",
        content_type="application/rss+xml",
    )
    server.routes["/html"] = Route(
        b"<!DOCTYPE html><html><head><title>Home</title>"
        b"<link rel='alternate' type='application/rss+xml' title='News' href='/news.rss'></head><body>hi</body></html>"
    )
    server.routes["/good"] = Route(rss([full_item(5, server)]), content_type="application/rss+xml")
    follow(
        corpus,
        (server.url("/broken"), "broken", ()),
        (server.url("/html"), "homepage", ()),
        (server.url("/good"), "good", ()),
    )
    report = fetch_feeds(corpus, timeout=5)
    by_feed = {o.name: o for o in report.outcomes}
    assert by_feed["good"].status == "ok" and len(by_feed["good"].added) == 1
    broken = by_feed["broken"]
    assert broken.status == "error" and "\n" not in broken.message
    assert broken.message.startswith("not a feed: malformed XML (line 1: mismatched tag)")
    assert "failed 1 time(s) in a row, next try after" in broken.message
    assert by_feed["homepage"].message.startswith(
        f"not a feed (an HTML page: text/html); the page names its feed: briefing feeds add {server.url('/news.rss')}"
    )
    # the next fetch of all feeds leaves the failing ones alone until their back-off ends, and says so
    hits = len(server.hits("/broken"))
    later = {o.name: o for o in fetch_feeds(corpus, timeout=5).outcomes}
    assert later["broken"].status == "backing-off" and "name it to fetch now" in later["broken"].message
    assert len(server.hits("/broken")) == hits
    # naming it fetches it now; once repaired, the failures are forgotten
    server.routes["/broken"] = Route(rss([full_item(6, server)]), content_type="application/rss+xml")
    named = fetch_feeds(corpus, ["broken"], timeout=5)
    assert named.outcomes[0].status == "ok" and len(named.added) == 1
    rows = {r.feed.name: r for r in feed_statuses(corpus)[0]}
    assert rows["broken"].failures == 0 and rows["broken"].ok and rows["broken"].articles == 1
    assert rows["homepage"].failures == 1 and rows["homepage"].status.startswith("error: not a feed")


def test_a_feed_that_never_answers_times_out_and_the_others_go_on(server, corpus):
    server.routes["/silent"] = Route(hang=True)
    server.routes["/good"] = Route(rss([full_item(7, server)]), content_type="application/rss+xml")
    server.routes["/slow-503"] = Route(b"busy", status=503, content_type="text/plain", headers={"Retry-After": "7200"})
    follow(
        corpus,
        (server.url("/silent"), "silent", ()),
        (server.url("/good"), "good", ()),
        (server.url("/slow-503"), "busy", ()),
    )
    started = time.monotonic()
    report = fetch_feeds(corpus, timeout=0.5)
    assert time.monotonic() - started < 8
    by_feed = {o.name: o for o in report.outcomes}
    assert by_feed["silent"].status == "error" and by_feed["silent"].message.startswith("timed out after 0.5 s")
    assert by_feed["good"].status == "ok" and len(report.added) == 1
    assert by_feed["busy"].message.startswith("HTTP 503")
    state = load_state(corpus)["feeds"][server.url("/slow-503")]
    assert state["failures"] == 1 and state["retry_at"]  # Retry-After (2 h) beats the first back-off (15 min)


def test_per_host_limit(server, corpus):
    for n in range(6):
        server.routes[f"/f{n}"] = Route(
            rss([full_item(30 + n, server)]), content_type="application/rss+xml", delay=0.15
        )
    follow(corpus, *[(server.url(f"/f{n}"), f"f{n}", ()) for n in range(6)])
    report = fetch_feeds(corpus, timeout=5, per_host=2, workers=6)
    assert len(report.added) == 6
    assert server.max_active == 2  # six feeds on one host, never more than two requests at once


def test_fetch_names_and_unknown_names(server, corpus):
    server.routes["/a"] = Route(rss([full_item(40, server)]), content_type="application/rss+xml")
    server.routes["/b"] = Route(rss([full_item(41, server)]), content_type="application/rss+xml")
    follow(corpus, (server.url("/a"), "Alpha", ()), (server.url("/b"), "Beta", ()))
    report = fetch_feeds(corpus, ["alpha", "gamma"], timeout=5)
    assert [o.name for o in report.outcomes] == ["Alpha"] and not server.hits("/b")
    assert report.errors == ("no feed named 'gamma' (see `briefing feeds`)",)


def test_new_articles_state_lives_beside_the_corpus(server, corpus, tmp_path):
    server.routes["/a"] = Route(rss([full_item(n, server) for n in (50, 51, 52)]), content_type="application/rss+xml")
    follow(corpus, (server.url("/a"), "a", ()))
    report = fetch_feeds(corpus, timeout=5)
    assert sorted(new_articles(corpus)) == sorted(report.added)
    assert (tmp_path / "new-articles.json").exists()
    before = {p.name: p.read_bytes() for p in corpus.glob("*.md")}
    assert mark_read(corpus, [report.added[0]]) == 1
    assert len(new_articles(corpus)) == 2
    get_article(corpus, report.added[1]).path.unlink()  # a deleted article is no longer new
    assert new_articles(corpus) == [report.added[2]]
    assert mark_read(corpus) == 1 and new_articles(corpus) == []
    assert {p.name: p.read_bytes() for p in corpus.glob("*.md")} == {
        k: v for k, v in before.items() if (corpus / k).exists()
    }


def test_a_stop_ends_the_run_at_once_without_counting_a_failure(server, corpus):
    import threading

    server.routes["/silent"] = Route(hang=True)
    server.routes["/good"] = Route(rss([full_item(70, server)]), content_type="application/rss+xml", etag='"g"')
    follow(corpus, (server.url("/silent"), "silent", ()), (server.url("/good"), "good", ()))
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    started = time.monotonic()
    try:
        report = fetch_feeds(corpus, timeout=20, cancel=stop)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 6  # not the 20 s timeout
    by_feed = {o.name: o for o in report.outcomes}
    assert by_feed["silent"].status == "stopped" and by_feed["good"].status == "ok"
    state = load_state(corpus)["feeds"]
    assert not state[server.url("/silent")].get("failures") and not state[server.url("/silent")].get("etag")


@pytest.mark.parametrize(
    ("item", "whole"),
    [
        ({"summary": "<p>Short teaser.</p>", "content": [{"value": "<p>" + "word " * 200 + "</p>"}]}, True),
        ({"summary": "<p>" + "word " * 200 + "</p>", "content": [{"value": "<p>" + "word " * 200 + "</p>"}]}, True),
        ({"summary": "A teaser", "content": [{"value": "<p>" + "word " * 200 + "… Read more</p>"}]}, False),
        ({"summary": "<p>Only a summary of the story.</p>"}, False),
        ({"summary": "<p>" + "long words " * 200 + "</p>"}, True),
        ({"summary": "<p>" + "long words " * 200 + " […]</p>"}, False),
        ({"content": [{"value": "<p>Two lines of content.</p>"}], "summary": "<p>Two lines of content.</p>"}, False),
    ],
)
def test_whole_article_or_summary(item, whole):
    from briefing.feeditems import text_of

    assert text_of(item)[1] is whole
