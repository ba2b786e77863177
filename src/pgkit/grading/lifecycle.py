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


def export_csv(course: Course, dest: Path) -> Path:
    """nbgrader's own CSV export (one row per coach and assignment) into ``dest``."""
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(to=str(dest))
    with course.gradebook() as gb:
        plugin.export(gb)
    return dest
