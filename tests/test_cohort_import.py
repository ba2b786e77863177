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


# --- big and broken files (issue 11, finding 11) ---------------------------------------

def test_a_10_mb_field_gets_a_dutch_message_naming_file_line_and_field(db_url: str,
                                                                       tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    path.write_text("naam,email,organisatie,regio\nAnna,anna@x.nl,GGD,Noord\n"
                    'Bram,bram@x.nl,"' + "x" * 10_000_000 + ",Zuid\n", encoding="utf-8")
    result = run_cli("cohort", "import", str(path), "--cohort", "Groot", "--db", db_url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "field larger" not in result.stderr
    assert f"{path}:3: organisatie: dit veld is langer dan 131.072 tekens" in result.stderr
    assert counts(db_url) == (0, 0, 0)


def test_a_nul_byte_gets_a_dutch_message(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"naam,email,organisatie,regio\nAn\x00na,a@x.nl,GGD,Noord\n")
    with pytest.raises(CohortImportError) as info:
        parse(path)
    assert str(info.value).startswith(f"{path}:2: naam: deze regel bevat een NUL-teken")


def big_file(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "veel.csv"
    lines = ["naam;email;organisatie;regio"]
    lines += [f"Deelnemer {i};d{i}@voorbeeld.nl;Organisatie {i % 40};Zuid" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_crash_between_batches_leaves_nothing(db_url: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pgkit.cohort_import.BATCH", 100)
    path = big_file(tmp_path, 450)
    written: list[int] = []

    def crash(step: str, done: int, total: int) -> None:
        if step == "bewaren":
            written.append(done)
            if len(written) == 3:
                raise KeyboardInterrupt  # the operator presses Ctrl-C mid-import
    with pytest.raises(KeyboardInterrupt), session_scope(db_url) as s:
        import_cohort(s, path, "Heerlen", progress=crash)
    assert written == [100, 200, 300]
    assert counts(db_url) == (0, 0, 0)
    with session_scope(db_url) as s:
        assert import_cohort(s, path, "Heerlen") == 450
    assert counts(db_url) == (450, 1, 450)


def test_the_write_transaction_is_a_few_bulk_statements(db_url: str, tmp_path: Path) -> None:
    """The 92k-row import held SQLite's write lock for minutes: several queries per line.

    Now everything is read and decided first; from the first INSERT to the commit only
    bulk statements run, a handful per batch of BATCH rows.
    """
    from sqlalchemy import event

    from pgkit.cohort_import import BATCH
    from pgkit.store import connect

    path = big_file(tmp_path, 3 * BATCH + 5)
    statements: list[str] = []
    engine = connect(db_url)

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.split(None, 1)[0].upper())
    event.listen(engine, "before_cursor_execute", seen)
    try:
        with session_scope(db_url) as s:
            import_cohort(s, path, "Sittard")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    first_write = statements.index("INSERT")
    assert len(statements) - first_write <= 4 * 4 + 6, statements[first_write:]
    assert counts(db_url)[0] == 3 * BATCH + 5


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    from pgkit.store import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    else:
        from tests.postgres import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_url"), "imp")
    upgrade(url)
    return url


def test_another_writer_gets_through_while_a_big_file_is_checked(any_url: str,
                                                                 tmp_path: Path) -> None:
    """A second connection that will not wait at all can write during the check.

    On PostgreSQL it can also write between the import's batches (row locks only).
    """
    from sqlalchemy import create_engine, text

    from pgkit.cohort_import import BATCH
    from pgkit.store import resolve_url

    path = big_file(tmp_path, 2 * BATCH + 5)
    sqlite = any_url.startswith("sqlite")
    other = create_engine(resolve_url(any_url),
                          connect_args={"timeout": 0} if sqlite else {})
    writes: list[str] = []

    def write_meanwhile(step: str, done: int, total: int) -> None:
        if step == "bewaren" and sqlite:
            return  # SQLite has one writer: this short phase is where it waits
        with other.begin() as conn:
            if not sqlite:
                conn.execute(text("SET LOCAL lock_timeout = '1s'"))
            conn.execute(text("INSERT INTO organisations (name) VALUES (:n)"),
                         {"n": f"Ander {step} {done}"})
        writes.append(step)
    try:
        with session_scope(any_url) as s:
            import_cohort(s, path, "Venray", progress=write_meanwhile)
    finally:
        other.dispose()
    assert "controleren" in writes
    assert ("bewaren" in writes) is not sqlite
    with session_scope(any_url) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2 * BATCH + 5
        assert s.scalar(select(func.count()).select_from(Organisation).where(
            Organisation.name.like("Ander %"))) == len(writes)


@pytest.mark.parametrize("header", ["E-mail", "e-mail", "Email", "E-mailadres", "E-Mail",
                                    "emailadres", " E-mail "])
def test_an_e_mail_column_spelled_the_dutch_way_is_accepted(tmp_path: Path, header: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(f"Naam;{header};Organisatie;Regio\nSevda Çakır;sevda@example.nl;Zet;Noord\n",
                    encoding="utf-8")
    [row] = parse(path)
    assert row.email == "sevda@example.nl" and row.name == "Sevda Çakır"


def test_login_ids_keep_letters_without_an_accent_form():
    from pgkit.textutil import slugify

    assert slugify("Sevda Çakır") == "sevda-cakir"
    assert slugify("Søren Groß") == "soren-gross"
    assert slugify("Anaïs Janssen-Çelik") == "anais-janssen-celik"


def test_a_line_with_too_many_fields_is_named_and_blank_lines_are_skipped(
        tmp_path: Path) -> None:
    path = tmp_path / "deelnemers.csv"
    path.write_text("naam,email,organisatie,regio\n\n,,,\nAnna,anna@x.nl,GGD,Noord,extra\n"
                    "Bram,bram@x.nl,GGD,Zuid\n", encoding="utf-8")
    with pytest.raises(CohortImportError) as info:
        parse(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:4: regel: deze regel heeft 5 velden, de kopregel 4"]
