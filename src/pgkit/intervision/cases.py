"""Cases and the vote: confidential to the group, and only while the meeting is open.

A participant submits at most one case (title, short description, and whether the title
may stay after the meeting). Every read goes through a seat token or the host check and
refuses a closed meeting. ``purge`` runs when the meeting ends: it deletes the votes,
every case whose bringer did not allow keeping the title, and of a kept case the
description and the link to its author. The ratings go too: what the host may see of
them (count, mean, the loose lines without names) is kept in the meeting's state under
``RATINGS``, so no rating stays linked to a seat and through it to a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.live import meetings as live
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.messages import t
from pgkit.store import affected_rows
from pgkit.store.db import checkpoint_after_commit
from pgkit.store.models import Meeting, MeetingKind, Participant
from pgkit.store.models_intervision import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    IntervisionCase,
    IntervisionRating,
    IntervisionVote,
)

RATINGS = "beoordeling"  # meetings.state key of the archived rating summary


@dataclass(frozen=True)
class CaseView:
    id: int
    title: str
    description: str
    votes: int
    mine: bool
    chosen: bool
    keep_title: bool
    bringer: str | None = None  # the bringer's name: for the host only


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    kept_titles: int


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _open_seat(session: Session, token: str | None) -> tuple[Participant, Meeting]:
    seat = live.seat(session, token)
    meeting = session.get(Meeting, seat.meeting_id)
    assert meeting is not None
    if meeting.kind != MeetingKind.INTERVISION:
        raise AccessDenied(t("intervisie.not_intervision"))
    if meeting.closed_at is not None:
        raise AccessDenied(t("intervisie.meeting_ended"))
    return seat, meeting


def submit_case(session: Session, token: str | None, title: str, description: str,
                keep_title: bool = False) -> IntervisionCase:
    """Add this participant's case, or change it if they already submitted one."""
    seat, meeting = _open_seat(session, token)
    title, description = _clean(title), (description or "").strip()
    if not 3 <= len(title) <= TITLE_MAX:
        raise LiveError(t("intervisie.case_title_length", max=TITLE_MAX))
    if len(description) > DESCRIPTION_MAX:
        raise LiveError(t("intervisie.case_description_length", max=DESCRIPTION_MAX))
    case = session.scalar(select(IntervisionCase).where(
        IntervisionCase.meeting_id == meeting.id, IntervisionCase.participant_id == seat.id))
    if case is None:
        case = IntervisionCase(meeting_id=meeting.id, participant_id=seat.id, title=title)
        session.add(case)
    elif case.chosen:
        raise LiveError(t("intervisie.case_already_chosen"))
    case.title, case.description, case.keep_title = title, description, bool(keep_title)
    session.flush()
    return case


def withdraw_case(session: Session, token: str | None) -> bool:
    seat, meeting = _open_seat(session, token)
    case = session.scalar(select(IntervisionCase).where(
        IntervisionCase.meeting_id == meeting.id, IntervisionCase.participant_id == seat.id))
    if case is None:
        return False
    if case.chosen:
        raise LiveError(t("intervisie.case_already_chosen"))
    session.delete(case)
    session.flush()
    return True


def _views(session: Session, meeting_id: int, me: int | None,
           with_names: bool) -> list[CaseView]:
    counts = dict(session.execute(
        select(IntervisionVote.case_id, func.count())
        .where(IntervisionVote.meeting_id == meeting_id)
        .group_by(IntervisionVote.case_id)).all())
    rows = session.execute(
        select(IntervisionCase, Participant.display_name)
        .outerjoin(Participant, Participant.id == IntervisionCase.participant_id)
        .where(IntervisionCase.meeting_id == meeting_id)
        .order_by(IntervisionCase.created_at, IntervisionCase.id)).all()
    return [CaseView(c.id, c.title, c.description or "", counts.get(c.id, 0),
                     me is not None and c.participant_id == me, c.chosen, c.keep_title,
                     name if with_names else None)
            for c, name in rows]


def cases_for_seat(session: Session, token: str | None) -> list[CaseView]:
    """The cases of the participant's own open meeting, with vote counts (no names)."""
    seat, meeting = _open_seat(session, token)
    return _views(session, meeting.id, seat.id, with_names=False)


def cases_for_host(session: Session, meeting_id: int, user: User) -> list[CaseView]:
    meeting = live.require_host(session, meeting_id, user)
    if meeting.closed_at is not None:
        raise AccessDenied(t("intervisie.meeting_ended"))
    return _views(session, meeting_id, None, with_names=True)


def intake_for_seat(session: Session, token: str | None) -> tuple[list[CaseView], int | None]:
    """The cases and this participant's vote in one go (the page asks every 1.5 s)."""
    seat, meeting = _open_seat(session, token)
    row = session.get(IntervisionVote, (meeting.id, seat.id))
    return (_views(session, meeting.id, seat.id, with_names=False),
            None if row is None else row.case_id)


def vote(session: Session, token: str | None, case_id: int) -> None:
    """One vote per participant; voting again moves it. Closed once a case is chosen."""
    seat, meeting = _open_seat(session, token)
    case = session.get(IntervisionCase, case_id)
    if case is None or case.meeting_id != meeting.id:
        raise AccessDenied(t("intervisie.case_missing"))
    if chosen_case(session, meeting.id) is not None:
        raise LiveError(t("intervisie.vote_closed"))
    row = session.get(IntervisionVote, (meeting.id, seat.id))
    if row is None:
        session.add(IntervisionVote(meeting_id=meeting.id, participant_id=seat.id,
                                    case_id=case.id))
    else:
        row.case_id = case.id
    session.flush()


def my_vote(session: Session, token: str | None) -> int | None:
    seat, meeting = _open_seat(session, token)
    row = session.get(IntervisionVote, (meeting.id, seat.id))
    return None if row is None else row.case_id


def mark_chosen(session: Session, meeting_id: int, case_id: int) -> IntervisionCase:
    """Internal: the host's choice (see ``meeting.choose_case`` for the checks)."""
    case = session.get(IntervisionCase, case_id)
    if case is None or case.meeting_id != meeting_id:
        raise AccessDenied(t("intervisie.case_missing"))
    session.execute(update(IntervisionCase).where(IntervisionCase.meeting_id == meeting_id)
                    .values(chosen=False))
    case.chosen = True
    session.flush()
    return case


def chosen_case(session: Session, meeting_id: int) -> IntervisionCase | None:
    return session.scalar(select(IntervisionCase).where(
        IntervisionCase.meeting_id == meeting_id, IntervisionCase.chosen.is_(True)))


def chosen_title(session: Session, meeting_id: int) -> str | None:
    case = chosen_case(session, meeting_id)
    return None if case is None else case.title


def archive_ratings(session: Session, meeting_id: int) -> None:
    """Replace the meeting's ratings by the summary the host sees; the rows go."""
    rows = list(session.execute(select(IntervisionRating.score, IntervisionRating.line)
                                .where(IntervisionRating.meeting_id == meeting_id)))
    if not rows:
        return
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    state = dict(meeting.state or {})
    old = state.get(RATINGS) or {"count": 0, "total": 0, "lines": []}
    state[RATINGS] = {"count": old["count"] + len(rows),
                      "total": old["total"] + sum(score for score, _ in rows),
                      "lines": sorted([*old["lines"], *(line for _, line in rows if line)])}
    meeting.state = state  # a new dict, so the JSON column is written
    session.execute(delete(IntervisionRating).where(IntervisionRating.meeting_id == meeting_id))


def purge(session: Session, meeting_id: int) -> PurgeResult:
    """Delete what the meeting may not keep. Safe to run twice."""
    archive_ratings(session, meeting_id)
    session.execute(delete(IntervisionVote).where(IntervisionVote.meeting_id == meeting_id))
    gone = session.execute(delete(IntervisionCase).where(
        IntervisionCase.meeting_id == meeting_id, IntervisionCase.keep_title.is_(False)))
    kept = session.execute(update(IntervisionCase).where(
        IntervisionCase.meeting_id == meeting_id, IntervisionCase.keep_title.is_(True))
        .values(description=None, participant_id=None))
    session.flush()
    checkpoint_after_commit(session)
    return PurgeResult(affected_rows(gone), affected_rows(kept))


def purge_closed(session: Session) -> int:
    """Purge every closed meeting that still holds case content; returns how many."""
    ids = set(session.scalars(
        select(IntervisionCase.meeting_id).join(Meeting, Meeting.id == IntervisionCase.meeting_id)
        .where(Meeting.closed_at.is_not(None),
               (IntervisionCase.keep_title.is_(False))
               | IntervisionCase.description.is_not(None)
               | IntervisionCase.participant_id.is_not(None))))
    ids |= set(session.scalars(
        select(IntervisionRating.meeting_id)
        .join(Meeting, Meeting.id == IntervisionRating.meeting_id)
        .where(Meeting.closed_at.is_not(None))))
    for meeting_id in sorted(ids):
        purge(session, meeting_id)
    return len(ids)


def kept_titles(session: Session, meeting_id: int, user: User) -> list[str]:
    """After the meeting: the titles their bringers allowed to keep (host only)."""
    live.require_host(session, meeting_id, user)
    return list(session.scalars(select(IntervisionCase.title).where(
        IntervisionCase.meeting_id == meeting_id, IntervisionCase.keep_title.is_(True))
        .order_by(IntervisionCase.id)))
