"""The nbgrader course directory of the coach track: setup, config and the API handle.

Everything nbgrader needs is in one ``nbgrader_config.py`` inside the course directory, so
``pgkit grade ...``, plain ``nbgrader ...`` and the formgrader in JupyterLab (started in that
directory) all see the same gradebook, exchange, Dutch stubs and submission checks.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pgkit.config import setting

CONFIG_NAME = "nbgrader_config.py"
COURSE_ID = "coachtraject"
DEFAULT_TIMEOUT = 30
CODE_STUB = 'antwoord = ""  # typ je antwoord tussen de aanhalingstekens'
TEXT_STUB = "Schrijf hier je antwoord. (Dubbelklik op dit vak om te typen.)"


def ensure_tools_on_path() -> None:
    """nbgrader runs the ``alembic`` script when it creates a gradebook: find ours."""
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def kit_root() -> Path:
    """The repository root: the ``home`` setting or the checkout this package lives in."""
    env = setting("home")
    return Path(env) if env else Path(__file__).resolve().parents[3]


def source_assignments_dir() -> Path:
    return kit_root() / "exercises" / "assignments" / "source"


def gradebook_url(url: str) -> str:
    """psycopg 3 is the PostgreSQL driver we ship; plain URLs would ask for psycopg2."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


CONFIG_TEMPLATE = '''\
# Written by `pgkit grade setup`. Used by pgkit, plain nbgrader and the formgrader alike.
import os

c = get_config()  # noqa: F821
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = {db_url!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = False

# What a coach sees in an answer cell: one Dutch line, no Python to read around it.
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}

# Feedback pages in Dutch: labels, one hint per failed check, no tracebacks, no prompts.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "pgkit.grading.feedback.DutchFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.HTMLExporter.template_name = {template_name!r}
c.HTMLExporter.extra_template_basedirs = {template_dirs!r}
c.HTMLExporter.exclude_input_prompt = True
c.HTMLExporter.exclude_output_prompt = True

# A loop that never ends stops after this many seconds per cell.
c.Execute.timeout = {timeout!r}

# pgkit's checks: a broken submission fails for that coach only, with a reason.
c.Autograde.sanitize_preprocessors = [
    "pgkit.grading.checks.CheckSubmission",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "pgkit.grading.checks.RejectTimeouts",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
'''


@dataclass(frozen=True)
class Course:
    """A course directory with its nbgrader configuration."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    def config(self):
        """The traitlets config from ``nbgrader_config.py`` (root forced to this directory)."""
        from traitlets.config.loader import PyFileConfigLoader

        cfg = PyFileConfigLoader(CONFIG_NAME, path=str(self.root)).load_config()
        cfg.CourseDirectory.root = str(self.root)
        return cfg

    @property
    def db_url(self) -> str:
        return str(self.config().CourseDirectory.db_url)

    @property
    def course_id(self) -> str:
        return str(self.config().CourseDirectory.course_id)

    def api(self, **overrides):
        """nbgrader's own Python API on this course, quiet unless something goes wrong."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        ensure_tools_on_path()
        cfg = self.config()
        for section, values in overrides.items():
            for key, value in values.items():
                setattr(cfg[section], key, value)
        cfg.NbGraderAPI.log_level = "WARN"
        coursedir = CourseDirectory(config=cfg)
        return NbGraderAPI(coursedir=coursedir, config=cfg)

    def gradebook(self):
        from nbgrader.api import Gradebook

        ensure_tools_on_path()
        return Gradebook(self.db_url, self.course_id)

    def path(self, kind: str, student: str, assignment: str) -> Path:
        """``<root>/<kind>/<student>/<assignment>`` (source and release use ``.``)."""
        return self.root / kind / student / assignment if student != "." else \
            self.root / kind / assignment


def open_course(path: str | Path | None) -> Course:
    """The course at ``path`` (or the ``course`` setting, or the working directory)."""
    root = Path(path or setting("course") or ".").resolve()
    course = Course(root)
    if not course.config_file.is_file():
        raise FileNotFoundError(root / CONFIG_NAME)
    return course


def setup_course(root: str | Path, db_url: str | None = None, *,
                 exchange: str | Path | None = None, timeout: int = DEFAULT_TIMEOUT,
                 assignments: Path | None = None) -> Course:
    """Create the course directory, copy the kit's source assignments, write the config.

    Existing source notebooks are left alone, so a coordinator's edits survive a rerun.
    """
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    url = gradebook_url(db_url) if db_url else f"sqlite:///{root / 'gradebook.db'}"
    exchange_dir = Path(exchange).resolve() if exchange else root.parent / f"{root.name}-exchange"
    exchange_dir.mkdir(parents=True, exist_ok=True)
    exchange_dir.chmod(0o777)
    src = assignments or source_assignments_dir()
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        dest = root / "source" / folder.name
        if not dest.exists():
            shutil.copytree(folder, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    from pgkit.grading.feedback import TEMPLATE_NAME, template_dir

    (root / CONFIG_NAME).write_text(CONFIG_TEMPLATE.format(
        course_id=COURSE_ID, db_url=url, exchange=str(exchange_dir), timeout=timeout,
        code_stub=CODE_STUB, text_stub=TEXT_STUB, template_name=TEMPLATE_NAME,
        template_dirs=[str(template_dir())]),
        encoding="utf-8")
    course = Course(root)
    with course.gradebook() as gb:  # creates the tables, also on PostgreSQL
        for folder in sorted((root / "source").iterdir()):
            if folder.is_dir():
                gb.update_or_create_assignment(folder.name)
    return course


def assignment_names(course: Course) -> list[str]:
    return sorted(p.name for p in (course.root / "source").iterdir() if p.is_dir())
