"""Run the coach-track lifecycle through the real CLI, real nbgrader and a real exchange."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pgkit.cli import main
from pgkit.grading.course import Course, open_course

FILES = Path(__file__).resolve().parents[1] / "files" / "grading" / "submissions"
ASSIGNMENT = "implementatieplan"
TIMEOUT = "2"  # seconds per cell: keeps the never-ending loop short

# Golden results for the fixture submissions (automatic points only; 14 more by hand).
GOLDEN = {
    "coach-goed": {"score": 4.0, "max_score": 18.0, "needs_manual": True},
    "coach-deels": {"score": 2.0, "max_score": 18.0, "needs_manual": True},
    "coach-leeg": {"score": 0.0, "max_score": 18.0, "needs_manual": False},
}
FAILED = {
    "coach-kapot": "geen geldig notebook: JSON-fout op regel",
    "coach-lus": "Cel 'antwoord_1' bleef te lang rekenen",
    "coach-gewijzigd": "De testcel 'controle_1' is veranderd",
}


@dataclass
class Run:
    course: Course
    out: dict[str, str]   # stdout per step
    err: dict[str, str]   # stderr per step
    codes: dict[str, int]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def submit(course: Course, student: str, folder: Path, assignment: str, home: Path) -> None:
    """Hand in as the coach does: ``nbgrader submit`` from the coach's own folder."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.submit import ExchangeSubmit

    home.mkdir(parents=True)
    shutil.copytree(folder, home / assignment)
    cfg = course.config()
    cfg.CourseDirectory.root = str(home)
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id, coursedir.student_id = assignment, student
    app = ExchangeSubmit(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg)
    app.assignment_dir = str(home)
    app.start()


def run_lifecycle(tmp: Path, workers: int, gradebook_url: str | None, store_url: str) -> Run:
    """setup → generate → release → (coaches submit) → collect → autograde → feedback →
    export → sync, all through ``pgkit grade``."""
    root = tmp / "cursus"
    out, err, codes = {}, {}, {}

    def step(name: str, *argv: str) -> None:
        codes[name], out[name], err[name] = cli("grade", *argv)

    step("setup", "setup", str(root), *(["--db", gradebook_url] if gradebook_url else []),
         "--timeout", TIMEOUT)
    course = open_course(root)
    c = ("--course", str(root))
    step("generate", "generate", ASSIGNMENT, *c)
    step("release", "release", ASSIGNMENT, *c)
    for folder in sorted(FILES.iterdir()):
        submit(course, folder.name, folder / ASSIGNMENT, ASSIGNMENT, tmp / "home" / folder.name)
    step("collect", "collect", ASSIGNMENT, *c)
    step("autograde", "autograde", ASSIGNMENT, "--workers", str(workers), *c)
    step("again", "autograde", ASSIGNMENT, "--workers", str(workers), *c)
    step("feedback", "feedback", ASSIGNMENT, *c)
    step("export", "export", "--format", "csv", *c)
    step("sync", "sync", "--db", store_url, *c)
    return Run(course, out, err, codes)


def gradebook_snapshot(course: Course) -> dict:
    """Everything autograde writes, per coach and cell (timestamps left out)."""
    snap: dict = {}
    with course.gradebook() as gb:
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            for nb in sub.notebooks:
                for g in nb.grades:
                    snap[(sub.student.id, nb.name, g.name, "grade")] = (
                        g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
                for cm in nb.comments:
                    snap[(sub.student.id, nb.name, cm.name, "comment")] = (
                        cm.auto_comment, cm.manual_comment)
                snap[(sub.student.id, nb.name, "", "notebook")] = (
                    nb.flagged, nb.late_submission_penalty)
    return snap


def feedback_texts(course: Course) -> dict[str, str]:
    """The feedback HTML per coach, with the hand-in time masked (each run submits anew)."""
    texts = {}
    for path in sorted((course.root / "feedback").glob(f"*/{ASSIGNMENT}/*.html")):
        html = path.read_text(encoding="utf-8")
        texts[path.parts[-3]] = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?( \w+)?",
                                       "<tijd>", html)
    return texts
