"""Rejected hand-ins, remembered in the course folder (``afgewezen.json``).

A rejected hand-in leaves no rows in nbgrader's gradebook (``autograde.forget``), so the
gradebook alone cannot tell "rejected" from "not handed in", and nbgrader's own export
shows both as a score of 0.0. The reason is kept here, per assignment and coach, with the
time stamp of the hand-in it belongs to; a newer hand-in or a successful autograde
replaces it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pgkit.grading.course import Course

FILE_NAME = "afgewezen.json"


def _path(course: Course) -> Path:
    return course.root / FILE_NAME


def submitted_timestamp(course: Course, assignment: str, student: str) -> str:
    """nbgrader's ``timestamp.txt`` of the collected hand-in ('' when there is none)."""
    path = course.root / "submitted" / student / assignment / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def load(course: Course) -> dict[str, dict[str, dict[str, str]]]:
    """``{assignment: {student: {"reason": ..., "timestamp": ...}}}``."""
    path = _path(course)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _save(course: Course, data: dict) -> None:
    # written whole and renamed, so a crash never leaves half a file
    fd, tmp = tempfile.mkstemp(dir=course.root, prefix=".afgewezen-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, _path(course))


def update(course: Course, assignment: str, rejected: dict[str, str],
           graded: list[str]) -> None:
    """Record this run's rejections (student -> reason) and forget the graded coaches'."""
    data = load(course)
    entry = data.setdefault(assignment, {})
    for student in graded:
        entry.pop(student, None)
    for student, reason in rejected.items():
        entry[student] = {"reason": reason,
                          "timestamp": submitted_timestamp(course, assignment, student)}
    if not entry:
        data.pop(assignment, None)
    _save(course, data)


def current(course: Course, assignment: str) -> dict[str, str]:
    """student -> reason, for rejections that still belong to the collected hand-in."""
    out = {}
    for student, info in load(course).get(assignment, {}).items():
        if info.get("timestamp", "") == submitted_timestamp(course, assignment, student):
            out[student] = info["reason"]
    return out
