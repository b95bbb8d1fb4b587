"""The record of removals travels with the article: ingest report, front matter, `show --removed`, --replace."""

from __future__ import annotations

import json

from briefing.clean import unfence
from briefing.corpus import get_article, ingest, load_corpus
from briefing.export import BriefSpec, build_brief, render_html, render_markdown
from briefing.notes import add_note, load_notes
from briefing.timeline import article_timeline
from tests.conftest import SEEDS, run_cli

WEB_COPY = (
    "Talks resume in Geneva after a pause\n\nBy Jane Q. Doe\n\nShare\n\n"
    "<p>Diplomats met again in Geneva on Monday, officials said, and \x1b]0;agreed to meet in March.</p>\n\n"
    "Advertisement\n\nThe talks covered <International Pagurian Corp Ltd> and its stake.\n"
)
TABLE = (
    "Dividends were declared as follows --\n"
    "              Pay              Record\n"
    "    ABC     April 15, 1987    March 31, 1987\n"
    "    DEF     April 20, 1987    April 1, 1987\n"
    "    The company said on March 2, 1987 it was pleased with the results.\n"
)


def test_record_is_kept_in_the_front_matter_and_shown(tmp_path):
    raw = tmp_path / "talks.txt"
    raw.write_text(WEB_COPY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (outcome,) = list(ingest([raw], corpus))
    assert outcome.status == "added"
    assert "removed 2 page-chrome lines: 'Share', 'Advertisement'" in outcome.message
    assert "removed 1 control character: '\\x1b]0;'" in outcome.message
    article = get_article(corpus, outcome.article_id)
    assert article.title == "Talks resume in Geneva after a pause" and article.author == "Jane Q. Doe"
    assert article.body == (
        "Diplomats met again in Geneva on Monday, officials said, and agreed to meet in March.\n\n"
        "The talks covered <International Pagurian Corp Ltd> and its stake."
    )
    assert article.removed == {
        "html": ["<p>", "</p>"],
        "control": ["\\x1b]0;"],
        "chrome": ["Share", "Advertisement"],
        "headline": ["Talks resume in Geneva after a pause"],
        "byline": ["By Jane Q. Doe"],
    }
    assert "removed" not in article.extra
    shown = run_cli("show", "--corpus", str(corpus), "--removed", outcome.article_id)
    assert shown.returncode == 0, shown.stderr
    assert "removed at ingest from talks.txt: 7" in shown.stdout
    assert "2 page-chrome lines:\n  Share\n  Advertisement" in shown.stdout
    assert "\\x1b]0;" in shown.stdout and "\x1b" not in shown.stdout
    plain = run_cli("show", "--corpus", str(corpus), outcome.article_id)
    assert "removed at ingest: 2 html, 1 control, 2 chrome, 1 headline, 1 byline (see --removed)" in plain.stdout


def test_add_verbose_lists_every_removal(tmp_path):
    corpus = tmp_path / "corpus"
    added = run_cli("add", "-v", "--corpus", str(corpus), str(SEEDS / "004_f24afbe78bbc54e3.txt"))
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    assert sum(1 for line in lines if line.startswith("    comment line: ")) == 14
    replies = (SEEDS / "004_f24afbe78bbc54e3.txt").read_text(encoding="utf-8").splitlines().count("Reply")
    assert sum(1 for line in lines if line.strip() == "page-chrome line: Reply") == replies == 14
    assert any(line.startswith("    repeated line/caption: From left to right:") for line in lines)


def test_a_hand_written_removed_key_of_another_shape_is_kept(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hand.md").write_text("---\nid: hand\ntitle: Hand\nremoved: yes please\n---\n\nBody.\n")
    article = get_article(corpus, "hand")
    assert article.removed is None and article.extra["removed"] == "yes please"
    (corpus / "plain.md").write_text("---\nid: plain\ntitle: Plain\n---\n\nBody.\n")
    assert get_article(corpus, "plain").removed is None
    shown = run_cli("show", "--corpus", str(corpus), "--removed", "plain")
    assert "no record of removals" in shown.stdout


def test_table_is_fenced_in_the_body_cited_by_row_and_fenced_in_exports(tmp_path):
    collection = tmp_path / "wire.jsonl"
    record = {"id": "div-1", "title": "DIVIDENDS", "date": "1987-03-01", "body": TABLE}
    collection.write_text(json.dumps(record) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (outcome,) = list(ingest([collection], corpus))
    assert outcome.message.startswith("nothing removed")
    assert "\nremoved: {}\n" in (corpus / f"{outcome.article_id}.md").read_text(encoding="utf-8")
    assert get_article(corpus, outcome.article_id).removed == {}
    article = get_article(corpus, outcome.article_id)
    table = unfence(article.body.split("\n\n")[1])
    assert table == (
        "          Pay              Record\nABC     April 15, 1987    March 31, 1987\nDEF     April 20, 1987    April 1, 1987"
    )
    sentences = {e.mention: e.sentence for e in article_timeline(article).events}
    assert sentences["March 31, 1987"] == "ABC April 15, 1987 March 31, 1987"
    assert sentences["April 1, 1987"] == "DEF April 20, 1987 April 1, 1987"
    brief = build_brief(corpus, tmp_path / "index", BriefSpec(ids=(article.id,)))
    markdown = render_markdown(brief)
    assert "  ```\n  DEF     April 20, 1987    April 1, 1987\n  ```" in markdown
    assert "<pre>DEF     April 20, 1987    April 1, 1987</pre>" in render_html(brief)


def test_replace_reingests_with_the_same_rules_and_quotes_reanchor(tmp_path):
    raw = tmp_path / "talks.txt"
    raw.write_text(WEB_COPY, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (first,) = list(ingest([raw], corpus))
    body = get_article(corpus, first.article_id).body
    add_note(corpus, first.article_id, "Who is this?", quote="<International Pagurian Corp Ltd>", body=body)
    raw.write_text("Read more\n\n" + WEB_COPY.replace("Advertisement\n\n", TABLE + "\n"), encoding="utf-8")
    (second,) = list(ingest([raw], corpus, replace_existing=True))
    assert second.status == "replaced" and second.article_id == first.article_id
    assert "page-chrome line" in second.message and "detached" not in second.message
    article = get_article(corpus, first.article_id)
    assert article.removed["chrome"] == ["Read more", "Share"]
    assert "```\n          Pay              Record" in article.body
    (note,) = load_notes(corpus, first.article_id).notes
    assert not note.detached
    assert article.body[note.quote_offset :].startswith("<International Pagurian Corp Ltd>")
    assert len(load_corpus(corpus).articles) == 1


def test_front_matter_written_fast_reads_back_the_same(tmp_path):
    import yaml

    from briefing.corpus import Article, render_article, write_article

    plain = Article(id="a", title="Talks: 'end'", body="Body.", tags=("x",), removed={"chrome": ["Share", "#top"]})
    header = render_article(plain).split("---\n")[1]
    python = yaml.dump(
        plain.front_matter(), Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=None
    )
    assert header == python
    emoji = Article(id="b", title="Talks 😀 end", body="Body.")
    assert "title: Talks 😀 end\n" in render_article(emoji)
    write_article(tmp_path, emoji)
    assert get_article(tmp_path, "b").title == "Talks 😀 end"


def test_a_title_of_control_characters_only_is_no_title(tmp_path):
    (tmp_path / "hand.md").write_text('---\nid: hand\ntitle: "\\b\\x1b"\n---\n\nBody.\n', encoding="utf-8")
    assert load_corpus(tmp_path).errors == ("hand.md: front matter has no 'title'",)
