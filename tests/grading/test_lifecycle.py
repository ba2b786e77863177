"""End to end: the coach-track lifecycle on fixture submissions, against golden scores.

Runs twice on a SQLite gradebook (``--workers 1``, which is plain nbgrader, and
``--workers 2``) and twice on a real PostgreSQL gradebook, and checks that both ways give
the same gradebook rows and the same feedback.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from pgkit.store import session_scope, upgrade
from pgkit.store.models import AssignmentGrade, Person
from pgkit.store.people import ensure_person
from tests.grading.helpers import (
    ASSIGNMENT,
    FAILED,
    GOLDEN,
    Run,
    feedback_texts,
    gradebook_snapshot,
    run_lifecycle,
)

pytestmark = pytest.mark.slow
COACHES = [*GOLDEN, *FAILED]


def _store(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        for coach in COACHES:
            if coach != "coach-gewijzigd":  # one coach the store does not know
                ensure_person(s, coach, coach.replace("-", " ").title())
    return url


def _runs(tmp_path_factory, gradebooks) -> dict[int, tuple[Run, str]]:
    runs = {}
    for workers, gradebook in zip((1, 2), gradebooks, strict=True):
        tmp = tmp_path_factory.mktemp(f"w{workers}")
        store = _store(tmp)
        runs[workers] = (run_lifecycle(tmp, workers, gradebook, store), store)
    return runs


@pytest.fixture(scope="module")
def sqlite_runs(tmp_path_factory):
    return _runs(tmp_path_factory, (None, None))


@pytest.fixture(scope="module")
def postgres_runs(tmp_path_factory, postgres_url):
    base = postgres_url.rsplit("/", 1)[0]
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for name in ("gradebook1", "gradebook2"):
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return _runs(tmp_path_factory, (f"{base}/gradebook1", f"{base}/gradebook2"))


def check_run(run: Run, store: str) -> None:
    for step in ("setup", "generate", "release", "collect", "feedback", "export", "sync"):
        assert run.codes[step] == 0, (step, run.out[step], run.err[step])
    # autograde: the broken hand-ins fail, named with their reason; the others are graded
    assert run.codes["autograde"] == 1
    assert "Nagekeken: 3. Mislukt: 3." in run.out["autograde"]
    for coach, reason in FAILED.items():
        lines = [ln for ln in run.err["autograde"].splitlines()
                 if ln.startswith(f"Mislukt voor {coach}: ")]
        assert len(lines) == 1 and reason in lines[0], run.err["autograde"]
    assert "Nakijken [" in run.err["autograde"]  # the progress bar
    # a second run skips what is already graded (and retries only the failed ones)
    assert "Overgeslagen (al nagekeken): 3." in run.out["again"]

    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(run.out["export"]))
            if r["assignment"] == ASSIGNMENT}
    with run.course.gradebook() as gb:
        subs = {s.student.id: s for s in gb.find_assignment(ASSIGNMENT).submissions}
        assert sorted(subs) == sorted(GOLDEN)  # failed hand-ins leave no half-graded rows
        for coach, gold in GOLDEN.items():
            assert float(subs[coach].score) == gold["score"], coach
            assert float(subs[coach].max_score) == gold["max_score"], coach
            assert bool(subs[coach].needs_manual_grade) is gold["needs_manual"], coach
            assert float(rows[coach]["score"]) == gold["score"]

    feedback = feedback_texts(run.course)
    assert sorted(feedback) == sorted(GOLDEN)
    # the Dutch advice of the failed tests (test source is shown too, so match the output)
    assert "langer: evaluatie (6 woorden)." in feedback["coach-deels"]
    assert re.search(r"Implementatie\S* is geen fase van invoering", feedback["coach-deels"])
    assert "langer: evaluatie" not in feedback["coach-goed"]

    with session_scope(store) as s:
        synced = {(name, g.assignment): (g.status, g.score, g.max_score) for g, name in
                  s.execute(select(AssignmentGrade, Person.pseudonym)
                            .join(Person, Person.id == AssignmentGrade.person_id))}
    assert synced[("coach-goed", ASSIGNMENT)] == ("handmatig_nakijken", 8.0, 14.0)
    assert synced[("coach-leeg", ASSIGNMENT)] == ("nagekeken", 0.0, 14.0)
    assert synced[("coach-kapot", ASSIGNMENT)] == ("ingeleverd", None, None)
    assert "coach-gewijzigd" in run.err["sync"]


def check_same(runs: dict[int, tuple[Run, str]]) -> None:
    one, two = runs[1][0].course, runs[2][0].course
    assert gradebook_snapshot(one) == gradebook_snapshot(two)
    assert feedback_texts(one) == feedback_texts(two)


@pytest.mark.parametrize("workers", [1, 2])
def test_lifecycle_sqlite_golden(sqlite_runs, workers):
    check_run(*sqlite_runs[workers])


def test_parallel_equals_sequential_sqlite(sqlite_runs):
    check_same(sqlite_runs)


@pytest.mark.postgres
@pytest.mark.parametrize("workers", [1, 2])
def test_lifecycle_postgres_golden(postgres_runs, workers):
    assert runs_on_postgres(postgres_runs[workers][0])
    check_run(*postgres_runs[workers])


@pytest.mark.postgres
def test_parallel_equals_sequential_postgres(postgres_runs):
    check_same(postgres_runs)


def runs_on_postgres(run: Run) -> bool:
    return run.course.db_url.startswith("postgresql+psycopg://")
