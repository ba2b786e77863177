"""The store: migrations match the models, WAL mode, URL resolution, real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from pgkit import demo
from pgkit.cohort import list_cohorts, progress
from pgkit.store import connect, resolve_url, session_scope, upgrade
from pgkit.store.all_models import metadata
from pgkit.store.models import Person, Region, Role
from pgkit.store.people import enrol, ensure_cohort, ensure_person, roles_of


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    with connect(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_reaches_every_head(db_url: str) -> None:
    from alembic.script import ScriptDirectory

    from pgkit.store.db import alembic_config

    def applied() -> set[str]:
        with connect(db_url).connect() as conn:
            return set(conn.execute(text("select version_num from alembic_version")).scalars())

    first = applied()
    upgrade(db_url)
    assert applied() == first == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db_url: str) -> None:
    with connect(db_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_url_comes_from_option_then_env_then_default(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.delenv("PGKIT_DB", raising=False)
    monkeypatch.setenv("PGKIT_HOME", str(tmp_path))
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'pgkit.sqlite'}"
    monkeypatch.setenv("PGKIT_DB", "sqlite:////x/env.sqlite")
    assert resolve_url() == "sqlite:////x/env.sqlite"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_every_answer_is_committed_when_given(db_url: str) -> None:
    """A second engine (another kernel) sees a write as soon as its session closes."""
    with session_scope(db_url) as s:
        ensure_person(s, "p1", "Inès", (Role.TRAINEE, Role.COACH))
    other = create_engine(db_url)
    with other.connect() as conn:
        assert conn.execute(select(Person.display_name)).scalar() == "Inès"
    with session_scope(db_url) as s:
        person = s.scalar(select(Person))
        assert roles_of(s, person.id) == {Role.TRAINEE, Role.COACH}


def test_failed_transaction_leaves_nothing(db_url: str) -> None:
    def half_way() -> None:
        with session_scope(db_url) as s:
            ensure_person(s, "p1", "Inès")
            raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        half_way()
    with session_scope(db_url) as s:
        assert s.scalar(select(Person)) is None


def test_demo_and_progress_on_postgresql(postgres_url: str) -> None:
    upgrade(postgres_url)
    assert set(inspect(connect(postgres_url)).get_table_names()) >= {"people", "cohorts"}
    with session_scope(postgres_url) as s:
        demo.load(s, trainees=30, cohorts=3, seed=7)
    with session_scope(postgres_url) as s:
        cohorts = list_cohorts(s)
        assert [n for _, n in cohorts] == [10, 10, 10]
        rows = progress(s, cohorts[0][0])
        assert len(rows) == 10 and all(0 <= r.eenheden_klaar <= 7 for r in rows)
        cohort = ensure_cohort(s, "Weert 9", Region.MIDDEN)
        enrol(s, cohort, ensure_person(s, "nieuw", "Noël"))
    with session_scope(postgres_url) as s:
        assert [r.naam for r in progress(s, ensure_cohort(s, "Weert 9", Region.MIDDEN))] == ["Noël"]


def test_engine_follows_a_changed_pgkit_db(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    for name in ("a", "b"):
        monkeypatch.setenv("PGKIT_DB", f"sqlite:///{tmp_path / name}.sqlite")
        assert connect().url.database == str(tmp_path / f"{name}.sqlite")
