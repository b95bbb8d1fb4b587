from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.export import (
    BriefSpec,
    ExportError,
    build_brief,
    list_briefs,
    load_brief,
    render,
    save_brief,
    write_output,
)
from briefing.notes import add_note
from tests.conftest import run_cli

GOLDEN = Path(__file__).parent / "golden"
FIXED = dt.datetime(2026, 1, 21, 10, 15, tzinfo=dt.UTC)
SPEC = BriefSpec(title="CSTO in Kazakhstan", query="CSTO OR paratroopers", start="2022-01-06", end="2022-01-10")


@pytest.fixture
def brief(corpus_dir, tmp_path):
    add_note(
        corpus_dir,
        "kazakh-protest-or-failed-coup",
        "Gunfire on the eve of the deployment.\nCheck Taraz.",
        tags=["csto", "almaty"],
        quote="Outbreaks of gunfire were heard on Thursday night",
        event="2022-01-06",
        body=(corpus_dir / "kazakh-protest-or-failed-coup.md").read_text(encoding="utf-8").split("---\n", 2)[2],
        now=FIXED,
    )
    add_note(
        corpus_dir,
        "kazakhstan-crisis-russia-post-soviet-sway",
        "Lukyanov: a precedent | not a one-off",
        tags=["analysis"],
        now=FIXED + dt.timedelta(minutes=5),
    )
    return build_brief(corpus_dir, tmp_path / "index", SPEC, now=FIXED)


def _stable(text: str) -> str:
    """Note ids carry a random suffix; everything else in a brief is fixed by the data and the clock."""
    import re

    return re.sub(r"20260121T1\d{5}Z-[0-9a-f]{4}", "NOTE-ID", text)


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "ics"])
def test_golden_files(brief, fmt):
    text = _stable(render(brief, fmt))
    golden = GOLDEN / f"brief.{fmt}"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8", newline="")
    expected = golden.read_bytes().decode("utf-8")
    assert text == expected, f"{fmt} output changed; BRIEFING_UPDATE_GOLDEN=1 to accept"


def test_markdown_brief_content(brief):
    text = render(brief, "md")
    assert text.startswith("# CSTO in Kazakhstan\n\nGenerated 2026-01-21 10:15 UTC")
    assert "| [1] | Eurasia Notes \\#13 - Kazakh Protest Or Failed Coup? | Eurasia Notes | — | 2022-01-07 |" in text
    assert "- **Thursday night** (2022-01-06) — Outbreaks of gunfire" in text
    thursday = text.index("**Thursday night**")
    assert text.index("*Note:* Gunfire on the eve of the deployment.", thursday) < text.index("**Thursday**", thursday)
    assert "Lukyanov: a precedent \\| not a one-off" in text
    assert "## Notes" in text and "> Outbreaks of gunfire were heard on Thursday night" in text


class _Checker(HTMLParser):
    VOID = {"meta", "link", "br", "img", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "link") or (tag == "link" and attrs.get("href")):
            self.external.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_and_self_contained(brief):
    text = render(brief, "html")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.stack == [] and checker.external == []
    assert "@media print" in text
    content = "".join(checker.text)
    assert "Outbreaks of gunfire were heard on Thursday night" in content
    assert "Lukyanov: a precedent | not a one-off" in content
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(text)
    assert tree.xpath("//table//tr[@id='source-1']")


def test_csv_reads_back(brief):
    rows = list(csv.DictReader(io.StringIO(render(brief, "csv"))))
    assert rows and set(rows[0]) >= {
        "date",
        "range_end",
        "granularity",
        "article",
        "title",
        "source",
        "sentence",
        "mention",
    }
    thursday = next(r for r in rows if r["mention"] == "Thursday night")
    assert thursday["date"] == "2022-01-06" and thursday["article"] == "kazakh-protest-or-failed-coup"
    assert json.loads(render(brief, "json"))[0].keys() == rows[0].keys()


def _unfold(ics: str) -> list[str]:
    lines: list[str] = []
    for raw in ics.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def test_ics_reads_back(brief):
    ics = render(brief, "ics")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], {}
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
        else:
            key, _, value = line.partition(":")
            current[key] = value
    day_rows = [r for r in json.loads(render(brief, "json")) if r["granularity"] == "day"]
    assert len(events) == len(day_rows)
    for event, row in zip(events, day_rows, strict=True):
        assert event["DTSTART;VALUE=DATE"] == row["date"].replace("-", "")
        end = dt.date.fromisoformat(row["range_end"] or row["date"]) + dt.timedelta(days=1)
        assert event["DTEND;VALUE=DATE"] == end.strftime("%Y%m%d")
        summary = event["SUMMARY"].replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
        assert row["sentence"].startswith(summary.rstrip("…"))


def test_empty_selection_is_a_clear_message(corpus_dir, tmp_path):
    with pytest.raises(ExportError, match="nothing to export"):
        build_brief(corpus_dir, tmp_path / "index", BriefSpec(query="zebra"))
    result = run_cli("export", "zebra", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index"))
    assert result.returncode == 1 and "nothing to export" in result.stderr and result.stdout == ""
    bad = run_cli("export", "--from", "soon", "--corpus", str(corpus_dir))
    assert bad.returncode == 2 and "--from" in bad.stderr


def test_refuses_to_overwrite(corpus_dir, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("mine")
    with pytest.raises(ExportError, match="exists already"):
        write_output(target, "new")
    common = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    result = run_cli("export", "CSTO", "-o", str(target), *common)
    assert result.returncode == 2 and target.read_text() == "mine"
    forced = run_cli("export", "CSTO", "-o", str(target), "--force", *common)
    assert forced.returncode == 0 and target.read_text().startswith("# Brief: CSTO")


def test_saved_briefs(corpus_dir, tmp_path):
    path = save_brief(
        corpus_dir,
        "kazakh-crisis",
        BriefSpec(title="Kazakh crisis", query="Kazakhstan", start="2022-01", end="2022-01"),
    )
    assert path == corpus_dir.parent / "briefs" / "kazakh-crisis.yaml"
    assert list_briefs(corpus_dir) == ["kazakh-crisis"]
    spec = load_brief(corpus_dir, "kazakh-crisis")
    assert (spec.title, spec.query, spec.start, spec.end) == ("Kazakh crisis", "Kazakhstan", "2022-01", "2022-01")
    common = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    result = run_cli("export", "--brief", "kazakh-crisis", "--format", "json", *common)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(r["date"].startswith("2022") for r in rows)
    missing = run_cli("export", "--brief", "nope", *common)
    assert missing.returncode == 2 and "no saved brief 'nope'" in missing.stderr
    saved = run_cli("export", "tag:kyrgyzstan", "--save-brief", "kyrgyz", *common)
    assert saved.returncode == 0 and load_brief(corpus_dir, "kyrgyz").query == "tag:kyrgyzstan"
    with pytest.raises(ExportError):
        save_brief(corpus_dir, "../escape", BriefSpec())


# ---------------------------------------------------------------------------------------------- injection
def _hostile_brief(tmp_path, url: str, sentence: str, note: str):
    from briefing.corpus import Article, write_article

    corpus = tmp_path / "corpus"
    body = f"{sentence} on 5 January 2022.\n\nMore text."
    write_article(corpus, Article(id="evil", title='=HYPERLINK("http://x")', body=body, source="@SUM(A1)", url=url))
    add_note(corpus, "evil", note, now=FIXED)
    return build_brief(corpus, tmp_path / "index", BriefSpec(), now=FIXED)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(tmp_path, lead):
    brief = _hostile_brief(tmp_path, "https://e.x", f"{lead}cmd|' /C calc'!A0 happened", "n")
    rows = list(csv.DictReader(io.StringIO(render(brief, "csv"))))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", row
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")' and rows[0]["source"] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("javascript:alert(document.cookie)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://example.org", True),
        ("mailto:desk@example.org", True),
    ],
)
def test_html_links_only_http_and_mailto(tmp_path, url, linked):
    brief = _hostile_brief(tmp_path, url, "Something", "n")
    page = render(brief, "html")
    hrefs = [h for h in __import__("re").findall(r'href="([^"]*)"', page) if not h.startswith("#")]
    if linked:
        assert len(hrefs) == 1 and hrefs[0].lower().startswith(("http", "mailto"))
    else:
        assert hrefs == []
        assert "HYPERLINK" in page  # the title is still there, as text


def test_note_lines_never_become_markdown_structure(tmp_path):
    note = (
        "First line\n---\nsecond\n===\n# not a heading\n- not a list\n+ nor this\n1. nor this\n> nor a quote\n~~~\n```"
    )
    brief = _hostile_brief(tmp_path, "https://e.x", "Something", note)
    md = render(brief, "md")
    notes_part = md.split("## Notes", 1)[1]
    lines = [line.strip() for line in notes_part.splitlines()]
    for bad in ("---", "===", "# not a heading", "- not a list", "+ nor this", "1. nor this", "> nor a quote", "~~~"):
        assert bad not in lines, (bad, notes_part)
    assert "\\---" in lines and "1\\. nor this" in lines
    assert notes_part.count("\n## ") == 0 and notes_part.count("\n### ") == 1


def test_markdown_brief_is_commonmark_with_notes_intact(brief):
    """Read back by a CommonMark parser: the quote is a blockquote of its own, the note's lines stay lines."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(render(brief, "md"))
    quotes = html.split("<blockquote>")[1:]
    assert len(quotes) == 1
    quoted = quotes[0].split("</blockquote>")[0]
    assert "Outbreaks of gunfire" in quoted and "Gunfire on the eve" not in quoted
    notes = html.split("<h2>Notes</h2>")[1]
    assert "Gunfire on the eve of the deployment.<br />\nCheck Taraz." in notes
    timeline = html.split("<h2>Timeline</h2>")[1].split("<h2>Notes</h2>")[0]
    assert "Gunfire on the eve of the deployment.<br />\nCheck Taraz." in timeline
    assert "Lukyanov: a precedent | not a one-off" in notes


def test_counts_agree_with_their_nouns(corpus_dir, tmp_path):
    """'1 article', never '1 articles': in what export prints and in the brief it writes (md and html)."""
    common = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    for fmt in ("md", "html"):
        target = tmp_path / f"one.{fmt}"
        result = run_cli("export", "Jeenbekov", "--format", fmt, "-o", str(target), *common)
        assert result.returncode == 0, result.stderr
        assert f"wrote {target}: 1 article, " in result.stderr
        assert "1 articles" not in result.stderr and "1 article " in target.read_text(encoding="utf-8")
        assert "1 articles" not in target.read_text(encoding="utf-8")
    indexed = run_cli("index", *common)
    assert "5 articles indexed" in indexed.stdout
