"""Submission checks that run inside nbgrader's autograde, as preprocessors.

They live in the course's ``nbgrader_config.py``, so plain ``nbgrader autograde``, the
formgrader and ``pgkit grade autograde`` treat a broken submission the same way:

* an empty notebook (no cells, or only blank ones) is graded as the released notebook
  without answers: zero points, with the usual feedback per test;
* a deleted or changed graded cell (a test, an answer with points, or its points) fails
  that coach's submission;
* a cell that runs longer than the per-cell timeout (a loop that never ends) fails it too.

nbgrader catches a preprocessor's exception per student, logs it and goes on with the
next student; the reason is kept in ``REJECTIONS`` so pgkit can name it in Dutch.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor as Preprocessor

from pgkit.messages import t

# (assignment, student) -> reason, filled in the process that runs the conversion.
REJECTIONS: dict[tuple[str, str], str] = {}


class SubmissionRejected(Exception):
    """A submission that cannot be graded fairly; the message is Dutch."""


def _ids(resources: dict) -> tuple[str, str, str]:
    info = resources["nbgrader"]
    return info["assignment"], info["student"], info["notebook"]


def _reject(resources: dict, reason: str) -> None:
    assignment, student, _ = _ids(resources)
    REJECTIONS[(assignment, student)] = reason
    raise SubmissionRejected(reason)


def _grade_cells(nb: NotebookNode) -> dict[str, NotebookNode]:
    cells = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id"):
            cells[meta["grade_id"]] = cell
    return cells


def is_empty(nb: NotebookNode) -> bool:
    return not any(str(cell.get("source", "")).strip() for cell in nb.cells)


def release_notebook(assignment: str, notebook: str, root: Path | None = None) -> NotebookNode:
    """The notebook as the coaches received it (nbgrader converts with cwd = course root)."""
    path = (root or Path.cwd()) / "release" / assignment / f"{notebook}.ipynb"
    return nbformat.read(path, as_version=4)


def problems(submitted: NotebookNode, released: NotebookNode) -> list[str]:
    """What was deleted or changed in graded cells, in Dutch; empty when all is well."""
    found: list[str] = []
    mine = _grade_cells(submitted)
    for grade_id, orig in _grade_cells(released).items():
        cell = mine.get(grade_id)
        if cell is None:
            found.append(t("grading.check.deleted", cell=grade_id))
            continue
        meta, orig_meta = cell.metadata.nbgrader, orig.metadata.nbgrader
        if cell.cell_type != orig.cell_type:
            found.append(t("grading.check.type", cell=grade_id))
        elif float(meta.get("points", 0)) != float(orig_meta.get("points", 0)):
            found.append(t("grading.check.points", cell=grade_id))
        elif orig_meta.get("locked") and cell.source != orig.source:
            found.append(t("grading.check.changed", cell=grade_id))
    return found


class CheckSubmission(Preprocessor):
    """First sanitize step: fill an empty notebook, refuse a tampered one."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        assignment, _student, notebook = _ids(resources)
        released = release_notebook(assignment, notebook)
        if is_empty(nb):
            self.log.warning("Empty submission: grading the released notebook (zero points)")
            nb.cells = released.cells
            return nb, resources
        found = problems(nb, released)
        if found:
            _reject(resources, " ".join(found))
        return nb, resources


class RejectTimeouts(Preprocessor):
    """Right after execution: a cell that hit the timeout fails the whole submission."""

    def preprocess(self, nb: NotebookNode, resources: dict):
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and \
                        output.get("ename") == "CellTimeoutError":
                    name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                    _reject(resources, t("grading.check.timeout", cell=name or index + 1))
        return nb, resources
