"""The engine seam holds: only the Whoosh backend imports whoosh (imports inside functions included), and the
search package's core modules load neither whoosh nor a terminal toolkit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import briefing

SRC = Path(briefing.__file__).parent


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_only_the_whoosh_backend_imports_whoosh():
    backend = SRC / "search" / "whoosh"
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if backend not in path.parents and any(m == "whoosh" or m.startswith("whoosh.") for m in _imports(path))
    ]
    assert offenders == []
    assert any("whoosh" in m for p in backend.glob("*.py") for m in _imports(p))  # the check sees imports


def test_the_query_language_and_results_load_no_engine():
    modules = "briefing.search.query, briefing.search.api, briefing.search.highlight, briefing.search.sync"
    code = (
        f"import {modules}, sys; print(sorted(m for m in ('whoosh', 'tantivy', 'textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_only_the_tantivy_backend_imports_tantivy():
    backend = SRC / "search" / "tantivy"
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if backend not in path.parents and any(m == "tantivy" or m.startswith("tantivy.") for m in _imports(path))
    ]
    assert offenders == []
    assert any(m == "tantivy" for p in backend.glob("*.py") for m in _imports(p))
