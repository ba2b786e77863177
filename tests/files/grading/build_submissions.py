"""Rebuild the fixture submissions from a released notebook (run after changing the source).

    .venv/bin/python tests/files/grading/build_submissions.py COURSE_DIR

COURSE_DIR must hold ``release/implementatieplan`` (``pgkit grade generate implementatieplan``).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).parent
ASSIGNMENT = "implementatieplan"

LONG = (
    "In ons team willen we breder kijken dan de klacht waarmee iemand komt. We vragen eerst "
    "wat voor de bewoner belangrijk is en wat hij zelf al doet. Daarna kijken we samen welke "
    "kleine stap past. Dit bespreken we elke maand in het teamoverleg, zodat iedereen leert "
    "van elkaars ervaringen en we elkaar scherp houden."
)
GOOD = {
    "fase": 'fase = "Acceptatie"',
    "hulpvragen": "hulpvragen = {\n" + "".join(
        f'    "{k}": "{LONG}",\n'
        for k in ("invullingen", "verandering", "interventies", "strategieen", "evaluatie")
    ) + "}",
    "belanghebbenden": 'belanghebbenden = {"strategisch": ["bestuurder"], '
                       '"tactisch": ["teamleider"], "operationeel": ["wijkcoach"]}',
    "plan_toelichting": "Strategisch neemt het bestuur Positieve Gezondheid op in het jaarplan. "
                        "Tactisch plant de teamleider intervisie. Operationeel voeren de "
                        "wijkcoaches het andere gesprek bij elke intake.",
}
# Wrong phase, one answer too short: 3 of the 10 automatic points.
PARTLY = {**GOOD,
          "fase": 'fase = "Implementatie"',
          "hulpvragen": GOOD["hulpvragen"].replace(f'"evaluatie": "{LONG}"',
                                                   '"evaluatie": "We vragen het na een jaar."')}
LOOP = {**GOOD, "fase": 'fase = "Acceptatie"\nwhile True:\n    pass'}


def filled(released: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def main(course: Path) -> None:
    released = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    tampered = filled(released, GOOD)
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_fase":
            cell.source = "assert True  # test aangepast"
    good_text = nbformat.writes(filled(released, GOOD))
    empty = nbformat.v4.new_notebook(metadata=released.metadata)
    files = {
        "coach-goed": good_text,
        "coach-deels": nbformat.writes(filled(released, PARTLY)),
        "coach-leeg": nbformat.writes(empty),
        "coach-kapot": good_text[: len(good_text) // 2],
        "coach-lus": nbformat.writes(filled(released, LOOP)),
        "coach-gewijzigd": nbformat.writes(tampered),
    }
    for student, text in files.items():
        path = HERE / "submissions" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
