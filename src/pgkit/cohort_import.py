"""All-or-nothing import of trainees from a CSV export (Dutch Excel flavours included).

Two phases, so a big file does not lock other writers out of the store:
1. read and check every line and plan every row, with only reads (on SQLite these take
   no write lock);
2. write the planned rows in bulk batches of ``BATCH`` inside the caller's transaction,
   so the write lock (SQLite) is held for seconds, not minutes, and the import is still
   all-or-nothing.
``progress(step, done, total)`` is told about both phases (the CLI draws a bar).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pgkit.export_format import dutch_int
from pgkit.messages import t
from pgkit.regions import parse_region
from pgkit.store import people
from pgkit.store.models import (
    Enrolment,
    Organisation,
    Person,
    PersonRole,
    Region,
    Role,
    utcnow,
)
from pgkit.textutil import slugify

COLUMNS = ("naam", "email", "organisatie", "regio")
BATCH = 2000
Progress = Callable[[str, int, int], None]  # (step "controleren" | "bewaren", done, total)
# How Dutch spreadsheets often spell the email column (headers are compared in lower case,
# so "Email" and "E-Mail" match too).
HEADER_ALIASES = {"e-mail": "email", "e-mailadres": "email", "emailadres": "email",
                  "e-mail adres": "email", "mailadres": "email"}
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return t("import.line", file=self.file, line=self.line, field=self.field,
                 message=self.message)


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    email: str
    organisation: str
    region: Region


class CohortImportError(Exception):
    """Raised with every problem found; the store has not been touched."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _file_problem(name: str, line: int, key: str) -> Problem:
    """A problem with the file as a whole (its field is "bestand")."""
    return Problem(name, line, t("import.field_file"), t(key))


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CohortImportError([_file_problem(str(path), 0, "import.not_found")]) from None
    except UnicodeDecodeError:
        raise CohortImportError([_file_problem(str(path), 1, "import.encoding")]) from None


def _longest_field(raw: str, delimiter: str) -> int:
    """Index of the field that broke the reader: an unclosed quote, else the longest one."""
    index, quoted, lengths = 0, False, [0]
    for ch in raw:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            index += 1
            lengths.append(0)
        else:
            lengths[index] += 1
    return index if quoted else max(range(len(lengths)), key=lengths.__getitem__)


def _csv_problem(name: str, text: str, line: int, delimiter: str, header: list[str] | None,
                 error: csv.Error) -> Problem:
    """A Dutch message for what Python's csv module says in English."""
    raw = text.split("\n", line)[line - 1] if line >= 1 else ""
    where = _longest_field(raw, delimiter)
    field = (header[where] if header and where < len(header) and header[where]
             else t("import.field_number", n=where + 1))
    detail = str(error)
    if "field larger than field limit" in detail:
        message = t("import.field_too_long", max=dutch_int(csv.field_size_limit()))
    elif "NUL" in detail:
        message = t("import.nul_byte")
    else:
        message = t("import.bad_csv")
    return Problem(name, line, field, message)


def _records(reader, name: str, text: str, delimiter: str, header: list[str] | None):
    """The reader's records with the line they start on; a csv.Error becomes a Problem."""
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CohortImportError([_csv_problem(name, text, start, delimiter, header, exc)]) \
                from None
        yield start, record


def _delimiter(text: str) -> str:
    """Dutch Excel writes ``;``, the rest of the world ``,``: the header line decides."""
    header_line = text.split("\n", 1)[0]
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _columns(name: str, first: list[str]) -> tuple[list[str], dict[str, int]]:
    """The header (aliases resolved) and where each of ``COLUMNS`` stands in it."""
    header = [HEADER_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CohortImportError([Problem(name, 1, c, t("import.missing_header")) for c in missing])
    return header, {c: header.index(c) for c in COLUMNS}


def _shape_problems(name: str, line: int, record: list[str], header: list[str],
                    index: dict[str, int]) -> list[Problem]:
    """A record that cannot be read as a row at all: too many fields, or a NUL byte."""
    if len(record) > len(header):
        return [Problem(name, line, t("import.field_line"), t(
            "import.too_many_fields", count=len(record), expected=len(header)))]
    # Python's csv reads a NUL, PostgreSQL refuses it: never a name with a NUL.
    return [Problem(name, line, c, t("import.nul_byte"))
            for c, i in index.items() if i < len(record) and "\x00" in record[i]]


def _email_problems(name: str, line: int, email: str, seen: dict[str, int]) -> list[Problem]:
    """A malformed address, or one an earlier line of the file already has (``seen``)."""
    if not email:
        return []
    if not EMAIL.match(email):
        return [Problem(name, line, "email", t("import.bad_email", value=email))]
    key = email.lower()
    if key in seen:
        return [Problem(name, line, "email", t(
            "import.duplicate_in_file", value=email, other=seen[key]))]
    seen[key] = line
    return []


def _check_values(name: str, line: int, values: dict[str, str],
                  seen: dict[str, int]) -> tuple[list[Problem], Row | None]:
    """The problems of one line's values, or its ``Row`` when it has none."""
    problems = [Problem(name, line, c, t("import.missing_field"))
                for c in COLUMNS if not values[c]]
    problems += _email_problems(name, line, values["email"], seen)
    region = parse_region(values["regio"]) if values["regio"] else None
    if values["regio"] and region is None:
        problems.append(Problem(name, line, "regio",
                                t("import.bad_region", value=values["regio"])))
    if problems or region is None:
        return problems, None
    return [], Row(line, values["naam"], values["email"], values["organisatie"], region)


def _check_record(name: str, line: int, record: list[str], header: list[str],
                  index: dict[str, int], seen: dict[str, int]) -> tuple[list[Problem], Row | None]:
    """One record's problems, or its ``Row``; a blank line has neither."""
    if not any(cell.strip() for cell in record):
        return [], None
    shape = _shape_problems(name, line, record, header, index)
    if shape:
        return shape, None
    values = {c: (record[i].strip() if i < len(record) else "") for c, i in index.items()}
    return _check_values(name, line, values, seen)


def parse(path: Path, progress: Progress | None = None) -> list[Row]:
    """Read and check every line; raise ``CohortImportError`` listing all problems."""
    name = str(path)
    text = _decode(path)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total = max(text.count("\n"), 1)
    first = next(_records(reader, name, text, delimiter, None), None)
    if first is None:
        raise CohortImportError([_file_problem(name, 1, "import.empty")])
    header, index = _columns(name, first[1])
    problems: list[Problem] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for line, record in _records(reader, name, text, delimiter, header):
        if progress and line % BATCH == 0:
            progress("controleren", line, total)
        line_problems, row = _check_record(name, line, record, header, index, seen)
        problems += line_problems
        if row is not None:
            rows.append(row)
    if problems:
        raise CohortImportError(problems)
    if not rows:
        raise CohortImportError([_file_problem(name, 2, "import.empty")])
    return rows


@dataclass
class Plan:
    """What phase 2 writes: decided from reads only."""

    cohort_id: int | None
    cohort_region: Region
    organisations: list[str]  # new names
    people: list[dict]  # new Person rows (``organisation`` still a name)
    enrol_existing: list[int]  # ids of people already in the store


def plan(session: Session, path: Path, cohort_name: str, region: Region | None = None,
         progress: Progress | None = None) -> tuple[list[Row], Plan]:
    """Phase 1: check the file against the store and decide every row, without writing."""
    rows = parse(path, progress)
    name = str(path)
    cohort = people.cohort_by_name(session, cohort_name)
    wanted = region or Counter(r.region for r in rows).most_common(1)[0][0]
    problems: list[Problem] = []
    if cohort is not None and region is not None and cohort.region != region:
        problems.append(Problem(name, 1, "regio", t(
            "import.region_conflict", cohort=cohort_name, existing=cohort.region.value,
            value=region.value)))
    if cohort is not None:
        existing = people.cohort_emails(session, cohort)
        problems += [Problem(name, r.line, "email", t(
            "import.duplicate_in_cohort", value=r.email, cohort=cohort_name))
            for r in rows if r.email.lower() in existing]
    if problems:
        raise CohortImportError(problems)
    # One read per table instead of several queries per line.
    by_email: dict[str, int] = {}
    for email, pid in session.execute(select(func.lower(Person.email), Person.id)
                                      .where(Person.email.is_not(None)).order_by(Person.id)):
        by_email.setdefault(email, pid)
    taken = set(session.scalars(select(Person.pseudonym)))
    orgs = set(session.scalars(select(Organisation.name)))
    new_orgs: dict[str, None] = {}
    new_people: list[dict] = []
    enrol_existing: list[int] = []
    for row in rows:
        pid = by_email.get(row.email.lower())
        if pid is not None:
            enrol_existing.append(pid)
            continue
        if row.organisation not in orgs:
            new_orgs.setdefault(row.organisation)
        pseudonym = _unique(slugify(row.name), taken)
        new_people.append({"pseudonym": pseudonym, "display_name": row.name,
                           "email": row.email, "organisation": row.organisation})
    return rows, Plan(cohort.id if cohort else None, wanted, list(new_orgs), new_people,
                      enrol_existing)


def _unique(base: str, taken: set[str]) -> str:
    """``base``, else ``base-2``, ``base-3`` ... (as ``people.unique_pseudonym``), reserved."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _batches(items: list):
    for i in range(0, len(items), BATCH):
        yield items[i:i + BATCH]


def write(session: Session, cohort_name: str, p: Plan, progress: Progress | None = None) -> None:
    """Phase 2: bulk inserts in batches, all in the caller's one transaction.

    Core ``executemany`` on the session's connection, not ORM bulk inserts: the ORM path
    spent nine tenths of the write phase on bookkeeping (benchmarks/README.md), and this
    phase is the one that holds SQLite's write lock.
    """
    total = len(p.people) + len(p.enrol_existing)
    done = 0
    now = utcnow()
    cohort_id = p.cohort_id or people.ensure_cohort(session, cohort_name, p.cohort_region).id
    conn = session.connection()
    for names in _batches(p.organisations):
        conn.execute(insert(Organisation), [{"name": n} for n in names])
    org_ids = dict(conn.execute(select(Organisation.name, Organisation.id).where(
        Organisation.name.in_({r["organisation"] for r in p.people}))).all()) if p.people else {}
    for batch in _batches(p.people):
        # A plain executemany, then one read of the new ids: INSERT ... RETURNING in
        # parameter order runs row by row on SQLite.
        conn.execute(insert(Person), [
            {"pseudonym": r["pseudonym"], "display_name": r["display_name"], "email": r["email"],
             "organisation_id": org_ids[r["organisation"]], "is_demo": False,
             "created_at": now} for r in batch])
        ids = list(conn.scalars(select(Person.id).where(
            Person.pseudonym.in_([r["pseudonym"] for r in batch]))))
        conn.execute(insert(PersonRole), [{"person_id": i, "role": Role.TRAINEE} for i in ids])
        conn.execute(insert(Enrolment), [{"cohort_id": cohort_id, "person_id": i,
                                          "enrolled_at": now} for i in ids])
        done += len(batch)
        if progress:
            progress("bewaren", done, total)
    already = set(conn.scalars(select(Enrolment.person_id).where(
        Enrolment.cohort_id == cohort_id))) if p.enrol_existing else set()
    for batch in _batches([i for i in dict.fromkeys(p.enrol_existing) if i not in already]):
        conn.execute(insert(Enrolment), [{"cohort_id": cohort_id, "person_id": i,
                                          "enrolled_at": now} for i in batch])
        done += len(batch)
        if progress:
            progress("bewaren", done, total)


def import_cohort(session: Session, path: Path, cohort_name: str,
                  region: Region | None = None, progress: Progress | None = None) -> int:
    """Import ``path`` into ``cohort_name`` inside the caller's transaction.

    Raises ``CohortImportError`` before writing anything when any line is wrong. When
    another writer adds the same person between the two phases, the unique keys refuse
    it and the caller's transaction rolls back whole.
    """
    rows, p = plan(session, path, cohort_name, region, progress)
    try:
        write(session, cohort_name, p, progress)
    except IntegrityError:
        raise CohortImportError([_file_problem(str(path), 0, "import.changed")]) from None
    return len(rows)
