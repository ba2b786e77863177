"""Fixtures shared by all tests: a real, migrated SQLite store in a temp folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgkit.store import session_scope, upgrade

ROOT = Path(__file__).resolve().parents[1]
FILES = Path(__file__).with_name("files")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite store for one test."""
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    return url


@pytest.fixture
def session(db_url: str) -> Iterator:
    with session_scope(db_url) as s:
        yield s


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated store with the default demo data, shared read-only by many tests."""
    from pgkit import demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        demo.load(s)
    return url


@pytest.fixture
def kit_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """A signing key, as `pgkit serve` would set it for its kernels."""
    monkeypatch.setenv("PGKIT_SECRET", "test-secret")
    return "test-secret"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PGKIT_LANG", "nl")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (skipped only where none can run)."""
    from tests.postgres import running_postgres, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with running_postgres() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One Chromium for the whole run: Playwright's sync API allows one instance per loop,
    so the browser tests and the grading feedback-page test must share it."""
    from playwright.sync_api import sync_playwright

    from tests.browser import harness

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def axe_on_every_page() -> Iterator[None]:
    """After each test that drove a browser: no serious axe violation on any page it
    checked, and every tab's last page checked (see ``tests/browser/harness.py``)."""
    yield
    harness = sys.modules.get("tests.browser.harness")  # not imported: no browser was used
    failures = harness.axe_report() if harness else []
    if failures:
        pytest.fail("axe-core (WCAG 2.1 AA, serious and critical):\n" + "\n".join(failures),
                    pytrace=False)


# Tests that start a kit server, a kernel, nbgrader or a CLI subprocess: seconds each, so
# `make test-fast` leaves them out (they all run in `make test`). Kept here, in one list,
# so a test file need not know about the quick target.
SLOW_TESTS = (
    "tests/security/test_kernel_attacks.py",
    "tests/security/test_web_attacks.py",
    "tests/security/test_demo_personas.py",
    "tests/security/test_avg_rights.py::test_coordinator_exports_and_erases_from_the_command_line",
    "tests/security/test_avg_rights.py::test_persoon_commands_have_dutch_help",
    "tests/test_cli.py",
    "tests/test_imports.py",
    "tests/test_cohort_cli.py",
    "tests/test_cohort_import.py::test_a_10_mb_field",
    "tests/test_cohort_import.py::test_missing_file_and_bad_region_option_exit_cleanly",
    "tests/test_cohort_import.py::test_one_bad_line_is_named_and_nothing_changes",
    "tests/test_cohort_import.py::test_excel_export_with_bom_and_semicolons",
    "tests/test_cohort_import.py::test_another_writer_gets_through",
    "tests/elearning/test_notebooks.py",
    "tests/grading/test_cli_grade.py",
    "tests/store/test_store.py::test_demo_and_progress_on_postgresql",
    "tests/hub/",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A test that shows a view in a person's language leaves the next test in the default."""
    yield
    from pgkit import messages

    messages.use_language(None)
