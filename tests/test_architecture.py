"""The architecture holds: the core never loads the UI toolkit (checked in a fresh interpreter for each module),
and the import contracts of pyproject.toml (layers, no toolkit in the core, no cycle) are kept."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

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


# ---------------------------------------------------------------------------------------------- import contracts
ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _contracts() -> dict[str, dict]:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        config = tomllib.load(handle)["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_import_contracts_are_kept():
    """Layers, no toolkit in the core, whoosh only in its backend, no cycle (pyproject.toml [tool.importlinter])."""
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_import_linter_sees_imports_inside_functions(tmp_path):
    """The linter must catch what the contracts forbid, even when imported inside a function (as the CLI imports
    rich): a contract forbidding the CLI to use rich is reported broken, naming the import."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "briefing"\ninclude_external_packages = true\n\n'
        '[[tool.importlinter.contracts]]\nname = "cli without rich"\ntype = "forbidden"\n'
        'source_modules = ["briefing.cli"]\nforbidden_modules = ["rich"]\n',
        encoding="utf-8",
    )
    result = _lint("--config", str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "briefing.cli -> rich" in result.stdout


def test_every_module_has_a_layer_and_the_core_is_checked_whole():
    """The layers contract is exhaustive (a new module must be placed), and every module at or under the
    `services` layer is in the no-textual-no-rich contract: adding a core module cannot skip that check."""
    contracts = _contracts()
    layers = contracts["layers"]
    assert layers["exhaustive"] is True
    names = [[part.strip() for part in layer.replace(":", "|").split("|")] for layer in layers["layers"]]
    core = [
        name for layer in names[next(i for i, layer in enumerate(names) if "services" in layer) :] for name in layer
    ]
    assert set(contracts["core-no-toolkit"]["source_modules"]) == {f"briefing.{name}" for name in core}
    on_disk = {m.name for m in pkgutil.iter_modules(briefing.__path__)}
    assert on_disk == {name for layer in names for name in layer}
