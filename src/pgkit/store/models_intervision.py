"""Tables of the intervision exercises: cases, votes, take-aways and ratings.

Meetings, participants, attendance and the shared state live in the core tables. Cases
are confidential: they exist only while their meeting is open. When it ends,
``pgkit.intervision.cases.purge`` deletes them, except a title its case-bringer allowed
the group to keep (then without description or author).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pgkit.store.models import Base, utcnow

TITLE_MAX = 120
DESCRIPTION_MAX = 1000
LINE_MAX = 200
TAKEAWAY_MAX = 2000


class IntervisionCase(Base):
    __tablename__ = "intervision_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    # Cleared when the meeting ends, so a kept title no longer points to its author.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str | None] = mapped_column(Text)
    keep_title: Mapped[bool] = mapped_column(Boolean, default=False)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IntervisionVote(Base):
    """One vote per participant per meeting; voting again moves the vote."""

    __tablename__ = "intervision_votes"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("intervision_cases.id", ondelete="CASCADE"), index=True)
    voted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class IntervisionTakeaway(Base):
    """What the case-bringer takes away and their next step: readable only by its author."""

    __tablename__ = "intervision_takeaways"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True)
    take_away: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class IntervisionRating(Base):
    """A participant's rating of the meeting: 1 to 5 and one line."""

    __tablename__ = "intervision_ratings"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(LINE_MAX), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
