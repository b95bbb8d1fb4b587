"""Ingest fidelity: nothing the author wrote is lost, and every removal is on the record (issue 14).

The Reuters sample (tests/data/reuters_sample.jsonl.gz: every 9th article of Reuters-21578 as shipped in
../shared/data, 2,116 articles) is plain newswire: a faithful ingest keeps every word of it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.clean import clean_text
from briefing.fidelity import audit, split_sentences

SAMPLE = Path(__file__).parent / "data" / "reuters_sample.jsonl.gz"


def _reuters() -> list[dict[str, str]]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_reuters_sample_loses_no_word_and_splits_no_sentence():
    articles = _reuters()
    assert len(articles) >= 2000
    lossy, split, kinds = [], [], set()
    for article in articles:
        cleaned = clean_text(article["body"], title=article["title"])
        kinds |= {r.kind for r in cleaned.report.removed}
        result = audit(article["body"], cleaned.body, (r.text for r in cleaned.report.removed))
        if result.unrecorded:
            lossy.append((article["id"], dict(result.unrecorded)))
        if result.split_sentences:
            split.append((article["id"], result.split_sentences))
    assert lossy == []
    assert split == []
    assert kinds <= {"repeated"}  # plain newswire: nothing goes but a paragraph the wire sent twice


def test_a_paragraph_sent_twice_goes_once_on_the_record_but_a_table_note_stays():
    paragraph = "Texaco filed for protection under Chapter 11 of the U.S.\nbankruptcy code yesterday, traders said."
    table = "    Wheat     4.65     4.50\n    Corn      1.58     1.60\n"
    note = "    Note - Imports and exports may not balance due to differing marketing years and time lags.\n"
    raw = f"Oil traders were wary.\n    {paragraph}\n    Others agreed.\n    {paragraph}\n{table}{note}{table}{note}"
    cleaned = clean_text(raw, title="TEXACO")
    flat = paragraph.replace("\n", " ")
    assert cleaned.body.count(flat) == 1
    assert cleaned.body.count("Note - Imports and exports") == 2
    assert cleaned.report.by_kind() == {"repeated": [flat]}


def test_audit_catches_a_lost_word_and_a_split_sentence():
    raw = "The company said\nits unit was sold.\n    Shares rose."
    assert audit(raw, "The company said\n\nits unit was sold.\n\nShares rose.", ()).split_sentences
    assert audit(raw, "its unit was sold.\n\nShares rose.", ()).unrecorded == {"The": 1, "company": 1, "said": 1}
    assert audit(raw, "its unit was sold.\n\nShares rose.", ["The company said"]).ok
    assert split_sentences("a\n\n    b", "a\n\nb") == []  # the source had the paragraph mark


@pytest.mark.parametrize(
    "text",
    [
        "<International Pagurian Corp Ltd> said it would buy the stake.",
        "Allied-Lyons <AIL.S> shares rose two pence.",
        "Write to <desk@example.org> for the full text.",
        "It holds when x < y > z in every case.",
        "First Interstate Bancorp <I> dropped its bid, and Du Pont <DD> rose.",
        "Entertainment Marketing Inc <em> and Crazy Eddie Inc <crzy> agreed.",
        "Del E. Webb Corp <Del E. Webb> and <Table Rock Inc> were named.",
    ],
)
def test_angle_brackets_that_are_not_html_stay(text):
    cleaned = clean_text(text, title="A title")
    assert cleaned.body == text
    assert cleaned.report.removed == ()


def test_html_tags_go_on_the_record():
    raw = 'A <b>bold</b> claim, a <a href="https://x.org/a">link</a> and a<br/>break.<!-- note --> <DIV>Done.</DIV>'
    cleaned = clean_text(raw, title="A title")
    assert "<" not in cleaned.body and ">" not in cleaned.body
    assert "bold" in cleaned.body and "link" in cleaned.body and "Done." in cleaned.body
    tags = [r.text for r in cleaned.report.removed if r.kind == "html"]
    assert tags == ["<!-- note -->", "<b>", "</b>", '<a href="https://x.org/a">', "</a>", "<br/>", "<DIV>", "</DIV>"]
    assert "removed 8 HTML tags: '<!-- note -->', '<b>', …" in cleaned.report.summary()


def test_bare_upper_case_tags_are_html_in_an_html_text():
    cleaned = clean_text("<P>One paragraph.</P>\n<P>Another <I>one</I>.", title="A title")
    assert cleaned.body == "One paragraph.\n\nAnother one."
    assert cleaned.report.tags == 5


def test_unterminated_osc_sequence_removes_only_itself():
    raw = "Heading line\n\nThe article \x1b]0;begins here and goes on to the end.\n\nA second paragraph stays."
    cleaned = clean_text(raw, title="Heading line")
    assert cleaned.body == "The article begins here and goes on to the end.\n\nA second paragraph stays."
    assert [r.text for r in cleaned.report.removed if r.kind == "control"] == ["\x1b]0;"]
    assert "\\x1b]0;" in cleaned.report.summary()


def test_terminated_sequences_go_whole():
    raw = "Clip \x1b]52;c;SGVsbG8=\x07 board, \x1b[31mred\x1b[0m text and a title \x1b]2;pwned\x1b\\ here."
    cleaned = clean_text(raw, title="A title")
    assert cleaned.body == "Clip board, red text and a title here."
    assert cleaned.report.control_chars == 4


def test_table_kept_line_for_line_with_its_repeated_rows():
    raw = (
        "Grain prices at the close were, in dlrs per bushel --\n"
        "              Close    Prev\n"
        "    Wheat     4.65     4.50\n"
        "    V         4.65      --\n"
        "    V         4.65      --\n"
        "    Corn      1.58     1.60\n"
        "    Traders said the market was quiet.\n"
    )
    cleaned = clean_text(raw, title="GRAIN PRICES")
    blocks = cleaned.body.split("\n\n")
    assert blocks[0] == "Grain prices at the close were, in dlrs per bushel --"
    assert blocks[1] == (
        "```\n          Close    Prev\nWheat     4.65     4.50\nV         4.65      --\n"
        "V         4.65      --\nCorn      1.58     1.60\n```"
    )
    assert blocks[2] == "Traders said the market was quiet."
    assert cleaned.report.removed == ()


def test_newswire_paragraphs_come_from_indents_and_wrapped_lines_join():
    raw = (
        "Austec International Ltd said\nits North American unit, Austec Inc, completed the purchase of\n"
        "privately-held Ryan-McFarland Corp for an undisclosed sum.\n"
        "    The company said the two units combined are expected to\nhave net revenues of about 25 mln dlrs.\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.body.split("\n\n") == [
        "Austec International Ltd said its North American unit, Austec Inc, completed the purchase of "
        "privately-held Ryan-McFarland Corp for an undisclosed sum.",
        "The company said the two units combined are expected to have net revenues of about 25 mln dlrs.",
    ]
    assert cleaned.report.removed == ()


def test_earnings_report_first_line_is_kept():
    raw = "Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n    Assets 510.2 mln vs 479.7 mln\n"
    for title in (None, "FIRST BANCORP 4TH QTR NET"):
        cleaned = clean_text(raw, title=title)
        assert cleaned.body.split("\n\n")[0] == "Shr 34 cts vs 1.19 dlrs"
        assert cleaned.report.removed == ()


def test_web_copy_line_that_stops_mid_sentence_joins_the_next():
    first = "The minister said on Monday, after a long night of talks with the unions and with the employers of the region, that the"
    raw = f"A headline of the story\n{first}\ntalks would resume in March after a pause of some weeks.\nOthers agreed."
    body = clean_text(raw).body
    assert body == f"{first} talks would resume in March after a pause of some weeks.\n\nOthers agreed."


def test_standalone_headline_and_byline_lines_are_reported():
    raw = "Talks resume in Geneva\n\nBy Jane Q. Doe\n\nDiplomats met again in Geneva on Monday, officials said."
    cleaned = clean_text(raw)
    assert (cleaned.title, cleaned.author) == ("Talks resume in Geneva", "Jane Q. Doe")
    assert cleaned.body == "Diplomats met again in Geneva on Monday, officials said."
    assert cleaned.report.by_kind() == {"headline": ["Talks resume in Geneva"], "byline": ["By Jane Q. Doe"]}


def test_a_sentence_starting_like_a_byline_stays():
    raw = "Talks resume in Geneva\n\nBy Monday, Officials Here had left the city.\n\nBy Friday they were back."
    cleaned = clean_text(raw)
    assert cleaned.author is None
    assert "By Monday, Officials Here had left the city." in cleaned.body
    assert "By Friday they were back." in cleaned.body


def test_a_known_title_removes_only_its_own_line():
    raw = "Politics\n\nTalks resume in Geneva after a pause\n\nTalks resume in Geneva, diplomats said on Monday."
    cleaned = clean_text(raw, title="Talks resume in Geneva after a pause")
    assert cleaned.body == "Talks resume in Geneva, diplomats said on Monday."
    assert cleaned.report.by_kind() == {"chrome": ["Politics"], "headline": ["Talks resume in Geneva after a pause"]}
    assert clean_text(raw, title="Another title").body == raw


# ---------------------------------------------------------------------------------------------- properties
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
SENTENCE = st.lists(WORDS, min_size=6, max_size=18).map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
LINE_DEBRIS = [
    "Share",
    "Advertisement",
    "Read more",
    "Skip to main content",
    "Share this article",
    '<div class="ad"></div>',
    "<p>",
    "</p>",
    "<br/>",
    "<!-- tracking pixel -->",
    "\x1b[2J\x1b[H",
    "\x07",
]
INLINE_DEBRIS = [
    ("<b>", "</b>"),
    ("<em>", "</em>"),
    ('<span class="x">', "</span>"),
    ('<a href="https://example.org/a?b=c">', "</a>"),
    ("\x1b[31m", "\x1b[0m"),
    ("\u202e", ""),
    ('<img src="a.png" alt="">', ""),
    ("<br>", ""),
]


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in paragraph.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


@st.composite
def documents(draw):
    paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=8, unique=True))
    layout = draw(st.sampled_from(["lines", "blank", "newswire"]))
    parts: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        words = paragraph.split(" ")
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(words) - 1))
            opening, closing = draw(st.sampled_from(INLINE_DEBRIS))
            words[at] = f"{opening}{words[at]}{closing}"
        text = " ".join(words)
        if layout == "newswire":
            lines = _wrap(text, 60)
            parts.append("\n".join([("    " if i else "") + lines[0], *lines[1:]]))
        else:
            parts.append(text)
        if layout != "newswire" and draw(st.booleans()):
            parts.append(draw(st.sampled_from(LINE_DEBRIS)))
    separator = "\n" if layout in ("lines", "newswire") else "\n\n"
    return paragraphs, separator.join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_prose_survives_random_debris(document):
    paragraphs, raw = document
    cleaned = clean_text(raw, title="A title")
    body = " ".join(cleaned.body.split())
    for paragraph in paragraphs:
        for sentence in re.findall(r"[^.]+\.", paragraph):
            assert " ".join(sentence.split()) in body
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", cleaned.body)
    assert not re.search(r"</?(?:b|p|em|span|div|br)\b[^<>]*>|<!--", cleaned.body)
    for line in cleaned.body.split("\n\n"):
        assert line not in ("Share", "Advertisement", "Read more", "Share this article", "Skip to main content")
    result = audit(raw, cleaned.body, (r.text for r in cleaned.report.removed))
    assert not result.unrecorded
    assert not result.split_sentences


def test_html_page_lists_what_the_main_content_extraction_left_out():
    page = """<!DOCTYPE html><html><head><title>Talks end in Geneva | The Daily</title>
    <meta property="og:title" content="Talks end in Geneva"><script>var tracking = 1;</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Talks end in Geneva</h1>
    <p>Russian and US diplomats ended talks in Geneva on Monday without agreement on security guarantees.</p>
    <p>The two sides will meet again within NATO on Wednesday, officials said after eight hours of talks.</p>
    </article><footer>Copyright The Daily. All rights reserved.</footer></body></html>"""
    from briefing.clean import clean_html

    cleaned = clean_html(page)
    assert cleaned.report.by_kind()["outside"] == ["Home World", "Copyright The Daily. All rights reserved."]
    assert "removed 2 lines outside the main content: 'Home World'" in cleaned.report.summary()
    assert "tracking" not in str(cleaned.report.removed)


def test_markdown_pipe_table_and_heading():
    raw = (
        "# Grain prices this week\n\nPrices were firm, traders said.\n\n"
        "| Grain | Close |\n|-------|-------|\n| Wheat | 4.65  |\n| Wheat | 4.65  |\n\nMore text follows."
    )
    cleaned = clean_text(raw, title="Grain prices this week")
    assert cleaned.body == (
        "Prices were firm, traders said.\n\n"
        "```\n| Grain | Close |\n|-------|-------|\n| Wheat | 4.65  |\n| Wheat | 4.65  |\n```\n\nMore text follows."
    )
    assert cleaned.report.by_kind() == {"headline": ["# Grain prices this week"]}


def test_site_name_and_menu_above_the_headline_are_chrome_on_the_record():
    raw = (
        "The Daily Planet\nWorld\nBusiness\nUkraine grain deal extended for another 60 days, officials say\n"
        "By Lois Lane | Updated 3:45 PM\nMarch 18, 2023\nShare on Facebook\n"
        "The deal that lets Ukraine ship grain through the Black Sea was extended on Saturday, officials said.\n"
        "Related: What the grain deal means for prices\nSign up for our newsletter\n"
    )
    cleaned = clean_text(raw)
    assert (cleaned.title, cleaned.author, cleaned.published) == (
        "Ukraine grain deal extended for another 60 days, officials say",
        "Lois Lane",
        "2023-03-18",
    )
    assert cleaned.body == (
        "The deal that lets Ukraine ship grain through the Black Sea was extended on Saturday, officials said."
    )
    assert sorted(cleaned.report.by_kind()["chrome"]) == sorted(
        [
            "The Daily Planet",
            "World",
            "Business",
            "Share on Facebook",
            "Related: What the grain deal means for prices",
            "Sign up for our newsletter",
        ]
    )


def test_seeds_come_out_clean_with_every_removal_listed(seed_texts):
    for name, raw in seed_texts.items():
        cleaned = clean_text(raw)
        result = audit(raw, cleaned.body, (r.text for r in cleaned.report.removed))
        assert not result.unrecorded, name
        assert not result.split_sentences, name
        assert cleaned.report.removed, name  # every seed carries debris, and the record names it


def test_web_copy_line_stopping_on_a_comma_or_a_dangling_word_goes_on():
    long = "The minister said on Monday, after a long night of talks with the unions and the employers of the region"
    raw = f"A headline of the story\n{long}, that officials in\nMoscow would decide in March.\nOthers agreed."
    body = clean_text(raw).body
    assert body == f"{long}, that officials in Moscow would decide in March.\n\nOthers agreed."
