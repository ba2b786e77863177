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

PLAN = (
    "Invullingen: voor ons wijkteam passen de brede benadering en het reflectie-instrument. "
    "Verandering: we vragen in elk eerste gesprek wat voor de bewoner belangrijk is. "
    "Evaluatie: na een half jaar praten we met bewoners en collega's over wat er anders is."
)
LEVELS = ("Strategisch neemt de bestuurder Positieve Gezondheid op in het jaarplan. Tactisch "
          "plant de teamleider intervisie. Operationeel voeren de wijkcoaches het andere "
          "gesprek bij elke intake.")
# Every check right (4 automatic points; lower case is fine), both texts written.
GOOD = {
    "antwoord_1": 'antwoord = "B"',
    "antwoord_2": 'antwoord = "d"',
    "antwoord_3": 'antwoord = "B"',
    "antwoord_4": 'antwoord = "C"',
    "reflectie_5": PLAN,
    "reflectie_6": LEVELS,
}
# A wrong phase, and a line the computer cannot read (closing quote forgotten): 2 of 4.
PARTLY = {**GOOD, "antwoord_1": 'antwoord = "C"', "antwoord_2": 'antwoord = "D'}
LOOP = {**GOOD, "antwoord_1": 'antwoord = "B"\nwhile True:\n    pass'}


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
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "controle_1":
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
