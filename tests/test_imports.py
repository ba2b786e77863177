"""Heavy libraries load only when a view needs them (issue 12, point 5).

A visitor's kernel imports view modules as it goes (the shell imports a view the first
time it is needed), so importing a page module must stay cheap: bqplot (which brings
pandas and numpy), fpdf2, openpyxl, nbgrader and Alembic cost a cold kernel seconds and
tens of MB. Each check runs in a fresh interpreter, since this test process has long
imported everything. The figures (import time, memory) are in benchmarks/imports.py.

Which view needs what, when it is built:
- the spinnenweb draws the trainee's web with bqplot (``WebChart``);
- the dashboard draws its three charts with bqplot;
- a running meeting's facilitator view and the projector show bqplot poll bars and the
  group web (``pgkit.live.charts``); the facilitator's setup view does not;
- the e-learning overview makes the certificate (fpdf2) only once every unit is done;
- openpyxl only when a coach asks for the Excel file, nbgrader only in the coach track's
  grading commands, and Alembic only in the server (``pgkit serve``, ``pgkit db``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pgkit
from pgkit.store import session_scope
from pgkit.store.models import Region, Role
from pgkit.store.people import ensure_cohort, ensure_person

HEAVY = ("pandas", "bqplot", "fpdf", "openpyxl", "nbgrader", "alembic")
PAGES = ("start", "elearning", "spinnenweb", "meeting", "facilitator", "projector",
         "intervision_chair", "intervision_participant", "dashboard")
SRC = Path(pgkit.__file__).resolve().parents[1]

PROBE = """
import importlib, json, sys
for name in sys.argv[1].split(","):  # the modules to import, the last one's view to build
    module = importlib.import_module(name)
if len(sys.argv) > 2:
    from pgkit.identity import current_user
    from pgkit.store import session_scope
    with session_scope() as s:
        user = current_user(s, sys.argv[3])
    builder = getattr(module, sys.argv[2])
    if sys.argv[4:]:
        builder = builder(sys.argv[4])  # build_unit(key) returns the unit's builder
    builder(user)
print(json.dumps(sorted({name.partition(".")[0] for name in sys.modules})))
"""


def loaded(*args: str, db_url: str | None = None) -> set[str]:
    """The heavy packages in ``sys.modules`` of a fresh interpreter after ``PROBE``:
    ``args`` are the modules (comma-separated), then the builder, login and unit."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
    if db_url:
        env["PGKIT_DB"] = db_url
    run = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1])) & set(HEAVY)


@pytest.mark.parametrize("page", PAGES)
def test_importing_a_page_loads_no_heavy_library(page: str) -> None:
    assert loaded(f"pgkit.pages.{page}") == set()


def test_the_shell_and_its_warm_views_load_no_heavy_library() -> None:
    """What every visitor's kernel imports first: the shell, and in a preheated kernel
    the views it warms up (``WARM_MODULES``)."""
    from pgkit.shell import frame

    modules = ["pgkit.shell.frame", *(f"pgkit.pages.{m}" for m in frame.WARM_MODULES)]
    assert loaded(",".join(modules)) == set()


@pytest.fixture
def people(db_url: str) -> str:
    with session_scope(db_url) as s:
        ensure_cohort(s, "Venlo 1", Region.NOORD)
        ensure_person(s, "sanne", "Sanne")
        ensure_person(s, "koen", "Koen", (Role.FACILITATOR,))
    return db_url


# Views whose first screen needs none of the heavy libraries: building them must not
# load one either (the spinnenweb and the dashboard need bqplot, see the docstring).
FIRST_VIEWS = [
    ("start", "build", "sanne"),
    ("elearning", "build_index", "sanne"),  # no certificate yet: no fpdf2
    ("elearning", "build_unit", "sanne", "eenheid1"),
    ("meeting", "build", "sanne"),
    ("facilitator", "build", "koen"),  # the setup view: no meeting runs yet
    ("intervision_chair", "build", "sanne"),
    ("intervision_participant", "build", "sanne"),
]


@pytest.mark.parametrize("view", FIRST_VIEWS, ids=lambda v: "-".join(v[:2]))
def test_building_a_first_view_loads_no_heavy_library(view: tuple[str, ...],
                                                      people: str) -> None:
    page, builder, login, *unit = view
    assert loaded(f"pgkit.pages.{page}", builder, login, *unit, db_url=people) == set()
