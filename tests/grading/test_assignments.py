"""The source assignments and the submission checks, without running nbgrader."""

from __future__ import annotations

import copy

import nbformat
import pytest

from pgkit.grading.checks import is_empty, problems
from pgkit.grading.course import source_assignments_dir

NAMES = ["dilemma_analyse", "implementatieplan", "intervisieverslag", "spinnenweb_gesprek"]


def _source(name: str) -> nbformat.NotebookNode:
    return nbformat.read(source_assignments_dir() / name / f"{name}.ipynb", as_version=4)


def _cells(nb, **flags):
    return [c for c in nb.cells
            if all(c.metadata.get("nbgrader", {}).get(k) == v for k, v in flags.items())]


def test_four_assignments_exist():
    assert sorted(p.name for p in source_assignments_dir().iterdir()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_assignment_mixes_autograded_and_manual_cells(name):
    nb = _source(name)
    nbformat.validate(nb)
    tests = _cells(nb, grade=True, locked=True)
    manual = _cells(nb, grade=True, solution=True)
    assert tests and manual
    assert any("### BEGIN HIDDEN TESTS" in c.source for c in tests)
    assert all(c.cell_type == "markdown" for c in manual)
    # every manual cell has a rubric (criteria and points) right above it
    for cell in manual:
        before = nb.cells[nb.cells.index(cell) - 1]
        assert "Beoordelingsmodel" in before.source and "| Punten |" in before.source
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NAMES)
def test_solutions_pass_their_own_tests(name):
    """The model answers pass visible and hidden tests (run in this process, in order)."""
    namespace: dict = {}
    for cell in _source(name).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{name}:{cell.metadata.nbgrader['grade_id']}", "exec"),
                 namespace)


def test_problems_names_deleted_and_changed_cells():
    released = _source("implementatieplan")
    ok = copy.deepcopy(released)
    _cells(ok, grade_id="fase")[0].source = 'fase = "Inzicht"'
    assert problems(ok, released) == []

    deleted = copy.deepcopy(released)
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") != "plan_toelichting"]
    assert problems(deleted, released) == ["De cel 'plan_toelichting' met punten is verwijderd."]

    changed = copy.deepcopy(released)
    _cells(changed, grade_id="test_fase")[0].source = "assert True"
    _cells(changed, grade_id="test_belanghebbenden")[0].metadata.nbgrader["points"] = 20
    assert problems(changed, released) == [
        "De testcel 'test_fase' is veranderd.",
        "Het aantal punten van cel 'test_belanghebbenden' is veranderd.",
    ]


def test_empty_notebook_is_recognised():
    assert is_empty(nbformat.v4.new_notebook())
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("  \n")])
    assert is_empty(blank)
    assert not is_empty(_source("dilemma_analyse"))
