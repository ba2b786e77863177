"""Copy coach-track grades from the nbgrader gradebook into the kit's store.

nbgrader's student id is the coach's login, which is ``people.pseudonym`` in the store.
Coaches the store does not know are reported, never created: the gradebook is not the
place where people get accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pgkit.grading import rejections
from pgkit.grading.autograde import submitted_students
from pgkit.grading.course import Course, assignment_names
from pgkit.grading.lifecycle import grade_rows
from pgkit.store.models import AssignmentGrade, Person

SUBMITTED = "ingeleverd"            # handed in, not autograded yet
REJECTED = "afgewezen"              # autograde refused this hand-in (see rejections.py)
NEEDS_MANUAL = "handmatig_nakijken"  # autograded; reflection cells still need a grade
GRADED = "nagekeken"                # every cell has a score
NOT_SUBMITTED = "niet ingeleverd"   # export only: a coach with nothing handed in


def rejected_label(reason: str) -> str:
    """What a rejected hand-in reads as, wherever a score would be: 'afgewezen: <reden>'."""
    return f"{REJECTED}: {reason}"


@dataclass
class SyncResult:
    copied: int = 0
    unknown: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # coach, name, reason


def grade_states(course: Course) -> list[dict]:
    """One row per coach and assignment: status, score, max_score (None when not graded).

    A rejected hand-in has no score (never 0.0, which would read as a real zero) and
    carries its Dutch ``reason``.
    """
    rows = {(r["opdracht"], r["coach"]): {
        "assignment": r["opdracht"], "student": r["coach"],
        "status": NEEDS_MANUAL if r["wacht_op_beoordeling"] else GRADED,
        "score": r["score"], "max_score": r["max_score"], "reason": None}
        for r in grade_rows(course)}
    for assignment in assignment_names(course):
        rejected = rejections.current(course, assignment)
        for student in submitted_students(course, assignment):
            reason = rejected.get(student)
            rows.setdefault((assignment, student), {
                "assignment": assignment, "student": student,
                "status": REJECTED if reason else SUBMITTED, "reason": reason,
                "score": None, "max_score": None})
    return [rows[k] for k in sorted(rows)]


def grades_of(session: Session, person_ids: list[int]) -> dict[int, list[AssignmentGrade]]:
    """Synced coach-track grades per person, for progress views (scores and status only)."""
    out: dict[int, list[AssignmentGrade]] = {pid: [] for pid in person_ids}
    rows = session.scalars(select(AssignmentGrade)
                           .where(AssignmentGrade.person_id.in_(person_ids))
                           .order_by(AssignmentGrade.person_id, AssignmentGrade.assignment))
    for row in rows:
        out[row.person_id].append(row)
    return out


def sync(course: Course, session: Session) -> SyncResult:
    """Upsert every state into ``assignment_grades``; the caller's session commits."""
    result = SyncResult()
    states = grade_states(course)
    ids = sorted({s["student"] for s in states})
    people = dict(session.execute(select(Person.pseudonym, Person.id)
                                  .where(Person.pseudonym.in_(ids))).all())
    result.unknown = [s for s in ids if s not in people]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for state in states:
        if state["status"] == REJECTED:
            result.rejected.append((state["student"], state["assignment"], state["reason"]))
        person_id = people.get(state["student"])
        if person_id is None:
            continue
        row = session.get(AssignmentGrade, (person_id, state["assignment"]))
        if row is None:
            row = AssignmentGrade(person_id=person_id, assignment=state["assignment"])
            session.add(row)
        row.status = state["status"]
        row.score = state["score"]
        row.max_score = state["max_score"]
        row.synced_at = now
        result.copied += 1
    return result
