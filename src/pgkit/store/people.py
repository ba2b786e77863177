"""Repository functions for people, roles, organisations and cohorts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pgkit.store.models import (
    Cohort,
    CohortCoach,
    Enrolment,
    Organisation,
    Person,
    PersonRole,
    Region,
    Role,
)


def person_by_pseudonym(session: Session, pseudonym: str) -> Person | None:
    return session.scalar(select(Person).where(Person.pseudonym == pseudonym))


def ensure_person(session: Session, pseudonym: str, display_name: str,
                  roles: tuple[Role, ...] = (Role.TRAINEE,), **fields: object) -> Person:
    person = person_by_pseudonym(session, pseudonym)
    if person is None:
        person = Person(pseudonym=pseudonym, display_name=display_name, **fields)
        session.add(person)
        session.flush()
    have = {r.role for r in person.roles}
    for role in roles:
        if role not in have:
            person.roles.append(PersonRole(role=role))
    session.flush()
    return person


def set_language(session: Session, person_id: int, language: str) -> None:
    """Store the language a person chose; anything the kit has no catalogue for is refused
    with a Dutch message naming the value, and nothing changes."""
    from pgkit import messages

    if language not in messages.languages():
        raise ValueError(messages.catalogue("nl")["persoon.language.unknown"].format(
            value=language[:40], choices=", ".join(messages.languages())))
    person = session.get(Person, person_id)
    if person is None:
        raise LookupError(person_id)
    person.language = language
    session.flush()


def roles_of(session: Session, person_id: int) -> set[Role]:
    rows = session.scalars(select(PersonRole.role).where(PersonRole.person_id == person_id))
    return set(rows)


def ensure_organisation(session: Session, name: str, kind: str | None = None) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, kind=kind)
        session.add(org)
        session.flush()
    return org


def cohort_by_name(session: Session, name: str) -> Cohort | None:
    return session.scalar(select(Cohort).where(Cohort.name == name))


def ensure_cohort(session: Session, name: str, region: Region) -> Cohort:
    cohort = cohort_by_name(session, name)
    if cohort is None:
        cohort = Cohort(name=name, region=region)
        session.add(cohort)
        session.flush()
    return cohort


def assign_coach(session: Session, cohort: Cohort, coach: Person) -> None:
    if session.get(CohortCoach, (cohort.id, coach.id)) is None:
        session.add(CohortCoach(cohort_id=cohort.id, person_id=coach.id))
        session.flush()


def enrol(session: Session, cohort: Cohort, person: Person) -> Enrolment:
    enrolment = session.scalar(select(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.person_id == person.id))
    if enrolment is None:
        enrolment = Enrolment(cohort_id=cohort.id, person_id=person.id)
        session.add(enrolment)
        session.flush()
    return enrolment


def cohort_emails(session: Session, cohort: Cohort) -> set[str]:
    rows = session.scalars(
        select(func.lower(Person.email))
        .join(Enrolment, Enrolment.person_id == Person.id)
        .where(Enrolment.cohort_id == cohort.id, Person.email.is_not(None)))
    return set(rows)


def unique_pseudonym(session: Session, base: str) -> str:
    candidate, n = base, 1
    while person_by_pseudonym(session, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def store_is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Cohort)) == 0


def holds_demo_data(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Person).where(Person.is_demo)))


def holds_real_people(session: Session) -> bool:
    """Someone who is not demo data: enrolled in a cohort, with an e-mail address or with a
    role beyond trainee (what an import or a coordinator adds). A profile made on the
    welcome form holds only what its maker typed, so it does not count."""
    real = ~Person.is_demo
    enrolled = select(Enrolment.person_id).join(Person).where(real).limit(1)
    staff = (select(PersonRole.person_id).join(Person)
             .where(real, PersonRole.role != Role.TRAINEE).limit(1))
    mailed = select(Person.id).where(real, Person.email.is_not(None), Person.email != "").limit(1)
    return any(session.scalar(q) is not None for q in (enrolled, staff, mailed))


def demo_personas_allowed(session: Session) -> bool:
    """Demo personas only on a store that holds demo data and no real people (issue 11)."""
    return holds_demo_data(session) and not holds_real_people(session)
