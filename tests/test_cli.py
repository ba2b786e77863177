"""The pgkit command line: consistent Dutch help, demo data, cohort list and progress."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from pgkit.cli import main

COMMANDS = [["serve"], ["db", "upgrade"], ["demo"], ["cohort", "import"], ["cohort", "list"],
            ["cohort", "progress"], ["cohort", "set"]]


def pgkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_dutch_help(command: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("gebruik: pgkit " + " ".join(command))
    assert "toon deze hulp en stop" in out
    assert "--db URL" in out


def test_demo_is_reproducible_and_refuses_a_full_store(tmp_path) -> None:
    urls = [f"sqlite:///{tmp_path / f'{n}.sqlite'}" for n in "ab"]
    for url in urls:
        assert pgkit("demo", "--trainees", "40", "--cohorts", "4", "--seed", "3",
                     "--db", url).returncode == 0
    lists = [pgkit("cohort", "list", "--db", url).stdout for url in urls]
    assert lists[0] == lists[1] and len(lists[0].splitlines()) == 5
    head, first = lists[0].splitlines()[:2]
    assert head.split("\t") == ["Cohort", "Regio", "Deelnemers", "Intervisies"]
    tables = [pgkit("cohort", "progress", first.split("\t")[0], "--format", "json",
                    "--db", url).stdout for url in urls]
    assert json.loads(tables[0]) == json.loads(tables[1])
    again = pgkit("demo", "--db", urls[0])
    assert again.returncode == 1 and "bevat al cohorten" in again.stderr
    assert pgkit("demo", "--if-empty", "--db", urls[0]).returncode == 0


def test_demo_data_looks_like_limburg(demo_db_url: str) -> None:
    from sqlalchemy import func, select

    from pgkit.store import session_scope
    from pgkit.store.models import Cohort, Organisation, Person, PersonRole, Role

    with session_scope(demo_db_url) as s:
        names = list(s.scalars(select(Person.display_name)))
        regions = set(s.scalars(select(Cohort.region)))
        kinds = set(s.scalars(select(Organisation.kind)))
        roles = dict(s.execute(
            select(PersonRole.role, func.count()).group_by(PersonRole.role)).all())
    assert any(ch in "".join(names) for ch in "ëüïçÇÜ")
    assert len(regions) == 3
    assert {"GGD", "gemeente", "huisartsenpraktijk", "woningcorporatie", "ggz"} <= kinds
    assert roles[Role.TRAINEE] == 200 and roles[Role.COACH] >= 10 and roles[Role.FACILITATOR] >= 1


def test_progress_formats_agree(demo_db_url: str) -> None:
    name = pgkit("cohort", "list", "--db", demo_db_url).stdout.splitlines()[1].split("\t")[0]
    out = {fmt: pgkit("cohort", "progress", name, "--format", fmt, "--db", demo_db_url)
           for fmt in ("table", "csv", "json")}
    assert all(o.returncode == 0 for o in out.values()), [o.stderr for o in out.values()]
    rows = json.loads(out["json"].stdout)
    table = list(csv.reader(io.StringIO(out["csv"].stdout), delimiter=";"))  # Dutch Excel
    assert len(rows) == 20 and len(table) == 21 and len(out["table"].stdout.splitlines()) == 21
    assert len(table[0]) == len(rows[0])
    assert [r[0] for r in table[1:]] == [next(iter(r.values())) for r in rows]


def test_unknown_cohort_gets_a_dutch_message_not_a_traceback(demo_db_url: str) -> None:
    out = pgkit("cohort", "progress", "Bestaat Niet", "--db", demo_db_url)
    assert out.returncode == 1
    assert "Cohort 'Bestaat Niet' bestaat niet" in out.stderr and "Traceback" not in out.stderr


def test_db_upgrade_reports_without_password(tmp_path) -> None:
    out = pgkit("db", "upgrade", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert out.returncode == 0 and "De opslag is bijgewerkt" in out.stdout
