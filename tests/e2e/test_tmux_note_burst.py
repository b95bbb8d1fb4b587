"""In a real terminal, keys sent in one burst (tmux send-keys: text, cursor moves, ctrl+s at once) are all in
the note saved, where they were typed: the save never overtakes the keys typed before it."""

from __future__ import annotations

import os
import subprocess

import yaml

from tests.e2e.test_tmux import keys, launch, pytestmark, tmux, wait_for, wait_gone

__all__ = ["pytestmark"]

ROUNDS = 4


def test_a_note_typed_and_saved_in_one_burst_is_saved_whole_in_tmux(tmp_path):
    session = f"briefing-burst-{os.getpid()}"
    corpus = launch(tmp_path, session, (140, 42))
    try:
        wait_for(session, "index ready")
        tmux("send-keys", "-t", session, "paratroopers")
        wait_for(session, "· 1 hit")
        keys(session, "Enter", "Enter")
        wait_for(session, "Sporadic shooting continues")
        for round_ in range(ROUNDS):
            keys(session, "a")
            wait_for(session, "ctrl+s save")
            # one send-keys: tmux writes it all at once, the app reads it as one burst
            tmux("send-keys", "-t", session, "-l", f"first {round_}")
            tmux("send-keys", "-t", session, "Enter", "s", "e", "c", "Up", "End", " ", "Q", "7", "C-s")
            wait_gone(session, "ctrl+s save")
            wait_for(session, f"first {round_} Q7")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    (notes_file,) = corpus.glob("*.notes.yaml")
    saved = sorted(n["text"] for n in yaml.safe_load(notes_file.read_text(encoding="utf-8"))["notes"])
    assert saved == [f"first {r} Q7\nsec" for r in range(ROUNDS)]
