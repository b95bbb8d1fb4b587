from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefing.cli import build_parser
from tests.conftest import ROOT, SEEDS, count_listings, run_cli


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_has_help_and_is_documented(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "usage: briefing" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"briefing {command}" in readme


def test_add_list_show(tmp_path):
    corpus = tmp_path / "corpus"
    added = run_cli("add", "--corpus", str(corpus), str(SEEDS))
    assert added.returncode == 0, added.stderr
    assert "5 added, 0 replaced, 0 skipped, 0 failed" in added.stdout
    assert "removed 14 comment lines" in added.stdout
    again = run_cli("add", "--corpus", str(corpus), str(SEEDS / "000_17dbfbda87938e3d.txt"))
    assert "skipped" in again.stdout and "duplicate of" in again.stdout

    listed = run_cli("list", "--json", "--corpus", str(corpus))
    rows = json.loads(listed.stdout)
    assert len(rows) == 5
    assert rows[0]["published"] == "2022-01-07"
    assert {"id", "published", "source", "title"} <= set(rows[0])

    plain = run_cli("list", env={"BRIEFING_CORPUS": str(corpus)})
    assert plain.returncode == 0 and len(plain.stdout.strip().splitlines()) == 5

    shown = run_cli("show", rows[0]["id"], "--corpus", str(corpus))
    assert shown.returncode == 0
    assert rows[0]["title"] in shown.stdout
    assert "Outbreaks of gunfire were heard on Thursday night" in shown.stdout


def test_add_with_overrides_and_errors(tmp_path):
    corpus = tmp_path / "corpus"
    result = run_cli(
        "add",
        "--corpus",
        str(corpus),
        str(SEEDS / "000_17dbfbda87938e3d.txt"),
        "--title",
        "My title",
        "--published",
        "2016-07",
        "--source",
        "Asia Times",
        "--author",
        "S. B.",
        "--tags",
        "russia, csto",
        "--set",
        "date_note=late July",
    )
    assert result.returncode == 0, result.stderr
    text = (corpus / "my-title.md").read_text(encoding="utf-8")
    assert "published: 2016-07" in text and "date_note: late July" in text and "tags: [russia, csto]" in text

    many = run_cli("add", "--corpus", str(corpus), str(SEEDS), "--title", "x")
    assert many.returncode == 2 and "single file" in many.stderr
    bad_date = run_cli("add", "--corpus", str(corpus), str(SEEDS / "001_f8be7011e9c5b5d2.txt"), "--published", "soon")
    assert bad_date.returncode == 2 and "'soon'" in bad_date.stderr
    assert len(bad_date.stderr.strip().splitlines()) == 1
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    failed = run_cli("add", "--corpus", str(corpus), str(binary), str(SEEDS / "003_bbc49ac9c8e5d2ae.txt"))
    assert failed.returncode == 0
    assert "bin.txt" in failed.stderr and "binary" in failed.stderr
    assert "1 added" in failed.stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.md").write_text("---\nid: [\n---\n")
    shown = run_cli("show", "../../etc/passwd", "--corpus", str(corpus))
    assert shown.returncode == 2
    assert "Traceback" not in shown.stderr
    assert len(shown.stderr.strip().splitlines()) == 1
    listed = run_cli("list", "--corpus", str(corpus))
    assert "broken.md" in listed.stderr and "Traceback" not in listed.stderr


def test_bare_command_lists_and_hints(corpus_dir):
    result = run_cli("--corpus", str(corpus_dir))
    assert result.returncode == 0
    assert "5 article(s)" in result.stdout


def test_bare_command_without_corpus_is_one_line_error(tmp_path):
    result = run_cli("--corpus", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no corpus folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------- usage edges
@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_search_limit_below_one_is_a_one_line_usage_error(limit, tmp_path, capsys):
    from briefing.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["search", "turkey", "--limit", limit, "--corpus", str(tmp_path)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--limit" in err and "--help" in err


def test_search_without_query_suggests_double_dash(capsys):
    from briefing.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["search", "--limit", "3"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "QUERY" in err and "-- -word" in err


def test_search_query_that_begins_with_a_dash_is_a_negation(corpus_dir, tmp_path, capsys):
    from briefing.cli import main

    where = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--json"]
    assert main(["search", "-turkey", *where]) == 0
    without = {row["id"] for row in json.loads(capsys.readouterr().out)["hits"]}
    assert main(["search", "turkey", *where]) == 0
    with_turkey = {row["id"] for row in json.loads(capsys.readouterr().out)["hits"]}
    assert without and with_turkey and not without & with_turkey


@pytest.mark.parametrize("command", [["timeline"], ["events"], ["export"]])
def test_reversed_date_range_is_named(command, corpus_dir, tmp_path, capsys):
    from briefing.cli import main

    where = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    assert main([*command, "--from", "2023", "--to", "2020", *where]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "the range is reversed" in err
    assert main(["timeline", "--from", "2022-01", "--to", "2022", *where]) == 0


@pytest.mark.parametrize("command", [["list"], ["search", "x"], ["timeline"]])
def test_missing_corpus_is_exit_2_for_every_reading_command(command, tmp_path, capsys):
    from briefing.cli import main

    assert main(["--corpus", str(tmp_path / "nowhere"), *command]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no corpus folder" in err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    "command",
    [["list"], ["search", "russia"], ["timeline"], ["show", "kazakh-protest-or-failed-coup"], ["export"]],
)
def test_output_piped_into_a_reader_that_stops_early_exits_quietly_and_alike(command, corpus_dir, tmp_path):
    """`briefing show X | head -1`: the reader closing the pipe is not an error, whichever printer the command uses."""
    script = (
        f"{sys.executable} -m briefing --corpus {corpus_dir} {' '.join(command)} | head -c 1 >/dev/null; "
        "echo rc=${PIPESTATUS[0]}"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.stdout.strip() == "rc=0", (command, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_timeline_takes_ids_the_way_export_and_events_do(corpus_dir, capsys):
    """`--ids a,b` works for timeline too (export and events take it); positional ids still work."""
    from briefing.cli import main

    ids = ["kazakh-protest-or-failed-coup", "csto-kazakhstan-russia-turkey-rivalry"]
    assert main(["--corpus", str(corpus_dir), "timeline", "--json", "--ids", ",".join(ids)]) == 0
    by_option = {event["article"] for event in json.loads(capsys.readouterr().out)}
    assert main(["--corpus", str(corpus_dir), "timeline", "--json", *ids]) == 0
    by_position = {event["article"] for event in json.loads(capsys.readouterr().out)}
    assert by_option == by_position == set(ids)


def test_add_to_an_indexed_corpus_indexes_the_new_article_by_name_with_one_listing(tmp_path, monkeypatch):
    """At a million articles a listing of the folder costs seconds: `briefing add` lists it once (for its
    duplicate check) and the index re-reads the articles written by name, not by a second listing."""
    import os

    from briefing.cli import main
    from briefing.search import SearchIndex

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    first = tmp_path / "first.txt"
    first.write_text("Grain exports\n\nKazakh grain exports rose in March.\n", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus))
    assert main(["add", "--quiet", "--index", str(index_dir), str(first)]) == 0
    with SearchIndex(corpus, index_dir) as index:
        index.update()
    listed, stop_counting = count_listings(monkeypatch)
    second = tmp_path / "second.txt"
    second.write_text("Airships\n\nA zeppelin flew over Astana.\n", encoding="utf-8")
    assert main(["add", "--quiet", "--id", "airships", "--index", str(index_dir), str(second)]) == 0
    assert [p for p in listed if os.path.samefile(p, corpus)] == [str(corpus)]  # the duplicate check's only
    stop_counting()
    with SearchIndex(corpus, index_dir) as index:
        assert [h.id for h in index.search("zeppelin").hits] == ["airships"]
        assert index.update().touched == 0  # the named update recorded what the whole listing finds


def test_add_a_text_file_whose_short_first_line_is_its_title(tmp_path):
    corpus = tmp_path / "corpus"
    story = tmp_path / "pelican.txt"
    story.write_text("Pelican story\n\nA short item mentioning pelicanword once, on May 3.\n", encoding="utf-8")
    added = run_cli("add", "--corpus", str(corpus), str(story))
    assert added.returncode == 0, added.stderr
    (written,) = corpus.glob("*.md")
    assert written.name == "pelican-story.md"
    text = written.read_text(encoding="utf-8")
    assert "title: Pelican story\n" in text
    body = text.split("\n---\n", 1)[1]
    assert "Pelican story" not in body and "A short item mentioning pelicanword" in body  # the title left the body


def test_search_no_update_searches_the_index_as_it_is(corpus_dir, tmp_path, capsys):
    """At a million articles checking the corpus for changes takes seconds: `--no-update` skips it (and still
    builds an index that is missing)."""
    from briefing.article import Article, write_article
    from briefing.cli import main

    where = ["--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--json"]
    assert main(["search", "--no-update", "turkey", *where]) == 0  # no index yet: built
    assert json.loads(capsys.readouterr().out)["total"] > 0
    write_article(corpus_dir, Article(id="wombat-news", title="Wombats", body="A wombat crossed the road."))
    assert main(["search", "--no-update", "wombat", *where]) == 1  # not indexed yet: nothing found
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert main(["search", "wombat", *where]) == 0  # a plain search checks the corpus first
    assert [row["id"] for row in json.loads(capsys.readouterr().out)["hits"]] == ["wombat-news"]
