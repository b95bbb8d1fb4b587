"""An unforeseen exception never looks like success: traceback to a log file, one line, non-zero exit."""

from __future__ import annotations

import sys

import pytest

from briefing import cli
from briefing.crashlog import crash_dir
from briefing.ui import app as app_module
from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle


def explode(self, *args, **kwargs):
    raise RuntimeError("the article view broke")


async def test_uncaught_exception_is_logged_and_exits_non_zero(make, monkeypatch):
    monkeypatch.setattr(ArticleView, "show", explode)
    app = make()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, app)
            await pilot.press("escape", "enter")
            await settle(pilot, app)
    assert app.return_code == 1
    assert app.crash_log is not None and app.crash_log.parent == crash_dir()
    logged = app.crash_log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: the article view broke" in logged
    assert not app._exit_renderables, "no traceback on the screen"
    assert str(app.crash_log) in app.crash_message and "\n" not in app.crash_message


async def test_failed_background_work_is_logged_and_said(make, monkeypatch):
    import briefing.corpus

    def broken(*args, **kwargs):
        raise ValueError("unexpected")

    import briefing.services

    monkeypatch.setattr(briefing.corpus, "get_article", broken)
    monkeypatch.setattr(briefing.services, "get_article", broken)
    app = make()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("escape", "enter")
        await settle(pilot, app)
        assert app.worker_errors and "ValueError: unexpected" in app.worker_errors[0]
        assert any("ValueError: unexpected" in n.message for n in app._notifications)
    logs = list(crash_dir().glob("crash-*.log"))
    assert logs and "ValueError: unexpected" in logs[0].read_text(encoding="utf-8")


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_cli_exit_status_and_one_line_after_a_crash(corpus_dir, tmp_path, monkeypatch, capsys):
    """`briefing` itself: the app crashes while running; the command exits 2 and prints one line."""
    monkeypatch.setattr(ArticleView, "show", explode)
    real_make_app = app_module.make_app

    def headless_make_app(paths):
        built = real_make_app(paths)
        run = built.run

        async def drive(pilot):
            await pilot.pause(0.5)
            await built.workers.wait_for_complete()
            await pilot.pause(0.2)
            await pilot.press("escape", "enter")
            await pilot.pause(1.0)

        built.run = lambda: run(headless=True, auto_pilot=drive, size=(100, 30))
        return built

    monkeypatch.setattr(app_module, "make_app", headless_make_app)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    status = cli.main(["--corpus", str(corpus_dir), "--index", str(tmp_path / "index")])
    err = capsys.readouterr().err
    assert status == cli.EXIT_ERROR
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("briefing: internal error (RuntimeError")
    assert "Traceback" not in err
    log = next(crash_dir().glob("crash-*.log"))
    assert str(log) in lines[0] and "the article view broke" in log.read_text(encoding="utf-8")
