"""The coaches' feedback pages: Dutch labels, a hint per failed check, no tracebacks.

``pgkit grade setup`` puts ``templates/`` first on the HTML exporter's template path and
adds ``DutchFeedback`` right after nbgrader's ``GetGrades``. The template folder is called
``feedback``, like nbgrader's own, because ``NbGraderAPI.generate_feedback`` (used by
``pgkit grade feedback`` and the formgrader) forces ``template_name = "feedback"`` and
ignores the configured name; a folder of that name earlier on the path shadows nbgrader's.
The preprocessor works on the copy nbgrader renders (the autograded notebook is left as it
is): it puts the catalogue's labels in ``resources["pgkit"]``, gives every graded cell a
Dutch label and its points in ``cell.metadata.pgkit``, turns a failed test's output into
one hint, and replaces every other error output by a Dutch hint, so no Python traceback
reaches a coach.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

from pgkit.messages import t

TEMPLATE_NAME = "feedback"
LABELS = ("total", "of", "points", "top", "contents", "comment", "late", "check_ok",
          "check_failed")
_QUESTION = re.compile(r"_(\d+)$")


def template_dir() -> Path:
    """The folder that holds the kit's ``feedback/`` template (first template base dir)."""
    return Path(__file__).resolve().parent / "templates"


def points(value: float | str | None) -> str:
    """2.0 -> '2', 1.5 -> '1,5': Dutch decimals, no '.0' on whole points."""
    from pgkit.export_format import number

    return number(float(value or 0), 2, trim=True)


def hint_for(output: NotebookNode) -> str:
    """The Dutch hint that replaces an error output."""
    name, value = output.get("ename", ""), str(output.get("evalue", "")).strip()
    if name in ("Tip", "AssertionError") and value:
        return value
    if name in ("SyntaxError", "IndentationError", "TabError"):
        return t("grading.feedback.hint_syntax")
    if name == "CellTimeoutError":
        return t("grading.feedback.hint_timeout")
    return t("grading.feedback.hint_other")


def _label(cell: NotebookNode) -> str:
    meta = cell.metadata.nbgrader
    match = _QUESTION.search(meta.get("grade_id", ""))
    question = t("grading.feedback.question", number=match.group(1)) if match else ""
    if cell.cell_type == "code" and not meta.get("solution"):
        return t("grading.feedback.check_cell", question=question) if question else \
            t("grading.feedback.check")
    if meta.get("task"):
        return t("grading.feedback.task")
    kind = t("grading.feedback.written") if cell.cell_type == "markdown" else \
        t("grading.feedback.answer")
    return f"{kind} ({question})" if question else kind


class DutchFeedback(Preprocessor):
    """After ``GetGrades``: labels, points and hints for the Dutch feedback template.

    An nbconvert preprocessor, not an nbgrader one: nbgrader's base class re-declares
    ``display_data_priority`` without ``config=True``, so the HTML exporter's default
    config makes traitlets warn about it on every page.
    """

    enabled = Bool(True).tag(config=True)  # nbgrader registers without enabling

    def preprocess(self, nb: NotebookNode, resources: dict):
        info = resources.get("nbgrader", {})
        resources["pgkit"] = {
            "labels": {key: t(f"grading.feedback.{key}") for key in LABELS}
            | {"title": t("grading.feedback.title", notebook=info.get("notebook", ""))},
            "score": points(info.get("score")),
            "max_score": points(info.get("max_score")),
            "late_penalty": points(info.get("late_penalty")),
        }
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):  # noqa: ARG002 (nbconvert's signature)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        extra: dict = {}
        if meta.get("grade") or meta.get("solution") or meta.get("task"):
            extra = {"label": _label(cell), "score": points(meta.get("score")),
                     "points": points(meta.get("points"))}
        if cell.cell_type == "code":
            is_test = bool(meta.get("grade")) and not meta.get("solution")
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if is_test:
                failed = float(meta.get("score") or 0) < float(meta.get("points") or 0)
                hint = hint_for(errors[0]) if errors else \
                    (t("grading.feedback.hint_other") if failed else None)
                extra |= {"test": True, "hint": hint}
                cell.outputs = []
            else:
                cell.outputs = [self._clean(o) for o in cell.get("outputs", [])
                                if not (o.get("output_type") == "stream" and
                                        o.get("name") == "stderr")]
        if extra:
            cell.metadata["pgkit"] = extra
        return cell, resources

    @staticmethod
    def _clean(output: NotebookNode) -> NotebookNode:
        if output.get("output_type") != "error":
            return output
        hint = hint_for(output)
        return NotebookNode(output_type="error", ename="Tip", evalue=hint, traceback=[hint])
