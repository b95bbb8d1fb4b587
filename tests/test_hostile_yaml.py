"""Hostile YAML: values that cannot be built, alias bombs, random scalars and shapes, in every YAML file we read.

One bad file is one line naming the file and the key; everything else keeps working.
"""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.corpus import Article, ingest, load_corpus, render_article, write_article
from briefing.errors import NotesError, YamlProblem
from briefing.fsio import safe_load_yaml
from briefing.notes import add_note, load_notes, notes_path, render_notes
from briefing.settings import load_settings

UNCONSTRUCTIBLE = {
    "2022-02-30": "published: day is out of range for month (2022-02-30)",
    "!!float abc": "published: could not convert string to float: 'abc' (abc)",
    "!!timestamp nope": "published: not a valid timestamp (nope)",
    "2022-01-01 25:00:00": "published: hour must be in 0..23 (2022-01-01 25:00:00)",
    "!!int 12x": "published: invalid literal for int() with base 10: '12x' (12x)",
    "!!binary '@'": "published date",
    "!!python/object/apply:os.system [echo]": "published: could not determine a constructor",
}

FAILING = [value for value in UNCONSTRUCTIBLE if "binary" not in value]  # !!binary '@' is b'': bad only as a date

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _good(corpus, article_id="good", title="Good article"):
    write_article(corpus, Article(id=article_id, title=title, body="Kazakhstan on 5 January 2022 was calm."))


def _cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    assert "internal error" not in captured.err, (args, captured.err)
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


@pytest.mark.parametrize("value", list(UNCONSTRUCTIBLE))
def test_unconstructible_value_in_article_skips_that_file_only(tmp_path, capsys, value):
    corpus = tmp_path / "corpus"
    _good(corpus)
    (corpus / "hand.md").write_text(f"---\nid: hand\ntitle: Hand\npublished: {value}\n---\n\nBody.\n", "utf-8")
    loaded = load_corpus(corpus)
    assert [a.id for a in loaded.articles] == ["good"]
    assert len(loaded.errors) == 1 and loaded.errors[0].startswith("hand.md: " + UNCONSTRUCTIBLE[value])
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    for command in (["list"], ["search", "kazakhstan"], ["timeline"], ["export"], ["notes"], ["index"]):
        code, out, err = _cli(capsys, *command, *index)
        assert code in (0, 1), (command, err)
        assert "hand.md" in err or command in (["notes"], ["export"]), (command, err)
    code, out, err = _cli(capsys, "search", "kazakhstan", "--json", *index)
    assert [hit["id"] for hit in json.loads(out)["hits"]] == ["good"]


@pytest.mark.parametrize("value", FAILING)
def test_unconstructible_value_in_notes_file_is_one_line_and_others_work(tmp_path, capsys, value):
    corpus = tmp_path / "corpus"
    _good(corpus)
    _good(corpus, "other", "Other article")
    add_note(corpus, "other", "a fine note")
    path = notes_path(corpus, "good")
    path.write_text(f"article: good\nnotes:\n- id: n1\n  created: {value}\n  text: hi\n", "utf-8")
    with pytest.raises(NotesError, match=r"good.notes.yaml: notes\[1\]\.created: "):
        load_notes(corpus, "good")
    index = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    code, out, err = _cli(capsys, "notes", *index)
    assert "a fine note" in out and "good.notes.yaml" in err
    code, out, err = _cli(capsys, "note", "good", "another", *index)
    assert code == 2 and "good.notes.yaml" in err and err.count("\n") == 1
    assert path.read_text("utf-8").endswith("text: hi\n"), "the broken file is never written over"
    for command in (["search", "kazakhstan"], ["export"], ["note", "other", "second"]):
        code, out, err = _cli(capsys, *command, *index)
        assert code == 0, (command, err)


@pytest.mark.parametrize("value", FAILING)
def test_unconstructible_value_in_config_warns_and_defaults(tmp_path, value):
    path = tmp_path / "config.yaml"
    path.write_text(f"theme: nord\npanes: {value}\n", "utf-8")
    loaded = load_settings(path)
    assert loaded.theme == "textual-dark" and len(loaded.warnings) == 1 and "panes:" in loaded.warnings[0]


def test_unknown_config_keys_warn_in_one_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("theme: nord\ncolour: red\nkeyz: {}\n", "utf-8")
    loaded = load_settings(path)
    assert loaded.theme == "nord"
    assert len(loaded.warnings) == 1 and "'colour'" in loaded.warnings[0] and "'keyz'" in loaded.warnings[0]


def test_alias_bomb_is_refused_everywhere(tmp_path):
    with pytest.raises(YamlProblem, match="alias bomb"):
        safe_load_yaml(BOMB)
    corpus = tmp_path / "corpus"
    _good(corpus)
    (corpus / "bomb.md").write_text(f"---\nid: bomb\ntitle: T\n{BOMB}---\n\nBody.\n", "utf-8")
    loaded = load_corpus(corpus)
    assert [a.id for a in loaded.articles] == ["good"] and "alias bomb" in loaded.errors[0]
    notes_path(corpus, "good").write_text(f"article: good\n{BOMB}notes: []\n", "utf-8")
    with pytest.raises(NotesError, match="alias bomb"):
        load_notes(corpus, "good")
    config = tmp_path / "config.yaml"
    config.write_text(BOMB, "utf-8")
    assert "alias bomb" in load_settings(config).warnings[0]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bomb.md").write_text(f"---\ntitle: T\n{BOMB}---\n\nSome article text here.\n", "utf-8")
    (raw / "fine.txt").write_text("A fine article about Kazakhstan.\n", "utf-8")
    outcomes = {o.origin.rsplit("/", 1)[-1]: o for o in ingest([raw], tmp_path / "c2")}
    assert outcomes["bomb.md"].status == "error" and "alias bomb" in outcomes["bomb.md"].message
    assert outcomes["fine.txt"].status == "added"


def test_recursive_alias_and_deep_nesting_are_refused():
    with pytest.raises(YamlProblem, match="recursive alias"):
        safe_load_yaml("a: &a [1, *a]\n")
    with pytest.raises(YamlProblem):
        safe_load_yaml("a: " + "[" * 5000 + "]" * 5000)
    assert safe_load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}  # honest aliases still work


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"body": "Text one.", "tags": 5}', None),
        ('{"body": "Text two.", "title": ["a", "b"]}', "'title' must be text, not a list"),
        ('{"body": "Text three.", "source": {"a": 1}}', "'source' must be text, not a mapping"),
        ('{"body": "Text four.", "id": 12345}', None),
        ('{"body": "Text five.", "tags": [["x"]]}', "'tags' must be a list of words"),
    ],
)
def test_non_string_metadata_is_a_per_record_error_and_the_batch_goes_on(tmp_path, line, message):
    raw = tmp_path / "c.jsonl"
    raw.write_text(line + '\n{"body": "The good line after it.", "tags": "russia, nato"}\n', "utf-8")
    outcomes = list(ingest([raw], tmp_path / "corpus"))
    assert len(outcomes) == 2
    if message:
        assert outcomes[0].status == "error" and message in outcomes[0].message
    else:
        assert outcomes[0].status == "added", outcomes[0].message
    assert outcomes[1].status == "added"
    articles = load_corpus(tmp_path / "corpus").by_id()
    assert articles[outcomes[1].article_id].tags == ("russia", "nato")
    if line.startswith('{"body": "Text one."'):
        assert articles[outcomes[0].article_id].tags == ("5",)
    if '"id": 12345' in line:
        assert outcomes[0].article_id == "12345"


def test_scalar_tags_in_front_matter_are_split_on_commas(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.md").write_text("---\ntitle: A\ntags: kazakhstan\n---\n\nFirst article.\n", "utf-8")
    (raw / "b.md").write_text("---\ntitle: B\ntags: russia,nato\nid: 12345\nsource: 42\n---\n\nSecond one.\n", "utf-8")
    outcomes = list(ingest([raw], tmp_path / "corpus"))
    assert [o.status for o in outcomes] == ["added", "added"], outcomes
    articles = load_corpus(tmp_path / "corpus").by_id()
    assert articles[outcomes[0].article_id].tags == ("kazakhstan",)
    assert articles["12345"].tags == ("russia", "nato") and articles["12345"].source == "42"
    corpus = tmp_path / "corpus"
    (corpus / "777.md").write_text("---\nid: 777\ntitle: [a, b]\n---\n\nB.\n", "utf-8")
    (corpus / "tags.md").write_text("---\nid: tags\ntitle: T\ntags: 7\n---\n\nB.\n", "utf-8")
    loaded = load_corpus(corpus)
    assert loaded.by_id()["tags"].tags == ("7",)
    assert any(e.startswith("777.md: 'title' must be text") for e in loaded.errors), loaded.errors


# ---------------------------------------------------------------------------------------------- random shapes
SCALARS = st.one_of(
    st.sampled_from(
        [
            "2022-02-30",
            "2022-13-01",
            "0000",
            "9999-12-31",
            "2022-01-01 25:00:00",
            "!!float abc",
            "!!timestamp x",
            "!!int 1e400",
            "!!binary '@@'",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!!pairs [a: 1, a: 2]",
            ".nan",
            ".inf",
            "-.inf",
            "~",
            "null",
            "yes",
            "no",
            "0x1F",
            "0o17",
            "1_000",
            "12345",
            "99999999999999999999999999",
            "'2022-01-05'",
            "[a, b]",
            "{a: 1}",
            "[[1], {b: [2]}]",
            "''",
            '"\\e]52;c;eA==\\a"',
            "!!str 12",
            "&x 1",
            "*x",
            "!custom tag",
            "? a",
            "|\n  block\n  text",
            ">-\n  folded",
            "[",
            "{",
            ": :",
            "@",
            "`",
            "!!python/name:os.system",
            "2022-01-05T10:00:00+99:00",
            "2022-01",
            "2022",
            "-1",
            "1.5e300",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8).map(json.dumps),
)
KEYS = st.sampled_from(
    ["id", "title", "source", "author", "published", "url", "tags", "ingested", "original", "sha256", "extra", "x"]
)


def _front(fields) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.lists(st.tuples(KEYS, SCALARS), max_size=8))
def test_random_front_matter_is_an_article_or_one_line_error(tmp_path_factory, fields):
    corpus = tmp_path_factory.mktemp("c")
    (corpus / "hand.md").write_text(f"---\nid: hand\ntitle: Hand\n{_front(fields)}---\n\nBody on 5 May 2020.\n")
    loaded = load_corpus(corpus)
    for error in loaded.errors:
        assert error.startswith("hand.md: ") and "\n" not in error
    for article in loaded.articles:  # what was read can be shown, sorted, written back and read again
        for value in (article.title, article.source, article.author or "", article.url or "", *article.tags):
            assert isinstance(value, str)
        assert article.published_start is None or article.published_start.year >= 1
        write_article(corpus, article, replace_existing=True)
        assert render_article(article)
        again = load_corpus(corpus)
        assert again.errors == () and again.articles[0].title == article.title


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.lists(
        st.tuples(
            st.sampled_from(
                ["id", "text", "tags", "created", "updated", "quote", "event", "quote_offset", "detached", "extra"]
            ),
            SCALARS,
        ),
        max_size=7,
    ),
    top=st.lists(st.tuples(st.sampled_from(["article", "x", "notes"]), SCALARS), max_size=2),
)
def test_random_notes_file_is_notes_or_one_line_error_and_never_overwritten(tmp_path_factory, fields, top):
    corpus = tmp_path_factory.mktemp("c")
    _good(corpus)
    note = "".join(f"  {key}: {value}\n" if i else f"- {key}: {value}\n" for i, (key, value) in enumerate(fields))
    text = f"article: good\n{_front(top)}notes:\n" + (note or "- text: hi\n")
    path = notes_path(corpus, "good")
    path.write_text(text, "utf-8")
    try:
        notes = load_notes(corpus, "good")
    except NotesError as exc:
        assert str(exc).startswith("good.notes.yaml") and "\n" not in str(exc)
        with pytest.raises(NotesError):
            add_note(corpus, "good", "new")
        assert path.read_text("utf-8") == text
        return
    render_notes(notes)
    result = add_note(corpus, "good", "new note")
    assert len(load_notes(corpus, "good").notes) == len(notes.notes) + 1, result


@settings(max_examples=200, deadline=None)
@given(fields=st.lists(st.tuples(st.sampled_from(["theme", "keys", "panes", "colour"]), SCALARS), max_size=4))
def test_random_config_always_starts(tmp_path_factory, fields):
    path = tmp_path_factory.mktemp("cfg") / "config.yaml"
    path.write_text(_front(fields), "utf-8")
    loaded = load_settings(path)
    assert isinstance(loaded.theme, str) and loaded.panes
    assert all("\n" not in w for w in loaded.warnings)


def test_dump_of_odd_values_reads_back():
    data = safe_load_yaml("a: !!set {x, y}\nb: !!binary aGk=\nc: 2022-01-05 10:00:00\n")
    assert yaml.safe_load(yaml.safe_dump(data)) == data


def test_scalar_and_odd_tags_in_a_notes_file(tmp_path):
    corpus = tmp_path / "corpus"
    _good(corpus)
    path = notes_path(corpus, "good")
    path.write_text("article: good\nnotes:\n- {id: a, text: x, tags: 7}\n- {id: b, text: y, tags: 'russia, nato'}\n")
    assert [n.tags for n in load_notes(corpus, "good").notes] == [("7",), ("russia", "nato")]
    path.write_text("article: good\nnotes:\n- {id: a, text: x, tags: [[nested]]}\n")
    with pytest.raises(NotesError, match="note 1: 'tags' must be a list of words"):
        load_notes(corpus, "good")
