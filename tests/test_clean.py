from __future__ import annotations

import re

import pytest

from briefing.clean import clean_html, clean_text, paragraphs_of, strip_control

# Sentences of each seed that must survive cleaning, word for word.
KEY_SENTENCES = {
    "000": [
        "On July 18, Kazakhstan’s largest city Almaty witnessed deadly attacks on a police station",
        "Last September, there was a brief mutiny by Tajikistan’s former deputy defense minister",
        "The CSTO’s Rapid Reaction Collective Force (KSOR) currently includes some 22,000 personnel.",
        "Sergei Blagov is a Moscow-based independent journalist and researcher.",
    ],
    "001": [
        "During the unrest that took place in early January in large parts of Kazakhstan",
        "Only on January 6, the President of Turkey contacted his Kazakhstani colleague",
        "It was during this period – from 2020-2021 – that another round of pan-Turkish discourse began",
        "In the future, this may lead to an even greater polarization of the two camps",
    ],
    "002": [
        "Outbreaks of gunfire were heard on Thursday night in Kazakhstan’s largest city, Almaty",
        "It said 3,811 rioters had been arrested and 26 killed.",
        "Russia sent up to 5,000 paratroopers, Kyrgyz Republic will send 150 troops",
        "In Apr 2021, Belarus president Alyaksandr Lukashenka said he had survived a coup",
    ],
    "003": [
        "Despite a week of now-ended disorder",
        "Vendors clean up their store that was broken into and looted during clashes in Almaty, Kazakhstan, Jan. 10, 2022.",
        "Following a ferocious crackdown by security forces, with at the minimum 164 dead and almost 6,000 arrested",
        "has been arrested and charged with plotting against the state.",
    ],
    "004": [
        "On January 20, for example, Kyrgyz President Sooronbai Jeenbekov signed a military and technical co-operation pact",
        "The 201st will remain in Tajikistan until 2042 at the earliest",
        "according to a US Senate report released January 10.",
        "[Arman Kaliyev from Almaty contributed to this report.]",
    ],
}


@pytest.mark.parametrize("seed", sorted(KEY_SENTENCES))
def test_key_sentences_survive(seed_texts, seed):
    body = clean_text(seed_texts[seed]).body
    for sentence in KEY_SENTENCES[seed]:
        assert sentence in body, sentence


@pytest.mark.parametrize("seed", sorted(KEY_SENTENCES))
def test_no_markup_or_chrome_left(seed_texts, seed):
    body = clean_text(seed_texts[seed]).body
    assert not re.search(r"</?[a-zA-Z][^>]*>|/>|<img|&[a-z]+;", body)
    lines = body.split("\n\n")
    for chrome in ("Leave a comment", "leave your comment", "Share.", "Search", "Top", "Reply", "See details"):
        assert chrome not in lines, chrome
    assert "Do you like this article?" not in body
    assert "Comment Policy" not in body
    assert "\n\n\n" not in body
    assert all(line == line.strip() and line for line in lines)


def test_comment_thread_dropped(seed_texts):
    cleaned = clean_text(seed_texts["004"])
    assert "NATO scum" not in cleaned.body
    assert "EURASEC CSTO" not in cleaned.body
    assert "forgive my criticism" not in cleaned.body
    assert cleaned.report.comments >= 10
    assert "comment lines" in cleaned.report.summary()


def test_repeated_captions_kept_once(seed_texts):
    body = clean_text(seed_texts["004"]).body
    assert body.count("pose for a 'family photo' ahead of an informal Commonwealth") == 1
    assert body.count("BTR-80 armoured personnel vehicles") == 1
    body = clean_text(seed_texts["000"]).body
    assert body.count("clash with riot police in Yerevan, Armenia, July 20, 2016") == 1
    assert body.count("detain a man after an attack in the center of Almaty") == 1
    body = clean_text(seed_texts["003"]).body
    assert body.count("Why We Wrote This") == 1
    assert body.count("Though the chaos in Kazakhstan appears to have ended") == 1
    body = clean_text(seed_texts["001"]).body
    assert body.count("Anton Evstratov") <= 1


def test_html_debris_in_text_file(seed_texts):
    cleaned = clean_text(seed_texts["003"])
    assert cleaned.report.tags > 0
    # the photo credit under the <img> debris is not lost silently: it is a recorded removal of its own kind
    assert "Vladimir Tretyakov/NUR.KZ/AP" not in cleaned.body
    assert "Vladimir Tretyakov/NUR.KZ/AP" in [r.text for r in cleaned.report.removed if r.kind == "credit"]


def test_metadata_inferred_from_text(seed_texts):
    eurasia = clean_text(seed_texts["002"])
    assert eurasia.title == "Eurasia Notes #13 - Kazakh Protest Or Failed Coup?"
    assert eurasia.published == "2022-01-07"
    assert eurasia.date_source == "dateline"
    assert "Tbilisi, Jan 7, 2022" not in eurasia.body.split("\n\n")
    assert clean_text(seed_texts["001"]).author == "Anton Evstratov"
    caravanserai = clean_text(seed_texts["004"])
    assert caravanserai.title == "Military 'agreements' in Central Asia highlight Kremlin's malign influence"
    assert caravanserai.source == "Caravanserai"
    assert not caravanserai.body.startswith("Caravanserai")
    monitor = clean_text(seed_texts["003"])
    assert monitor.title == "Kazakhstan: How the crisis likely boosted Russia’s post-Soviet sway"
    assert not monitor.body.startswith("Kazakhstan: How the crisis")


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Headline of the day here\nBy Jane Q. Doe\n\nBody text that is long enough to count.", "Jane Q. Doe"),
        ("Headline of the day here\n\nBody text.\n\nAuthor: Ivan Petrov (journalist in Kyiv).", "Ivan Petrov"),
        ("Headline of the day here\nBY MARIA LOPEZ, Reuters\n\nBody text.", "Maria Lopez"),
        ("Headline of the day here\n\nBy the time rescuers arrived, the fire had spread.", None),
    ],
)
def test_author_inference(text, author):
    assert clean_text(text).author == author


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Tbilisi, Jan 7, 2022", "2022-01-07"),
        ("NEW YORK, 20 July 2016", "2016-07-20"),
        ("Published: March 3, 2019", "2019-03-03"),
        ("2020-02-29", "2020-02-29"),
        ("Feb 30, 2021", None),
    ],
)
def test_dateline_inference(line, date):
    text = f"A headline that tells the story\n{line}\nFirst paragraph of the story, which is a sentence."
    assert clean_text(text).published == date


def test_control_characters_stripped():
    text, count = strip_control("red \x1b[31malert\x1b[0m bell\x07 ok\u202e\r\nnext")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "[31m" not in text
    assert count >= 4
    assert text.endswith("ok\nnext")
    cleaned = clean_text("A title for the article\n\nBody with \x1b[2J escape and\x00 nul.")
    assert "\x1b" not in cleaned.body and "\x00" not in cleaned.body
    assert cleaned.report.control_chars >= 2


def test_hard_wrapped_newswire_joined():
    text = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\n"
        "January and improving prospects for the coming temporao,\nComissaria Smith said in its weekly review.\n"
        "    The dry period means the temporao will be late this year.\n"
        "    Arrivals for the week ended February 22 were 155,221 bags\nof 60 kilos making a cumulative total.\n"
    )
    paragraphs = paragraphs_of(text)
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Showers continued throughout the week in the Bahia cocoa zone")
    assert (
        paragraphs[2]
        == "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total."
    )


def test_lines_are_paragraphs_in_web_copy(seed_texts):
    body = clean_text(seed_texts["002"]).body
    assert "Sporadic shooting continues in Kazakhstan’s largest city" in body.split("\n\n")


def test_sentences_never_dropped_as_chrome():
    text = "A headline for the test piece\n\nShare prices fell in Tokyo.\n\nSearch teams found the plane.\n\nTop officials met."
    body = clean_text(text).body
    for sentence in ("Share prices fell in Tokyo.", "Search teams found the plane.", "Top officials met."):
        assert sentence in body


def test_html_page_extracted():
    page = """<!DOCTYPE html><html><head><title>Talks end in Geneva | The Daily</title>
    <meta property="og:title" content="Talks end in Geneva">
    <meta property="og:site_name" content="The Daily">
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2022-01-10T08:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Talks end in Geneva</h1>
    <p>Russian and US diplomats ended talks in Geneva on Monday without agreement on security guarantees.</p>
    <p>The two sides will meet again within NATO on Wednesday, officials said after eight hours of talks.</p>
    <p>Deputy foreign minister Sergei Ryabkov called the talks difficult but professional and &amp; useful.</p>
    </article><footer>Copyright The Daily. All rights reserved.</footer></body></html>"""
    cleaned = clean_html(page)
    assert cleaned.title == "Talks end in Geneva"
    assert cleaned.published == "2022-01-10"
    assert cleaned.author == "Jane Doe"
    assert cleaned.source == "The Daily"
    assert "ended talks in Geneva on Monday" in cleaned.body
    assert "& useful" in cleaned.body
    assert "All rights reserved" not in cleaned.body
    assert cleaned.report.html_extracted


@pytest.mark.parametrize(
    "text",
    [
        "Moscow said on Monday it would send troops to Kazakhstan after the protests\n",
        "# Talks in Geneva postponed until further notice",
        "CSTO peacekeepers begin withdrawal from Almaty",
    ],
)
def test_a_text_that_is_only_a_headline_like_line_keeps_it_as_its_body(text):
    """A one-line note without a full stop is not all title: nothing the user wrote may vanish."""
    cleaned = clean_text(text)
    assert text.strip().lstrip("# ") in cleaned.body
    assert not [r for r in cleaned.report.removed if r.kind == "headline"]


def test_a_headline_above_running_text_is_still_taken_out():
    cleaned = clean_text(
        "Troops leave Almaty after the unrest\n\nThe last CSTO troops left Almaty on Thursday, officials said."
    )
    assert cleaned.title == "Troops leave Almaty after the unrest"
    assert "Troops leave Almaty after the unrest" not in cleaned.body


@pytest.mark.parametrize(
    "credit",
    [
        "Vladimir Tretyakov/NUR.KZ/AP",
        "AP Photo/Jane Doe",
        "Maxim Shemetov/Reuters",
        "(Reuters/Sergei Karpukhin)",
        "Sergei Karpukhin/Reuters/File",
        "Photo: Reuters",
        "Credit: Mikhail Metzel/TASS",
        "© Getty Images",
    ],
)
def test_a_photo_credit_line_is_taken_out_and_recorded(credit):
    text = (
        "Protesters gathered in the main square of Almaty on Wednesday, witnesses said.\n\n"
        f"{credit}\n\n"
        "Vendors clean up their store after clashes in Almaty.\n\n"
        "The government resigned later that day, the presidency said in a statement."
    )
    cleaned = clean_text(text)
    assert credit not in cleaned.body.split("\n\n")
    assert [r.text for r in cleaned.report.removed if r.kind == "credit"] == [credit]
    assert "Vendors clean up their store after clashes in Almaty." in cleaned.body


@pytest.mark.parametrize(
    "line",
    ["Kyiv/Moscow", "Reuters", "Pictured: the president at the summit", "The AP/Reuters poll shows a lead for him."],
)
def test_lines_that_only_look_like_credits_stay(line):
    text = (
        "Talks between the two delegations resumed in Geneva on Monday after a pause, officials said.\n\n"
        f"{line}\n\nBoth sides said the talks were useful."
    )
    assert line in clean_text(text).body.split("\n\n")


@pytest.mark.parametrize(
    ("opening", "day"),
    [
        ("Geneva, Jan 10, 2022 - Russian officials said the talks would go on for another week.", "2022-01-10"),
        ("GENEVA, Jan 10, 2022 (Reuters) - Russian officials said the talks would go on next week.", "2022-01-10"),
        ("Kyiv, 3 March 2022 — The mayor said the city would hold out whatever happened next.", "2022-03-03"),
        ("Almaty, Kazakhstan, January 7, 2022 – Gunfire was heard in the centre of the city overnight.", "2022-01-07"),
    ],
)
def test_a_dateline_opening_the_first_paragraph_dates_the_article_and_stays_in_it(opening, day):
    cleaned = clean_text(f"{opening}\n\nThe second paragraph says more about what happened there.")
    assert (cleaned.published, cleaned.date_source) == (day, "dateline")
    assert cleaned.body.startswith(opening)  # the dateline is part of the sentence: nothing is removed


@pytest.mark.parametrize(
    "opening",
    [
        "On Jan 10, 2022 - a date Russian officials had named - the talks were to resume in Geneva.",
        "The meeting in Geneva, Jan 10, 2022 - was the first of three, officials said on Monday.",
        "Geneva, Jan 10 (Reuters) - Russian officials said the talks would go on for another week.",
    ],
)
def test_a_date_that_is_not_an_opening_dateline_with_a_year_dates_nothing(opening):
    assert clean_text(f"{opening}\n\nThe second paragraph says more about it.").published is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Pelican story\n\nA short item mentioning pelicanword once, on May 3.\n", "Pelican story"),
        ("Ceasefire\n\nBoth sides agreed to stop firing at noon on Friday, the mediators said.\n", "Ceasefire"),
    ],
)
def test_a_short_first_line_above_a_blank_line_is_the_title(text, title):
    cleaned = clean_text(text)
    assert cleaned.title == title
    assert not cleaned.body.startswith(title)
    assert [r.text for r in cleaned.report.removed if r.kind == "headline"] == [title]


@pytest.mark.parametrize(
    "text",
    [
        "Pelican story\nA short item mentioning pelicanword once, on May 3.\n",  # no blank line: one paragraph
        "It rained.\n\nThe match was called off on Saturday afternoon.\n",  # a sentence, not a title
        "Ceasefire\n",  # the whole text: its own body
        "and then\n\nthe talks resumed on Monday in Geneva.\n",  # not a headline's capital
    ],
)
def test_a_first_line_that_is_not_a_title_stays_in_the_body(text):
    cleaned = clean_text(text)
    assert cleaned.title is None
    assert " ".join(text.split()[:2]) in cleaned.body
