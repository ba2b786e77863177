"""SQLAlchemy models: the one schema every part of the kit writes to.

Alembic migrations in ``migrations/versions`` must match this file; the test
``tests/store/test_migrations.py`` compares them.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pgkit.curriculum import DEFAULT_INTERVISION_MEETINGS


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    FACILITATOR = "facilitator"
    COACH = "coach"
    COORDINATOR = "coordinator"


class Region(enum.StrEnum):
    NOORD = "Noord-Limburg"
    MIDDEN = "Midden-Limburg"
    ZUID = "Zuid-Limburg"


class MeetingKind(enum.StrEnum):
    REFLECTION_1 = "reflectie1"
    REFLECTION_2 = "reflectie2"
    INTERVISION = "intervisie"


def _enum(e: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings so SQLite and PostgreSQL read the same values.
    return Enum(e, name=name, native_enum=False, values_callable=lambda x: [m.value for m in x],
                validate_strings=True, length=32)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str | None] = mapped_column(String(60))


class Person(Base):
    """Someone who uses the kit. ``pseudonym`` is the login (hub user or local profile)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The language of the kit's own texts for this person (``nl``, ``en``); None until they
    # choose, which means the kit's default. Content (units, cards) stays Dutch.
    language: Mapped[str | None] = mapped_column(String(8))

    roles: Mapped[list[PersonRole]] = relationship(cascade="all, delete-orphan")
    organisation: Mapped[Organisation | None] = relationship()


class PersonRole(Base):
    __tablename__ = "person_roles"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), primary_key=True)


class Cohort(Base):
    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    region: Mapped[Region] = mapped_column(_enum(Region, "region"))
    is_coach_track: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The number of intervision meetings this cohort plans (the kit's default, changeable).
    intervision_meetings: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_INTERVISION_MEETINGS,
        server_default=str(DEFAULT_INTERVISION_MEETINGS))
    # Behind JupyterHub: people nobody imported land here when they sign up (at most one).
    self_registration: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())


class CohortCoach(Base):
    __tablename__ = "cohort_coaches"
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("cohort_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ProgressEvent(Base):
    """One step in the e-learning: a unit opened, a section read, a unit completed."""

    __tablename__ = "progress_events"
    __table_args__ = (Index("ix_progress_person_time", "person_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempt_person_unit", "person_id", "unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(60))
    score: Mapped[float | None] = mapped_column(Float)  # 0..1, set when the attempt is checked
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    answer: Mapped[list | str | None] = mapped_column(JSON)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Reflection(Base):
    """A free-text answer owned by one person; ``key`` says where it was asked."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("person_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, default="")
    # Raised on every save, so a tab holding an older version cannot overwrite a newer one.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class SpinnenwebFill(Base):
    __tablename__ = "spinnenweb_fills"
    __table_args__ = (Index("ix_fill_person_time", "person_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(10), default="quick")  # quick | full
    context: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    answers: Mapped[list[SpinnenwebAnswer]] = relationship(cascade="all, delete-orphan")
    actiewiel: Mapped[list[ActiewielAnswer]] = relationship(cascade="all, delete-orphan")


class SpinnenwebAnswer(Base):
    """One item (full mode) or one dimension (quick mode, item id ``<dim>:*``)."""

    __tablename__ = "spinnenweb_answers"
    fill_id: Mapped[int] = mapped_column(
        ForeignKey("spinnenweb_fills.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(60))
    score: Mapped[float | None] = mapped_column(Float)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ActiewielAnswer(Base):
    __tablename__ = "actiewiel_answers"
    fill_id: Mapped[int] = mapped_column(
        ForeignKey("spinnenweb_fills.id", ondelete="CASCADE"), primary_key=True)
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Meeting(Base):
    """A reflection meeting or intervision session, joined with a short code."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind, "meeting_kind"))
    sequence: Mapped[int] = mapped_column(Integer, default=1)  # intervision 1..cohort count
    method: Mapped[str | None] = mapped_column(String(60))  # runbook or intervision method key
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    state: Mapped[dict | None] = mapped_column(JSON)  # timer, current block, shown card
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Participant(Base):
    """A join to one meeting; linked to a person when the store knows who it is."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    display_name: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Attendance(Base):
    __tablename__ = "attendance"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    corrected_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Poll(Base):
    __tablename__ = "polls"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PollAnswer(Base):
    __tablename__ = "poll_answers"
    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    option_index: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Consent(Base):
    __tablename__ = "consents"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    given: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AssignmentGrade(Base):
    """Coach-track grades copied from the nbgrader gradebook by ``pgkit grade sync``."""

    __tablename__ = "assignment_grades"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    assignment: Mapped[str] = mapped_column(String(80), primary_key=True)
    status: Mapped[str] = mapped_column(String(30))  # ingeleverd | nagekeken | ...
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    synced_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
