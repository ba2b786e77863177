"""Thin wrappers over ``NbGraderAPI`` for the steps around autograde.

Each returns nbgrader's result dict (``success``, ``log``, ``error``); the command layer
turns a failure into a Dutch message. No grading logic lives here.
"""

from __future__ import annotations

from pathlib import Path

from pgkit.grading.course import Course


class StepFailed(Exception):
    """An nbgrader step failed; ``detail`` is nbgrader's own log for the coordinator."""

    def __init__(self, step: str, detail: str) -> None:
        super().__init__(step)
        self.step, self.detail = step, detail


def _check(step: str, result: dict) -> dict:
    if not result.get("success"):
        detail = (result.get("log") or "") + (result.get("error") or "")
        raise StepFailed(step, detail.strip())
    return result


def generate(course: Course, assignment: str) -> dict:
    """Student version in ``release/`` and the assignment's cells in the gradebook."""
    return _check("generate", course.api().generate_assignment(assignment, force=True))


def release(course: Course, assignment: str) -> dict:
    """Put the student version in the exchange, where coaches fetch it."""
    api = course.api()
    api.unrelease(assignment)  # releasing twice is an error in nbgrader; a rerun should work
    return _check("release", api.release_assignment(assignment))


def collect(course: Course, assignment: str) -> dict:
    """Copy hand-ins from the exchange into ``submitted/`` (newer ones replace older)."""
    return _check("collect", course.api().collect(assignment, update=True))


def feedback(course: Course, assignment: str, *, release_to_exchange: bool = True) -> dict:
    """HTML feedback per coach in ``feedback/``, and (by default) into the exchange."""
    api = course.api()
    result = _check("feedback", api.generate_feedback(assignment, force=True))
    if release_to_exchange:
        _check("feedback", api.release_feedback(assignment))
    return result


def grade_rows(course: Course, assignment: str | None = None) -> list[dict]:
    """One row per coach and assignment in the gradebook (also what ``sync`` copies)."""
    rows = []
    with course.gradebook() as gb:
        for a in gb.assignments:
            if assignment and a.name != assignment:
                continue
            for sub in a.submissions:
                rows.append({
                    "opdracht": a.name,
                    "coach": sub.student.id,
                    "ingeleverd_op": sub.timestamp.isoformat(sep=" ", timespec="seconds")
                    if sub.timestamp else "",
                    "score": round(float(sub.score), 2),
                    "max_score": round(float(sub.max_score), 2),
                    "wacht_op_beoordeling": bool(sub.needs_manual_grade),
                })
    return sorted(rows, key=lambda r: (r["opdracht"], r["coach"]))


EXPORT_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name",
                  "first_name", "email", "raw_score", "late_submission_penalty", "score",
                  "max_score", "status"]


def released_assignments(course: Course) -> set[str]:
    """Assignments in the exchange right now (what coaches can fetch)."""
    return set(course.api().get_released_assignments())


def export_rows(course: Course) -> list[dict[str, object]]:
    """nbgrader's export columns plus ``status``, for released assignments only.

    nbgrader's own export gives every coach without a graded submission a score of 0.0,
    which reads like a real zero. Here only a graded hand-in has a score; the others say
    why not: ``afgewezen: <reden>``, ``ingeleverd`` or ``niet ingeleverd``. Scores are
    numbers (``None`` when there is none), times are Amsterdam text, the rest is text.
    """
    from nbgrader.api import MissingEntry
    from nbgrader.utils import parse_utc

    from pgkit.grading import rejections
    from pgkit.grading.autograde import submitted_students
    from pgkit.grading.sync import GRADED, NEEDS_MANUAL, NOT_SUBMITTED, SUBMITTED, rejected_label

    released = released_assignments(course)
    rows = []
    with course.gradebook() as gb:
        students = {s.id: s for s in gb.students}
        for a in sorted(gb.assignments, key=lambda a: a.name):
            if a.name not in released:
                continue
            handed_in = set(submitted_students(course, a.name))
            rejected = rejections.current(course, a.name)
            for sid in sorted(set(students) | handed_in):
                student = students.get(sid)
                row: dict[str, object] = dict.fromkeys(EXPORT_COLUMNS)
                row.update(assignment=a.name, duedate=_when(a.duedate), student_id=sid,
                           last_name=_text(student and student.last_name),
                           first_name=_text(student and student.first_name),
                           email=_text(student and student.email),
                           max_score=_number(a.max_score))
                try:
                    sub = gb.find_submission(a.name, sid)
                except MissingEntry:
                    sub = None
                if sub is not None:
                    penalty = float(sub.late_submission_penalty or 0)
                    row.update(timestamp=_when(sub.timestamp), raw_score=_number(sub.score),
                               late_submission_penalty=_number(penalty),
                               score=_number(max(0.0, float(sub.score) - penalty)),
                               status=NEEDS_MANUAL if sub.needs_manual_grade else GRADED)
                elif sid in handed_in:
                    stamp = rejections.submitted_timestamp(course, a.name, sid)
                    row.update(timestamp=_when(parse_utc(stamp)) if stamp else None,
                               status=rejected_label(rejected[sid]) if sid in rejected
                               else SUBMITTED)
                else:
                    row["status"] = NOT_SUBMITTED
                rows.append(row)
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _when(value: object) -> str | None:
    """nbgrader's times are UTC; a coordinator reads them in Amsterdam time."""
    from pgkit.localtime import stamp

    return None if value is None else stamp(value)  # type: ignore[arg-type]


def _number(value: float | str | None) -> float | None:
    return None if value is None else round(float(value), 2)


def export_table(rows: list[dict[str, object]]) -> tuple[list[str], list[list[object]]]:
    """Dutch headers and the cells of ``rows`` in ``EXPORT_COLUMNS`` order."""
    from pgkit.messages import t

    return ([t(f"grading.export.{c}") for c in EXPORT_COLUMNS],
            [[r[c] for c in EXPORT_COLUMNS] for r in rows])


def export_csv(course: Course, dest: Path) -> Path:
    """``export_rows`` as a Dutch Excel CSV into ``dest`` (``pgkit.export_format``: ``;``,
    decimal comma, no cell a spreadsheet would run as a formula)."""
    from pgkit.export_format import to_csv

    dest.write_bytes(to_csv(*export_table(export_rows(course))))
    return dest
