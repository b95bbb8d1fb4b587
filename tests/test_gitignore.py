from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LOCKS = [
    ".index.manifest-lock",  # the manifest writers' lock, beside the index folder
    "corpus/.some-article.dates.yaml.lock",  # the corrections' lock, beside the article
    "corpus/.some-article.notes.yaml.lock",
    ".index.build-lock",
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("path", LOCKS)
def test_lock_files_briefing_leaves_in_the_repo_are_ignored_by_git(path):
    found = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", path], capture_output=True, check=False
    )
    assert found.returncode == 0, f"{path} is not ignored by .gitignore"


def test_articles_and_their_notes_are_not_ignored():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for path in ["corpus/some-article.md", "corpus/some-article.notes.yaml", "corpus/some-article.dates.yaml"]:
        found = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", path], check=False)
        assert found.returncode == 1, f"{path} is ignored by .gitignore"
