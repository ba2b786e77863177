"""The e-learning's rules and storage: events, quiz attempts, reflections, unit status.

A unit is done when one knowledge-check attempt scored at least ``PASS_MARK`` and the
reflection has text; that moment is written once as a ``completed`` progress event,
which is also what ``pgkit cohort progress`` counts. Everything is written as it
happens, so a closed tab loses nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pgkit.content import UnitContent
from pgkit.curriculum import PASS_MARK, UNITS, Unit
from pgkit.export_format import dutch_int, number
from pgkit.messages import t
from pgkit.store import affected_rows
from pgkit.store.models import ProgressEvent, QuizAnswer, QuizAttempt, Reflection, utcnow

Answer = str | list[str] | None
# A reflection is a few sentences; the cap keeps every save a small message and row.
REFLECTION_MAX = 10_000


class Status(StrEnum):
    NOT_STARTED = "niet_begonnen"
    BUSY = "bezig"
    DONE = "klaar"


def reflection_key(unit: str) -> str:
    return f"{unit}:reflectie"


def record_event(session: Session, person_id: int, unit: str, kind: str,
                 detail: str | None = None) -> None:
    session.add(ProgressEvent(person_id=person_id, unit=unit, kind=kind, detail=detail))
    session.flush()


def attempt_count(session: Session, person_id: int, unit: str) -> int:
    """How many quiz attempts this person has started for this unit."""
    return session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.person_id == person_id, QuizAttempt.unit == unit)) or 0


def start_attempt(session: Session, person_id: int, unit: str) -> int:
    attempt = QuizAttempt(person_id=person_id, unit=unit)
    session.add(attempt)
    session.flush()
    return attempt.id


def record_answer(session: Session, attempt_id: int, question_id: str, answer: Answer,
                  correct: bool) -> None:
    """Store (or replace) the answer to one question of an open attempt, as given."""
    row = session.scalar(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id,
                                                  QuizAnswer.question_id == question_id))
    if row is None:
        session.add(QuizAnswer(attempt_id=attempt_id, question_id=question_id, answer=answer,
                               correct=correct))
    else:
        row.answer, row.correct, row.answered_at = answer, correct, utcnow()
    session.flush()


def finish_attempt(session: Session, attempt_id: int, content: UnitContent) -> float:
    """Score an attempt from its stored answers; unanswered questions count as wrong."""
    attempt = session.get(QuizAttempt, attempt_id)
    if attempt is None:
        raise LookupError(f"no quiz attempt {attempt_id}")
    answers = {a.question_id: a for a in session.scalars(
        select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id))}
    right = sum(1 for q in content.questions
                if q.id in answers and q.is_correct(answers[q.id].answer))
    attempt.score = right / len(content.questions)
    attempt.finished_at = utcnow()
    number = session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.person_id == attempt.person_id, QuizAttempt.unit == attempt.unit,
        QuizAttempt.finished_at.is_not(None)))
    record_event(session, attempt.person_id, attempt.unit, "quiz",
                 f"poging {number}: {round(attempt.score * 100)}%")
    maybe_complete(session, attempt.person_id, attempt.unit)
    return attempt.score


class ReflectionTooLong(ValueError):
    """The text is longer than ``REFLECTION_MAX``; nothing was saved."""


class ReflectionConflict(Exception):
    """Another tab saved this reflection after this one loaded it; nothing was saved."""


def reflection(session: Session, person_id: int, unit: str) -> tuple[str, int]:
    """The stored text and its version (0 when nothing is stored yet)."""
    row = session.execute(select(Reflection.text, Reflection.version).where(
        Reflection.person_id == person_id, Reflection.key == reflection_key(unit))).first()
    return ("", 0) if row is None else (row.text, row.version)


def save_reflection(session: Session, person_id: int, unit: str, text: str,
                    expected_version: int | None = None) -> bool:
    """Store the reflection as typed; returns whether the unit is done now.

    With ``expected_version`` (what the page loaded or last saved) the write is a
    compare-and-set: when another tab saved in between, ``ReflectionConflict`` is raised
    and nothing changes, so neither tab's text is lost silently. The new version is then
    ``expected_version + 1``.
    """
    if len(text) > REFLECTION_MAX:
        raise ReflectionTooLong(t("elearning.reflection.too_long", count=dutch_int(len(text)),
                                  max=dutch_int(REFLECTION_MAX)))
    key = reflection_key(unit)
    mine = (Reflection.person_id == person_id, Reflection.key == key)
    if expected_version is None:
        changed = affected_rows(session.execute(update(Reflection).where(*mine).values(
            text=text, version=Reflection.version + 1, updated_at=utcnow())))
    else:
        changed = affected_rows(session.execute(update(Reflection).where(
            *mine, Reflection.version == expected_version).values(
            text=text, version=expected_version + 1, updated_at=utcnow())))
    if not changed:
        stored = session.scalar(select(Reflection.version).where(*mine))
        if stored is not None:
            raise ReflectionConflict(key)
        if expected_version not in (None, 0):
            raise ReflectionConflict(key)  # it was there when this tab loaded it
        try:
            with session.begin_nested():
                session.add(Reflection(person_id=person_id, key=key, text=text, version=1))
        except IntegrityError:
            raise ReflectionConflict(key) from None  # the other tab inserted it first
    session.flush()
    return maybe_complete(session, person_id, unit)


def reflection_text(session: Session, person_id: int, unit: str) -> str:
    return reflection(session, person_id, unit)[0]


def best_score(session: Session, person_id: int, unit: str) -> float | None:
    return session.scalar(select(func.max(QuizAttempt.score)).where(
        QuizAttempt.person_id == person_id, QuizAttempt.unit == unit))


def completed_at(session: Session, person_id: int, unit: str) -> dt.datetime | None:
    return session.scalar(select(func.min(ProgressEvent.created_at)).where(
        ProgressEvent.person_id == person_id, ProgressEvent.unit == unit,
        ProgressEvent.kind == "completed"))


def maybe_complete(session: Session, person_id: int, unit: str) -> bool:
    """Write the ``completed`` event the first time both conditions hold."""
    if completed_at(session, person_id, unit) is not None:
        return True
    score = best_score(session, person_id, unit)
    if score is None or score < PASS_MARK - 1e-9:
        return False
    if not reflection_text(session, person_id, unit).strip():
        return False
    record_event(session, person_id, unit, "completed")
    return True


def last_step(session: Session, person_id: int, unit: str) -> str | None:
    """The step this person last opened in a unit (``section`` events)."""
    return session.scalar(select(ProgressEvent.detail).where(
        ProgressEvent.person_id == person_id, ProgressEvent.unit == unit,
        ProgressEvent.kind == "section").order_by(ProgressEvent.created_at.desc(),
                                                   ProgressEvent.id.desc()).limit(1))


@dataclass(frozen=True)
class UnitState:
    unit: Unit
    status: Status
    best_score: float | None
    done_at: dt.datetime | None
    last_activity: dt.datetime | None


def overview(session: Session, person_id: int) -> list[UnitState]:
    """The status of every unit for one person, in curriculum order."""
    last = dict(session.execute(
        select(ProgressEvent.unit, func.max(ProgressEvent.created_at))
        .where(ProgressEvent.person_id == person_id).group_by(ProgressEvent.unit)).all())
    done = dict(session.execute(
        select(ProgressEvent.unit, func.min(ProgressEvent.created_at))
        .where(ProgressEvent.person_id == person_id, ProgressEvent.kind == "completed")
        .group_by(ProgressEvent.unit)).all())
    best = dict(session.execute(
        select(QuizAttempt.unit, func.max(QuizAttempt.score))
        .where(QuizAttempt.person_id == person_id).group_by(QuizAttempt.unit)).all())
    states = []
    for unit in UNITS:
        status = (Status.DONE if unit.key in done else
                  Status.BUSY if unit.key in last else Status.NOT_STARTED)
        states.append(UnitState(unit, status, best.get(unit.key), done.get(unit.key),
                                last.get(unit.key)))
    return states


def resume_unit(states: list[UnitState]) -> Unit | None:
    """Where to go on: the unfinished unit touched last, else the first one not done."""
    busy = [(s.last_activity, s.unit) for s in states
            if s.status is Status.BUSY and s.last_activity is not None]
    if busy:
        return max(busy, key=lambda pair: pair[0])[1]
    todo = [s for s in states if s.status is not Status.DONE]
    return todo[0].unit if todo else None


def all_done_at(states: list[UnitState]) -> dt.datetime | None:
    """The day the last unit was completed, or None while any unit is open."""
    if any(s.done_at is None for s in states):
        return None
    return max(s.done_at for s in states if s.done_at)


def study_hours(units: tuple[Unit, ...] = UNITS) -> float:
    return round(sum(u.study_minutes for u in units) / 60, 1)


def hours_text(units: tuple[Unit, ...] = UNITS) -> str:
    """Study load in hours the Dutch way: ``5,5``."""
    return number(study_hours(units), trim=True)
