"""Tables of the live meetings (reflection meetings and intervision).

The core tables (meetings, participants, attendance, polls, poll_answers) live in
``models.py``; these add what a meeting collects on top: anonymous contributions to
the group spinnenweb and the role-play observations.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pgkit.store.models import Base, utcnow


class WebContribution(Base):
    """One participant's six dimension scores for the group spinnenweb of a meeting.

    Only aggregates of at least five contributions are ever shown.
    """

    __tablename__ = "meeting_web_contributions"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    scores: Mapped[dict] = mapped_column(JSON)  # dimension key -> 0..10
    source: Mapped[str] = mapped_column(String(10), default="hier")  # hier | eigen
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Observation(Base):
    """The observer's checklist for one role-play round, addressed to its conversation leader.

    ``checklist``/``note`` are the draft, saved on every change; ``sent_*`` is what the
    observer sent with "Feedback versturen", the only part the leader ever reads.
    """

    __tablename__ = "roleplay_observations"
    __table_args__ = (UniqueConstraint("meeting_id", "round", "observer_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    observer_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    leader_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    checklist: Mapped[dict] = mapped_column(JSON)  # item key -> 0..2 (niet, soms, vaak)
    note: Mapped[str] = mapped_column(Text, default="")
    sent_checklist: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    sent_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
