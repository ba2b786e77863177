"""The closing of a meeting: the case-bringer's take-away and everyone's rating.

A take-away belongs to a person, not to the meeting: only its author can read it, also
long after the meeting (no host, coach or coordinator function returns its text).
Ratings are shown to the host as a mean and as loose lines without names; when the
meeting ends only that summary is kept (``cases.archive_ratings``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.intervision import cases
from pgkit.intervision.meeting import CASE_BRINGER, require_intervision, role_of
from pgkit.live import meetings as live
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.messages import t
from pgkit.store.models import Meeting
from pgkit.store.models_intervision import (
    LINE_MAX,
    TAKEAWAY_MAX,
    IntervisionRating,
    IntervisionTakeaway,
)


@dataclass(frozen=True)
class TakeawayView:
    id: int
    meeting_id: int
    take_away: str
    next_step: str


@dataclass(frozen=True)
class RatingSummary:
    count: int
    mean: float | None
    lines: tuple[str, ...]  # sorted, so their order does not reveal who wrote what


def _seat(session: Session, token: str | None):
    seat, meeting, _ = live.seat_state(session, token)
    require_intervision(meeting)
    return seat, meeting


def save_takeaway(session: Session, token: str | None, take_away: str,
                  next_step: str) -> TakeawayView:
    """The case-bringer writes what they take away and their next step (private)."""
    seat, meeting = _seat(session, token)
    if role_of(meeting, seat.id) != CASE_BRINGER:
        raise AccessDenied(t("intervisie.takeaway_only_bringer"))
    if seat.person_id is None:
        raise AccessDenied(t("intervisie.takeaway_no_profile"))
    take_away, next_step = (take_away or "").strip(), (next_step or "").strip()
    if not take_away or not next_step:
        raise LiveError(t("intervisie.takeaway_empty"))
    if len(take_away) > TAKEAWAY_MAX or len(next_step) > TAKEAWAY_MAX:
        raise LiveError(t("intervisie.takeaway_long", max=TAKEAWAY_MAX))
    row = session.scalar(select(IntervisionTakeaway).where(
        IntervisionTakeaway.meeting_id == meeting.id,
        IntervisionTakeaway.person_id == seat.person_id))
    if row is None:
        row = IntervisionTakeaway(meeting_id=meeting.id, person_id=seat.person_id)
        session.add(row)
    row.take_away, row.next_step = take_away, next_step
    session.flush()
    return TakeawayView(row.id, row.meeting_id, row.take_away, row.next_step)


def my_takeaway(session: Session, token: str | None) -> TakeawayView | None:
    seat, meeting = _seat(session, token)
    if seat.person_id is None:
        return None
    row = session.scalar(select(IntervisionTakeaway).where(
        IntervisionTakeaway.meeting_id == meeting.id,
        IntervisionTakeaway.person_id == seat.person_id))
    return None if row is None else TakeawayView(row.id, row.meeting_id, row.take_away,
                                                 row.next_step)


def read_takeaway(session: Session, takeaway_id: int, user: User) -> TakeawayView:
    """A take-away by id, for its author only: anyone else gets ``AccessDenied``."""
    row = session.get(IntervisionTakeaway, takeaway_id)
    if row is None or row.person_id != user.person_id:
        raise AccessDenied(t("intervisie.takeaway_not_yours"))
    return TakeawayView(row.id, row.meeting_id, row.take_away, row.next_step)


def takeaways_of(session: Session, user: User) -> list[TakeawayView]:
    """All take-aways of the signed-in person, newest first."""
    rows = session.scalars(select(IntervisionTakeaway)
                           .where(IntervisionTakeaway.person_id == user.person_id)
                           .order_by(IntervisionTakeaway.updated_at.desc()))
    return [TakeawayView(r.id, r.meeting_id, r.take_away, r.next_step) for r in rows]


def rate(session: Session, token: str | None, score: int, line: str) -> None:
    """Record or change this participant's rating of the meeting (1..5 and one line)."""
    seat, meeting = _seat(session, token)
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise LiveError(t("intervisie.rating_score"))
    line = " ".join((line or "").split())
    if len(line) > LINE_MAX:
        raise LiveError(t("intervisie.rating_line_long", max=LINE_MAX))
    row = session.get(IntervisionRating, (meeting.id, seat.id))
    if row is None:
        session.add(IntervisionRating(meeting_id=meeting.id, participant_id=seat.id,
                                      score=score, line=line))
    else:
        row.score, row.line = score, line
    session.flush()


def my_rating(session: Session, token: str | None) -> tuple[int, str] | None:
    seat, meeting = _seat(session, token)
    row = session.get(IntervisionRating, (meeting.id, seat.id))
    return None if row is None else (row.score, row.line)


def rating_summary(session: Session, meeting_id: int, user: User) -> RatingSummary:
    meeting: Meeting = live.require_host(session, meeting_id, user)
    rows = list(session.scalars(select(IntervisionRating)
                                .where(IntervisionRating.meeting_id == meeting.id)))
    # After the meeting only the summary is kept (``cases.archive_ratings``).
    kept = (meeting.state or {}).get(cases.RATINGS) or {"count": 0, "total": 0, "lines": []}
    count = kept["count"] + len(rows)
    if not count:
        return RatingSummary(0, None, ())
    mean = round((kept["total"] + sum(r.score for r in rows)) / count, 1)
    return RatingSummary(count, mean,
                         tuple(sorted([*kept["lines"], *(r.line for r in rows if r.line)])))
