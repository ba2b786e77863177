"""CLI parity: ``pgkit cohort progress NAME`` shows what the dashboard table shows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from pgkit import cohort as C
from pgkit.identity import current_user
from pgkit.store import connect, session_scope


@pytest.fixture
def dashboard_store(demo_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Pages open the store named by PGKIT_DB, as a Voila kernel does."""
    monkeypatch.setenv("PGKIT_DB", demo_db_url)
    connect.cache_clear()
    yield demo_db_url
    connect.cache_clear()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgkit.cli", "cohort", *args],
                          capture_output=True, text=True, encoding="utf-8")


def test_cli_progress_equals_the_dashboard_table(dashboard_store: str) -> None:
    from pgkit.pages.dashboard import TraineeView

    with session_scope(dashboard_store) as s:
        coach = current_user(s, "demo-coach")
        cohort = C.visible_cohorts(s, coach)[0]
    view = TraineeView(coach, [cohort], stem="test")
    view.widget()
    shown = [[C.cell(r[c]) for c in view.columns] for r in view.records()]

    done = _cli("progress", cohort.name, "--db", dashboard_store, "--format", "csv")
    assert done.returncode == 0, done.stderr
    printed = list(csv.reader(io.StringIO(done.stdout), delimiter=";"))  # Dutch Excel
    assert printed[0] == view.headers
    assert printed[1:] == shown
    assert len(shown) == 20 and any(row[view.columns.index("vastgelopen")] == "ja"
                                    for row in shown)

    table = _cli("progress", cohort.name, "--db", dashboard_store).stdout.splitlines()
    assert table[0].split()[:2] == ["Naam", "Stap"] and len(table) == 21


def test_cli_stale_days_option_and_bad_input(dashboard_store: str) -> None:
    with session_scope(dashboard_store) as s:
        name = C.visible_cohorts(s, C.OPERATOR)[0].name
    wide = _cli("progress", name, "--db", dashboard_store, "--format", "json",
                "--stil-dagen", "3650")
    assert wide.returncode == 0 and '"vastgelopen": true' not in wide.stdout
    bad = _cli("progress", name, "--db", dashboard_store, "--stil-dagen", "0")
    assert bad.returncode == 1 and "--stil-dagen moet 1 of meer zijn" in bad.stderr
    assert "Traceback" not in bad.stderr
    unknown = _cli("progress", "Bestaat Niet", "--db", dashboard_store)
    assert unknown.returncode == 1 and "bestaat niet" in unknown.stderr
