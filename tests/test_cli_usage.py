"""A misused command says so in one line that names that command's own help (`briefing export --help`), whether
argparse or briefing finds the fault: a missing argument, an unknown flag, a value of the wrong form."""

from __future__ import annotations

import pytest

from briefing.cli import main
from tests.conftest import run_cli

MISUSES = [
    (["search"], "briefing search"),
    (["search", "oil", "--bad-flag"], "briefing search"),
    (["search", "oil", "--sort", "sideways"], "briefing search"),
    (["export", "--bad-flag"], "briefing export"),
    (["export", "--format", "docx"], "briefing export"),
    (["export", "--from", "last tuesday"], "briefing export"),
    (["export", "--to", "2023-02-30"], "briefing export"),
    (["list", "extra"], "briefing list"),
    (["show"], "briefing show"),
    (["show", "some-id", "--bad-flag"], "briefing show"),
    (["index", "--rebuild", "now"], "briefing index"),
    (["locate", "everything"], "briefing locate"),
    (["timeline", "--bad-flag"], "briefing timeline"),
    (["events", "--bad-flag"], "briefing events"),
    (["notes", "--bad-flag"], "briefing notes"),
    (["feeds", "add"], "briefing feeds add"),
    (["feeds", "add", "https://example.org/feed", "--bad-flag"], "briefing feeds add"),
    (["--bad-flag"], "briefing"),
    (["no-such-command"], "briefing"),
]


@pytest.mark.parametrize(("argv", "command"), MISUSES, ids=[" ".join(a) for a, _ in MISUSES])
def test_a_misused_command_names_its_own_help_in_one_line(argv, command, tmp_path, capsys):
    where = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
    with pytest.raises(SystemExit) as stopped:
        main([*argv, *where] if argv[0] != "no-such-command" else argv)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and captured.out == ""
    assert err.startswith(f"{command}: error: ")
    assert err.endswith(f"(see `{command} --help`)")


def test_the_one_line_names_what_was_wrong(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--from", "last tuesday"])
    err = capsys.readouterr().err
    assert "--from" in err and "'last tuesday'" in err and "YYYY" in err
    with pytest.raises(SystemExit):
        main(["export", "--bad-flag", "--worse"])
    assert "unrecognized arguments: --bad-flag --worse" in capsys.readouterr().err


def test_the_installed_command_names_the_subcommands_help(tmp_path):
    result = run_cli("export", "--bad-flag", "--corpus", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "briefing export: error: unrecognized arguments: --bad-flag (see `briefing export --help`)"
    ]


@pytest.mark.parametrize("command", ["timeline", "events", "export"])
def test_a_date_of_the_wrong_form_is_a_usage_error_of_its_command(command, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([command, "--to", "2022-13", "--corpus", str(tmp_path)])
    assert stopped.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"briefing {command}: error: argument --to: '2022-13'")
    assert line.endswith(f"(see `briefing {command} --help`)")
