"""The shared deployment's PostgreSQL: what a coach's lab server may do, and parity with
SQLite for the same demo seed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import ProgrammingError

from pgkit import demo, hub_local
from pgkit.local_postgres import free_port, unavailable_reason
from pgkit.store import session_scope, upgrade
from pgkit.store.all_models import Base
from pgkit.store.models import (
    AssignmentGrade,
    Person,
    QuizAnswer,
    SpinnenwebAnswer,
    SpinnenwebFill,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def deployment():
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    # Not under pytest's tmp folder: as root the server runs as 'postgres', who cannot
    # enter root's private folders.
    state = Path(tempfile.mkdtemp(prefix="pgkit-hub-"))
    state.chmod(0o711)
    pg, dbs = hub_local.prepare(state, demo=True, pg_port=free_port(), trainees=30, cohorts=3)
    try:
        yield dbs
    finally:
        pg.stop(immediate=True)
        shutil.rmtree(state, ignore_errors=True)


PERSONAL = ["SELECT * FROM spinnenweb_answers", "SELECT score FROM spinnenweb_answers",
            "SELECT * FROM spinnenweb_fills", "SELECT * FROM reflections",
            "SELECT text FROM reflections", "SELECT * FROM quiz_answers",
            "SELECT email FROM people", "SELECT display_name FROM people",
            "SELECT * FROM people"]


@pytest.mark.parametrize("query", PERSONAL)
def test_the_lab_servers_credentials_cannot_read_personal_data(deployment, query: str) -> None:
    engine = create_engine(deployment.grader)
    try:
        with engine.connect() as conn, pytest.raises(ProgrammingError,
                                                      match="permission denied"):
            conn.execute(text(query))
    finally:
        engine.dispose()


def test_the_kit_role_reads_the_same_tables(deployment) -> None:
    # The queries above fail for want of rights, not because the tables are missing.
    engine = create_engine(deployment.kit)
    try:
        with engine.connect() as conn:
            for query in PERSONAL:
                conn.execute(text(query)).fetchall()
            assert conn.execute(text("SELECT count(*) FROM reflections")).scalar() > 0
    finally:
        engine.dispose()


def test_grade_sync_with_the_lab_servers_credentials_writes_grades_only(deployment) -> None:
    with session_scope(deployment.grader) as session:
        ids = dict(session.execute(select(Person.pseudonym, Person.id)).tuples().all())
        pid = ids["demo-coach"]
        row = session.get(AssignmentGrade, (pid, "opdracht-1"))
        if row is None:
            session.add(AssignmentGrade(person_id=pid, assignment="opdracht-1",
                                        status="nagekeken", score=8.0, max_score=10.0))
    with session_scope(deployment.grader) as session:
        row = session.get(AssignmentGrade, (pid, "opdracht-1"))
        row.score = 9.0
    with session_scope(deployment.kit) as session:
        assert session.get(AssignmentGrade, (pid, "opdracht-1")).score == 9.0
    engine = create_engine(deployment.grader)
    try:
        with engine.connect() as conn, pytest.raises(ProgrammingError, match="permission"):
            conn.execute(text("DELETE FROM assignment_grades"))
    finally:
        engine.dispose()


def test_the_gradebook_has_its_own_database(deployment) -> None:
    assert deployment.gradebook.rsplit("/", 1)[1] == hub_local.GRADEBOOK_DB
    engine = create_engine(deployment.gradebook)
    try:
        with engine.begin() as conn:  # nbgrader creates its tables there as this role
            conn.execute(text("CREATE TABLE IF NOT EXISTS probe (id int)"))
            conn.execute(text("DROP TABLE probe"))
    finally:
        engine.dispose()


def _snapshot(url: str) -> tuple[dict[str, int], list, list]:
    with session_scope(url) as session:
        counts = {t.name: session.scalar(select(func.count()).select_from(t))
                  for t in Base.metadata.sorted_tables}
        webs = list(session.execute(
            select(Person.pseudonym, SpinnenwebFill.created_at, SpinnenwebAnswer.item_id,
                   SpinnenwebAnswer.score, SpinnenwebAnswer.marked)
            .join(SpinnenwebFill, SpinnenwebFill.id == SpinnenwebAnswer.fill_id)
            .join(Person, Person.id == SpinnenwebFill.person_id)
            .order_by(Person.pseudonym, SpinnenwebFill.created_at, SpinnenwebAnswer.item_id)))
        quiz = list(session.execute(
            select(QuizAnswer.question_id, QuizAnswer.answer, QuizAnswer.correct)
            .order_by(QuizAnswer.attempt_id, QuizAnswer.question_id)))
    return counts, [tuple(r) for r in webs], [(q, str(a), c) for q, a, c in quiz]


def test_sqlite_and_postgresql_hold_the_same_demo(tmp_path: Path, postgres_url: str) -> None:
    import datetime as dt

    from tests.postgres import fresh_database

    today = dt.datetime(2026, 6, 1, 12)
    urls = [f"sqlite:///{tmp_path / 'kit.sqlite'}", fresh_database(postgres_url, "parity")]
    for url in urls:
        upgrade(url)
        with session_scope(url) as session:
            demo.load(session, trainees=60, cohorts=4, seed=7, today=today)
    sqlite, postgres = (_snapshot(url) for url in urls)
    assert sqlite[0] == postgres[0]
    assert sum(sqlite[0].values()) > 500
    assert sqlite[1] == postgres[1] and sqlite[1]
    assert sqlite[2] == postgres[2] and sqlite[2]
