"""Cohort import from Dutch Excel CSV exports: all-or-nothing, problems named per line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pgkit.cohort_import import CohortImportError, import_cohort, parse
from pgkit.store import session_scope
from pgkit.store.models import Cohort, Enrolment, Organisation, Person, Region
from tests.conftest import FILES

IMPORT = FILES / "import"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8")


def counts(url: str) -> tuple[int, int, int]:
    with session_scope(url) as s:
        return tuple(s.scalar(select(func.count()).select_from(m))  # type: ignore[return-value]
                     for m in (Person, Cohort, Enrolment))


def test_excel_export_with_bom_and_semicolons_imports_every_name(db_url: str) -> None:
    result = run_cli("cohort", "import", str(IMPORT / "excel_semicolon_bom.csv"),
                     "--cohort", "Venlo voorjaar", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "4 deelnemers ingelezen" in result.stdout
    with session_scope(db_url) as s:
        names = set(s.scalars(select(Person.display_name)))
        cohort = s.scalar(select(Cohort))
        org = s.scalar(select(Organisation.name).join(
            Person, Person.organisation_id == Organisation.id).where(
            Person.display_name == "Pieter d'Hondt"))
    assert names == {"Ünal Yilmaz", "Sanne Janssen-Çelik", "Pieter d'Hondt", "Zoë Peeters"}
    assert cohort.name == "Venlo voorjaar" and cohort.region is Region.NOORD
    assert org == "Huisartsen Hartje Dorp; Echt"


def test_one_bad_line_is_named_and_nothing_changes(db_url: str) -> None:
    before = counts(db_url)
    result = run_cli("cohort", "import", str(IMPORT / "one_bad_email.csv"),
                     "--cohort", "Roermond 1", "--db", db_url)
    assert result.returncode != 0
    assert f"{IMPORT / 'one_bad_email.csv'}:3: email: 'femke.lemmens@roermond' is geen " \
           "geldig e-mailadres" in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(db_url) == before


def test_every_problem_is_reported_with_file_line_and_field() -> None:
    with pytest.raises(CohortImportError) as info:
        parse(IMPORT / "many_problems.csv")
    lines = [str(p).split(": ", 1)[0] + ": " + p.field for p in info.value.problems]
    name = str(IMPORT / "many_problems.csv")
    assert lines == [f"{name}:3: email", f"{name}:3: regio", f"{name}:4: email",
                     f"{name}:5: naam", f"{name}:5: organisatie"]
    messages = [p.message for p in info.value.problems]
    assert "'Oost' is geen bekende regio (kies Noord, Midden of Zuid)" in messages
    assert "'A@X.NL' staat ook al op regel 2" in messages


def test_email_already_in_cohort_is_refused_case_insensitively(db_url: str,
                                                               tmp_path: Path) -> None:
    first = IMPORT / "excel_semicolon_bom.csv"
    with session_scope(db_url) as s:
        import_cohort(s, first, "Venlo voorjaar")
    again = tmp_path / "again.csv"
    again.write_text("naam,email,organisatie,regio\nÜnal Yilmaz,UNAL.YILMAZ@ggd-ln.nl,GGD,Noord\n"
                     "Nieuw Iemand,nieuw@ggd-ln.nl,GGD,Noord\n", encoding="utf-8")
    before = counts(db_url)
    with pytest.raises(CohortImportError) as info, session_scope(db_url) as s:
        import_cohort(s, again, "Venlo voorjaar")
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "email")]
    assert "zit al in cohort Venlo voorjaar" in info.value.problems[0].message
    assert counts(db_url) == before


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "1: bestand: het bestand bevat geen deelnemers"),
    (b"naam,email\nA,a@x.nl\n", "1: organisatie: de kolom ontbreekt"),
    (b"naam,email,organisatie,regio\n", "2: bestand: het bestand bevat geen deelnemers"),
    ("naam;email;organisatie;regio\nJosé;j@x.nl;Org;Zuid\n".encode("cp1252"),
     "1: bestand: het bestand is geen UTF-8"),
])
def test_malformed_files_get_a_clear_message(tmp_path: Path, content: bytes,
                                             expected: str) -> None:
    path = tmp_path / "deelnemers.csv"
    path.write_bytes(content)
    with pytest.raises(CohortImportError) as info:
        parse(path)
    assert f"{path}:{expected}" in str(info.value)


def test_missing_file_and_bad_region_option_exit_cleanly(db_url: str, tmp_path: Path) -> None:
    missing = run_cli("cohort", "import", str(tmp_path / "nope.csv"), "--cohort", "X",
                      "--db", db_url)
    assert missing.returncode == 1 and "het bestand bestaat niet" in missing.stderr
    bad = run_cli("cohort", "import", str(IMPORT / "excel_semicolon_bom.csv"), "--cohort", "X",
                  "--region", "Oost", "--db", db_url)
    assert bad.returncode == 1 and "--region: 'Oost' is geen bekende regio" in bad.stderr
    assert counts(db_url) == (0, 0, 0)
