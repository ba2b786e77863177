"""Published group figures: what a group view may show, frozen until enough has changed.

See ``pgkit.privacy`` for the rule and docs/privacy.md ("Group-web threat model") for why.
A row holds only an aggregate of at least ``GROUP_MIN`` people and, per counted
contribution, an opaque version stamp (a participant or enrolment id with a time); never
a person's scores.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from pgkit.store.models import Base, utcnow


class GroupWebSnapshot(Base):
    """The published group spinnenweb of one meeting or one cohort."""

    __tablename__ = "group_web_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), unique=True)
    contributors: Mapped[int] = mapped_column(Integer)
    means: Mapped[dict] = mapped_column(JSON)  # dimension -> mean, rounded as shown
    members: Mapped[dict] = mapped_column(JSON)  # contribution key -> version stamp
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
