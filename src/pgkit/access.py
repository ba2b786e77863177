"""Who may use which cohort: the one place for that rule.

There are two reasons to use a cohort. *Following* it is the coach dashboard: a
coordinator follows every cohort, a coach the cohorts they are assigned to. *Hosting* is
opening its reflection meetings and intervisions: coordinators and facilitators may host
any cohort, a coach only their own. Pages and domain functions ask here; none of them
repeats the rule in a query of its own.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.store.models import Cohort, CohortCoach, Role


class Purpose(Enum):
    FOLLOW = "follow"  # the dashboard and its exports
    HOST = "host"  # opening reflection meetings and intervisions


# Roles that may use every cohort, and roles that may use the cohorts they coach.
EVERY_COHORT: dict[Purpose, frozenset[Role]] = {
    Purpose.FOLLOW: frozenset({Role.COORDINATOR}),
    Purpose.HOST: frozenset({Role.COORDINATOR, Role.FACILITATOR}),
}
OWN_COHORTS: dict[Purpose, frozenset[Role]] = {
    Purpose.FOLLOW: frozenset({Role.COACH}),
    Purpose.HOST: frozenset({Role.COACH}),
}


def may(user: User, purpose: Purpose) -> bool:
    """Whether the user's roles allow this purpose for any cohort at all."""
    return bool((EVERY_COHORT[purpose] | OWN_COHORTS[purpose]) & user.roles)


def sees_all(user: User, purpose: Purpose) -> bool:
    return bool(EVERY_COHORT[purpose] & user.roles)


def cohorts_query(user: User, purpose: Purpose, *,
                  trainee_cohorts_only: bool = False) -> Select[Cohort]:
    """The cohorts this user may use for ``purpose``, by name; none without the role."""
    query = select(Cohort).order_by(Cohort.name)
    if trainee_cohorts_only:  # the coach track grades assignments; it holds no meetings
        query = query.where(Cohort.is_coach_track.is_(False))
    if sees_all(user, purpose):
        return query
    if not may(user, purpose):
        return query.where(Cohort.id.is_(None))  # nothing, as an ordinary query
    return query.join(CohortCoach, CohortCoach.cohort_id == Cohort.id).where(
        CohortCoach.person_id == user.person_id)


def cohorts_for(session: Session, user: User, purpose: Purpose, *,
                trainee_cohorts_only: bool = False) -> list[Cohort]:
    return list(session.scalars(cohorts_query(user, purpose,
                                              trainee_cohorts_only=trainee_cohorts_only)))


def may_use(session: Session, user: User, cohort_id: int, purpose: Purpose) -> bool:
    if sees_all(user, purpose):
        return session.get(Cohort, cohort_id) is not None
    return may(user, purpose) and session.get(CohortCoach, (cohort_id, user.person_id)) is not None
