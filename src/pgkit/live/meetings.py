"""Open and close a meeting, join it with a code, check who may see what, attendance.

A participant is identified by the random ``token`` of their join; every participant-side
function starts from that token, so the meeting id always comes from the store and never
from the page. A host (the facilitator who opened the meeting, or a coordinator) is
checked with ``require_host``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pgkit import access
from pgkit.access import Purpose
from pgkit.identity import User
from pgkit.live import codes
from pgkit.live.errors import AccessDenied, LiveError, MeetingClosed
from pgkit.live.timer import halt
from pgkit.messages import t
from pgkit.store.models import (
    Attendance,
    Cohort,
    Enrolment,
    Meeting,
    MeetingKind,
    Participant,
    Person,
    Poll,
    Role,
    utcnow,
)

MAX_NAME = 60


@dataclass(frozen=True)
class AttendanceRow:
    person_id: int
    name: str
    joined: bool
    attended: bool
    corrected: bool


def open_meeting(session: Session, user: User, cohort_id: int, kind: MeetingKind | str, *,
                 method: str | None = None, sequence: int = 1,
                 state: dict[str, Any] | None = None) -> Meeting:
    """A new open meeting with a fresh join code, hosted by ``user``."""
    if session.get(Cohort, cohort_id) is None:
        raise LiveError(t("meetings.live.no_cohort"))
    if not access.may_use(session, user, cohort_id, Purpose.HOST):
        raise AccessDenied(t("meetings.live.not_your_cohort"))
    code = codes.new_code()
    while session.scalar(select(Meeting.id).where(Meeting.join_code == code)) is not None:
        code = codes.new_code()  # one in a billion; the unique index guards the rest
    meeting = Meeting(cohort_id=cohort_id, kind=MeetingKind(kind), sequence=sequence,
                      method=method, join_code=code, facilitator_id=user.person_id,
                      state=state or {})
    session.add(meeting)
    session.flush()
    return meeting


def close_meeting(session: Session, meeting_id: int, user: User) -> Meeting:
    """Closing ends everything at once: the code, every poll, the clock and every write.

    The summary is made from the store, so an answer that could still change after the
    close would make it disagree with what the room saw.
    """
    meeting = require_host(session, meeting_id, user)
    if meeting.closed_at is None:
        now = utcnow()
        for poll in session.scalars(select(Poll).where(Poll.meeting_id == meeting_id,
                                                       Poll.closed_at.is_(None))):
            poll.closed_at = now
        state = state_of(meeting)
        if state.get("timer"):
            state["timer"] = halt(state["timer"])
            meeting.state = state
        meeting.closed_at = now
        session.flush()
    return meeting


def is_closed(meeting: Meeting) -> bool:
    return meeting.closed_at is not None


def require_open(meeting: Meeting) -> Meeting:
    """The meeting, unless it is closed: after closing nothing may change any more."""
    if meeting.closed_at is not None:
        raise MeetingClosed(t("meetings.live.meeting_closed"))
    return meeting


def open_seat(session: Session, token: str | None) -> Participant:
    """The participant behind a token, for a write: refused once the meeting is closed."""
    found = seat(session, token)
    meeting = session.get(Meeting, found.meeting_id)
    assert meeting is not None
    require_open(meeting)
    return found


def require_host(session: Session, meeting_id: int, user: User) -> Meeting:
    """The meeting, if ``user`` runs it (its facilitator) or is a coordinator."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise AccessDenied(t("meetings.live.not_found"))
    if meeting.facilitator_id != user.person_id and Role.COORDINATOR not in user.roles:
        raise AccessDenied(t("meetings.live.not_host"))
    return meeting


def hosted_meetings(session: Session, user: User, *, open_only: bool = True) -> list[Meeting]:
    query = select(Meeting).where(Meeting.facilitator_id == user.person_id,
                                  Meeting.join_code.is_not(None))
    if open_only:
        query = query.where(Meeting.closed_at.is_(None))
    return list(session.scalars(query.order_by(Meeting.opened_at.desc())))


def cohort_names(session: Session, found: list[Meeting]) -> dict[int, str]:
    """The names of these meetings' cohorts (only theirs), by cohort id."""
    ids = {m.cohort_id for m in found}
    if not ids:
        return {}
    return {c.id: c.name for c in session.scalars(select(Cohort).where(Cohort.id.in_(ids)))}


def resume_token(session: Session, person_id: int, *, intervision: bool = False) -> str | None:
    """The token of this person's newest seat in a meeting that is still open, so a page
    reload puts them back in their seat: an intervision, or else a reflection meeting."""
    kind = (Meeting.kind == MeetingKind.INTERVISION if intervision
            else Meeting.kind != MeetingKind.INTERVISION)
    return session.scalar(
        select(Participant.token).join(Meeting, Meeting.id == Participant.meeting_id)
        .where(Participant.person_id == person_id, Meeting.closed_at.is_(None), kind)
        .order_by(Participant.joined_at.desc()).limit(1))


def seat_token(session: Session, meeting_id: int, person_id: int) -> str | None:
    """This person's seat in this meeting, closed or not: a page that is already open
    keeps showing the close and the feedback after the meeting ended."""
    return session.scalar(select(Participant.token).where(
        Participant.meeting_id == meeting_id, Participant.person_id == person_id))


def find_by_code(session: Session, typed: str | None) -> Meeting:
    """The open meeting for a typed code, or a ``LiveError`` that says what is wrong."""
    code = codes.normalise(typed)
    if not code:
        raise LiveError(t("meetings.live.code_empty"))
    if not codes.is_well_formed(code):
        raise LiveError(t("meetings.live.code_malformed", n=codes.LENGTH))
    meeting = session.scalar(select(Meeting).where(Meeting.join_code == code))
    if meeting is None:
        raise LiveError(t("meetings.live.code_unknown", code=code))
    if meeting.closed_at is not None:
        raise LiveError(t("meetings.live.code_closed", code=code))
    return meeting


def join(session: Session, typed_code: str | None, person_id: int | None,
         display_name: str) -> Participant:
    """Join the meeting behind the code; joining again returns the same seat.

    A join by a known person counts as attendance for that meeting.
    """
    meeting = find_by_code(session, typed_code)
    name = " ".join((display_name or "").split())
    if not 1 <= len(name) <= MAX_NAME:
        raise LiveError(t("meetings.live.name_invalid", n=MAX_NAME))
    seat = None
    if person_id is not None:
        seat = session.scalar(select(Participant).where(
            Participant.meeting_id == meeting.id, Participant.person_id == person_id))
    if seat is None:
        seat = Participant(meeting_id=meeting.id, person_id=person_id, display_name=name,
                           token=secrets.token_urlsafe(24))
        session.add(seat)
    else:
        seat.display_name = name
    if person_id is not None and session.get(Attendance, (meeting.id, person_id)) is None:
        session.add(Attendance(meeting_id=meeting.id, person_id=person_id, attended=True))
    session.flush()
    return seat


def seat(session: Session, token: str | None) -> Participant:
    """The participant behind a token; a closed meeting still lets its people read results."""
    found = session.scalar(select(Participant).where(Participant.token == token)) if token else None
    if found is None:
        raise AccessDenied(t("meetings.live.not_joined"))
    return found


def require_seat(session: Session, token: str | None, meeting_id: int) -> Participant:
    """The participant, but only when the token belongs to ``meeting_id``."""
    found = seat(session, token)
    if found.meeting_id != meeting_id:
        raise AccessDenied(t("meetings.live.other_meeting"))
    return found


def joined_count(session: Session, meeting_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Participant)
                          .where(Participant.meeting_id == meeting_id)) or 0


def participants(session: Session, meeting_id: int, user: User) -> list[Participant]:
    """The participants in join order (host only: names are not for other participants)."""
    require_host(session, meeting_id, user)
    return list(session.scalars(select(Participant).where(Participant.meeting_id == meeting_id)
                                .order_by(Participant.joined_at, Participant.id)))


# -- state shared between the host page, the projector and the participants -------------

def state_of(meeting: Meeting) -> dict[str, Any]:
    return dict(meeting.state or {})


def host_state(session: Session, meeting_id: int, user: User) -> dict[str, Any]:
    """The shared state, for the meeting's host only."""
    return state_of(require_host(session, meeting_id, user))


@dataclass(frozen=True)
class HostSnapshot:
    """What every host screen (the runbook and the projector) reads on each refresh."""

    state: dict[str, Any]
    closed: bool
    joined: int


def host_snapshot(session: Session, meeting_id: int, user: User) -> HostSnapshot:
    """The shared state, whether the meeting is closed and how many joined; host only."""
    meeting = require_host(session, meeting_id, user)
    return HostSnapshot(state_of(meeting), meeting.closed_at is not None,
                        joined_count(session, meeting_id))


def update_state(session: Session, meeting_id: int, user: User, **parts: Any) -> dict[str, Any]:
    """Replace some top-level parts of ``meetings.state`` (timer, roleplay, card...)."""
    meeting = require_open(require_host(session, meeting_id, user))
    state = state_of(meeting)
    state.update(parts)
    meeting.state = state  # a new dict, so SQLAlchemy sees the change
    session.flush()
    return state


def seat_state(session: Session, token: str | None) -> tuple[Participant, Meeting, dict]:
    """What a participant's page needs on every refresh, in one call."""
    found = seat(session, token)
    meeting = session.get(Meeting, found.meeting_id)
    assert meeting is not None
    return found, meeting, state_of(meeting)


# -- attendance -------------------------------------------------------------------------

def attendance(session: Session, meeting_id: int, user: User) -> list[AttendanceRow]:
    """Everyone enrolled in the cohort plus anyone else who joined, sorted by name."""
    meeting = require_host(session, meeting_id, user)
    joined = {pid for pid in session.scalars(select(Participant.person_id).where(
        Participant.meeting_id == meeting_id)) if pid is not None}
    # An erased person's attendance stays as a row without a person: count, never list it.
    marks = {a.person_id: a for a in session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id,
                                 Attendance.person_id.is_not(None)))
             if a.person_id is not None}
    enrolled = set(session.scalars(select(Enrolment.person_id).where(
        Enrolment.cohort_id == meeting.cohort_id)))
    ids = enrolled | joined | set(marks)
    names = dict(session.execute(
        select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()) if ids else {}
    rows = [AttendanceRow(pid, names.get(pid, "?"), pid in joined,
                          bool(marks[pid].attended) if pid in marks else False,
                          pid in marks and marks[pid].corrected_by is not None)
            for pid in ids]
    return sorted(rows, key=lambda r: (r.name.lower(), r.person_id))


def set_attendance(session: Session, meeting_id: int, person_id: int, attended: bool,
                   user: User) -> None:
    """The host corrects attendance: someone was there without joining, or was not."""
    require_host(session, meeting_id, user)
    if session.get(Person, person_id) is None:
        raise LiveError(t("meetings.live.no_person"))
    mark = session.get(Attendance, (meeting_id, person_id))
    if mark is None:
        mark = Attendance(meeting_id=meeting_id, person_id=person_id)
        session.add(mark)
    mark.attended = attended
    mark.corrected_by = user.person_id
    session.flush()
