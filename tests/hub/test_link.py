"""A hub login becomes the kit's person: imported people by login or e-mail, nobody else
unless the coordinator opened a cohort for self-registration; hub groups are the roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pgkit.cohort_import import import_cohort
from pgkit.hub_auth import NotLinked, link, self_registration_cohort, set_self_registration
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Enrolment, Person, Region, Role

IMPORT = Path(__file__).parents[1] / "files" / "import" / "excel_semicolon_bom.csv"


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as session:
        import_cohort(session, IMPORT, "Venlo 1", Region.NOORD)
        people.ensure_cohort(session, "Open cohort", Region.ZUID)
    return url


def _person(session, pseudonym: str) -> Person:
    person = people.person_by_pseudonym(session, pseudonym)
    assert person is not None
    return person


def test_imported_trainee_signs_in_by_email_as_the_imported_person(store: str) -> None:
    with session_scope(store) as session:
        imported = session.scalar(select(Person).where(Person.email == "unal.yilmaz@ggd-ln.nl"))
        assert imported is not None
        # JupyterHub lower-cases names; the import kept the address as typed.
        assert link(session, "UNAL.YILMAZ@ggd-ln.nl".lower()) == imported.pseudonym
        assert link(session, imported.pseudonym) == imported.pseudonym
        assert people.roles_of(session, imported.id) == {Role.TRAINEE}
        cohorts = set(session.scalars(select(Enrolment.cohort_id)
                                      .where(Enrolment.person_id == imported.id)))
        assert cohorts == {people.cohort_by_name(session, "Venlo 1").id}


def test_nobody_imported_gets_nothing_while_self_registration_is_closed(store: str) -> None:
    with session_scope(store) as session:
        count = len(list(session.scalars(select(Person.id))))
        with pytest.raises(NotLinked, match="coördinator heeft je nog niet in een cohort gezet"):
            link(session, "vreemde@elders.nl")
    with session_scope(store) as session:
        assert len(list(session.scalars(select(Person.id)))) == count


def test_self_registration_lands_in_the_cohort_the_coordinator_chose(store: str) -> None:
    with session_scope(store) as session:
        set_self_registration(session, people.cohort_by_name(session, "Open cohort"))
    with session_scope(store) as session:
        pseudonym = link(session, "nieuw@elders.nl")
        person = _person(session, pseudonym)
        assert person.email == "nieuw@elders.nl"
        assert people.roles_of(session, person.id) == {Role.TRAINEE}
        cohort_ids = set(session.scalars(select(Enrolment.cohort_id)
                                         .where(Enrolment.person_id == person.id)))
        assert cohort_ids == {people.cohort_by_name(session, "Open cohort").id}
        # Only one cohort is ever open; closing it stops new people again.
        set_self_registration(session, people.cohort_by_name(session, "Venlo 1"))
        assert self_registration_cohort(session).name == "Venlo 1"
        set_self_registration(session, None)
        assert self_registration_cohort(session) is None
        with pytest.raises(NotLinked):
            link(session, "nog-een@elders.nl")


def test_hub_groups_are_the_source_of_truth_for_roles(store: str) -> None:
    with session_scope(store) as session:
        coach = people.ensure_person(session, "coach-anna", "Anna", roles=())
        assert link(session, "coach-anna", groups=["coaches", "onbekend"]) == "coach-anna"
        assert people.roles_of(session, coach.id) == {Role.COACH}
        link(session, "coach-anna", groups=["begeleiders"], admin=True)
        assert people.roles_of(session, coach.id) == {Role.FACILITATOR, Role.COORDINATOR}
        # Out of every group: the elevated roles go, a trainee role from an import stays.
        people.ensure_person(session, "coach-anna", "Anna", roles=(Role.TRAINEE,))
        link(session, "coach-anna")
        assert people.roles_of(session, coach.id) == {Role.TRAINEE}


def test_cli_opens_and_closes_self_registration(store: str, capsys) -> None:
    from pgkit.cli import main

    assert main(["hub", "zelfaanmelding", "--cohort", "Open cohort", "--db", store]) == 0
    assert "Open cohort" in capsys.readouterr().out
    assert main(["hub", "zelfaanmelding", "--cohort", "Bestaat niet", "--db", store]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    with session_scope(store) as session:
        assert self_registration_cohort(session).name == "Open cohort"
    assert main(["hub", "zelfaanmelding", "--uit", "--db", store]) == 0
    with session_scope(store) as session:
        assert self_registration_cohort(session) is None
