"""Autograde one assignment for many coaches, one after another or in N processes.

Sequential mode is plain nbgrader (``NbGraderAPI.autograde`` per coach, on the main
gradebook). Parallel mode gives every worker process its own course copy: symlinks to
``source``, ``release`` and the coach's ``submitted`` folder, plus a private SQLite
gradebook that holds only the assignment's structure. SQLite allows one writer at a time,
so N kernels writing grades into one file would wait on, or fail with, ``database is
locked``; private gradebooks never contend. The parent then copies each coach's results
into the main gradebook (SQLite or PostgreSQL) in one short transaction, using the same
rule as nbgrader's ``SaveAutoGrades``, and moves the autograded folder into place.

In both modes a failed submission leaves no half-graded rows: its autograded folder and
gradebook submission are removed and the report names the coach and the reason.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pgkit.grading import rejections
from pgkit.grading.checks import REJECTIONS
from pgkit.grading.course import Course
from pgkit.messages import t


@dataclass(frozen=True)
class Outcome:
    student: str
    ok: bool
    reason: str | None = None
    seconds: float = 0.0
    workdir: str | None = None


@dataclass
class Report:
    assignment: str
    graded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    merge_seconds: float = 0.0  # parallel only: parent copying results into the gradebook


OnDone = Callable[[Outcome], None]


def submitted_students(course: Course, assignment: str) -> list[str]:
    base = course.root / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def needs_grading(course: Course, assignment: str, student: str) -> bool:
    """Like nbgrader: not yet autograded, or handed in again since (another timestamp)."""
    dest = course.root / "autograded" / student / assignment
    if not dest.exists():
        return True
    stamps = [d / "timestamp.txt" for d in (course.root / "submitted" / student / assignment, dest)]
    texts = [p.read_text(encoding="utf-8").strip() if p.exists() else "" for p in stamps]
    return texts[0] != texts[1]


def reason_for(root: Path, assignment: str, student: str, result: dict) -> str:
    """Why nbgrader failed for this coach, in Dutch."""
    import nbformat

    rejected = REJECTIONS.pop((assignment, student), None)
    if rejected:
        return rejected
    for path in sorted((root / "submitted" / student / assignment).glob("*.ipynb")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            return t("grading.fail.encoding", file=path.name)
        except json.JSONDecodeError as exc:
            return t("grading.fail.json", file=path.name, line=exc.lineno, col=exc.colno)
        try:
            nbformat.validate(nbformat.from_dict(data))
        except Exception as exc:  # nbformat raises several kinds
            return t("grading.fail.format", file=path.name, detail=str(exc).splitlines()[0])
    text = (result.get("log") or "") + (result.get("error") or "")
    if "unresponsive" in text:
        return t("grading.fail.unresponsive")
    lines = [ln.strip() for ln in (result.get("error") or "").splitlines() if ln.strip()]
    return t("grading.fail.other", detail=lines[-1] if lines else "?")


def forget(course: Course, assignment: str, student: str, gb=None) -> None:
    """Remove a failed coach's autograded folder and gradebook submission (keep the coach)."""
    from nbgrader.api import MissingEntry

    dest = course.root / "autograded" / student / assignment
    if dest.exists():
        _rmtree(dest)
    with contextlib.nullcontext(gb) if gb is not None else course.gradebook() as book:
        book.update_or_create_student(student)
        with contextlib.suppress(MissingEntry):
            book.remove_submission(assignment, student)


def _rmtree(path: Path) -> None:
    # nbgrader makes the files read-only, not the folders, so a plain rmtree works
    shutil.rmtree(path)


# --- sequential ------------------------------------------------------------------------

def autograde_sequential(course: Course, assignment: str, students: list[str],
                         timeout: int | None, on_done: OnDone) -> list[Outcome]:
    api = course.api(**({"Execute": {"timeout": timeout}} if timeout else {}))
    outcomes = []
    for student in students:
        start = time.perf_counter()
        result = api.autograde(assignment, student, force=True, create=True)
        seconds = time.perf_counter() - start
        if result["success"]:
            outcome = Outcome(student, True, seconds=seconds)
        else:
            outcome = Outcome(student, False, reason_for(course.root, assignment, student, result),
                              seconds)
            forget(course, assignment, student)
        outcomes.append(outcome)
        on_done(outcome)
    return outcomes


# --- parallel --------------------------------------------------------------------------

_WORKER: dict = {}


def copy_structure(course: Course, assignment: str, url: str) -> None:
    """Write the assignment's notebooks and cells (no submissions) into the gradebook at url."""
    from nbgrader.api import Gradebook

    with course.gradebook() as main, Gradebook(url, course.course_id) as gb:
        src = main.find_assignment(assignment)
        gb.update_or_create_assignment(assignment, duedate=src.duedate)
        for nb in src.notebooks:
            gb.update_or_create_notebook(nb.name, assignment)
            for c in nb.grade_cells:
                gb.update_or_create_grade_cell(c.name, nb.name, assignment, max_score=c.max_score,
                                               cell_type=c.cell_type)
            for c in nb.task_cells:
                gb.update_or_create_task_cell(c.name, nb.name, assignment, max_score=c.max_score,
                                              cell_type=c.cell_type)
            for c in nb.solution_cells:
                gb.update_or_create_solution_cell(c.name, nb.name, assignment)
            for c in nb.source_cells:
                gb.update_or_create_source_cell(c.name, nb.name, assignment, source=c.source,
                                                checksum=c.checksum, locked=c.locked,
                                                cell_type=c.cell_type)


def _init_worker(root: str, scratch: str, template: str, timeout: int | None) -> None:
    from sqlalchemy.exc import SAWarning

    # nbgrader's own ORM warnings (objects not in session) mean nothing to a coordinator
    warnings.filterwarnings("ignore", category=SAWarning)
    main = Course(Path(root))
    work = Path(scratch) / f"w{os.getpid()}"
    (work / "submitted").mkdir(parents=True)
    for name in ("source", "release"):
        (work / name).symlink_to(main.root / name)
    shutil.copy(template, work / "gradebook.db")
    shutil.copy(main.config_file, work / main.config_file.name)
    overrides: dict = {"CourseDirectory": {"db_url": f"sqlite:///{work / 'gradebook.db'}"}}
    if timeout:
        overrides["Execute"] = {"timeout": timeout}
    _WORKER.update(main=main, work=work, api=Course(work).api(**overrides))


def _grade_in_worker(assignment: str, student: str) -> Outcome:
    main, work, api = _WORKER["main"], _WORKER["work"], _WORKER["api"]
    link = work / "submitted" / student
    if not link.exists():
        link.symlink_to(main.root / "submitted" / student)
    start = time.perf_counter()
    try:
        result = api.autograde(assignment, student, force=True, create=True)
    except Exception as exc:  # keep the pool alive whatever happens
        result = {"success": False, "error": repr(exc)}
    seconds = time.perf_counter() - start
    if result["success"]:
        return Outcome(student, True, seconds=seconds, workdir=str(work))
    return Outcome(student, False, reason_for(main.root, assignment, student, result), seconds,
                   str(work))


class Merger:
    """Copies finished coaches from worker gradebooks into the main one.

    Opening an nbgrader ``Gradebook`` checks and creates its whole schema, so the parent
    keeps one main gradebook and one per worker open for the whole run.
    """

    def __init__(self, course: Course, assignment: str) -> None:
        self.course, self.assignment = course, assignment
        self.main = course.gradebook()
        self.workers: dict[str, Any] = {}  # nbgrader Gradebooks (untyped)

    def _worker_gradebook(self, workdir: Path):
        from nbgrader.api import Gradebook

        key = str(workdir)
        if key not in self.workers:
            self.workers[key] = Gradebook(f"sqlite:///{workdir / 'gradebook.db'}",
                                          self.course.course_id)
        wgb = self.workers[key]
        wgb.db.expire_all()  # the worker wrote new rows since the last look
        return wgb

    def merge(self, workdir: Path, student: str) -> None:
        assignment, gb = self.assignment, self.main
        wsub = self._worker_gradebook(workdir).find_submission(assignment, student)
        try:
            gb.update_or_create_student(student)
            if wsub.timestamp is not None:
                gb.update_or_create_submission(assignment, student, timestamp=wsub.timestamp)
            else:
                gb.update_or_create_submission(assignment, student)
            for wnb in wsub.notebooks:
                nb = gb.find_submission_notebook(wnb.name, assignment, student)
                nb.late_submission_penalty = wnb.late_submission_penalty
                grades = {g.name: g for g in nb.grades}
                for wg in wnb.grades:
                    grade = grades[wg.name]
                    grade.auto_score = wg.auto_score
                    # nbgrader's SaveAutoGrades rule, applied against the main gradebook
                    grade.needs_manual_grade = grade.manual_score is not None or \
                        grade.auto_score is None
                comments = {c.name: c for c in nb.comments}
                for wc in wnb.comments:
                    comments[wc.name].auto_comment = wc.auto_comment
            gb.db.commit()
        except BaseException:
            gb.db.rollback()
            raise
        dest = self.course.root / "autograded" / student / assignment
        if dest.exists():
            _rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(workdir / "autograded" / student / assignment, dest)

    def forget(self, student: str) -> None:
        forget(self.course, self.assignment, student, self.main)

    def close(self) -> None:
        for wgb in self.workers.values():
            wgb.close()  # type: ignore[attr-defined]
        self.main.close()


def autograde_parallel(course: Course, assignment: str, students: list[str], workers: int,
                       timeout: int | None, on_done: OnDone,
                       timing: dict[str, float] | None = None) -> list[Outcome]:
    outcomes = []
    timing = timing if timing is not None else {}
    with tempfile.TemporaryDirectory(prefix="pgkit-grade-") as scratch:
        template = Path(scratch) / "template.db"
        copy_structure(course, assignment, f"sqlite:///{template}")
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(str(course.root), scratch, str(template),
                                           timeout)) as pool:
            # the first submit forks every worker; only then open database connections,
            # so no child inherits one
            futures = [pool.submit(_grade_in_worker, assignment, s) for s in students]
            merger = Merger(course, assignment)
            try:
                for future in as_completed(futures):
                    outcome = future.result()
                    start = time.perf_counter()
                    if outcome.ok:
                        merger.merge(Path(outcome.workdir or ""), outcome.student)
                    else:
                        merger.forget(outcome.student)
                    timing["merge"] = timing.get("merge", 0.0) + time.perf_counter() - start
                    outcomes.append(outcome)
                    on_done(outcome)
            finally:
                merger.close()
    return outcomes


def autograde(course: Course, assignment: str, *, workers: int = 1,
              students: list[str] | None = None, force: bool = False,
              timeout: int | None = None, on_done: OnDone | None = None) -> Report:
    """Autograde ``assignment`` for the given (default: all submitted) coaches."""
    report = Report(assignment)
    wanted = students if students is not None else submitted_students(course, assignment)
    todo = [s for s in wanted if force or needs_grading(course, assignment, s)]
    report.skipped = [s for s in wanted if s not in todo]
    callback = on_done or (lambda _o: None)
    if workers > 1 and len(todo) > 1:
        timing: dict[str, float] = {}
        outcomes = autograde_parallel(course, assignment, todo, min(workers, len(todo)),
                                      timeout, callback, timing)
        report.merge_seconds = timing.get("merge", 0.0)
    else:
        outcomes = autograde_sequential(course, assignment, todo, timeout, callback)
    for o in sorted(outcomes, key=lambda o: o.student):
        report.seconds[o.student] = o.seconds
        if o.ok:
            report.graded.append(o.student)
        else:
            report.failed[o.student] = o.reason or "?"
    if outcomes:
        rejections.update(course, assignment, report.failed, report.graded)
    return report
