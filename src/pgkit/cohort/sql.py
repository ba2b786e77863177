"""The dashboard's SQL: one grouped query per view, never whole tables in memory.

Callers pass cohort ids the viewer may see (``cohort.viewer``); ``None`` means every
cohort (a coordinator), which spares SQLite a member filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import (
    DateTime,
    Float,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from pgkit.cohort.rows import GRADED
from pgkit.curriculum import PASS_MARK, UNIT_KEYS
from pgkit.privacy import Contribution, is_extreme
from pgkit.spinnenweb import DIMENSIONS, stored_id
from pgkit.store.models import (
    AssignmentGrade,
    Attendance,
    Cohort,
    CohortCoach,
    Enrolment,
    Meeting,
    MeetingKind,
    Organisation,
    Person,
    ProgressEvent,
    QuizAttempt,
    SpinnenwebAnswer,
    SpinnenwebFill,
)

# Score bins of the quiz distribution, as (label, lowest score in the bin).
SCORE_BINS: tuple[tuple[str, float], ...] = (
    ("< 60%", 0.0), ("60-79%", 0.6), ("80-89%", PASS_MARK), ("90-99%", 0.9), ("100%", 1.0))


def attendance_query(cohort_ids: Sequence[int] | None):
    """Per (cohort, person): meetings attended per kind and their first dates."""
    def n(kind: MeetingKind):
        return func.sum(case((Meeting.kind == kind, 1), else_=0))

    def first(kind: MeetingKind):
        return func.min(case((Meeting.kind == kind, Meeting.opened_at)))

    query = (select(Meeting.cohort_id, Attendance.person_id,
                    n(MeetingKind.REFLECTION_1).label("m1"),
                    n(MeetingKind.REFLECTION_2).label("m2"),
                    n(MeetingKind.INTERVISION).label("iv"),
                    first(MeetingKind.REFLECTION_1).label("m1_at"),
                    first(MeetingKind.REFLECTION_2).label("m2_at"),
                    first(MeetingKind.INTERVISION).label("iv_at"),
                    func.max(Meeting.opened_at).label("last_at"))
             .join(Meeting, Meeting.id == Attendance.meeting_id)
             .where(Attendance.attended.is_(True))
             .group_by(Meeting.cohort_id, Attendance.person_id))
    if cohort_ids is not None:
        query = query.where(Meeting.cohort_id.in_(cohort_ids))
    return query.subquery()


def _raw(column):
    """A datetime column without SQLAlchemy's slow SQLite string parsing; ``rows._when``
    reads it."""
    return type_coerce(column, String)


def _done_query(members):
    """Per person: distinct units completed and when the last of them was first completed."""
    unit_done = (select(ProgressEvent.person_id, ProgressEvent.unit,
                        func.min(ProgressEvent.created_at).label("at"))
                 .where(ProgressEvent.kind == "completed", ProgressEvent.unit.in_(UNIT_KEYS)))
    if members is not None:
        unit_done = unit_done.where(ProgressEvent.person_id.in_(members))
    unit_done = unit_done.group_by(ProgressEvent.person_id, ProgressEvent.unit).subquery()
    return (select(unit_done.c.person_id, func.count().label("n"),
                   func.max(unit_done.c.at).label("at"))
            .group_by(unit_done.c.person_id).subquery())


def _last_event(enrol):
    # A correlated MAX is one index seek per trainee (ix_progress_person_time); a grouped
    # scan would read every event.
    return (select(func.max(ProgressEvent.created_at))
            .where(ProgressEvent.person_id == enrol.c.person_id)
            .correlate(enrol).scalar_subquery())


def enrolments(cohort_ids: Sequence[int] | None):
    enrol = select(Enrolment.person_id, Enrolment.cohort_id, Enrolment.enrolled_at)
    if cohort_ids is not None:
        enrol = enrol.where(Enrolment.cohort_id.in_(cohort_ids))
    return enrol.subquery()


def raw_rows(session: Session, cohort_ids: Sequence[int] | None):
    """One grouped SQL query: a row of raw figures per enrolment."""
    enrol = enrolments(cohort_ids)
    # Everyone (cohort_ids None): no member filter, it would only slow SQLite down.
    members = None if cohort_ids is None else select(enrol.c.person_id)

    def only_members(query, column):
        return query if members is None else query.where(column.in_(members))

    done = _done_query(members)
    last = _last_event(enrol)
    best = only_members(
        select(QuizAttempt.person_id, QuizAttempt.unit, func.max(QuizAttempt.score).label("s"))
        .where(QuizAttempt.score.is_not(None), QuizAttempt.unit.in_(UNIT_KEYS)),
        QuizAttempt.person_id).group_by(QuizAttempt.person_id, QuizAttempt.unit).subquery()
    quiz = (select(best.c.person_id, func.avg(best.c.s).label("avg"))
            .group_by(best.c.person_id).subquery())
    graded = case((and_(AssignmentGrade.score.is_not(None), AssignmentGrade.max_score > 0),
                   cast(AssignmentGrade.score, Float) / AssignmentGrade.max_score))
    grades = (select(AssignmentGrade.person_id, func.count().label("n"),
                     func.sum(case((AssignmentGrade.status == GRADED, 1), else_=0)).label("ok"),
                     func.avg(graded).label("avg"))
              .group_by(AssignmentGrade.person_id).subquery())
    att = attendance_query(cohort_ids)
    query = (
        select(enrol.c.person_id, Person.display_name, Cohort.name, Cohort.region,
               Cohort.is_coach_track, Cohort.intervision_meetings,
               func.coalesce(Organisation.name, literal("")),
               _raw(enrol.c.enrolled_at), func.coalesce(done.c.n, 0), _raw(done.c.at),
               quiz.c.avg, func.coalesce(att.c.m1, 0), func.coalesce(att.c.m2, 0),
               func.coalesce(att.c.iv, 0), _raw(att.c.m1_at), _raw(att.c.m2_at),
               _raw(att.c.iv_at), _raw(last), _raw(att.c.last_at), grades.c.n, grades.c.ok,
               grades.c.avg)
        .select_from(enrol)
        .join(Person, Person.id == enrol.c.person_id)
        .join(Cohort, Cohort.id == enrol.c.cohort_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(done, done.c.person_id == enrol.c.person_id)
        .outerjoin(quiz, quiz.c.person_id == enrol.c.person_id)
        .outerjoin(att, and_(att.c.person_id == enrol.c.person_id,
                             att.c.cohort_id == enrol.c.cohort_id))
        .outerjoin(grades, grades.c.person_id == enrol.c.person_id)
        .order_by(Cohort.name, Person.display_name, Person.id))
    return session.execute(query)


def cohort_counts(session: Session, cohort_ids: Sequence[int] | None,
                   threshold: dt.datetime) -> dict[int, tuple[int, tuple[int, ...], int]]:
    """Per cohort id: size, trainees per path step and stalled count, all in SQL.

    Same rules as ``rows.build_row``: stalled means not finished, enrolled at or before
    ``threshold`` and no activity after it.
    """
    enrol = enrolments(cohort_ids)
    done = (select(ProgressEvent.person_id,
                   func.count(func.distinct(ProgressEvent.unit)).label("n"))
            .where(ProgressEvent.kind == "completed", ProgressEvent.unit.in_(UNIT_KEYS)))
    if cohort_ids is not None:
        done = done.where(ProgressEvent.person_id.in_(select(enrol.c.person_id)))
    units = done.group_by(ProgressEvent.person_id).subquery()
    att = attendance_query(cohort_ids)
    when = literal(threshold, DateTime)
    # One index seek per trainee: any event after the threshold?
    recent = (exists().where(ProgressEvent.person_id == enrol.c.person_id,
                             ProgressEvent.created_at > when).correlate(enrol))
    per = (select(enrol.c.cohort_id, enrol.c.enrolled_at,
                  Cohort.intervision_meetings.label("planned"),
                  func.coalesce(units.c.n, 0).label("units"),
                  func.coalesce(att.c.m1, 0).label("m1"), func.coalesce(att.c.m2, 0).label("m2"),
                  func.coalesce(att.c.iv, 0).label("iv"), att.c.last_at.label("last_meeting"),
                  case((recent, 1), else_=0).label("recent"))
           .select_from(enrol)
           .join(Cohort, Cohort.id == enrol.c.cohort_id)
           .outerjoin(units, units.c.person_id == enrol.c.person_id)
           .outerjoin(att, and_(att.c.person_id == enrol.c.person_id,
                                att.c.cohort_id == enrol.c.cohort_id))
           .subquery())

    def count_if(condition):
        return func.sum(case((condition, 1), else_=0))

    stalled = and_(per.c.iv < per.c.planned, per.c.enrolled_at <= when,
                   per.c.recent == 0,
                   or_(per.c.last_meeting.is_(None), per.c.last_meeting <= when))
    rows = session.execute(
        select(per.c.cohort_id, func.count(), count_if(per.c.units >= len(UNIT_KEYS)),
               count_if(per.c.m1 > 0), count_if(per.c.m2 > 0), count_if(per.c.iv > 0),
               count_if(stalled))
        .group_by(per.c.cohort_id))
    return {cid: (n, (n, *map(int, steps)), int(stalled))
            for cid, n, *steps, stalled in rows}


def cohort_fills(session: Session, ids: Sequence[int]):
    """Per cohort id: each enrolled person's latest complete fill, set aside when extreme.

    Returns ``{cohort_id: ({enrolment id: Contribution}, flagged)}``. The key is the
    enrolment, so a new fill by the same person counts as one change, not two.
    """
    enrol = (select(Enrolment.id, Enrolment.cohort_id, Enrolment.person_id)
             .where(Enrolment.cohort_id.in_(ids)).subquery())
    latest = (select(SpinnenwebFill.person_id, func.max(SpinnenwebFill.id).label("fill_id"))
              .where(SpinnenwebFill.person_id.in_(select(enrol.c.person_id)))
              .group_by(SpinnenwebFill.person_id).subquery())
    rows = session.execute(
        select(enrol.c.cohort_id, enrol.c.id, latest.c.fill_id, SpinnenwebAnswer.dimension,
               func.sum(SpinnenwebAnswer.score), func.count(SpinnenwebAnswer.score),
               _raw(func.max(SpinnenwebAnswer.answered_at)))
        .join(latest, latest.c.person_id == enrol.c.person_id)
        .join(SpinnenwebAnswer, SpinnenwebAnswer.fill_id == latest.c.fill_id)
        .where(SpinnenwebAnswer.score.is_not(None))
        .group_by(enrol.c.cohort_id, enrol.c.id, latest.c.fill_id, SpinnenwebAnswer.dimension))
    fills: dict[tuple[int, int], dict] = {}
    for cid, eid, fill_id, dim, total, count, at in rows:
        name = stored_id(dim)
        if name is None or not count:
            continue
        f = fills.setdefault((cid, eid), {"fill": fill_id, "at": "", "sums": {}})
        f["at"] = max(f["at"], str(at))
        prev = f["sums"].get(name, (0.0, 0))
        f["sums"][name] = (prev[0] + float(total), prev[1] + int(count))
    out: dict[int, tuple[dict[str, Contribution], int]] = {cid: ({}, 0) for cid in ids}
    for (cid, eid), f in fills.items():
        if len(f["sums"]) < len(DIMENSIONS):
            continue  # only complete webs count: partial ones would differ per dimension
        scores = {d: f["sums"][d][0] / f["sums"][d][1] for d in DIMENSIONS}
        counted, flagged = out[cid]
        if is_extreme(scores.values()):
            out[cid] = (counted, flagged + 1)
        else:
            counted[str(eid)] = Contribution(f"{f['fill']}@{f['at']}", scores)
    return out


def list_cohorts(session: Session) -> list[tuple[Cohort, int]]:
    """Every cohort with its size, for ``pgkit cohort list`` (the operator's view)."""
    size = (select(Enrolment.cohort_id, func.count().label("n"))
            .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        select(Cohort, func.coalesce(size.c.n, 0))
        .outerjoin(size, size.c.cohort_id == Cohort.id).order_by(Cohort.name))
    return [(c, n) for c, n in rows]


def first_attempt_bins(session: Session, ids: Sequence[int] | None) -> dict[str, list[int]]:
    """Per unit, how many first attempts of these cohorts' trainees (``None``: everyone's)
    fell in each of SCORE_BINS."""
    out = {unit: [0] * len(SCORE_BINS) for unit in UNIT_KEYS}
    firsts = (select(func.min(QuizAttempt.id).label("id"))
              .where(QuizAttempt.score.is_not(None), QuizAttempt.unit.in_(UNIT_KEYS))
              .group_by(QuizAttempt.person_id, QuizAttempt.unit))
    if ids is not None:
        members = select(Enrolment.person_id).where(Enrolment.cohort_id.in_(ids))
        firsts = firsts.where(QuizAttempt.person_id.in_(members))
    first = firsts.subquery()
    bin_index = case(*[(QuizAttempt.score >= low, i)
                       for i, (_, low) in reversed(list(enumerate(SCORE_BINS)))], else_=0)
    rows = session.execute(
        select(QuizAttempt.unit, bin_index, func.count())
        .join(first, first.c.id == QuizAttempt.id)
        .group_by(QuizAttempt.unit, bin_index))
    for unit, index, count in rows:
        out[unit][index] += count
    return out


def coach_names(session: Session) -> dict[int, list[str]]:
    """Per cohort id, its coaches' names in alphabetical order."""
    names: dict[int, list[str]] = {}
    for cid, name in session.execute(
            select(CohortCoach.cohort_id, Person.display_name)
            .join(Person, Person.id == CohortCoach.person_id).order_by(Person.display_name)):
        names.setdefault(cid, []).append(name)
    return names
