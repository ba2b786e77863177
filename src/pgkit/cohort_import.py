"""All-or-nothing import of trainees from a CSV export (Dutch Excel flavours included)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pgkit.messages import t
from pgkit.regions import parse_region
from pgkit.store import people
from pgkit.store.models import Person, Region, Role
from pgkit.textutil import slugify

COLUMNS = ("naam", "email", "organisatie", "regio")
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


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CohortImportError([Problem(str(path), 0, "bestand", t("import.not_found"))]) from None
    except UnicodeDecodeError:
        raise CohortImportError([Problem(str(path), 1, "bestand", t("import.encoding"))]) from None


def parse(path: Path) -> list[Row]:
    """Read and check every line; raise ``CohortImportError`` listing all problems."""
    name = str(path)
    text = _decode(path)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CohortImportError([Problem(name, 1, "bestand", t("import.empty"))]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CohortImportError([Problem(name, 1, c, t("import.missing_header")) for c in missing])
    index = {c: header.index(c) for c in COLUMNS}
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            problems.append(Problem(name, line, "regel", t(
                "import.too_many_fields", count=len(record), expected=len(header))))
            continue
        values = {c: (record[i].strip() if i < len(record) else "") for c, i in index.items()}
        line_problems = [Problem(name, line, c, t("import.missing_field"))
                         for c in COLUMNS if not values[c]]
        email = values["email"]
        if email and not EMAIL.match(email):
            line_problems.append(Problem(name, line, "email", t("import.bad_email", value=email)))
        elif email:
            key = email.lower()
            if key in seen:
                line_problems.append(Problem(name, line, "email", t(
                    "import.duplicate_in_file", value=email, other=seen[key])))
            else:
                seen[key] = line
        region = parse_region(values["regio"]) if values["regio"] else None
        if values["regio"] and region is None:
            line_problems.append(Problem(name, line, "regio",
                                         t("import.bad_region", value=values["regio"])))
        problems.extend(line_problems)
        if not line_problems and region is not None:
            rows.append(Row(line, values["naam"], email, values["organisatie"], region))
    if problems:
        raise CohortImportError(problems)
    if not rows:
        raise CohortImportError([Problem(name, 2, "bestand", t("import.empty"))])
    return rows


def import_cohort(session: Session, path: Path, cohort_name: str,
                  region: Region | None = None) -> int:
    """Import ``path`` into ``cohort_name`` inside the caller's transaction.

    Raises ``CohortImportError`` before writing anything when any line is wrong.
    """
    rows = parse(path)
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
    cohort = cohort or people.ensure_cohort(session, cohort_name, wanted)
    for row in rows:
        person = session.scalar(select(Person).where(func.lower(Person.email) == row.email.lower()))
        if person is None:
            org = people.ensure_organisation(session, row.organisation)
            person = people.ensure_person(
                session, people.unique_pseudonym(session, slugify(row.name)), row.name,
                (Role.TRAINEE,), email=row.email, organisation_id=org.id)
        people.enrol(session, cohort, person)
    return len(rows)
