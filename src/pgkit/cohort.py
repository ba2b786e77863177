"""Cohort progress, computed in SQL: one row per trainee, never whole tables in memory."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from pgkit.curriculum import INTERVISION_MEETINGS, PASS_MARK, UNIT_KEYS
from pgkit.store.models import (
    Attendance,
    Cohort,
    Enrolment,
    Meeting,
    MeetingKind,
    Organisation,
    Person,
    ProgressEvent,
    QuizAttempt,
)


@dataclass(frozen=True)
class TraineeProgress:
    naam: str
    organisatie: str
    eenheden_klaar: int
    gem_quizscore: float | None  # best attempt per unit, averaged, in percent
    bijeenkomst_1: bool
    bijeenkomst_2: bool
    intervisie: int
    laatste_activiteit: dt.datetime | None

    @classmethod
    def columns(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def as_dict(self) -> dict:
        return asdict(self)


def list_cohorts(session: Session) -> list[tuple[Cohort, int]]:
    size = (select(Enrolment.cohort_id, func.count().label("n"))
            .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        select(Cohort, func.coalesce(size.c.n, 0))
        .outerjoin(size, size.c.cohort_id == Cohort.id).order_by(Cohort.name))
    return [(c, n) for c, n in rows]


def progress(session: Session, cohort: Cohort) -> list[TraineeProgress]:
    """One row per enrolled trainee, sorted by name."""
    members = select(Enrolment.person_id).where(Enrolment.cohort_id == cohort.id)
    done = (select(ProgressEvent.person_id, func.count(func.distinct(ProgressEvent.unit)).label("n"))
            .where(ProgressEvent.kind == "completed", ProgressEvent.unit.in_(UNIT_KEYS),
                   ProgressEvent.person_id.in_(members))
            .group_by(ProgressEvent.person_id).subquery())
    last = (select(ProgressEvent.person_id, func.max(ProgressEvent.created_at).label("at"))
            .where(ProgressEvent.person_id.in_(members))
            .group_by(ProgressEvent.person_id).subquery())
    best = (select(QuizAttempt.person_id, QuizAttempt.unit, func.max(QuizAttempt.score).label("s"))
            .where(QuizAttempt.person_id.in_(members), QuizAttempt.score.is_not(None))
            .group_by(QuizAttempt.person_id, QuizAttempt.unit).subquery())
    quiz = (select(best.c.person_id, func.avg(best.c.s).label("avg"))
            .group_by(best.c.person_id).subquery())

    def attended(kind: MeetingKind) -> select:
        return (select(Attendance.person_id, func.count().label("n"))
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(Meeting.cohort_id == cohort.id, Meeting.kind == kind,
                       Attendance.attended.is_(True))
                .group_by(Attendance.person_id).subquery())

    m1, m2, iv = (attended(MeetingKind.REFLECTION_1), attended(MeetingKind.REFLECTION_2),
                  attended(MeetingKind.INTERVISION))
    query = (
        select(Person.display_name, func.coalesce(Organisation.name, ""),
               func.coalesce(done.c.n, 0), quiz.c.avg, func.coalesce(m1.c.n, 0),
               func.coalesce(m2.c.n, 0), func.coalesce(iv.c.n, 0), last.c.at)
        .join(Enrolment, and_(Enrolment.person_id == Person.id, Enrolment.cohort_id == cohort.id))
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(done, done.c.person_id == Person.id)
        .outerjoin(last, last.c.person_id == Person.id)
        .outerjoin(quiz, quiz.c.person_id == Person.id)
        .outerjoin(m1, m1.c.person_id == Person.id)
        .outerjoin(m2, m2.c.person_id == Person.id)
        .outerjoin(iv, iv.c.person_id == Person.id)
        .order_by(Person.display_name, Person.id))
    return [
        TraineeProgress(name, org, units, None if avg is None else round(avg * 100, 1),
                        m1n > 0, m2n > 0, min(ivn, INTERVISION_MEETINGS), at)
        for name, org, units, avg, m1n, m2n, ivn, at in session.execute(query)]


__all__ = ["PASS_MARK", "TraineeProgress", "list_cohorts", "progress"]
