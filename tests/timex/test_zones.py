"""Dates in web addresses, citations and bibliographies are no events (issue 16, §1.5)."""

from __future__ import annotations

import pytest

from briefing.corpus import Article
from briefing.timeline import article_timeline
from briefing.timex.zones import inside, non_event_spans


def _dates(body: str, published: str = "2022-01-07") -> list[str]:
    return [e.mention for e in article_timeline(Article(id="a", title="t", body=body, published=published)).events]


@pytest.mark.parametrize(
    "line",
    [
        "See https://example.com/2021/05/12/story-2019.html for details.",
        "[3] Smith, J. (2019). Title of paper. Journal of Studies, 12(3), 45-67.",
        "[1] Ashford & Kroenig, FP, Jan 6, 2022 — Will Unrest in Kazakhstan Inflame Tensions?",
        "Smith, J. and Doe, A. (2018) Markets in flux. Oxford University Press, pp. 12-40.",
        "January 6---https://patrickarmstrong.ca/2022/01/06/sitrep-6-january-2022/",
        "2. Brown, K., et al. Accessed March 3, 2021.",
        "Sources: IMF (2021); World Bank (2019); OECD (2020).",
        "Source: OECD Economic Outlook, June 2023",
        "See also: Jones (2019), 'Trade', Foreign Affairs.",
        "Footnote 3: Interview with the author, March 2021.",
        "Data: Eurostat, 2022.",
    ],
)
def test_reference_lines_give_no_events(line):
    body = f"Troops arrived on Thursday.\n\n{line}\n\nThe talks ended on Jan. 5, 2022."
    assert sorted(_dates(body)) == ["Jan. 5, 2022", "Thursday"]


def test_a_bibliography_after_its_heading_gives_no_events():
    body = (
        "The war began on March 3, 2020. It ended in May 2021.\n\nIt was long.\n\nFurther reading\n\n"
        "Kofman, M. The Russian Way of War, 2016.\nGaleotti, M. Armies of Russia's War, 2019.\n"
    )
    assert _dates(body) == ["March 3, 2020", "May 2021"]


@pytest.mark.parametrize(
    ("body", "cited"),
    [
        ("As earlier work showed (Smith et al., 2020), tariffs raise prices.", "2020"),
        ("Tariffs raise prices (IMF, 2021; Lee and Park 2019), the study found.", "2019"),
        ("The effect is small (see Jones & Li, 2017, p. 4) but lasting.", "2017"),
        ("Smith et al. (2018) found the same in Brazil.", "2018"),
    ],
)
def test_author_year_citations_in_running_text_give_no_events(body, cited):
    body = f"Troops arrived on Thursday. {body}"
    assert _dates(body) == ["Thursday"], cited


@pytest.mark.parametrize(
    "body",
    [
        "Prices rose sharply (March, 2020) and then fell.",
        "Note: the vote was held on March 3, 2021.",
        "The deal (signed in 2019) collapsed.",
        "Talks were held on March 3, 2021 (see below).",
        "In 2019, Smith, the minister, said talks would resume.",
        "[Reuters] - Troops arrived on March 3, 2021.",
        "The report (2019) said prices rose in March 2020.",
    ],
)
def test_prose_is_not_taken_for_a_reference(body):
    assert _dates(body)


def test_spans_are_merged_and_inside_checks_overlap():
    text = (
        "The ministry, which has long been criticised, posted https://x.org/2020/01/02 on Friday morning.\n"
        "[1] Doe, J. (2020). T. https://y.org\n"
    )
    spans = non_event_spans(text)
    assert spans == sorted(spans) and all(a < b for a, b in spans)
    assert len(spans) == 2 and inside(spans, text.index("2020"), text.index("2020") + 4)
    assert not inside(spans, 0, 1)
