"""HTML pages: escape sequences, escaped markup, the record of what lay outside the article, site name, authors."""

from __future__ import annotations

import re

import pytest

from briefing.clean import clean_html, clean_text, page_lines
from briefing.clean_markup import strip_control
from briefing.fidelity import words


def _page(body: str, head: str = "<title>A page</title>") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


ARTICLE = (
    "<article><h1>Port workers strike over pay in the northern harbour</h1>"
    "<p>Dock workers in the northern harbour walked out on Tuesday, halting cargo traffic for a second day.</p>"
    "<p>The union said the strike would last until the port authority agreed to a new wage offer.</p>"
    "<p>Shipping companies diverted several vessels to other ports along the coast, an agent said.</p>"
    "</article>"
)


@pytest.mark.parametrize(
    ("sequence", "debris"),
    [
        ("\x1b[31mALERT\x1b[0m", ("[31m", "[0m")),
        ("\x1b[1;4;38;5;196mALERT\x1b[m", ("[1;4", "[m")),
        ("\x1b]52;c;ZXZpbA==\x07ALERT", ("]52", "ZXZpbA")),
        ("\x1b]0;owned\x1b\\ALERT", ("]0;", "owned")),
        ("\x1b]8;;http://x.example/\x07ALERT\x1b]8;;\x07", ("]8;", "x.example")),
        ("\x9b2JALERT", ("2J",)),
    ],
)
def test_escape_sequences_in_html_text_go_whole_and_on_the_record(sequence, debris):
    page = _page(ARTICLE.replace("halting cargo", f"halting {sequence} cargo"))
    cleaned = clean_html(page)
    assert "ALERT" in cleaned.body
    for piece in debris:
        assert piece not in cleaned.body
    assert "\x1b" not in cleaned.body and "\x07" not in cleaned.body
    control = cleaned.report.by_kind().get("control", [])
    assert control, cleaned.report.removed
    # The same sequences are recorded as the same texts as a plain-text file's.
    _, text_removed = strip_control(sequence)
    assert [t for _, t in text_removed] == [r.text for r in cleaned.report.removed if r.kind == "control"]


@pytest.mark.parametrize(
    "written",
    ["&#27;[31mALERT&#x1b;[0m", "&#155;2JALERT", "&#x1B;]52;c;ZXZpbA==&#7;ALERT", "&#8238;ALERT&#8236;"],
)
def test_escape_sequences_written_as_character_references_go_whole(written):
    cleaned = clean_html(_page(ARTICLE.replace("halting cargo", f"halting {written} cargo")))
    assert "halting ALERT cargo" in cleaned.body
    assert cleaned.report.by_kind()["control"]


def test_escape_sequences_outside_the_article_leave_no_debris_on_the_record():
    page = _page(f"<nav>Home \x1b[2J Menu</nav>{ARTICLE}<footer>\x1b]52;c;ZXZpbA==\x07 Copyright</footer>")
    cleaned = clean_html(page)
    for text in (r.text for r in cleaned.report.removed if r.kind == "outside"):
        assert "[2J" not in text and "ZXZpbA" not in text and "]52" not in text
    assert len(cleaned.report.by_kind()["control"]) == 2


@pytest.mark.parametrize(
    ("escaped", "shown"),
    [
        ("&lt;b&gt;critics&lt;/b&gt;", "<b>critics</b>"),
        ("&lt;p class=&quot;x&quot;&gt;a tag&lt;/p&gt;", '<p class="x">a tag</p>'),
        ("&lt;br&gt; and &lt;script&gt;alert(1)&lt;/script&gt;", "<br> and <script>alert(1)</script>"),
        ("&amp;amp; and &amp;lt;", "&amp; and &lt;"),
        ("&lt;!-- not a comment --&gt;", "<!-- not a comment -->"),
    ],
)
def test_escaped_markup_in_html_is_text_and_kept(escaped, shown):
    page = _page(ARTICLE.replace("walked out on Tuesday", f"walked out on Tuesday ({escaped})"))
    cleaned = clean_html(page)
    assert f"Tuesday ({shown})" in cleaned.body
    assert "html" not in cleaned.report.by_kind()
    assert "entity" not in cleaned.report.by_kind()


def test_real_tags_in_html_are_still_stripped():
    page = _page(ARTICLE.replace("walked out", "<b>walked</b> <em>out</em>").replace("</p>", "<br/>more</p>", 1))
    cleaned = clean_html(page)
    assert "walked out on Tuesday" in cleaned.body
    assert "<b>" not in cleaned.body and "<em>" not in cleaned.body and "<br" not in cleaned.body


def test_in_a_text_file_a_real_looking_tag_is_still_an_html_remnant():
    cleaned = clean_text("A headline of the day for the test\n\nThe <b>critics</b> said no, officials said.")
    assert "The critics said no" in cleaned.body
    assert cleaned.report.by_kind()["html"] == ["<b>", "</b>"]


OUTSIDE_PAGES = [
    # A dateline opening the first paragraph, a byline, a comment thread, a footer.
    _page(
        "<nav>Home | World | Share | Subscribe</nav><article><h1>Almaty airport reopens after the unrest</h1>"
        "<p class='byline'>By A. Nurlanova</p>"
        "<p>ALMATY, Jan 13, 2022 &mdash; The airport resumed flights on Thursday, a week after it was seized.</p>"
        "<p>Troops would complete their withdrawal by January 19, the alliance said on Thursday.</p>"
        "<p>Prices for gas were capped at 50 tenge per litre for 180 days. Wheat prices rose.</p></article>"
        "<section class='comments'><h3>Comments (2)</h3><div class='comment'><b>user1</b> said: Propaganda!</div>"
        "<div class='comment'><b>x</b> said: Leave a comment</div></section>"
        "<footer>&copy; 2022 Steppe Wire. All rights reserved.</footer>"
    ),
    # Inline markup splitting words and phrases, links, a list, a table, a blockquote.
    _page(
        "<header><a href='/'>Front page</a> <a href='/sport'>Sport</a></header><main><article>"
        "<h1>Council approves the new tram line budget</h1>"
        "<p>GENEVA, 3 March 2022 - The city <a href='/council'>council</a> approved the <b>tram</b> budget "
        "on Wednesday after a <i>long</i> debate, a spokeswoman said.</p>"
        "<ul><li>Line 12 will reach the airport by 2025.</li><li>Line 15 will be extended to the lake.</li></ul>"
        "<table><tr><th>Line</th><th>Cost</th></tr><tr><td>12</td><td>40m</td></tr></table>"
        "<blockquote>We have waited ten years for this decision, said a resident of the district.</blockquote>"
        "<p>Work on the first section is due to start in the autumn, the council said in a statement.</p>"
        "</article></main><aside><h4>Most read</h4><p>Weather: sunny spells expected all week long</p></aside>"
        "<footer>Contact us | Privacy policy</footer>"
    ),
    # A one-word menu line that is part of a longer word of the body; invisible characters the extraction drops;
    # escape sequences and bidi controls in the running text.
    _page(
        "<nav>Home</nav><article><h1>Homeland security chiefs meet in the capital</h1>"
        "<p>The Homeland security chiefs met on Monday in the capital to discuss border policy and funding.</p>"
        "<p>Work on the new border post is due to start in the au&shy;tumn, the state\u200bment said.</p>"
        "<p>KYIV, Jan 13, 2022 \u2014 A \x1b[31mRED ALERT\x1b[0m was shown, and \u202eevil\u202c text, "
        "a bell \x07 and an OSC \x1b]52;c;ZXZpbA==\x07 clipboard, officials said after the talks.</p>"
        "</article><footer>Share</footer>"
    ),
    # Repeated wording: a footer line that shares words with the body; a paragraph repeated in a sidebar.
    _page(
        "<div class='menu'>News Opinion</div><article><h1>River levels fall after a week of floods</h1>"
        "<p>Water levels on the river fell on Sunday for the first time in a week, the agency said.</p>"
        "<p>Hundreds of residents were still unable to return to their homes near the river banks.</p>"
        "<p>The agency said more rain was expected in the mountains by the middle of next week.</p></article>"
        "<div class='sidebar'><p>Related: the agency said</p><p>Sign up for our newsletter</p></div>"
        "<footer>News from the river valley since 1901</footer>"
    ),
]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _contains(haystack: str, needle: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(_norm(needle)) + r"(?!\w)", _norm(haystack)) is not None


@pytest.mark.parametrize("page", OUTSIDE_PAGES)
def test_the_outside_record_never_claims_what_the_body_kept(page):
    cleaned = clean_html(page)
    body = cleaned.body
    outside = [r.text for r in cleaned.report.removed if r.kind == "outside"]
    assert outside
    for text in outside:
        assert not _contains(body, text), text
    for paragraph in body.split("\n\n"):
        for text in outside:
            assert not _contains(text, paragraph), (paragraph, text)


@pytest.mark.parametrize("page", OUTSIDE_PAGES)
def test_every_word_of_the_page_is_in_the_body_or_on_the_record_once(page):
    """Body plus record hold the page's words exactly: nothing lost unrecorded, nothing recorded twice."""
    cleaned = clean_html(page)
    shown, _ = strip_control(page)  # sequences are on the record as a whole, by kind 'control'
    page_words = words(re.sub("[\u00ad\u200b]", "", "\n".join(page_lines(shown))))  # invisible: no word
    recorded = words(cleaned.body)
    for removal in cleaned.report.removed:
        if removal.kind not in ("html", "entity", "control"):
            recorded.update(words(removal.text))
    assert page_words - recorded == {}, "lost without a record"
    assert recorded - page_words == {}, "recorded twice or invented"


def test_a_line_the_extraction_cut_short_has_only_its_missing_part_on_the_record():
    page = _page(
        ARTICLE.replace("an agent said.</p>", "an agent said. <a class='share' href='/s'>Share on Twitter</a></p>")
    )
    cleaned = clean_html(page)
    outside = cleaned.report.by_kind().get("outside", [])
    assert all("an agent said" not in text for text in outside)
    if "Share on Twitter" not in cleaned.body:
        assert "Share on Twitter" in outside


@pytest.mark.parametrize(
    ("head", "title", "source"),
    [
        ("<title>Almaty airport reopens | Steppe Wire</title>", "Almaty airport reopens", "Steppe Wire"),
        ("<title>Almaty airport reopens - Steppe Wire</title>", "Almaty airport reopens", "Steppe Wire"),
        ("<title>Almaty airport reopens — Steppe Wire</title>", "Almaty airport reopens", "Steppe Wire"),
        ("<title>Almaty airport reopens :: Steppe Wire</title>", "Almaty airport reopens", "Steppe Wire"),
        (
            "<title>Almaty airport reopens | Steppe Wire</title><meta property='og:site_name' content='SW News'>",
            "Almaty airport reopens",
            "SW News",
        ),
        (
            "<title>Almaty airport reopens</title><meta name='application-name' content='Steppe Wire'>",
            "Almaty airport reopens",
            "Steppe Wire",
        ),
        (
            '<title>Almaty airport reopens</title><script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@type": "NewsArticle",'
            ' "headline": "Almaty airport reopens", "publisher": {"@type": "Organization", "name": "Steppe Wire"}}'
            "</script>",
            "Almaty airport reopens",
            "Steppe Wire",
        ),
        ("<title>Almaty airport reopens</title>", "Almaty airport reopens", None),
        ("<title>Kyiv - Moscow talks stall again</title>", "Kyiv - Moscow talks stall again", None),
    ],
)
def test_site_name_from_metadata_or_a_title_suffix(head, title, source):
    body = (
        "<article><p>The international airport resumed flights on Thursday, a week after it was seized during"
        " the unrest, officials said.</p><p>Troops would complete their withdrawal by January 19, the alliance"
        " said in a statement on Thursday.</p></article>"
    )
    cleaned = clean_html(_page(body, head))
    assert cleaned.title == title
    assert cleaned.source == source


def test_a_section_before_the_headline_in_the_title_is_no_site_name():
    cleaned = clean_html(
        _page(ARTICLE, "<title>Business | Port workers strike over pay in the northern harbour</title>")
    )
    assert cleaned.title == "Port workers strike over pay in the northern harbour"
    assert cleaned.source is None


def test_a_title_suffix_is_taken_off_the_headline_when_the_page_has_no_h1():
    head = "<title>Gas prices capped for half a year | Steppe Wire</title>"
    cleaned = clean_html(
        _page(ARTICLE.replace("<h1>Port workers strike over pay in the northern harbour</h1>", ""), head)
    )
    assert cleaned.title == "Gas prices capped for half a year"
    assert cleaned.source == "Steppe Wire"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("A. Nurlanova", "A. Nurlanova"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("by John Smith and Jane Doe", "John Smith; Jane Doe"),
    ],
)
def test_author_names_keep_their_initials_and_punctuation(name, expected):
    cleaned = clean_html(_page(ARTICLE, f"<title>A page</title><meta name='author' content=\"{name}\">"))
    assert cleaned.author == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By A. Nurlanova", "A. Nurlanova"),
        ("By J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("By Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("by John Smith and Jane Doe", "John Smith; Jane Doe"),
        ("BY JOHN SMITH AND JANE DOE, Reuters", "John Smith; Jane Doe"),
        ("By Ana Ruiz, Li Wei & Omar Haddad", "Ana Ruiz; Li Wei; Omar Haddad"),
        ("By MARIA LOPEZ, Reuters", "Maria Lopez"),
    ],
)
def test_byline_names_in_text_keep_their_initials(line, expected):
    text = f"Port workers strike over pay in the north\n\n{line}\n\nDock workers walked out on Tuesday, a union said."
    assert clean_text(text).author == expected


@pytest.mark.parametrize("page", OUTSIDE_PAGES)
def test_a_long_page_is_diffed_line_by_line_with_the_same_record(page, monkeypatch):
    """Above a size, words are aligned line by line in a window (linear time): the record is the same."""
    import briefing.clean_page

    whole = clean_html(page).report.removed
    monkeypatch.setattr(briefing.clean_page, "_GLOBAL_LIMIT", 0)
    assert clean_html(page).report.removed == whole


def test_the_outside_record_of_a_long_page_lists_only_what_was_left_out(monkeypatch):
    import briefing.clean_page

    lines = [f"Line {n} of the report says the committee met {n} times in {1900 + n}." for n in range(400)]
    page = [f"{line} Share" if n % 7 == 0 else line for n, line in enumerate(lines)]
    page.insert(100, "Related: the committee met again")
    expected = ["Share"] * len(range(0, 100, 7)) + ["Related: the committee met again"]
    expected += ["Share"] * len(range(105, 400, 7))
    assert briefing.clean_page.outside_of(page, "\n".join(lines)) == expected
    monkeypatch.setattr(briefing.clean_page, "_GLOBAL_LIMIT", 0)
    assert briefing.clean_page.outside_of(page, "\n".join(lines)) == expected


def _random_page(rng) -> str:
    """A news page put together at random: chrome around an article of paragraphs, inline markup, lists,
    tables, escape sequences, entities and invisible characters, comment threads and sidebars."""
    words = (
        "the council said on Monday that troops would leave Almaty by January officials ministry prices rose "
        "3% gas 50 tenge airport flights resumed after unrest Tokayev & allies critics <b> Reuters"
    ).split()

    def sentence(n: int) -> str:
        picked = [rng.choice(words) for _ in range(n)]
        text = " ".join(w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for w in picked)
        if rng.random() < 0.3:
            cut = rng.randrange(1, n)
            tag = rng.choice("biu")
            text = " ".join([*text.split()[:cut], f"<{tag}>{text.split()[cut]}</{tag}>", *text.split()[cut + 1 :]])
        if rng.random() < 0.2:
            text += rng.choice(["\x1b[1mBOLD\x1b[0m", " \u202eodd\u202c", " au&shy;tumn", " \x1b]0;t\x07done"])
        return text[0].upper() + text[1:] + "."

    parts = [f"<nav>{' | '.join(rng.sample(['Home', 'World', 'Sport', 'Share', 'Menu', 'Login'], 3))}</nav>"]
    parts.append(f"<article><h1>{sentence(7)[:-1]}</h1>")
    if rng.random() < 0.5:
        parts.append(f"<p class='byline'>By {rng.choice(['A. Nurlanova', 'Jane Doe', 'J. R. Smith'])}</p>")
    for _ in range(rng.randrange(3, 8)):
        kind = rng.random()
        if kind < 0.7:
            parts.append(f"<p>{sentence(rng.randrange(12, 30))} {sentence(rng.randrange(6, 15))}</p>")
        elif kind < 0.85:
            parts.append("<ul>" + "".join(f"<li>{sentence(8)}</li>" for _ in range(3)) + "</ul>")
        else:
            parts.append("<table><tr><td>City</td><td>Flights</td></tr><tr><td>Almaty</td><td>42</td></tr></table>")
    parts.append("</article>")
    if rng.random() < 0.5:
        parts.append("<aside><h4>Most read</h4>" + "".join(f"<p>{sentence(6)}</p>" for _ in range(2)) + "</aside>")
    if rng.random() < 0.5:
        comments = "".join(f"<div class='comment'><b>user{n}</b> said: {sentence(5)}</div>" for n in range(3))
        parts.append(f"<section class='comments'><h3>Comments (3)</h3>{comments}</section>")
    parts.append("<footer>&copy; 2022 The Wire. All rights reserved.</footer>")
    return _page("".join(parts))


@pytest.mark.parametrize("seed", range(12))
def test_random_pages_keep_the_record_exact(seed):
    import random

    page = _random_page(random.Random(seed))
    test_every_word_of_the_page_is_in_the_body_or_on_the_record_once(page)
    cleaned = clean_html(page)
    outside = [r.text for r in cleaned.report.removed if r.kind == "outside"]
    for paragraph in cleaned.body.split("\n\n"):
        assert not any(_contains(text, paragraph) for text in outside), paragraph
    # A word or two may recur in the body by chance (the words are few); a longer text may not.
    for text in outside:
        assert len(text.split()) < 3 or not _contains(cleaned.body, text), text
    assert "\x1b" not in cleaned.body and "[1m" not in cleaned.body and "]0;" not in cleaned.body


def test_a_table_left_out_is_on_the_record_row_by_row():
    table = "<table><tr><th>Market</th><th>Close</th></tr><tr><td>Brent</td><td>81.2</td></tr></table>"
    cleaned = clean_html(_page(f"{ARTICLE}<aside class='sidebar'><h4>Markets</h4>{table}</aside>"))
    outside = cleaned.report.by_kind()["outside"]
    assert "Market Close" in outside and "Brent 81.2" in outside


def test_a_date_found_in_the_page_text_is_not_said_to_come_from_metadata():
    from briefing.clean import clean_html

    body = "<p>ALMATY, Jan 12, 2022 - Protesters gathered again in the main square of the city on Wednesday.</p>" * 3
    bare = f"<html><head><title>Square | Steppe Wire</title></head><body><article>{body}</article></body></html>"
    cleaned = clean_html(bare)
    assert cleaned.published == "2022-01-12"
    assert cleaned.date_source == "page text"
    meta = bare.replace("<head>", '<head><meta property="article:published_time" content="2022-01-12T08:00:00Z">')
    assert clean_html(meta).date_source == "HTML metadata"
