"""The source assignments, their checks and the submission checks, without nbgrader."""

from __future__ import annotations

import copy
import re

import nbformat
import pytest

from pgkit.grading.checks import is_empty, problems
from pgkit.grading.controle import Tip
from pgkit.grading.course import source_assignments_dir

NAMES = ["dilemma_analyse", "implementatieplan", "intervisieverslag", "spinnenweb_gesprek"]
ANSWER = re.compile(r'^### BEGIN SOLUTION\nantwoord = "[^"\n]*"\n### END SOLUTION$')
OFF_TOPIC = "antwoord = \"Ik vind het een mooie dag en ik drink graag koffie met mijn collega's.\""


def _source(name: str) -> nbformat.NotebookNode:
    return nbformat.read(source_assignments_dir() / name / f"{name}.ipynb", as_version=4)


def _cells(nb, **flags):
    return [c for c in nb.cells
            if all(c.metadata.get("nbgrader", {}).get(k) == v for k, v in flags.items())]


def _run(nb: nbformat.NotebookNode, name: str) -> dict[str, Exception | None]:
    """Run the code cells in order in one namespace, as nbgrader does; outcome per cell."""
    namespace: dict = {}
    outcome: dict[str, Exception | None] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        try:
            exec(compile(cell.source, f"{name}:{grade_id}", "exec"), namespace)
            outcome[grade_id] = None
        except Exception as exc:  # what the kernel would show as an error output
            outcome[grade_id] = exc
    return outcome


def _answer_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and
            c.metadata.nbgrader.get("solution")]


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
def test_every_answer_cell_is_one_dutch_line(name):
    """No dicts, lists, numbers or code to write: one `antwoord = "..."` per question."""
    nb = _source(name)
    answers = _answer_cells(nb)
    assert answers
    for cell in answers:
        assert ANSWER.match(cell.source), cell.source
        after = nb.cells[nb.cells.index(cell) + 1]  # its check comes right after it
        assert after.metadata.nbgrader.get("grade") and after.cell_type == "code"


@pytest.mark.parametrize("name", NAMES)
def test_no_personal_scores_and_no_team_average(name):
    """The web is a conversation tool: nothing asks for one's own scores or a team surface."""
    text = "\n".join(c.source for c in _source(name).cells)
    for word in ("surface_area", "DIMENSIONS", "mijn_scores", "team_gemiddelde",
                 "team_oppervlak", "NotImplementedError"):
        assert word not in text, word


def test_spinnenweb_assignment_says_scores_stay_private():
    intro = _source("spinnenweb_gesprek").cells[0].source
    assert "Je scores\nblijven van jou." in intro or "Je scores blijven van jou." in intro


@pytest.mark.parametrize("name", NAMES)
def test_model_answers_pass_every_check(name):
    outcome = _run(_source(name), name)
    assert outcome and not {k: v for k, v in outcome.items() if v is not None}


def _with(nb, grade_id: str, source: str):
    changed = copy.deepcopy(nb)
    _cells(changed, grade_id=grade_id)[0].source = source
    return changed


def _questions(nb):
    """(answer id, check id, kind) for every check that has hidden tests."""
    out = []
    for cell in _answer_cells(nb):
        check = nb.cells[nb.cells.index(cell) + 1]
        if "### BEGIN HIDDEN TESTS" in check.source:
            kind = "keuze" if "keuze(" in check.source else "tekst"
            out.append((cell.metadata.nbgrader["grade_id"],
                        check.metadata.nbgrader["grade_id"], kind, check.source))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answers_fail_their_hidden_check_with_a_hint(name):
    """Substance, not form: every wrong letter and an off-topic text of enough words fail."""
    nb = _source(name)
    questions = _questions(nb)
    assert questions
    for answer_id, check_id, kind, check in questions:
        if kind == "keuze":
            options = re.search(r"keuze\(([^)]*)\)", check).group(1)
            letters = re.findall(r'"([A-Z])"', options)
            right = re.search(r'juist\("([A-Z])"', check).group(1)
            wrong = [f'antwoord = "{x}"' for x in letters if x != right]
        else:
            wrong = [OFF_TOPIC]
        assert wrong
        for source in wrong:
            outcome = _run(_with(nb, answer_id, source), name)
            error = outcome[check_id]
            assert isinstance(error, Tip), (name, check_id, source)
            assert len(str(error).split()) >= 8  # a real hint, not a bare "fout"
            others = {k: v for k, v in outcome.items() if v is not None and k != check_id}
            assert not others, others  # one wrong answer costs only its own question


def test_a_missing_answer_never_borrows_the_previous_one():
    """Answers 3 and 4 of dilemma_analyse are both "B": with answer 4 deleted or unreadable,
    check 4 must fail instead of finding answer 3 still in the namespace."""
    nb = _source("dilemma_analyse")
    assert 'juist("B"' in _cells(nb, grade_id="controle_3")[0].source
    assert 'juist("B"' in _cells(nb, grade_id="controle_4")[0].source
    outcome = _run(_with(nb, "antwoord_4", ""), "dilemma_analyse")
    assert outcome["controle_3"] is None
    assert isinstance(outcome["controle_4"], Tip)
    assert "geen antwoord" in str(outcome["controle_4"])
    broken = _run(_with(nb, "antwoord_4", 'antwoord = "B'), "dilemma_analyse")
    assert isinstance(broken["antwoord_4"], SyntaxError)
    assert isinstance(broken["controle_4"], Tip)
    assert broken["controle_3"] is None and broken["controle_1"] is None


def test_choice_check_explains_what_to_type():
    nb = _source("implementatieplan")
    empty = _run(_with(nb, "antwoord_1", 'antwoord = ""'), "implementatieplan")["controle_1"]
    assert 'Je hebt nog niets gekozen' in str(empty) and '"E"' in str(empty)
    bad = _run(_with(nb, "antwoord_1", 'antwoord = "Inzicht"'), "implementatieplan")
    assert '"Inzicht" is geen keuze' in str(bad["controle_1"])
    lower = _run(_with(nb, "antwoord_1", 'antwoord = " b "'), "implementatieplan")
    assert lower["controle_1"] is None


def test_problems_names_deleted_and_changed_cells():
    released = _source("implementatieplan")
    ok = copy.deepcopy(released)
    _cells(ok, grade_id="antwoord_1")[0].source = 'antwoord = "B"'
    assert problems(ok, released) == []

    deleted = copy.deepcopy(released)
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") != "reflectie_6"]
    assert problems(deleted, released) == ["De cel 'reflectie_6' met punten is verwijderd."]

    changed = copy.deepcopy(released)
    _cells(changed, grade_id="controle_1")[0].source = "assert True"
    _cells(changed, grade_id="controle_3")[0].metadata.nbgrader["points"] = 20
    assert problems(changed, released) == [
        "De testcel 'controle_1' is veranderd.",
        "Het aantal punten van cel 'controle_3' is veranderd.",
    ]


def test_empty_notebook_is_recognised():
    assert is_empty(nbformat.v4.new_notebook())
    blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("  \n")])
    assert is_empty(blank)
    assert not is_empty(_source("dilemma_analyse"))
