"""A real SQLite store with a cohort, a coach who hosts intervision, and five trainees."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Region, Role


@dataclass
class Group:
    url: str
    cohort_id: int
    host: User
    members: list[User]

    def session(self) -> Session:
        return session_scope(self.url)


def _user(person, roles: set[Role]) -> User:
    return User(person.id, person.pseudonym, person.display_name, frozenset(roles))


@pytest.fixture
def group(tmp_path) -> Group:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        cohort = people.ensure_cohort(s, "Roermond 2", Region.MIDDEN)
        coach = people.ensure_person(s, "coach", "Chris Coach", (Role.COACH,))
        people.assign_coach(s, cohort, coach)
        members = []
        for i, name in enumerate(["Anaïs", "Björn", "Chloë", "Daan", "Esmée"]):
            p = people.ensure_person(s, f"lid-{i}", name)
            people.enrol(s, cohort, p)
            members.append(_user(p, {Role.TRAINEE}))
        return Group(url, cohort.id, _user(coach, {Role.COACH}), members)
