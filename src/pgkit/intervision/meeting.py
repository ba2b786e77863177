"""An intervision meeting: method, roles, steps on the shared timer, lenses, the end.

Everything the group shares lives in ``meetings.state``: the live timer under
``"timer"`` (one block per method step) and this module's part under ``"intervisie"``
(roles by participant id, chosen lenses). The host is the person who opened the meeting
at the chair's screen; they also take a seat, so their attendance counts too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pgkit import access
from pgkit.access import Purpose
from pgkit.concepts import LENSES
from pgkit.curriculum import DEFAULT_INTERVISION_MEETINGS
from pgkit.identity import User
from pgkit.intervision import cases
from pgkit.intervision.methods import Method, Step, method
from pgkit.live import meetings as live
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.live.timer import AgendaTimer, Slot, TimerState, TimerStatus
from pgkit.messages import t
from pgkit.store.models import (
    Cohort,
    Meeting,
    MeetingKind,
    Participant,
    Role,
)

CHAIR, CASE_BRINGER, TIMEKEEPER, MEMBER = "voorzitter", "casusinbrenger", "tijdbewaker", "deelnemer"
ROLES = (CHAIR, CASE_BRINGER, TIMEKEEPER, MEMBER)
KEY = "intervisie"
HOST_ROLES = frozenset({Role.FACILITATOR, Role.COACH, Role.COORDINATOR})


@dataclass(frozen=True)
class SeatView:
    """What a participant's page shows on each refresh."""

    participant_id: int
    name: str
    meeting_id: int
    open: bool
    method: Method
    step_index: int
    step: Step | None  # None when every step is done
    timer: TimerStatus
    role: str
    lenses: dict[str, tuple[str, ...]]
    case_title: str | None  # the chosen case


def _part(meeting: Meeting) -> dict[str, Any]:
    return dict(live.state_of(meeting).get(KEY) or {})


def roles_of(meeting: Meeting) -> dict[int, str]:
    return {int(pid): role for pid, role in (_part(meeting).get("roles") or {}).items()}


def role_of(meeting: Meeting, participant_id: int) -> str:
    return roles_of(meeting).get(participant_id, MEMBER)


def require_intervision(meeting: Meeting) -> Meeting:
    if meeting.kind != MeetingKind.INTERVISION:
        raise AccessDenied(t("intervisie.not_intervision"))
    return meeting


# -- opening ----------------------------------------------------------------------------

def cohorts_for(session: Session, user: User) -> list[Cohort]:
    return access.cohorts_for(session, user, Purpose.HOST)


def planned_meetings(session: Session, cohort_id: int) -> int:
    """How many intervisions this cohort plans: a setting of the cohort, not a fixed rule."""
    cohort = session.get(Cohort, cohort_id)
    return cohort.intervision_meetings if cohort is not None else DEFAULT_INTERVISION_MEETINGS


def next_sequence(session: Session, cohort_id: int) -> int:
    """The number of the next intervision meeting of a cohort (1..its planned number)."""
    held = session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.cohort_id == cohort_id, Meeting.kind == MeetingKind.INTERVISION)) or 0
    return min(held + 1, planned_meetings(session, cohort_id))


def open_intervision(session: Session, user: User, cohort_id: int, method_key: str,
                     sequence: int) -> tuple[Meeting, Participant]:
    """Open a meeting with a join code; the host takes a seat as chair."""
    if not HOST_ROLES & user.roles:
        raise AccessDenied(t("common.not_allowed"))
    if not access.may_use(session, user, cohort_id, Purpose.HOST):
        raise AccessDenied(t("intervisie.not_your_cohort"))
    chosen = method(method_key)
    planned = planned_meetings(session, cohort_id)
    if not 1 <= sequence <= planned:
        raise LiveError(t("intervisie.bad_sequence", n=planned))
    cases.purge_closed(session)  # a safety net for meetings closed elsewhere
    state = {"timer": TimerState().to_dict(), KEY: {"roles": {}, "lenses": {}}}
    meeting = live.open_meeting(session, user, cohort_id, MeetingKind.INTERVISION,
                                method=chosen.key, sequence=sequence, state=state)
    seat = live.join(session, meeting.join_code, user.person_id, user.display_name)
    _store(session, meeting, user, roles={str(seat.id): CHAIR})
    return meeting, seat


def host_meeting(session: Session, meeting_id: int, user: User) -> Meeting:
    return require_intervision(live.require_host(session, meeting_id, user))


def open_meetings(session: Session, user: User) -> list[Meeting]:
    """The intervision meetings this user hosts and has not ended."""
    return [m for m in live.hosted_meetings(session, user) if m.kind == MeetingKind.INTERVISION]


def _store(session: Session, meeting: Meeting, user: User, **parts: Any) -> dict[str, Any]:
    part = _part(meeting)
    part.update(parts)
    return live.update_state(session, meeting.id, user, **{KEY: part})


# -- roles ------------------------------------------------------------------------------

def set_role(session: Session, meeting_id: int, user: User, participant_id: int,
             role: str) -> dict[int, str]:
    """Give a participant a role; chair, case-bringer and timekeeper are one person each."""
    meeting = host_meeting(session, meeting_id, user)
    if role not in ROLES:
        raise LiveError(t("intervisie.bad_role"))
    seat = session.get(Participant, participant_id)
    if seat is None or seat.meeting_id != meeting.id:
        raise AccessDenied(t("meetings.live.other_meeting"))
    roles = {pid: r for pid, r in roles_of(meeting).items() if pid != participant_id}
    if role != MEMBER:
        roles = {pid: r for pid, r in roles.items() if r != role}
        roles[participant_id] = role
    _store(session, meeting, user, roles={str(pid): r for pid, r in roles.items()})
    return roles


def holder(meeting: Meeting, role: str) -> int | None:
    return next((pid for pid, r in roles_of(meeting).items() if r == role), None)


def choose_case(session: Session, meeting_id: int, user: User, case_id: int) -> str:
    """The group's choice: the case is shown to all and its bringer gets that role."""
    meeting = host_meeting(session, meeting_id, user)
    if meeting.closed_at is not None:
        raise AccessDenied(t("intervisie.meeting_ended"))
    case = cases.mark_chosen(session, meeting.id, case_id)
    if case.participant_id is not None:
        set_role(session, meeting.id, user, case.participant_id, CASE_BRINGER)
    return case.title


# -- steps and timer --------------------------------------------------------------------

def slots(m: Method) -> list[Slot]:
    return [Slot(s.id, s.title, s.minutes) for s in m.steps]


def timer_of(meeting: Meeting, clock: Any = None) -> AgendaTimer:
    m = method(meeting.method or "")
    state = live.state_of(meeting).get("timer")
    return AgendaTimer(slots(m), state, clock) if clock else AgendaTimer(slots(m), state)


def timer_action(session: Session, meeting_id: int, user: User, action: str,
                 clock: Any = None) -> TimerStatus:
    """``start``, ``pause`` or ``next`` on the method's steps; the state is shared."""
    meeting = host_meeting(session, meeting_id, user)
    timer = timer_of(meeting, clock)
    if action == "start":
        timer.start()
    elif action == "pause":
        timer.pause()
    elif action == "next":
        timer.next_block()
    else:
        raise ValueError(action)
    live.update_state(session, meeting.id, user, timer=timer.state.to_dict())
    return timer.status()


def set_lens(session: Session, meeting_id: int, user: User, lens_key: str,
             keys: list[str]) -> dict[str, tuple[str, ...]]:
    """Mark which options of a lens the group sees in the case (analysis step)."""
    meeting = host_meeting(session, meeting_id, user)
    lens = next((x for x in LENSES if x.key == lens_key), None)
    if lens is None:
        raise LiveError(t("intervisie.bad_lens"))
    allowed = [o.key for o in lens.options]
    chosen = [k for k in allowed if k in set(keys)]
    lenses = dict(_part(meeting).get("lenses") or {})
    lenses[lens_key] = chosen
    _store(session, meeting, user, lenses=lenses)
    return {k: tuple(v) for k, v in lenses.items()}


def lenses_of(meeting: Meeting) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in (_part(meeting).get("lenses") or {}).items()}


# -- what a participant sees ------------------------------------------------------------

def seat_view(session: Session, token: str | None) -> SeatView:
    seat, meeting, _ = live.seat_state(session, token)
    require_intervision(meeting)
    m = method(meeting.method or "")
    timer = timer_of(meeting)
    status = timer.status()
    step = None if status.finished else m.steps[status.index]
    chosen = cases.chosen_title(session, meeting.id) if meeting.closed_at is None else None
    return SeatView(seat.id, seat.display_name, meeting.id, meeting.closed_at is None, m,
                    status.index, step, status, role_of(meeting, seat.id), lenses_of(meeting),
                    chosen)


# -- the end ----------------------------------------------------------------------------

def end_meeting(session: Session, meeting_id: int, user: User) -> cases.PurgeResult:
    """Close the meeting and delete its cases at once (a kept title stays, nothing else)."""
    host_meeting(session, meeting_id, user)
    live.close_meeting(session, meeting_id, user)
    return cases.purge(session, meeting_id)
