"""Role-play in threes: groups, rotating roles, case cards and observer feedback.

The groups and the round live in ``meetings.state["roleplay"]`` (set by the host). Each
round, roles shift one place in every group, so after three rounds everyone has had
every role. The observer's checklist is addressed to that round's conversation leader,
and only that participant can read it: not the other participants, not the host.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.live import meetings
from pgkit.live.errors import LiveError
from pgkit.messages import t
from pgkit.reflection.content import RoleName
from pgkit.store.models import Participant, utcnow
from pgkit.store.models_meetings import Observation

LEADER: RoleName = "gesprekvoerder"
PARTNER: RoleName = "gesprekspartner"
OBSERVER: RoleName = "observator"
STATE_KEY = "roleplay"


@dataclass(frozen=True)
class Seat:
    """One participant's place in the current round."""

    round: int
    group: int
    role: RoleName
    case_id: str
    leader_id: int
    members: tuple[int, ...]


def make_groups(participant_ids: Sequence[int], size: int = 3) -> list[list[int]]:
    """Groups of three in join order; a leftover one or two join the last groups (fours).

    Two people alone make a pair (leader and partner, no observer). Pure.
    """
    ids = list(participant_ids)
    if len(ids) < size:
        return [ids] if ids else []
    n_groups = len(ids) // size
    groups = [ids[i * size:(i + 1) * size] for i in range(n_groups)]
    for i, pid in enumerate(ids[n_groups * size:]):
        groups[-(i % n_groups) - 1].append(pid)
    return groups


def role_in(members: Sequence[int], round_no: int, pid: int) -> RoleName:
    """Round 1: first member leads, second is partner, the rest observe; then shift. Pure."""
    k = len(members)
    pos = (members.index(pid) - (round_no - 1)) % k
    return LEADER if pos == 0 else PARTNER if pos == 1 else OBSERVER


def leader_of(members: Sequence[int], round_no: int) -> int:
    return members[(round_no - 1) % len(members)]


def case_for(case_ids: Sequence[str], group: int, round_no: int, n_groups: int,
             offset: int = 0) -> str:
    """A different case for every group and round, as long as the cards last. Pure."""
    return case_ids[(offset + (round_no - 1) * n_groups + group) % len(case_ids)]


def start(session: Session, meeting_id: int, user: User, case_ids: Sequence[str],
          offset: int = 0) -> dict[str, Any]:
    """Make groups from everyone who joined so far and start round 1."""
    people = [p.id for p in meetings.participants(session, meeting_id, user)]
    if len(people) < 2:
        raise LiveError(t("meetings.roleplay.too_few"))
    state = {"round": 1, "groups": make_groups(people), "cases": list(case_ids),
             "offset": offset}
    meetings.update_state(session, meeting_id, user, **{STATE_KEY: state})
    return state


def next_round(session: Session, meeting_id: int, user: User) -> dict[str, Any]:
    meeting = meetings.require_host(session, meeting_id, user)
    state = dict(meetings.state_of(meeting).get(STATE_KEY) or {})
    if not state:
        raise LiveError(t("meetings.roleplay.not_started"))
    state["round"] = int(state["round"]) + 1
    meetings.update_state(session, meeting_id, user, **{STATE_KEY: state})
    return state


def seat_in(state: Mapping[str, Any] | None, pid: int) -> Seat | None:
    """Where participant ``pid`` is in the current round, or None (not in a group)."""
    if not state:
        return None
    groups, round_no = state["groups"], int(state["round"])
    for g, members in enumerate(groups):
        if pid in members:
            return Seat(round_no, g, role_in(members, round_no, pid),
                        case_for(state["cases"], g, round_no, len(groups),
                                 int(state.get("offset", 0))),
                        leader_of(members, round_no), tuple(members))
    return None


def my_seat(session: Session, token: str) -> Seat | None:
    who, _, state = meetings.seat_state(session, token)
    return seat_in(state.get(STATE_KEY), who.id)


def submit_observation(session: Session, token: str, checklist: Mapping[str, int | None],
                       note: str, items: Sequence[str], *, send: bool = False) -> None:
    """Save the observer's checklist for this round, addressed to this round's leader.

    Called on every change, so nothing is lost; points not marked (None) and an empty
    note leave what was saved before untouched, so a form redrawn on reload cannot wipe it.
    That draft stays the observer's own: only ``send=True`` ("Feedback versturen") copies
    it to the part the leader reads, so the leader never watches it being written.
    """
    who, meeting, state = meetings.seat_state(session, token)
    meetings.require_open(meeting)
    seat = seat_in(state.get(STATE_KEY), who.id)
    if seat is None or seat.role != OBSERVER:
        raise LiveError(t("meetings.roleplay.not_observer"))
    marks = {}
    for key, value in checklist.items():
        if value is None:
            continue
        if key not in items or value not in (0, 1, 2):
            raise LiveError(t("meetings.roleplay.mark_invalid"))
        marks[key] = int(value)
    row = session.scalar(select(Observation).where(
        Observation.meeting_id == who.meeting_id, Observation.round == seat.round,
        Observation.observer_id == who.id))
    if row is None:
        row = Observation(meeting_id=who.meeting_id, round=seat.round, observer_id=who.id,
                          leader_id=seat.leader_id, checklist=marks, note=note.strip())
        session.add(row)
    else:
        row.leader_id = seat.leader_id
        row.checklist = {**(row.checklist or {}), **marks}
        row.note = note.strip() or row.note
    if send:
        if not row.checklist and not row.note:
            raise LiveError(t("meetings.roleplay.nothing_to_send"))
        row.sent_checklist, row.sent_note, row.sent_at = dict(row.checklist), row.note, utcnow()
    session.flush()


def unsent_changes(row: Observation | None) -> bool:
    """The draft holds something the leader has not received yet."""
    if row is None or not (row.checklist or row.note):
        return False
    return row.sent_at is None or (dict(row.sent_checklist or {}), row.sent_note or "") != (
        dict(row.checklist or {}), row.note or "")


@dataclass(frozen=True)
class Feedback:
    round: int
    observer_name: str
    checklist: dict[str, int]
    note: str


def feedback_for_me(session: Session, token: str) -> list[Feedback]:
    """Sent feedback addressed to this participant as conversation leader; nobody else's.

    Only what the observer sent: a draft in progress is never part of it.
    """
    who = meetings.seat(session, token)
    rows = session.execute(
        select(Observation, Participant.display_name)
        .join(Participant, Participant.id == Observation.observer_id)
        .where(Observation.meeting_id == who.meeting_id, Observation.leader_id == who.id,
               Observation.sent_at.is_not(None))
        .order_by(Observation.round, Observation.id))
    return [Feedback(o.round, name, dict(o.sent_checklist or {}), o.sent_note or "")
            for o, name in rows]


def my_observation(session: Session, token: str) -> Observation | None:
    """What this observer already wrote this round (to fill the form again on reload)."""
    who, _, state = meetings.seat_state(session, token)
    seat = seat_in(state.get(STATE_KEY), who.id)
    if seat is None:
        return None
    return session.scalar(select(Observation).where(
        Observation.meeting_id == who.meeting_id, Observation.round == seat.round,
        Observation.observer_id == who.id))
