"""Project rules that a reviewer would otherwise check by hand."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE_DIRS = ("notebooks", "modules", "facilitator", "exercises/intervisie")
NOTEBOOKS = sorted(p for d in PAGE_DIRS for p in (ROOT / d).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    # The configuration (files, the untyped third-party modules) is in pyproject.toml.
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_notebooks_are_thin_and_stripped(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    # Logic lives in pgkit: a page is a call or two, not a program.
    assert sum(len(c.source.splitlines()) for c in code) <= 8, "move logic into pgkit"


def test_browser_tabs_come_from_the_harness() -> None:
    """A tab made elsewhere would miss the automatic axe check: ``harness.new_tracked_page``
    (behind the ``new_page`` fixture) watches every tab of its context for
    ``harness.axe_report``, which ``tests/conftest.py`` runs after each test."""
    made_here = re.compile(r"\.new_context\(|\bbrowser\.new_page\(|\.launch\(|sync_playwright\(")
    allowed = {ROOT / "tests/browser/harness.py", ROOT / "tests/conftest.py"}
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted((ROOT / "tests").rglob("*.py")) if path not in allowed
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if made_here.search(line)]
    assert offenders == [], "use harness.new_tracked_page or the new_page fixture"


STORE_CALLS = {"scalar", "scalars", "execute", "query", "add", "delete", "get"}


def test_pages_ask_the_domain_layer_not_the_store() -> None:
    """A page that queries the store itself skips the domain layer's checks (issue 13)."""
    import ast

    found = []
    for path in sorted((ROOT / "src/pgkit/pages").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "sqlalchemy") and not all(a.name == "Session" for a in node.names):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in STORE_CALLS
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("s", "session")):
                found.append(f"{path.name}:{node.lineno} calls {node.func.value.id}."
                             f"{node.func.attr}")
    assert found == []


def test_every_file_the_package_reads_is_installed_with_it() -> None:
    """A wheel holds only what package-data names: a file left out (the shell's router.js
    once) works from a checkout and breaks every page of an installed kit."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["pgkit"]
    package = ROOT / "src" / "pgkit"

    def installed(rel: str) -> bool:  # setuptools' "*" stops at a "/"
        return any(fnmatch.fnmatch(rel, pattern) and rel.count("/") == pattern.count("/")
                   for pattern in patterns)

    files = [path.relative_to(package).as_posix() for path in package.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts]
    assert [rel for rel in files if not rel.endswith(".py") and not installed(rel)] == []
