"""Drive the installed `briefing` command in a real terminal (tmux): search, open, write a note, quit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUNDLED_CORPUS

pytestmark = pytest.mark.e2e

BRIEFING = Path(sys.executable).with_name("briefing")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not BRIEFING.exists(), reason="the briefing command is not installed beside this Python")
def test_search_open_note_quit_in_tmux(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus, ignore=shutil.ignore_patterns("*.notes.yaml"))
    session = f"briefing-e2e-{os.getpid()}"
    env = (
        f"env -u COLUMNS -u LINES HOME={tmp_path} XDG_STATE_HOME={tmp_path / 'state'} XDG_CONFIG_HOME={tmp_path / 'config'} "
        f"TERM=xterm-256color BRIEFING_CORPUS={corpus}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "42", f"{env} {BRIEFING}; sleep 5")
    try:
        wait_for(session, "index ready")
        tmux("send-keys", "-t", session, "paratroopers")
        wait_for(session, "1 hits")
        tmux("send-keys", "-t", session, "Enter")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "Eurasia Notes · 2022-01-07")
        assert "Outbreaks of gunfire" in screen or "Sporadic shooting" in screen
        tmux("send-keys", "-t", session, "a")
        wait_for(session, "New note")
        tmux("send-keys", "-t", session, "-l", "Typed in a real terminal")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "C-s")
        screen = wait_for(session, "Typed in a real terminal")
        assert "no notes yet" not in screen
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.6)  # an escape followed at once by q would read as alt+q
        wait_for(session, "q Quit")  # the results have focus: q quits rather than typing
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if tmux("display", "-p", "-t", session, "#{pane_current_command}").strip() == "sleep":
                break
            time.sleep(0.2)
        else:
            raise AssertionError("briefing did not quit:\n" + tmux("capture-pane", "-t", session, "-p"))
        final = tmux("capture-pane", "-t", session, "-p")
        assert "Traceback" not in final
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    notes_file = corpus / "kazakh-protest-or-failed-coup.notes.yaml"
    data = yaml.safe_load(notes_file.read_text(encoding="utf-8"))
    assert data["article"] == "kazakh-protest-or-failed-coup"
    assert [n["text"] for n in data["notes"]] == ["Typed in a real terminal"]
    state = (tmp_path / "state" / "briefing" / "state.json").read_text(encoding="utf-8")
    assert "paratroopers" in state
