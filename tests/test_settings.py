from __future__ import annotations

from briefing.settings import AppState, load_settings, load_state, save_state
from tests.conftest import run_cli


def test_defaults_when_missing(tmp_path):
    settings = load_settings(tmp_path / "none.yaml")
    assert settings.theme == "textual-dark" and settings.keys == {} and not settings.warnings


def test_good_config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("theme: nord\nkeys:\n  add_note: ctrl+n\npanes: [results, article]\n")
    settings = load_settings(path)
    assert (settings.theme, settings.keys, settings.panes) == ("nord", {"add_note": "ctrl+n"}, ("results", "article"))


def test_bad_values_warn_and_default(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("theme: 42\nkeys: [a]\npanes: [sidebar]\ncolour: red\n")
    settings = load_settings(path)
    assert settings.theme == "textual-dark" and settings.keys == {} and "notes" in settings.panes
    assert len(settings.warnings) == 4 and all("\n" not in w for w in settings.warnings)
    path.write_text("theme: [unclosed\n")
    broken = load_settings(path)
    assert broken.theme == "textual-dark" and "not valid YAML" in broken.warnings[0]
    path.write_text("keys:\n  add_note: !!python/object/apply:os.system ['true']\n")
    assert load_settings(path).warnings


def test_state_round_trip(tmp_path):
    path = tmp_path / "state" / "state.json"
    assert load_state(path) == AppState()
    save_state(AppState(query="csto", article_id="x", corpus="/c"), path)
    assert load_state(path) == AppState(query="csto", article_id="x", corpus="/c")
    path.write_text("garbage")
    assert load_state(path) == AppState()


def test_locate(tmp_path):
    result = run_cli("locate", "config", env={"BRIEFING_CONFIG": str(tmp_path / "c.yaml")})
    assert result.stdout.strip() == str(tmp_path / "c.yaml")
    result = run_cli("locate", "config", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert result.stdout.strip() == str(tmp_path / "briefing" / "config.yaml")
    index = run_cli("locate", "index", "--corpus", str(tmp_path / "corpus"))
    assert index.stdout.strip() == str(tmp_path / "index")
