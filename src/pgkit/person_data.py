"""Everything the store holds about one person: one export and one erasure (AVG art. 15-17, 20).

``RULES`` says, for every table in the store, what it holds about a person, which file of
the export shows it and what erasure does with it. A table that is not in ``RULES`` makes
``tests/security/test_avg_rights.py`` fail, so a new table cannot be forgotten.

- ``export_zip`` writes one CSV per rule (Dutch headers and values, Amsterdam times,
  ``;`` separated for Dutch Excel) plus ``LEESMIJ.txt`` explaining each file.
- ``erase`` deletes or anonymises every row. The only thing kept is what the training
  records need: a meeting's attendance becomes an anonymous count
  (``erased_attendance``); a meeting seat stays as an anonymous "(gewist)" seat so the
  meeting's live state (roles, role-play groups keyed by seat) stays consistent.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import secrets
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from pgkit import localtime
from pgkit import spinnenweb as sw
from pgkit.export_format import number, to_csv
from pgkit.messages import t
from pgkit.store import affected_rows
from pgkit.store.db import checkpoint_after_commit
from pgkit.store.models import (
    ActiewielAnswer,
    AssignmentGrade,
    Attendance,
    Cohort,
    CohortCoach,
    Consent,
    Enrolment,
    Meeting,
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

LOCAL = ZoneInfo("Europe/Amsterdam")  # the kit serves Limburg; the store keeps UTC


class Erasure(enum.StrEnum):
    """What erasure does with a table's rows about the person (also used in docs/privacy.md)."""

    DELETE = "verwijderd"
    ANONYMISE = "geanonimiseerd"
    UNLINK = "ontkoppeld"
    COUNT = "alleen een telling blijft"
    NOTHING = "niets persoonlijks"


@dataclass(frozen=True)
class Subject:
    """The person and the ids their other rows hang on, looked up once."""

    person: Person
    seats: tuple[int, ...]
    attempts: tuple[int, ...]
    fills: tuple[int, ...]
    cases: tuple[int, ...]


Row = dict[str, Any]


@dataclass(frozen=True)
class TableRule:
    table: str
    file: str | None  # export file stem; None when the table never holds anything about a person
    erasure: Erasure
    columns: tuple[str, ...] = ()  # keys of ``persoon.col.*``
    rows: Callable[[Session, Subject], list[Row]] | None = None
    wipe: Callable[[Session, Subject], int] | None = None


# --- finding the person ---------------------------------------------------------------

def find_person(session: Session, who: str) -> Person:
    """The person with this login, or else this e-mail address (case-insensitive)."""
    who = (who or "").strip()
    person = session.scalar(select(Person).where(Person.pseudonym == who))
    if person is not None:
        return person
    matches = list(session.scalars(select(Person).where(
        func.lower(Person.email) == who.lower()).order_by(Person.pseudonym)))
    if not matches:
        raise LookupError(t("persoon.not_found", who=who))
    if len(matches) > 1:
        raise LookupError(t("persoon.ambiguous", who=who,
                            logins=", ".join(p.pseudonym for p in matches)))
    return matches[0]


def subject(session: Session, person: Person) -> Subject:
    pid = person.id
    seats = tuple(session.scalars(select(Participant.id).where(Participant.person_id == pid)))
    cases = tuple(session.scalars(select(IntervisionCase.id).where(
        IntervisionCase.participant_id.in_(seats)))) if seats else ()
    return Subject(
        person, seats,
        tuple(session.scalars(select(QuizAttempt.id).where(QuizAttempt.person_id == pid))),
        tuple(session.scalars(select(SpinnenwebFill.id).where(SpinnenwebFill.person_id == pid))),
        cases)


# --- values as the reader writes them ----------------------------------------------------

def local_time(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return localtime.stamp(when, seconds=True)


def _number(value: float | None) -> str:
    return "" if value is None else number(value, 2, trim=True)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def _meeting(m: Meeting | None) -> str:
    if m is None:
        return ""
    kind = t(f"meetings.kinds.{m.kind.value}")
    if m.kind.value == "intervisie":
        kind += f" {m.sequence}"
    return f"{kind}, {local_time(m.opened_at)[:10]} (nr. {m.id})"


def cell(value: object) -> object:
    """A value as the export shows it; ``export_format`` makes text safe and says ja/nee."""
    if isinstance(value, dt.datetime):
        return local_time(value)  # with the time of day: export_format.display keeps dates
    if isinstance(value, float):
        return _number(value)
    return value


# --- rows per table -------------------------------------------------------------------

def _meetings(session: Session, ids: Iterable[int]) -> dict[int, Meeting]:
    ids = set(ids)
    if not ids:
        return {}
    return {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(ids)))}


def _seat_meetings(session: Session, s: Subject) -> dict[int, Meeting]:
    """Seat id -> its meeting."""
    if not s.seats:
        return {}
    pairs = session.execute(select(Participant.id, Participant.meeting_id).where(
        Participant.id.in_(s.seats))).all()
    meetings = _meetings(session, (m for _, m in pairs))
    return {seat: meetings[m] for seat, m in pairs}


def _person_rows(session: Session, s: Subject) -> list[Row]:
    p = s.person
    org = session.get(Organisation, p.organisation_id) if p.organisation_id else None
    return [{"login": p.pseudonym, "naam": p.display_name, "email": p.email,
             "organisatie": org.name if org else "", "demo": p.is_demo,
             "aangemaakt": p.created_at, "taal": p.language or ""}]


def _role_rows(session: Session, s: Subject) -> list[Row]:
    roles = session.scalars(select(PersonRole.role).where(PersonRole.person_id == s.person.id))
    return [{"rol": t(f"persoon.role.{r.value}")} for r in sorted(roles)]


def _enrolment_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.execute(select(Cohort.name, Cohort.region, Enrolment.enrolled_at)
                           .join(Cohort, Cohort.id == Enrolment.cohort_id)
                           .where(Enrolment.person_id == s.person.id).order_by(Cohort.name))
    return [{"cohort": n, "regio": r.value, "ingeschreven": at} for n, r, at in rows]


def _coach_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(Cohort.name).join(CohortCoach, CohortCoach.cohort_id == Cohort.id)
                           .where(CohortCoach.person_id == s.person.id).order_by(Cohort.name))
    return [{"cohort": n} for n in rows]


def _progress_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(ProgressEvent).where(ProgressEvent.person_id == s.person.id)
                           .order_by(ProgressEvent.created_at, ProgressEvent.id))
    return [{"eenheid": e.unit, "soort": e.kind, "detail": e.detail, "tijd": e.created_at}
            for e in rows]


def _attempt_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(QuizAttempt).where(QuizAttempt.person_id == s.person.id)
                           .order_by(QuizAttempt.started_at, QuizAttempt.id))
    return [{"poging": a.id, "eenheid": a.unit, "score": _percent(a.score),
             "begonnen": a.started_at, "afgerond": a.finished_at} for a in rows]


def _answer_text(answer: object) -> str:
    if isinstance(answer, list):
        return " | ".join(map(str, answer))
    return "" if answer is None else str(answer)


def _quiz_answer_rows(session: Session, s: Subject) -> list[Row]:
    if not s.attempts:
        return []
    rows = session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id.in_(s.attempts))
                           .order_by(QuizAnswer.attempt_id, QuizAnswer.id))
    return [{"poging": a.attempt_id, "vraag": a.question_id, "antwoord": _answer_text(a.answer),
             "goed": a.correct, "tijd": a.answered_at} for a in rows]


def _reflection_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(Reflection).where(Reflection.person_id == s.person.id)
                           .order_by(Reflection.key))
    return [{"plek": r.key, "tekst": r.text, "versie": r.version, "bijgewerkt": r.updated_at}
            for r in rows]


def _fill_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(SpinnenwebFill).where(SpinnenwebFill.person_id == s.person.id)
                           .order_by(SpinnenwebFill.created_at, SpinnenwebFill.id))
    return [{"spinnenweb": f.id, "vorm": t(f"persoon.mode_{f.mode}"), "context": f.context,
             "aangemaakt": f.created_at, "bijgewerkt": f.updated_at} for f in rows]


def _sw_answer_rows(session: Session, s: Subject) -> list[Row]:
    if not s.fills:
        return []
    rows = session.scalars(select(SpinnenwebAnswer).where(SpinnenwebAnswer.fill_id.in_(s.fills))
                           .order_by(SpinnenwebAnswer.fill_id, SpinnenwebAnswer.item_id))
    out = []
    for a in rows:
        item = sw.ALL_ITEMS.get(a.item_id)
        out.append({"spinnenweb": a.fill_id, "dimensie": sw.shown_name(a.dimension),
                    "onderwerp": item.text if item else "", "score": a.score,
                    "gemarkeerd": a.marked, "tijd": a.answered_at})
    return out


def _actiewiel_rows(session: Session, s: Subject) -> list[Row]:
    if not s.fills:
        return []
    questions = {q.key: q.text for q in sw.ACTIEWIEL}
    rows = session.scalars(select(ActiewielAnswer).where(ActiewielAnswer.fill_id.in_(s.fills))
                           .order_by(ActiewielAnswer.fill_id, ActiewielAnswer.question))
    return [{"spinnenweb": a.fill_id, "dimensie": sw.shown_name(a.dimension),
             "vraag": questions.get(a.question, a.question), "tekst": a.text,
             "bijgewerkt": a.updated_at} for a in rows]


def _hosted_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.execute(select(Meeting, Cohort.name).join(Cohort, Cohort.id == Meeting.cohort_id)
                           .where(Meeting.facilitator_id == s.person.id)
                           .order_by(Meeting.opened_at, Meeting.id))
    return [{"bijeenkomst": _meeting(m), "cohort": c, "methode": m.method, "code": m.join_code,
             "geopend": m.opened_at, "gesloten": m.closed_at} for m, c in rows]


def _seat_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    meetings = _seat_meetings(session, s)
    rows = session.scalars(select(Participant).where(Participant.id.in_(s.seats))
                           .order_by(Participant.joined_at, Participant.id))
    return [{"deelname": p.id, "bijeenkomst": _meeting(meetings.get(p.id)),
             "naam_daar": p.display_name, "binnen": p.joined_at} for p in rows]


def _attendance_rows(session: Session, s: Subject) -> list[Row]:
    pid = s.person.id
    rows = list(session.scalars(select(Attendance).where(
        or_(Attendance.person_id == pid, Attendance.corrected_by == pid))
        .order_by(Attendance.meeting_id, Attendance.person_id)))
    meetings = _meetings(session, (a.meeting_id for a in rows))
    return [{"bijeenkomst": _meeting(meetings.get(a.meeting_id)),
             "wie": t("persoon.you") if a.person_id == pid else t("persoon.someone_else"),
             "aanwezig": a.attended, "aangepast_door_begeleider": a.corrected_by is not None,
             "bijgewerkt": a.updated_at} for a in rows]


def _poll_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    meetings = _seat_meetings(session, s)
    rows = session.execute(select(PollAnswer, Poll).join(Poll, Poll.id == PollAnswer.poll_id)
                           .where(PollAnswer.participant_id.in_(s.seats))
                           .order_by(PollAnswer.answered_at))
    out = []
    for a, poll in rows:
        options = poll.options or []
        chosen = options[a.option_index] if 0 <= a.option_index < len(options) else a.option_index
        out.append({"bijeenkomst": _meeting(meetings.get(a.participant_id)),
                    "vraag": poll.question, "optie": chosen, "tijd": a.answered_at})
    return out


def _scores_text(scores: dict | None) -> str:
    parts = []
    for key, value in (scores or {}).items():
        try:
            name = sw.dimension_name(key)
        except ValueError:
            name = key
        parts.append(f"{name}: {_number(float(value))}")
    return "; ".join(parts)


def _web_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    meetings = _seat_meetings(session, s)
    rows = session.scalars(select(WebContribution).where(
        WebContribution.participant_id.in_(s.seats)).order_by(WebContribution.updated_at))
    return [{"bijeenkomst": _meeting(meetings.get(c.participant_id)),
             "scores": _scores_text(c.scores),
             "bron": t("persoon.source_own") if c.source == "eigen" else t("persoon.source_here"),
             "bijgewerkt": c.updated_at} for c in rows]


def _observation_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    meetings = _meetings(session, session.scalars(select(Observation.meeting_id).where(
        or_(Observation.observer_id.in_(s.seats), Observation.leader_id.in_(s.seats)))))
    rows = session.scalars(select(Observation).where(
        or_(Observation.observer_id.in_(s.seats), Observation.leader_id.in_(s.seats)))
        .order_by(Observation.meeting_id, Observation.round, Observation.id))
    return [{"bijeenkomst": _meeting(meetings.get(o.meeting_id)), "ronde": o.round,
             "rol_in_ronde": t("persoon.observer") if o.observer_id in s.seats
             else t("persoon.observed"),
             "checklist": "; ".join(f"{k}: {v}" for k, v in (o.checklist or {}).items()),
             "notitie": o.note,
             "bijgewerkt": o.updated_at} for o in rows]


def _case_rows(session: Session, s: Subject) -> list[Row]:
    if not s.cases:
        return []
    meetings = _seat_meetings(session, s)
    rows = session.scalars(select(IntervisionCase).where(IntervisionCase.id.in_(s.cases))
                           .order_by(IntervisionCase.id))
    return [{"casus": c.id, "bijeenkomst": _meeting(
                 None if c.participant_id is None else meetings.get(c.participant_id)),
             "titel": c.title, "beschrijving": c.description, "titel_mag_blijven": c.keep_title,
             "gekozen": c.chosen, "aangemaakt": c.created_at} for c in rows]


def _vote_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    rows = list(session.scalars(select(IntervisionVote).where(or_(
        IntervisionVote.participant_id.in_(s.seats), IntervisionVote.case_id.in_(s.cases or (-1,))))
        .order_by(IntervisionVote.meeting_id, IntervisionVote.participant_id)))
    meetings = _meetings(session, (v.meeting_id for v in rows))
    return [{"bijeenkomst": _meeting(meetings.get(v.meeting_id)), "casus": v.case_id,
             "stem_van": t("persoon.you") if v.participant_id in s.seats
             else t("persoon.someone_else"), "tijd": v.voted_at} for v in rows]


def _takeaway_rows(session: Session, s: Subject) -> list[Row]:
    rows = list(session.scalars(select(IntervisionTakeaway).where(
        IntervisionTakeaway.person_id == s.person.id).order_by(IntervisionTakeaway.id)))
    meetings = _meetings(session, (r.meeting_id for r in rows))
    return [{"bijeenkomst": _meeting(meetings.get(r.meeting_id)), "meenemen": r.take_away,
             "volgende_stap": r.next_step, "bijgewerkt": r.updated_at} for r in rows]


def _rating_rows(session: Session, s: Subject) -> list[Row]:
    if not s.seats:
        return []
    meetings = _seat_meetings(session, s)
    rows = session.scalars(select(IntervisionRating).where(
        IntervisionRating.participant_id.in_(s.seats)).order_by(IntervisionRating.meeting_id))
    return [{"bijeenkomst": _meeting(meetings.get(r.participant_id)), "score": r.score,
             "zin": r.line, "bijgewerkt": r.updated_at} for r in rows]


def _consent_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(Consent).where(Consent.person_id == s.person.id)
                           .order_by(Consent.topic))
    return [{"onderwerp_toestemming": c.topic, "gegeven": c.given, "bijgewerkt": c.updated_at}
            for c in rows]


def _grade_rows(session: Session, s: Subject) -> list[Row]:
    rows = session.scalars(select(AssignmentGrade).where(AssignmentGrade.person_id == s.person.id)
                           .order_by(AssignmentGrade.assignment))
    return [{"opdracht": g.assignment, "status": g.status, "score": g.score, "max": g.max_score,
             "bijgewerkt": g.synced_at} for g in rows]


# --- erasure per table ----------------------------------------------------------------



def _delete_where(model: type,
                  where: Callable[[Subject], tuple]) -> Callable[[Session, Subject], int]:
    def wipe(session: Session, s: Subject) -> int:
        return affected_rows(session.execute(delete(model).where(*where(s))))
    return wipe


def _by_person(model: type, column: str = "person_id") -> Callable[[Session, Subject], int]:
    return _delete_where(model, lambda s: (getattr(model, column) == s.person.id,))


def _by_seat(model: type, column: str = "participant_id") -> Callable[[Session, Subject], int]:
    return _delete_where(model, lambda s: (getattr(model, column).in_(s.seats),))


def _wipe_quiz_answers(session: Session, s: Subject) -> int:
    if not s.attempts:
        return 0
    return affected_rows(session.execute(
        delete(QuizAnswer).where(QuizAnswer.attempt_id.in_(s.attempts))))


def _wipe_fill_children(model: type[Any]) -> Callable[[Session, Subject], int]:
    def wipe(session: Session, s: Subject) -> int:
        if not s.fills:
            return 0
        return affected_rows(session.execute(delete(model).where(model.fill_id.in_(s.fills))))
    return wipe


def _wipe_observations(session: Session, s: Subject) -> int:
    """Delete the feedback about the person; what they observed stays for its leader.

    That feedback belongs to the person it is about; its author becomes the anonymous
    seat that ``_wipe_seats`` leaves, so it no longer points to the erased person.
    """
    return affected_rows(session.execute(delete(Observation).where(
        Observation.leader_id.in_(s.seats))))


def _wipe_votes(session: Session, s: Subject) -> int:
    return affected_rows(session.execute(delete(IntervisionVote).where(or_(
        IntervisionVote.participant_id.in_(s.seats),
        IntervisionVote.case_id.in_(s.cases or (-1,))))))


def _wipe_cases(session: Session, s: Subject) -> int:
    if not s.cases:
        return 0
    return affected_rows(session.execute(delete(IntervisionCase).where(
        IntervisionCase.id.in_(s.cases))))


def _wipe_attendance(session: Session, s: Subject) -> int:
    """Own attendance becomes one more in the meeting's anonymous count."""
    pid = s.person.id
    attended = list(session.scalars(select(Attendance.meeting_id).where(
        Attendance.person_id == pid, Attendance.attended.is_(True))))
    for meeting_id in attended:
        row = session.get(ErasedAttendance, meeting_id)
        if row is None:
            session.add(ErasedAttendance(meeting_id=meeting_id, attended=1))
        else:
            row.attended += 1
    session.flush()
    n = affected_rows(session.execute(delete(Attendance).where(Attendance.person_id == pid)))
    n += affected_rows(session.execute(update(Attendance).where(Attendance.corrected_by == pid)
                                .values(corrected_by=None)))
    return n


def _wipe_seats(session: Session, s: Subject) -> int:
    """Keep the seat (the meeting's live state refers to seat ids) without anything personal."""
    for seat_id in s.seats:
        session.execute(update(Participant).where(Participant.id == seat_id).values(
            person_id=None, display_name=t("persoon.erased_name"),
            token=secrets.token_urlsafe(24)))  # the old token no longer opens the seat
    return len(s.seats)


def _wipe_hosted(session: Session, s: Subject) -> int:
    return affected_rows(session.execute(
        update(Meeting).where(Meeting.facilitator_id == s.person.id).values(facilitator_id=None)))


def _wipe_person(session: Session, s: Subject) -> int:
    return affected_rows(session.execute(delete(Person).where(Person.id == s.person.id)))


def _rule(table: Any, file: str | None, erasure: Erasure, columns: str = "",
          rows: Callable[[Session, Subject], list[Row]] | None = None,
          wipe: Callable[[Session, Subject], int] | None = None) -> TableRule:
    return TableRule(table.__tablename__, file, erasure, tuple(columns.split()), rows, wipe)


# In erasure order: rows that point at others come before the rows they point at.
RULES: tuple[TableRule, ...] = (
    _rule(QuizAnswer, "kennischeck_antwoorden", Erasure.DELETE,
          "poging vraag antwoord goed tijd", _quiz_answer_rows, _wipe_quiz_answers),
    _rule(QuizAttempt, "kennischecks", Erasure.DELETE, "poging eenheid score begonnen afgerond",
          _attempt_rows, _by_person(QuizAttempt)),
    _rule(ProgressEvent, "voortgang", Erasure.DELETE, "eenheid soort detail tijd",
          _progress_rows, _by_person(ProgressEvent)),
    _rule(Reflection, "reflecties", Erasure.DELETE, "plek tekst versie bijgewerkt",
          _reflection_rows, _by_person(Reflection)),
    _rule(SpinnenwebAnswer, "spinnenweb_antwoorden", Erasure.DELETE,
          "spinnenweb dimensie onderwerp score gemarkeerd tijd", _sw_answer_rows,
          _wipe_fill_children(SpinnenwebAnswer)),
    _rule(ActiewielAnswer, "actiewiel", Erasure.DELETE,
          "spinnenweb dimensie vraag tekst bijgewerkt", _actiewiel_rows,
          _wipe_fill_children(ActiewielAnswer)),
    _rule(SpinnenwebFill, "spinnenwebben", Erasure.DELETE,
          "spinnenweb vorm context aangemaakt bijgewerkt", _fill_rows, _by_person(SpinnenwebFill)),
    _rule(PollAnswer, "peilingen", Erasure.DELETE, "bijeenkomst vraag optie tijd", _poll_rows,
          _by_seat(PollAnswer)),
    _rule(WebContribution, "groepsweb", Erasure.DELETE, "bijeenkomst scores bron bijgewerkt",
          _web_rows, _by_seat(WebContribution)),
    _rule(Observation, "observaties", Erasure.DELETE,  # written for others: anonymised
          "bijeenkomst ronde rol_in_ronde checklist notitie bijgewerkt", _observation_rows,
          _wipe_observations),
    _rule(IntervisionVote, "intervisie_stemmen", Erasure.DELETE, "bijeenkomst casus stem_van tijd",
          _vote_rows, _wipe_votes),
    _rule(IntervisionCase, "intervisie_casussen", Erasure.DELETE,
          "casus bijeenkomst titel beschrijving titel_mag_blijven gekozen aangemaakt", _case_rows,
          _wipe_cases),
    _rule(IntervisionRating, "intervisie_waarderingen", Erasure.DELETE,
          "bijeenkomst score zin bijgewerkt", _rating_rows, _by_seat(IntervisionRating)),
    _rule(IntervisionTakeaway, "intervisie_meenemen", Erasure.DELETE,
          "bijeenkomst meenemen volgende_stap bijgewerkt", _takeaway_rows,
          _by_person(IntervisionTakeaway)),
    _rule(Attendance, "aanwezigheid", Erasure.COUNT,
          "bijeenkomst wie aanwezig aangepast_door_begeleider bijgewerkt", _attendance_rows,
          _wipe_attendance),
    _rule(Participant, "deelnames", Erasure.ANONYMISE, "deelname bijeenkomst naam_daar binnen",
          _seat_rows, _wipe_seats),
    _rule(Meeting, "bijeenkomsten_begeleid", Erasure.UNLINK,
          "bijeenkomst cohort methode code geopend gesloten", _hosted_rows, _wipe_hosted),
    _rule(Enrolment, "inschrijvingen", Erasure.DELETE, "cohort regio ingeschreven",
          _enrolment_rows, _by_person(Enrolment)),
    _rule(CohortCoach, "coachcohorten", Erasure.DELETE, "cohort", _coach_rows,
          _by_person(CohortCoach)),
    _rule(Consent, "toestemmingen", Erasure.DELETE, "onderwerp_toestemming gegeven bijgewerkt",
          _consent_rows, _by_person(Consent)),
    _rule(AssignmentGrade, "opdrachtcijfers", Erasure.DELETE,
          "opdracht status score max bijgewerkt", _grade_rows, _by_person(AssignmentGrade)),
    _rule(PersonRole, "rollen", Erasure.DELETE, "rol", _role_rows, _by_person(PersonRole)),
    _rule(Person, "persoon", Erasure.DELETE, "login naam email organisatie demo aangemaakt taal",
          _person_rows, _wipe_person),
    # Nothing about a person: names of organisations and cohorts, poll questions, counts.
    _rule(Organisation, None, Erasure.NOTHING),
    _rule(Cohort, None, Erasure.NOTHING),
    _rule(Poll, None, Erasure.NOTHING),
    _rule(ErasedAttendance, None, Erasure.NOTHING),
    # Published group means of at least GROUP_MIN people; its member stamps are seat and
    # enrolment ids, which erasure anonymises or deletes, so they lead to no one.
    _rule(GroupWebSnapshot, None, Erasure.NOTHING),
)
RULE_BY_TABLE = {r.table: r for r in RULES}


# --- export ---------------------------------------------------------------------------

def collect(session: Session, person: Person) -> dict[str, list[Row]]:
    """Every export file's rows for this person, keyed by file stem."""
    s = subject(session, person)
    return {r.file: r.rows(session, s) for r in RULES if r.file and r.rows}


def _csv(rule: TableRule, rows: list[Row]) -> bytes:
    return to_csv([t(f"persoon.col.{c}") for c in rule.columns],
                  ([cell(row.get(c)) for c in rule.columns] for row in rows))


def readme(person: Person, counts: dict[str, int], now: dt.datetime | None = None) -> str:
    lines = [t("persoon.readme.title"), "",
             t("persoon.readme.made", when=local_time(now or dt.datetime.now(dt.UTC)),
               name=person.display_name, login=person.pseudonym), "",
             t("persoon.readme.intro"), "", t("persoon.readme.times"), "",
             t("persoon.readme.files")]
    lines += [t("persoon.readme.file", file=f"{stem}.csv", rows=n, about=t(f"persoon.about.{stem}"))
              for stem, n in counts.items()]
    lines += ["", t("persoon.readme.not_here"), "", t("persoon.readme.rights"), ""]
    return "\r\n".join(lines)


def export_zip_of(session: Session, person_id: int) -> bytes | None:
    """The person's export by id, or None when they were erased meanwhile (another tab)."""
    person = session.get(Person, person_id)
    return export_zip(session, person) if person is not None else None


def export_zip(session: Session, person: Person) -> bytes:
    """One zip: ``LEESMIJ.txt`` and one CSV per file in ``RULES``, empty ones included."""
    data = collect(session, person)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("LEESMIJ.txt", readme(person, {k: len(v) for k, v in data.items()}))
        for rule in RULES:
            if rule.file:
                zf.writestr(f"{rule.file}.csv", _csv(rule, data[rule.file]))
    return buf.getvalue()


def row_count(session: Session, person: Person) -> int:
    return sum(len(rows) for rows in collect(session, person).values())


# --- erasure --------------------------------------------------------------------------

def erase_by_id(session: Session, person_id: int) -> int:
    """``erase`` by id; 0 when the person was already erased (another tab)."""
    person = session.get(Person, person_id)
    return 0 if person is None else erase(session, person)


def erase(session: Session, person: Person) -> int:
    """Delete or anonymise every row about ``person`` in the caller's transaction.

    Returns how many rows were deleted or changed. Runs the rules in order, so rows that
    point at the person's other rows go first and no foreign key is left dangling.
    """
    s = subject(session, person)
    total = 0
    for rule in RULES:
        if rule.wipe is not None:
            total += rule.wipe(session, s)
    session.flush()
    session.expunge(person)
    checkpoint_after_commit(session)
    return total


def erased_attendance(session: Session, meeting_id: int) -> int:
    """How many erased people attended this meeting (for accreditation counts)."""
    return session.scalar(select(ErasedAttendance.attended).where(
        ErasedAttendance.meeting_id == meeting_id)) or 0
