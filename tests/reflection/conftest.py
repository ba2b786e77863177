"""A real SQLite store with one cohort, a facilitator and some trainees (as in tests/live)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

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


@pytest.fixture
def world(tmp_path) -> World:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
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
