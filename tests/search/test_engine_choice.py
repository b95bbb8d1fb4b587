"""Choosing the engine: `engine:` in the config file or `--engine` (which wins), for the CLI and the app. Each
engine keeps its own index beside the other's; switching builds the other and leaves the first untouched, so
switching back re-indexes nothing. An engine that is not installed is one line naming the extra (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.errors import BriefingError
from briefing.paths import resolve
from briefing.settings import Settings, load_settings
from tests.app.conftest import settle
from tests.conftest import run_cli

pytest.importorskip("tantivy")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir()) if p.is_file()}


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return {"BRIEFING_CONFIG": str(path)}


def _hits(*args: str, env: dict[str, str] | None = None) -> set[str]:
    result = run_cli("search", "CSTO", "--json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return {hit["id"] for hit in json.loads(result.stdout)["hits"]}


def test_config_file_chooses_tantivy_and_the_flag_wins(corpus_dir, tmp_path):
    env = _config(tmp_path, "engine: tantivy\n")
    common = ["--corpus", str(corpus_dir)]
    built = run_cli("index", *common, env=env)
    assert built.returncode == 0, built.stderr
    tantivy_dir = tmp_path / "index-tantivy"
    assert (tantivy_dir / "meta.json").is_file() and "5 articles indexed" in built.stdout
    assert not (tmp_path / "index").exists()  # Whoosh's index was not made
    assert run_cli("locate", "index", *common, env=env).stdout.strip() == str(tantivy_dir)
    assert run_cli("--engine", "whoosh", "locate", "index", *common, env=env).stdout.strip() == str(tmp_path / "index")
    found = _hits(*common, env=env)
    assert found == _hits("--engine", "whoosh", *common, env=env) and len(found) == 3
    assert (tmp_path / "index" / "briefing-index.json").is_file()  # the flag chose Whoosh over the config file


def test_switching_engines_leaves_the_other_index_as_it_was(corpus_dir, tmp_path):
    common = ["--corpus", str(corpus_dir)]
    assert run_cli("index", *common).returncode == 0  # Whoosh, the default
    whoosh_dir, tantivy_dir = tmp_path / "index", tmp_path / "index-tantivy"
    before = _snapshot(whoosh_dir)
    assert run_cli("--engine", "tantivy", "index", *common).returncode == 0
    assert (tantivy_dir / "meta.json").is_file()
    assert _snapshot(whoosh_dir) == before  # not a byte of Whoosh's index was touched
    tantivy_before = _snapshot(tantivy_dir)
    back = run_cli("index", *common)
    assert back.returncode == 0 and "0 added, 0 updated, 0 removed, 5 unchanged" in back.stdout, back.stdout
    assert _snapshot(whoosh_dir) == before
    again = run_cli("--engine", "tantivy", "index", *common)
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in again.stdout, again.stdout
    assert _snapshot(tantivy_dir) == tantivy_before
    # an edit reaches whichever engine is used next, and each only once
    (corpus_dir / "kazakh-protest-or-failed-coup.md").unlink()
    assert "1 removed" in run_cli("--engine", "tantivy", "index", *common).stdout
    assert "1 removed" in run_cli("index", *common).stdout
    assert _hits(*common) == _hits("--engine", "tantivy", *common)


def test_an_index_folder_of_the_other_engine_is_refused_not_rebuilt(corpus_dir, tmp_path):
    index_dir = tmp_path / "elsewhere"
    common = ["--corpus", str(corpus_dir), "--index", str(index_dir)]
    assert run_cli("index", *common).returncode == 0
    before = _snapshot(index_dir)
    result = run_cli("--engine", "tantivy", "search", "CSTO", *common)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "holds the whoosh index" in result.stderr
    assert _snapshot(index_dir) == before


def test_a_missing_engine_is_one_line_naming_the_extra(corpus_dir, tmp_path):
    code = (
        "import sys; sys.modules['tantivy'] = None\n"  # as when tantivy is not installed
        "from briefing.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    for args in (["--engine", "tantivy", "search", "CSTO"], ["--engine", "tantivy", "index"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *args, "--corpus", str(corpus_dir)],
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
        assert "pip install 'briefing[tantivy]'" in result.stderr
    assert not (tmp_path / "index-tantivy").exists()


def test_a_bad_engine_in_the_config_file_is_said_and_whoosh_used(corpus_dir, tmp_path):
    env = _config(tmp_path, "engine: lucene\n")
    result = run_cli("index", "--corpus", str(corpus_dir), env=env)
    assert result.returncode == 0
    assert "engine 'lucene' is not one of whoosh, tantivy; using whoosh" in result.stderr
    assert (tmp_path / "index" / "briefing-index.json").is_file()
    assert load_settings(Path(env["BRIEFING_CONFIG"])).engine == "whoosh"
    (tmp_path / "config.yaml").write_text("engine: tantivy\n", encoding="utf-8")
    assert load_settings(tmp_path / "config.yaml").engine == "tantivy"
    bad_flag = run_cli("--engine", "lucene", "list", "--corpus", str(corpus_dir))
    assert bad_flag.returncode == 2 and "invalid choice: 'lucene'" in bad_flag.stderr


def test_resolve_gives_each_engine_its_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert resolve(corpus).index == tmp_path / "index"
    assert resolve(corpus, engine="tantivy").index == tmp_path / "index-tantivy"
    other = tmp_path / "feeds"
    other.mkdir()
    cached = resolve(other).index
    assert resolve(other, engine="tantivy").index == cached.with_name(cached.name + "-tantivy")
    assert resolve(corpus, tmp_path / "mine", engine="tantivy").index == tmp_path / "mine"  # --index as given
    with pytest.raises(BriefingError, match="unknown search engine 'lucene'"):
        resolve(corpus, engine="lucene")


async def test_the_app_searches_with_the_chosen_engine(corpus_dir, tmp_path):
    from briefing.ui.app import make_app

    for engine in ("tantivy", "whoosh"):
        paths = resolve(corpus_dir, engine=engine)
        app = make_app(paths, Settings(), tmp_path / "state.json")
        async with app.run_test() as pilot:
            await settle(pilot, app)
            assert app.index.engine.name == engine and app.index_open
            found = app.index.search("CSTO")
            assert len(found.hits) == 3
    assert (tmp_path / "index-tantivy" / "meta.json").is_file()
    assert (tmp_path / "index" / "briefing-index.json").is_file()


def test_the_app_launcher_says_a_missing_engine_before_the_screen_changes(corpus_dir, monkeypatch, capsys):
    import briefing.search.tantivy.engine
    from briefing import cli, search

    monkeypatch.setitem(sys.modules, "tantivy", None)  # as when tantivy is not installed
    monkeypatch.setattr(search, "tantivy", search.tantivy)  # the backend as it was, for the tests after this one
    monkeypatch.setattr(search.tantivy, "engine", briefing.search.tantivy.engine)
    for name in [m for m in sys.modules if m.startswith("briefing.search.tantivy")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    launched = []
    monkeypatch.setattr("briefing.ui.app.make_app", lambda *a, **k: launched.append(a))
    assert cli.main(["--engine", "tantivy", "--corpus", str(corpus_dir)]) == 2
    assert launched == []
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "pip install 'briefing[tantivy]'" in err


def test_an_engine_never_rebuilds_over_the_other_engines_index(corpus_dir, tmp_path):
    from briefing.search import IndexUnavailable, SearchIndex

    for first, second in (("whoosh", "tantivy"), ("tantivy", "whoosh")):
        index_dir = tmp_path / f"index-{first}"
        with SearchIndex(corpus_dir, index_dir, engine=first) as idx:
            idx.update()
        before = _snapshot(index_dir)
        with SearchIndex(corpus_dir, index_dir, engine=second) as idx:
            with pytest.raises(IndexUnavailable, match=f"holds the {first} index, not a {second} one"):
                idx.update()
        assert _snapshot(index_dir) == before
        with SearchIndex(corpus_dir, index_dir, engine=first) as idx:
            assert idx.update().touched == 0 and len(idx.search("CSTO").hits) == 3
