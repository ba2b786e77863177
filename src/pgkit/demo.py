"""Realistic, reproducible synthetic data: cohorts spread along the training path.

The same seed gives the same people, organisations and progress. Dates are laid out
relative to ``today`` so that "last activity" and stalled flags look natural.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from pgkit.curriculum import DEFAULT_INTERVISION_MEETINGS, UNIT_KEYS
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store import people
from pgkit.store.models import (
    Attendance,
    Cohort,
    CohortCoach,
    Enrolment,
    Meeting,
    MeetingKind,
    Organisation,
    Person,
    PersonRole,
    ProgressEvent,
    QuizAnswer,
    QuizAttempt,
    Reflection,
    Region,
    Role,
    SpinnenwebAnswer,
    SpinnenwebFill,
)
from pgkit.textutil import slugify

FIRST_NAMES = (
    "Ünal", "Zoë", "Chloë", "Noël", "Anaïs", "Jeroen", "Sanne", "Mehmet", "Fatima", "Björn",
    "Inès", "René", "Loïs", "Daan", "Femke", "Maud", "Bram", "Lotte", "Sem", "Esmée", "Thijs",
    "Joëlle", "Mariëlle", "Koen", "Ilse", "Gerrit", "Yasmina", "Stijn", "Anouk", "Luuk",
    "Mohamed", "Ayşe", "Wim", "Petra", "Hüseyin", "Marloes", "Niek", "Desirée", "Rob", "Inge",
)
LAST_NAMES = (
    "Janssen", "Peeters", "Hendriks", "Willems", "Smeets", "Vossen", "Lemmens", "Wijnen",
    "Çelik", "Yılmaz", "d'Hondt", "van den Berg", "Schrijnemakers", "Claessens", "Kusters",
    "Bastiaens", "Meertens", "Geurts", "Gielen", "Ramakers", "Heijnen", "Janssen-Çelik",
    "Ortmans", "El Amrani", "Boumans", "Frijns", "Brouwers", "Op 't Veld", "Crijns", "Dassen",
)
ORGANISATIONS: tuple[tuple[str, str, Region], ...] = (
    ("GGD Limburg-Noord", "GGD", Region.NOORD),
    ("GGD Zuid Limburg", "GGD", Region.ZUID),
    ("Gemeente Venlo", "gemeente", Region.NOORD),
    ("Gemeente Venray", "gemeente", Region.NOORD),
    ("Gemeente Roermond", "gemeente", Region.MIDDEN),
    ("Gemeente Weert", "gemeente", Region.MIDDEN),
    ("Gemeente Maastricht", "gemeente", Region.ZUID),
    ("Gemeente Heerlen", "gemeente", Region.ZUID),
    ("Huisartsen Hartje Dorp", "huisartsenpraktijk", Region.MIDDEN),
    ("Huisartsenpraktijk De Maasoever", "huisartsenpraktijk", Region.ZUID),
    ("Huisartsenpraktijk Peelland", "huisartsenpraktijk", Region.NOORD),
    ("Woonstichting Maasdal", "woningcorporatie", Region.MIDDEN),
    ("Heuvelland Wonen", "woningcorporatie", Region.ZUID),
    ("Wooncoöperatie Noorderpoort", "woningcorporatie", Region.NOORD),
    ("GGZ Maas en Roer", "ggz", Region.MIDDEN),
    ("GGZ Heuvelland", "ggz", Region.ZUID),
    ("Burgerkracht Limburg", "welzijn", Region.ZUID),
    ("LEVANTOgroep", "zorg en welzijn", Region.ZUID),
    ("a4works", "werk", Region.ZUID),
    ("MUMC+", "ziekenhuis", Region.ZUID),
)
CITIES: dict[Region, tuple[str, ...]] = {
    Region.NOORD: ("Venlo", "Venray", "Gennep"),
    Region.MIDDEN: ("Roermond", "Weert", "Echt"),
    Region.ZUID: ("Maastricht", "Heerlen", "Sittard", "Kerkrade"),
}
# Share of trainees who are still busy with the e-learning and were active lately.
ACTIVE_SHARE = 0.7
DEMO_TRAINEE = "demo-deelnemer"
DEMO_FACILITATOR = "demo-begeleider"
DEMO_COACH = "demo-coach"
DEMO_COORDINATOR = "demo-coordinator"


@dataclass(frozen=True)
class DemoSummary:
    trainees: int
    cohorts: int
    coaches: int
    facilitators: int


class _Ids:
    """Hands out primary keys so bulk inserts need no round trip per row."""

    def __init__(self, session: Session, model: type[Any]) -> None:
        from sqlalchemy import func, select

        self.next = (session.scalar(select(func.max(model.id))) or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _email(name: str, n: int) -> str:
    return f"{slugify(name).replace('-', '.')}.{n}@voorbeeld.nl"


class _Demo:
    """One demo load: the random stream, the rows it collects and the ids it hands out.

    Every step draws from the one ``rng`` in a fixed order, so the same seed gives the
    same data; a step that changes its draws changes every demo store after it.
    """

    def __init__(self, session: Session, rng: random.Random, today: dt.datetime) -> None:
        self.session, self.rng, self.today = session, rng, today
        self.rows: dict[type, list[dict]] = {m: [] for m in (
            Person, PersonRole, CohortCoach, Enrolment, ProgressEvent, QuizAttempt, QuizAnswer,
            Reflection, Meeting, Attendance, SpinnenwebFill, SpinnenwebAnswer)}
        self.person_ids = _Ids(session, Person)
        self.quiz_ids = _Ids(session, QuizAttempt)
        self.fill_ids = _Ids(session, SpinnenwebFill)
        self.meeting_ids = _Ids(session, Meeting)
        self.orgs = {name: people.ensure_organisation(session, name, kind)
                     for name, kind, _ in ORGANISATIONS}
        self.facilitator_ids: list[int] = []
        self.meetings: dict[tuple[int, str, int], int] = {}

    def person(self, pseudonym: str, name: str, roles: tuple[Role, ...],
               org: Organisation | None, email: str | None) -> int:
        pid = self.person_ids.take()
        self.rows[Person].append({"id": pid, "pseudonym": pseudonym, "display_name": name,
                                  "email": email, "organisation_id": org.id if org else None,
                                  "is_demo": True,
                                  "created_at": self.today - dt.timedelta(days=400)})
        self.rows[PersonRole].extend({"person_id": pid, "role": r} for r in roles)
        return pid

    def staff(self, n_coaches: int, n_facilitators: int) -> list[int]:
        """The coordinator, the coaches (their ids returned) and the facilitators."""
        self.person(DEMO_COORDINATOR, "Marieke Vencken", (Role.COORDINATOR,), None,
                    "coordinator@voorbeeld.nl")
        coach_ids = [self.person(DEMO_COACH if i == 0 else f"coach-{i + 1}", _name(self.rng),
                                 (Role.COACH,), self.rng.choice(list(self.orgs.values())), None)
                     for i in range(n_coaches)]
        self.facilitator_ids = [self.person(DEMO_FACILITATOR if i == 0 else f"begeleider-{i + 1}",
                                            _name(self.rng), (Role.FACILITATOR,), None, None)
                                for i in range(n_facilitators)]
        return coach_ids

    def cohorts(self, count: int) -> list[tuple[Cohort, dt.datetime]]:
        """``count`` cohorts round the three regions, each with the day it started."""
        regions = list(Region)
        made = []
        used: dict[str, int] = {}
        for c in range(count):
            region = regions[c % 3]
            started = self.today - dt.timedelta(days=self.rng.randint(30, 240) if c else 120)
            city = CITIES[region][(c // 3) % len(CITIES[region])]
            used[city] = used.get(city, 0) + 1
            cohort = Cohort(name=f"{city} {used[city]}", region=region, created_at=started)
            self.session.add(cohort)
            made.append((cohort, started))
        self.session.flush()
        return made

    def coaches(self, cohorts: list[tuple[Cohort, dt.datetime]], coach_ids: list[int]) -> None:
        """Each cohort its own coach in turn, and sometimes a second one."""
        for i, (cohort, _) in enumerate(cohorts):
            mine = {coach_ids[i % len(coach_ids)]}
            if self.rng.random() < 0.3:
                mine.add(self.rng.choice(coach_ids))
            self.rows[CohortCoach].extend({"cohort_id": cohort.id, "person_id": c} for c in mine)

    def meeting(self, cohort: Cohort, kind: MeetingKind, seq: int, when: dt.datetime) -> int:
        """The id of the cohort's ``seq``-th meeting of ``kind``, made the first time."""
        key = (cohort.id, kind.value, seq)
        if key not in self.meetings:
            mid = self.meeting_ids.take()
            self.meetings[key] = mid
            self.rows[Meeting].append({
                "id": mid, "cohort_id": cohort.id, "kind": kind, "sequence": seq,
                "join_code": None,
                "facilitator_id": self.rng.choice(self.facilitator_ids), "opened_at": when,
                "closed_at": when + dt.timedelta(hours=3, minutes=30), "state": None,
                "method": ("vijfstappen" if kind is MeetingKind.INTERVISION
                           else f"bijeenkomst{seq}")})
        return self.meetings[key]

    def attend(self, cohort: Cohort, kind: MeetingKind, seq: int, pid: int,
               when: dt.datetime) -> None:
        self.rows[Attendance].append({"meeting_id": self.meeting(cohort, kind, seq, when),
                                      "person_id": pid, "attended": True, "updated_at": when})

    def trainees(self, count: int, cohorts: list[tuple[Cohort, dt.datetime]]) -> None:
        """``count`` trainees over the cohorts; the first is the demo trainee, all done."""
        by_region = {r: [o for (_, _, reg), o in zip(ORGANISATIONS, self.orgs.values(),
                                                      strict=True) if reg is r]
                     for r in Region}
        for n in range(count):
            cohort, started = cohorts[n % len(cohorts)]
            name = "Ünal Janssen-Çelik" if n == 0 else _name(self.rng)
            pseudonym = DEMO_TRAINEE if n == 0 else f"deelnemer-{n + 1}"
            org = self.rng.choice(by_region[cohort.region])
            pid = self.person(pseudonym, name, (Role.TRAINEE,), org, _email(name, n + 1))
            self.rows[Enrolment].append({"cohort_id": cohort.id, "person_id": pid,
                                         "enrolled_at": started})
            self.trainee_path(n, pid, cohort, started)

    def trainee_path(self, n: int, pid: int, cohort: Cohort, started: dt.datetime) -> None:
        """One trainee's units, recent visits, meetings and spinnenweb fills."""
        # How far along the path: older cohorts are further, with a long tail of stragglers.
        reach = min(1.0, (self.today - started).days / 200 + self.rng.uniform(-0.35, 0.25))
        units_done = self.units(pid, 7 if n == 0 else max(0, min(7, int(reach * 10))), started)
        if n and units_done < 7 and self.rng.random() < ACTIVE_SHARE:
            _recent_visits(self.rows, self.rng, pid, UNIT_KEYS[units_done], self.today)
        if units_done == 7 and n != 0:
            self.meetings_attended(pid, cohort, started, reach)
        self.fills(n, pid, started)

    def fills(self, n: int, pid: int, started: dt.datetime) -> None:
        """Most trainees filled in their spinnenweb once; the demo trainee twice."""
        if n == 0 or self.rng.random() < 0.6:
            for fill_no in range(2 if n == 0 else 1):
                _demo_fill(self.rows, self.rng, pid, self.fill_ids.take(),
                           started + dt.timedelta(days=5 + 40 * fill_no))

    def units(self, pid: int, units_done: int, started: dt.datetime) -> int:
        """The unit events up to ``units_done``; returns how many units are really done,
        as nothing happens in the last two days."""
        clock = started + dt.timedelta(hours=self.rng.randint(1, 72))
        for u, unit in enumerate(UNIT_KEYS):
            if clock > self.today - dt.timedelta(days=2):  # the rest has not happened yet
                return min(units_done, u)
            if u > units_done:
                break
            clock = _unit_events(self.rows, self.rng, pid, unit, clock, u < units_done,
                                 self.quiz_ids)
        return units_done

    def meetings_attended(self, pid: int, cohort: Cohort, started: dt.datetime,
                          reach: float) -> None:
        """Both reflection meetings when far enough along, then the intervisions."""
        for step, (kind, seq) in enumerate(
                [(MeetingKind.REFLECTION_1, 1), (MeetingKind.REFLECTION_2, 2)]):
            when = started + dt.timedelta(days=60 + 30 * step)
            if when > self.today or reach < 0.75 + 0.08 * step:
                return
            self.attend(cohort, kind, seq, pid, when)
        # Demo cohorts keep the kit's default number of intervisions.
        for seq in range(1, DEFAULT_INTERVISION_MEETINGS + 1):
            when = started + dt.timedelta(days=90 + 56 * seq)
            if when > self.today or self.rng.random() < 0.2:
                return
            self.attend(cohort, MeetingKind.INTERVISION, seq, pid, when)

    def write(self) -> None:
        for model, batch in self.rows.items():
            if batch:
                self.session.execute(insert(model), batch)
        self.session.flush()
        _advance_sequences(self.session, (Person, QuizAttempt, SpinnenwebFill, Meeting))


def load(session: Session, trainees: int = 200, cohorts: int = 10, seed: int = 2026,
         today: dt.datetime | None = None) -> DemoSummary:
    """Fill an empty store. The caller's transaction makes it all-or-nothing."""
    today = today or dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=12, minute=0, second=0,
                                                   microsecond=0)
    demo = _Demo(session, random.Random(seed), today)
    n_coaches, n_facilitators = max(2, round(cohorts * 1.2)), max(1, cohorts // 2)
    coach_ids = demo.staff(n_coaches, n_facilitators)
    made = demo.cohorts(cohorts)
    demo.coaches(made, coach_ids)
    demo.trainees(trainees, made)
    demo.write()
    return DemoSummary(trainees, cohorts, n_coaches, n_facilitators)


def _recent_visits(rows: dict[type, list[dict]], rng: random.Random, pid: int, unit: str,
                   today: dt.datetime) -> None:
    """Most people still busy were on the unit they are working on in the last days."""
    for _ in range(rng.randint(1, 4)):
        when = today - dt.timedelta(days=rng.uniform(0.2, 12))
        rows[ProgressEvent].append({"person_id": pid, "unit": unit, "kind": "section",
                                        "detail": f"s{rng.randint(1, 4)}", "created_at": when})


def _advance_sequences(session: Session, models: tuple[type[Any], ...]) -> None:
    """PostgreSQL: ids were handed out here, so move each serial past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))


def _unit_events(rows: dict[type, list[dict]], rng: random.Random, pid: int, unit: str,
                 clock: dt.datetime, finishing: bool, quiz_ids: _Ids) -> dt.datetime:
    def event(kind: str, detail: str | None = None) -> None:
        nonlocal clock
        clock += dt.timedelta(minutes=rng.randint(1, 9))
        rows[ProgressEvent].append({"person_id": pid, "unit": unit, "kind": kind, "detail": detail,
                                        "created_at": clock})

    event("opened")
    sections = rng.randint(3, 6) if finishing else rng.randint(1, 3)
    for s in range(sections + rng.randint(2, 12)):  # rereading is common
        event("section", f"s{s % sections + 1}")
    if not finishing:
        return clock
    event("exercise", "oefening1")
    attempts = 1 if rng.random() < 0.7 else rng.randint(2, 3)
    for a in range(attempts):
        last = a == attempts - 1
        score = rng.choice([0.8, 0.8, 1.0, 1.0, 0.9]) if last else rng.choice([0.4, 0.6])
        qid = quiz_ids.take()
        rows[QuizAttempt].append({"id": qid, "person_id": pid, "unit": unit, "score": score,
                                      "started_at": clock, "finished_at": clock})
        rows[QuizAnswer].extend({"attempt_id": qid, "question_id": f"v{q + 1}", "answer": None,
                                     "correct": q < round(score * 5), "answered_at": clock}
                                for q in range(5))
        event("quiz", f"poging {a + 1}")
    rows[Reflection].append({"person_id": pid, "key": f"{unit}:reflectie",
                                 "text": "(demotekst)", "updated_at": clock})
    event("completed")
    return clock + dt.timedelta(days=rng.randint(1, 10))


def _demo_fill(rows: dict[type, list[dict]], rng: random.Random, pid: int, fid: int,
               when: dt.datetime) -> None:
    rows[SpinnenwebFill].append({"id": fid, "person_id": pid, "mode": "quick", "context": "demo",
                                     "created_at": when, "updated_at": when})
    for dim in DIMENSIONS:
        rows[SpinnenwebAnswer].append({
            "fill_id": fid, "item_id": dimension_key(dim), "dimension": dim,
            "score": float(rng.randint(3, 9)), "marked": rng.random() < 0.15, "answered_at": when})


def personas() -> dict[Role, str]:
    """The demo logins a standalone demo may switch between."""
    return {Role.TRAINEE: DEMO_TRAINEE, Role.FACILITATOR: DEMO_FACILITATOR,
            Role.COACH: DEMO_COACH, Role.COORDINATOR: DEMO_COORDINATOR}
