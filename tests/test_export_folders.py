"""Export into a folder that is not there: the folder is made and the one-line result says so (the CLI's
`-o`, the app's briefs/ alike, both through `services.export_brief`); a folder that cannot be made or written
is a one-line error naming it, and nothing is left behind: no folder made for nothing, no part of a file.

Root ignores file permissions, so the read-only folder's refusal is also injected where the OS reports it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from briefing import fsio, services
from briefing.cli import main
from briefing.errors import BriefingError
from briefing.export import BriefSpec, ExportError, write_output
from briefing.paths import Paths
from tests.conftest import run_cli


def _export(capsys, corpus_dir, tmp_path, target) -> tuple[int, str, str]:
    code = main(["export", "CSTO", "-o", str(target), "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_missing_folder_is_made_and_the_result_says_so(corpus_dir, tmp_path, capsys):
    target = tmp_path / "out" / "2022" / "brief.md"
    code, out, err = _export(capsys, corpus_dir, tmp_path, target)
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Brief: CSTO")
    (line,) = err.strip().splitlines()
    assert line.startswith(f"wrote {target}: ") and line.endswith(
        f"(created folders {tmp_path / 'out'}, {tmp_path / 'out' / '2022'})"
    )
    code, out, err = _export(capsys, corpus_dir, tmp_path, tmp_path / "out" / "again.md")
    assert code == 0 and "created" not in err  # the folder is there now: nothing to say


def test_the_service_tells_both_shells_which_folders_it_made(corpus_dir, tmp_path):
    paths = Paths(corpus=corpus_dir, index=tmp_path / "index")
    target = services.brief_file(paths, "CSTO", "md")  # the app's briefs/ folder, not there yet
    assert not target.parent.exists()
    exported = services.export_brief(paths, BriefSpec(query="CSTO"), "md", output=target)
    assert exported.written == target and exported.created == (target.parent,)
    assert exported.created_text() == f"created folder {target.parent}"
    second = services.export_brief(paths, BriefSpec(query="CSTO"), "md", output=target.with_suffix(".html"))
    assert second.created == () and second.created_text() == ""


@pytest.mark.parametrize("under", ["brief.md", "sub/brief.md"])
def test_a_parent_that_is_a_file_is_named_and_nothing_is_made(corpus_dir, tmp_path, capsys, under):
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    blocker = out_folder / "notes.txt"
    blocker.write_text("mine")
    code, out, err = _export(capsys, corpus_dir, tmp_path, blocker / under)
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert f"{blocker} is a file, not a folder" in line and "Traceback" not in line
    assert blocker.read_text() == "mine" and _everything(out_folder) == ["notes.txt"]


def _refuse_under(folder: Path, real):
    def refuse(path, *args, **kwargs):
        if Path(path).is_relative_to(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)

    return refuse


def test_a_read_only_folder_is_a_one_line_error_naming_it(corpus_dir, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    monkeypatch.setattr(os, "mkdir", _refuse_under(locked, os.mkdir))  # what a read-only folder does, even to root
    real_create = fsio._create_temp
    monkeypatch.setattr(fsio, "_create_temp", _refuse_under(locked, real_create))
    try:
        for target in (locked / "brief.md", locked / "new" / "brief.md"):
            code, out, err = _export(capsys, corpus_dir, tmp_path, target)
            assert code == 2 and out == ""
            (line,) = err.strip().splitlines()
            assert str(target) in line and "Permission denied" in line and "Traceback" not in line
            if target.parent != locked:
                assert f"cannot make folder {target.parent}" in line
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_write_that_fails_in_a_folder_it_made_takes_the_folder_away(tmp_path, monkeypatch):
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fail(*_args, **_kwargs):
        raise full

    monkeypatch.setattr(fsio.os, "fsync", fail)
    target = tmp_path / "new" / "deeper" / "brief.md"
    with pytest.raises(ExportError, match="No space left on device") as raised:
        write_output(target, "text")
    assert isinstance(raised.value, BriefingError) and str(target) in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # no folder made for nothing, no temporary file


def test_the_installed_command_says_it_made_the_folder(corpus_dir, tmp_path):
    target = tmp_path / "reports" / "brief.html"
    result = run_cli(
        "export", "CSTO", "--format", "html", "-o", str(target), "--corpus", str(corpus_dir),
        "--index", str(tmp_path / "index"),
    )  # fmt: skip
    assert result.returncode == 0 and target.is_file()
    assert result.stderr.strip().splitlines()[-1].endswith(f"(created folder {tmp_path / 'reports'})")
