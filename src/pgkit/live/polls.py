"""Polls during a meeting: the host opens one, participants answer, everyone sees counts.

Counts are anonymous: results never say who chose what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.live.meetings import require_host, require_open, require_seat, seat
from pgkit.messages import t
from pgkit.store.models import Meeting, Poll, PollAnswer, utcnow


@dataclass(frozen=True)
class PollResult:
    poll_id: int
    key: str
    question: str
    options: tuple[str, ...]
    counts: tuple[int, ...]
    open: bool

    @property
    def total(self) -> int:
        return sum(self.counts)


def open_poll(session: Session, meeting_id: int, user: User, key: str, question: str,
              options: Sequence[str]) -> Poll:
    """Open a poll; any poll still open in this meeting closes, so there is one current."""
    require_open(require_host(session, meeting_id, user))
    if len(options) < 2:
        raise LiveError(t("meetings.live.poll_options"))
    now = utcnow()
    for old in session.scalars(select(Poll).where(Poll.meeting_id == meeting_id,
                                                  Poll.closed_at.is_(None))):
        old.closed_at = now
    poll = Poll(meeting_id=meeting_id, key=key, question=question, options=list(options),
                opened_at=now)
    session.add(poll)
    session.flush()
    return poll


def close_poll(session: Session, poll_id: int, user: User) -> None:
    poll = _poll(session, poll_id)
    require_host(session, poll.meeting_id, user)
    if poll.closed_at is None:
        poll.closed_at = utcnow()
        session.flush()


def _poll(session: Session, poll_id: int) -> Poll:
    poll = session.get(Poll, poll_id)
    if poll is None:
        raise AccessDenied(t("meetings.live.poll_missing"))
    return poll


def current_poll_id(session: Session, meeting_id: int) -> int | None:
    """The open poll of a meeting (the newest), or None."""
    return session.scalar(select(Poll.id).where(Poll.meeting_id == meeting_id,
                                                Poll.closed_at.is_(None))
                          .order_by(Poll.opened_at.desc(), Poll.id.desc()).limit(1))


def answer(session: Session, token: str, poll_id: int, option_index: int) -> None:
    """Record or change this participant's answer; only for an open poll of their meeting."""
    poll = _poll(session, poll_id)
    who = require_seat(session, token, poll.meeting_id)
    require_open(session.get_one(Meeting, poll.meeting_id))
    if poll.closed_at is not None:
        raise LiveError(t("meetings.live.poll_closed"))
    if not 0 <= option_index < len(poll.options):
        raise LiveError(t("meetings.live.poll_bad_option"))
    row = session.get(PollAnswer, (poll.id, who.id))
    if row is None:
        session.add(PollAnswer(poll_id=poll.id, participant_id=who.id, option_index=option_index))
    else:
        row.option_index = option_index
    session.flush()


def my_answer(session: Session, token: str, poll_id: int) -> int | None:
    poll = _poll(session, poll_id)
    who = require_seat(session, token, poll.meeting_id)
    row = session.get(PollAnswer, (poll.id, who.id))
    return None if row is None else row.option_index


def _result(session: Session, poll: Poll) -> PollResult:
    counts = [0] * len(poll.options)
    for index, n in session.execute(
            select(PollAnswer.option_index, func.count()).where(PollAnswer.poll_id == poll.id)
            .group_by(PollAnswer.option_index)):
        if 0 <= index < len(counts):
            counts[index] = n
    return PollResult(poll.id, poll.key, poll.question, tuple(poll.options), tuple(counts),
                      poll.closed_at is None)


def results(session: Session, poll_id: int, user: User) -> PollResult:
    """Counts for the host."""
    poll = _poll(session, poll_id)
    require_host(session, poll.meeting_id, user)
    return _result(session, poll)


def results_for_seat(session: Session, token: str, poll_id: int) -> PollResult:
    """Counts for a participant of the poll's meeting only."""
    poll = _poll(session, poll_id)
    require_seat(session, token, poll.meeting_id)
    return _result(session, poll)


def meeting_results(session: Session, meeting_id: int, user: User) -> list[PollResult]:
    """Every poll of the meeting in the order it was asked (for the summary)."""
    require_host(session, meeting_id, user)
    polls = session.scalars(select(Poll).where(Poll.meeting_id == meeting_id)
                            .order_by(Poll.opened_at, Poll.id))
    return [_result(session, p) for p in polls]


def current_for_seat(session: Session, token: str) -> int | None:
    """The open poll of the participant's own meeting."""
    return current_poll_id(session, seat(session, token).meeting_id)


def latest_poll_id(session: Session, meeting_id: int) -> int | None:
    """The newest poll of a meeting, open or closed (the one group views keep showing)."""
    return session.scalar(select(Poll.id).where(Poll.meeting_id == meeting_id)
                          .order_by(Poll.opened_at.desc(), Poll.id.desc()).limit(1))
