"""AVG rights: one export of everything about a person, one erasure that leaves nothing linked.

The red team found that "Download al mijn gegevens" held only spinnenweb answers and that
"Alle spinnenwebben wissen" left the person, their enrolment, progress events, quiz
answers, reflections, attendance, seats and group-web contributions in the store. These
tests fill *every* table of ``Base.metadata`` for a victim and a bystander, then look for
the victim with a generic walk over the foreign keys (not with the code under test).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile

import pytest
from sqlalchemy import JSON, String, Text, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from pgkit import person_data
from pgkit.store import connect, session_scope, upgrade
from pgkit.store.all_models import metadata
from pgkit.store.models import (
    ActiewielAnswer,
    AssignmentGrade,
    Attendance,
    Cohort,
    CohortCoach,
    Consent,
    Enrolment,
    Meeting,
    MeetingKind,
    Organisation,
    Participant,
    Person,
    PersonRole,
    Poll,
    PollAnswer,
    ProgressEvent,
    QuizAnswer,
    QuizAttempt,
    Reflection,
    Region,
    Role,
    SpinnenwebAnswer,
    SpinnenwebFill,
)
from pgkit.store.models_intervision import (
    IntervisionCase,
    IntervisionRating,
    IntervisionTakeaway,
    IntervisionVote,
)
from pgkit.store.models_meetings import Observation, WebContribution
from pgkit.store.models_person_data import ErasedAttendance
from pgkit.store.models_privacy import GroupWebSnapshot

VICTIM = {"pseudonym": "zeldzaam-q7x", "display_name": "Qwerty Zeldzaam",
          "email": "qwerty.zeldzaam@voorbeeld.nl"}
BYSTANDER = {"pseudonym": "ander-k2v", "display_name": "Kiwi Anderson",
             "email": "kiwi.anderson@voorbeeld.nl"}


def _person(s: Session, org: Organisation, fields: dict, role: Role) -> Person:
    p = Person(**fields, organisation_id=org.id)
    p.roles.append(PersonRole(role=role))
    s.add(p)
    s.flush()
    return p


def _own_rows(s: Session, p: Person, tag: str) -> None:
    """Rows that belong to one person alone."""
    s.add_all([ProgressEvent(person_id=p.id, unit="eenheid1", kind="opened"),
               ProgressEvent(person_id=p.id, unit="eenheid1", kind="completed"),
               Reflection(person_id=p.id, key="eenheid1:reflectie", text=f"=mijn {tag} tekst"),
               Consent(person_id=p.id, topic="onderzoek", given=True),
               AssignmentGrade(person_id=p.id, assignment="opdracht1", status="nagekeken",
                               score=7.5, max_score=10)])
    attempt = QuizAttempt(person_id=p.id, unit="eenheid1", score=0.8)
    fill = SpinnenwebFill(person_id=p.id, mode="quick")
    s.add_all([attempt, fill])
    s.flush()
    s.add_all([QuizAnswer(attempt_id=attempt.id, question_id="v1", answer=["a", "b"],
                          correct=True),
               SpinnenwebAnswer(fill_id=fill.id, item_id="zingeving", dimension="Zingeving",
                                score=6, marked=True),
               ActiewielAnswer(fill_id=fill.id, question="wil", dimension="Zingeving",
                               text=f"{tag} wil meer wandelen")])


def populate(s: Session) -> tuple[int, int, int]:
    """Every table gets rows; returns (victim id, bystander id, meeting id)."""
    org = Organisation(name="GGD Limburg-Noord")
    cohort = Cohort(name="Venlo 1", region=Region.NOORD)
    s.add_all([org, cohort])
    s.flush()
    victim = _person(s, org, VICTIM, Role.FACILITATOR)
    other = _person(s, org, BYSTANDER, Role.TRAINEE)
    for p, tag in ((victim, "eigen"), (other, "andere")):
        _own_rows(s, p, tag)
        s.add(Enrolment(cohort_id=cohort.id, person_id=p.id))
    s.add(CohortCoach(cohort_id=cohort.id, person_id=victim.id))
    # The victim hosts a reflection meeting and also sits in an intervision.
    hosted = Meeting(cohort_id=cohort.id, kind=MeetingKind.REFLECTION_1, join_code="AAAAAA",
                     facilitator_id=victim.id, state={"roleplay": {"groups": []}})
    inter = Meeting(cohort_id=cohort.id, kind=MeetingKind.INTERVISION, join_code="BBBBBB")
    s.add_all([hosted, inter])
    s.flush()
    seats = {}
    for meeting in (hosted, inter):
        for p in (victim, other):
            seat = Participant(meeting_id=meeting.id, person_id=p.id,
                               display_name=p.display_name, token=f"t-{meeting.id}-{p.id}")
            s.add(seat)
            s.flush()
            seats[meeting.id, p.id] = seat.id
            s.add(Attendance(meeting_id=meeting.id, person_id=p.id, attended=True,
                             corrected_by=victim.id if p is other else None))
    poll = Poll(meeting_id=hosted.id, key="p1", question="Hoe gaat het?", options=["goed", "matig"])
    s.add(poll)
    s.flush()
    for p in (victim, other):
        seat = seats[hosted.id, p.id]
        s.add_all([PollAnswer(poll_id=poll.id, participant_id=seat, option_index=0),
                   WebContribution(meeting_id=hosted.id, participant_id=seat,
                                   scores={"zingeving": 6}),
                   IntervisionRating(meeting_id=inter.id, participant_id=seats[inter.id, p.id],
                                     score=4, line="Fijn gesprek."),
                   IntervisionTakeaway(meeting_id=inter.id, person_id=p.id, take_away="Rust.",
                                       next_step="Vragen stellen.")])
    v_seat, o_seat = seats[hosted.id, victim.id], seats[hosted.id, other.id]
    s.add_all([Observation(meeting_id=hosted.id, round=1, observer_id=v_seat, leader_id=o_seat,
                           checklist={"luisteren": 2}, note="Goed doorgevraagd."),
               Observation(meeting_id=hosted.id, round=2, observer_id=o_seat, leader_id=v_seat,
                           checklist={"luisteren": 1}, note="Meer stilte laten.")])
    case = IntervisionCase(meeting_id=inter.id, participant_id=seats[inter.id, victim.id],
                           title="Mijn casus", description="Over een cliënt.")
    s.add(case)
    s.flush()
    s.add_all([IntervisionVote(meeting_id=inter.id, participant_id=seats[inter.id, victim.id],
                               case_id=case.id),
               IntervisionVote(meeting_id=inter.id, participant_id=seats[inter.id, other.id],
                               case_id=case.id),
               ErasedAttendance(meeting_id=inter.id, attended=2),
               GroupWebSnapshot(meeting_id=hosted.id, contributors=5, means={"zingeving": 6.0},
                                members={str(v_seat): "2026-12-01", str(o_seat): "2026-12-01"})])
    s.flush()
    return victim.id, other.id, hosted.id


# --- a generic search for a person, independent of person_data ------------------------

def linked_rows(conn: Connection, person_id: int, needles: tuple[str, ...] = ()) -> dict[str, int]:
    """Per table: rows that point at the person, directly or through rows the person owns.

    A foreign key to ``people`` links a row. When that key deletes or nulls with the person
    (``ondelete`` CASCADE / SET NULL) the row is the person's own, and rows pointing at it
    are linked too (a quiz answer through its attempt, a poll answer through a seat). A
    plain reference (who hosted a meeting) links that row only. Text and JSON columns
    holding the person's name, login or e-mail link their row as well.
    """
    tables = metadata.sorted_tables
    data = {t.name: [dict(r._mapping) for r in conn.execute(select(t))] for t in tables}
    linked = {t.name: set() for t in tables}
    owned = {t.name: set() for t in tables}
    owned["people"] = {i for i, r in enumerate(data["people"]) if r["id"] == person_id}
    linked["people"] = set(owned["people"])
    changed = True
    while changed:
        changed = False
        for table in tables:
            for i, row in enumerate(data[table.name]):
                for fk in table.foreign_keys:
                    value = row[fk.parent.name]
                    target = fk.column
                    if value is None or not any(
                            data[target.table.name][j][target.name] == value
                            for j in owned[target.table.name]):
                        continue
                    if i not in linked[table.name]:
                        linked[table.name].add(i)
                        changed = True
                    if (fk.ondelete or "").upper() in ("CASCADE", "SET NULL") \
                            and i not in owned[table.name]:
                        owned[table.name].add(i)
                        changed = True
    for table in tables:
        texts = [c.name for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for i, row in enumerate(data[table.name]):
            if any(n.lower() in str(row[c]).lower() for c in texts for n in needles):
                linked[table.name].add(i)
    return {name: len(rows) for name, rows in linked.items() if rows}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    else:
        from tests.postgres import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_url"), "avg")
    upgrade(url)
    return url


@pytest.fixture
def world(url: str) -> tuple[str, int, int, int]:
    with session_scope(url) as s:
        return (url, *populate(s))


def _linked(url: str, pid: int, needles: tuple[str, ...] = ()) -> dict[str, int]:
    with connect(url).connect() as conn:
        return linked_rows(conn, pid, needles)


def test_every_table_has_a_rule_and_the_test_fills_every_table(world) -> None:
    """A new table fails here until person_data.RULES (and populate above) handle it."""
    url, victim, *_ = world
    tables = {t.name for t in metadata.sorted_tables}
    assert set(person_data.RULE_BY_TABLE) == tables
    with connect(url).connect() as conn:
        empty = [t.name for t in metadata.sorted_tables
                 if conn.execute(select(t).limit(1)).first() is None]
    assert empty == []
    for table in _linked(url, victim):
        rule = person_data.RULE_BY_TABLE[table]
        assert rule.file and rule.rows and rule.wipe, table


def test_erasure_leaves_no_row_linked_to_the_person(world) -> None:
    url, victim, other, hosted = world
    needles = tuple(VICTIM.values())
    before = _linked(url, victim, needles)
    assert len(before) >= 20  # the attack: all of these stayed after "Alle spinnenwebben wissen"
    other_before = _linked(url, other)
    with session_scope(url) as s:
        person_data.erase(s, person_data.find_person(s, VICTIM["email"].upper()))
    assert _linked(url, victim, needles) == {}
    # The bystander keeps everything, also the role-play feedback the victim wrote for
    # them (now from an anonymous seat), except their vote on the victim's own case and
    # their observation about the victim.
    other_after = _linked(url, other)
    expected = {**other_before,
                "intervision_votes": other_before["intervision_votes"] - 1,
                "roleplay_observations": other_before["roleplay_observations"] - 1}
    assert other_after == {k: n for k, n in expected.items() if n}
    with session_scope(url) as s:
        kept = s.scalars(select(Observation.note)).all()
    assert kept == ["Goed doorgevraagd."]
    with session_scope(url) as s:
        # Accreditation: attendance stays only as an anonymous count per meeting.
        assert person_data.erased_attendance(s, hosted) == 1
        inter = s.scalar(select(Meeting.id).where(Meeting.join_code == "BBBBBB"))
        assert person_data.erased_attendance(s, inter) == 3
        assert s.scalar(select(Meeting.facilitator_id).where(Meeting.id == hosted)) is None
        erased = s.scalars(select(Participant.display_name).where(
            Participant.person_id.is_(None))).all()
        assert erased == ["(gewist)", "(gewist)"]
        # The old seat token no longer opens anything.
        assert s.scalar(select(Participant).where(
            Participant.token == f"t-{hosted}-{victim}")) is None


def _read_zip(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n).decode("utf-8-sig") for n in zf.namelist()}
    readme = files.pop("LEESMIJ.txt")
    tables = {n: list(csv.reader(io.StringIO(text), delimiter=";")) for n, text in files.items()}
    tables["LEESMIJ.txt"] = [[readme]]
    return tables


def test_export_holds_every_row_of_every_table_linked_to_the_person(world) -> None:
    url, victim, *_ = world
    with session_scope(url) as s:
        data = person_data.export_zip(s, s.get(Person, victim))
    files = _read_zip(data)
    readme = files.pop("LEESMIJ.txt")[0][0]
    for table, n in _linked(url, victim).items():
        rule = person_data.RULE_BY_TABLE[table]
        rows = files[f"{rule.file}.csv"]
        assert len(rows) - 1 == n, (table, rows)
        assert f"- {rule.file}.csv (regels: {n}): " in readme
    assert "Nederlandse tijd" in readme
    # Dutch headers and values; text that a spreadsheet would run is neutralised.
    assert files["persoon.csv"][0] == ["login", "naam", "e-mailadres", "organisatie",
                                       "demoprofiel", "aangemaakt op", "taal"]
    assert files["persoon.csv"][1][:5] == [VICTIM["pseudonym"], VICTIM["display_name"],
                                           VICTIM["email"], "GGD Limburg-Noord", "nee"]
    assert files["reflecties.csv"][1][0:2] == ["eenheid1:reflectie", "'=mijn eigen tekst"]
    assert files["opdrachtcijfers.csv"][1][2] == "7,5"
    # Nothing of the bystander's own texts.
    assert "andere" not in "".join(str(v) for rows in files.values() for v in rows)


def test_a_person_is_found_by_login_or_email_and_an_unknown_one_is_named(world) -> None:
    url, victim, *_ = world
    with session_scope(url) as s:
        assert person_data.find_person(s, VICTIM["pseudonym"]).id == victim
        with pytest.raises(LookupError, match="Er is niemand met login of e-mailadres 'niemand'"):
            person_data.find_person(s, "niemand")


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgkit.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", input=stdin)


def test_coordinator_exports_and_erases_from_the_command_line(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        victim, *_ = populate(s)
    out = tmp_path / "export.zip"
    done = _cli("persoon", "export", VICTIM["email"], "--uit", str(out), "--db", url)
    assert done.returncode == 0, done.stderr
    assert f"Export van {VICTIM['pseudonym']} bewaard in {out}" in done.stdout
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert "LEESMIJ.txt" in zipfile.ZipFile(out).namelist()
    again = _cli("persoon", "export", VICTIM["email"], "--uit", str(out), "--db", url)
    assert again.returncode == 1 and "bestaat al" in again.stderr

    # Without a keyboard and without --ja nothing is erased.
    refused = _cli("persoon", "wis", VICTIM["pseudonym"], "--db", url, stdin="")
    assert refused.returncode == 1 and "--ja" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _linked(url, victim)
    unknown = _cli("persoon", "wis", "niemand@voorbeeld.nl", "--ja", "--db", url)
    assert unknown.returncode == 1 and "Er is niemand met" in unknown.stderr

    erased = _cli("persoon", "wis", VICTIM["pseudonym"], "--ja", "--db", url)
    assert erased.returncode == 0, erased.stderr
    assert "is gewist" in erased.stdout and "nbgrader db student remove" in erased.stdout
    assert _linked(url, victim, tuple(VICTIM.values())) == {}


def test_persoon_commands_have_dutch_help() -> None:
    for command in (["persoon", "export"], ["persoon", "wis"]):
        done = _cli(*command, "--help")
        assert done.stdout.startswith("gebruik: pgkit " + " ".join(command))
        assert "toon deze hulp en stop" in done.stdout and "--db URL" in done.stdout


def test_the_page_asks_first_then_erases_everything_and_stops_writing(tmp_path, monkeypatch):
    from pgkit.identity import User
    from pgkit.pages.spinnenweb import SpinnenwebPage
    from pgkit.store import db

    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        victim, *_ = populate(s)
    monkeypatch.setenv("PGKIT_DB", url)
    db.connect.cache_clear()
    try:
        page = SpinnenwebPage(User(victim, VICTIM["pseudonym"], VICTIM["display_name"]))
        root = page.widget()
        buttons = list(root.children[-2].children)
        assert [b.description for b in buttons] == ["Download al mijn gegevens (zip)",
                                                    "Wis al mijn gegevens"]
        buttons[0].click()
        [link] = page.erase_all_box.children
        assert 'download="mijn-gegevens-' in link.value and "application/zip" in link.value
        buttons[1].click()
        assert _linked(url, victim)  # only the question shows, nothing is erased yet
        question, choice = page.erase_all_box.children
        assert "Weet je het zeker?" in question.value and "telling" in question.value
        no, = [b for b in choice.children if b.description == "Nee, niets wissen"]
        no.click()
        assert page.erase_all_box.children == () and _linked(url, victim)
        buttons[1].click()
        yes = page.erase_all_box.children[1].children[0]
        assert yes.description == "Ja, wis alles over mij"
        yes.click()
        assert _linked(url, victim, tuple(VICTIM.values())) == {}
        [done] = root.children
        assert "Al je gegevens zijn gewist" in done.value
    finally:
        db.connect.cache_clear()
