"""Issue 16, wire copy: the error classes found on the hand-checked Reuters sample (bench/timeline_sample.py),
each with several examples and negative ones. The sentences are ours, written in the style of the wire."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.corpus import Article
from briefing.timeline import article_timeline, extract_mentions
from briefing.timex.resolve import sentence_starts


def value_of(text: str, anchor: str, mention: str) -> str | None:
    found = {" ".join(m.text.split()): m.value for m in extract_mentions(text, dt.date.fromisoformat(anchor))}
    return found.get(mention)


def events(body: str, published: str) -> dict[str, tuple[str, str | None]]:
    article = Article(id="a", title="t", body=body, published=published)
    return {" ".join(e.mention.split()): (e.date, e.range_end) for e in article_timeline(article).events}


# ------------------------------------------------------------------ hard-wrapped lines are not sentences
@pytest.mark.parametrize(
    ("text", "anchor", "mention", "value"),
    [
        # the verb that governs the date is on the line before: the break is no sentence end
        (
            "Delegates agreed last Saturday on a new pact to replace the current one, which expires in\nOctober.",
            "1987-03-16",
            "October",
            "1987-10",
        ),
        (
            "Talks on the new rubber pact, which began in Geneva with some forty nations, will resume on\nMonday.",
            "1987-04-03",
            "Monday",
            "1987-04-06",
        ),
        (
            "The agency said the long-awaited study of the farm economy was published on\nDecember 3.",
            "1987-01-20",
            "December 3",
            "1986-12-03",
        ),
    ],
)
def test_a_wrapped_line_does_not_cut_the_sentence(text, anchor, mention, value):
    assert value_of(text, anchor, mention) == value


def test_sentence_starts_of_wire_copy():
    wrapped = "Growth was 1.5 pct, the bank said, in a statement issued in\nSydney on Friday."
    assert sentence_starts(wrapped) == [0]
    # an indented paragraph starts a sentence, even after an abbreviation
    paragraphs = "It sold shares to Smith Holdings Ltd.\n    The bank said it would buy more."
    assert len(sentence_starts(paragraphs)) == 2
    # a short line (a heading, a table row) still ends where the line does
    heading = "BANK RAISES RATES\nThe bank raised its rates on Monday."
    assert len(sentence_starts(heading)) == 2
    # a blank line always ends a paragraph
    blank = "The figures were published by the central bank in its report for\n\nMarch was a good month."
    assert len(sentence_starts(blank)) == 2
    # "Inc. said" is no sentence end
    assert sentence_starts("Acme Inc. said on Friday it would buy the unit.") == [0]
