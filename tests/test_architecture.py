"""The core never loads the UI toolkit: checked in a fresh interpreter for each module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import briefing

CORE = sorted(m.name for m in pkgutil.iter_modules(briefing.__path__) if m.name not in ("ui", "__main__", "cli"))


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_without_textual(module):
    code = f"import briefing.{module}, sys; print([m for m in ('textual', 'rich', 'briefing.ui') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cli_loads_no_textual_for_plain_commands():
    code = "import briefing.cli, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_core_list_is_not_empty():
    assert {"corpus", "clean", "paths", "dates"} <= set(CORE)
