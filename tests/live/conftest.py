"""A real SQLite store with one cohort, a facilitator and some trainees.

The store is migrated once per test session and copied for each test: running every
migration per test would cost seconds each.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from pgkit import lifecycle
from pgkit.identity import User
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Region, Role


@dataclass
class World:
    url: str
    cohort_id: int
    other_cohort_id: int
    host: User
    trainees: list[int]

    def session(self) -> Session:
        return session_scope(self.url)


@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kit.sqlite"
    url = f"sqlite:///{path}"
    upgrade(url)
    from pgkit.store.db import connect

    connect(url).dispose()  # flush WAL into the file before it is copied
    return path


@pytest.fixture
def world(tmp_path: Path, migrated_store: Path) -> World:
    path = tmp_path / "kit.sqlite"
    shutil.copy(migrated_store, path)
    url = f"sqlite:///{path}"
    with session_scope(url) as s:
        cohort = people.ensure_cohort(s, "Venlo 1", Region.NOORD)
        other = people.ensure_cohort(s, "Heerlen 1", Region.ZUID)
        host = people.ensure_person(s, "begeleider", "Bea Begeleider", (Role.FACILITATOR,))
        ids = []
        for i in range(8):
            p = people.ensure_person(s, f"deelnemer-{i}", f"Deelnemer {i}")
            people.enrol(s, cohort, p)
            ids.append(p.id)
        user = User(host.id, host.pseudonym, host.display_name, frozenset({Role.FACILITATOR}))
        return World(url, cohort.id, other.id, user, ids)


@pytest.fixture
def view(monkeypatch: pytest.MonkeyPatch) -> lifecycle.Scope:
    """A fresh view on screen and no router heard yet, as at the start of a kernel."""
    scope = lifecycle.Scope("test")
    monkeypatch.setattr(lifecycle, "_current", scope)
    monkeypatch.setattr(lifecycle, "_last_beat", None)
    return scope
