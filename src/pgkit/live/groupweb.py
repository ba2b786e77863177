"""The anonymous group spinnenweb of a meeting.

Each participant may add six dimension scores (typed in, or copied from their own saved
fill). The group view is the mean per dimension, published by ``pgkit.privacy``: only
from ``GROUP_MIN`` contributions, and then frozen until ``GROUP_MIN`` of them are new or
changed. Only people who are really in the meeting count: enrolled in its cohort and
present, or confirmed present by the host (a self-made profile on its own does not,
nor does someone the host marked absent). A
contribution of all 0 or all 10 is kept but set aside and shown as such, never counted.
Threat model: docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.live.errors import LiveError
from pgkit.live.meetings import open_seat, require_host, seat
from pgkit.messages import t
from pgkit.privacy import GROUP_MIN, Contribution, GroupWeb, is_extreme, publish
from pgkit.spinnenweb import DIMENSIONS, dimension_key, dimension_name, stored_id
from pgkit.store.models import (
    Attendance,
    Enrolment,
    Meeting,
    Participant,
    SpinnenwebAnswer,
    SpinnenwebFill,
)
from pgkit.store.models_meetings import WebContribution

# The group web's scores are keyed by the dimensions' stable ids.
KEYS: tuple[str, ...] = DIMENSIONS
COUNTED, FLAGGED, NOT_IN_GROUP = "counted", "flagged", "not_in_group"

__all__ = ["GROUP_MIN", "KEYS", "GroupWeb", "clean_scores", "contribute", "group_web",
           "group_web_for_seat", "has_contributed", "own_saved_scores"]


def clean_scores(scores: Mapping[str, object]) -> dict[str, float]:
    """Six scores 0..10 keyed by dimension id (a Dutch name is read too); the error
    names the dimension."""
    named: dict[str, object] = {}
    for name, raw in scores.items():
        try:
            named[dimension_key(name)] = raw
        except ValueError:
            continue  # not a dimension: the missing one is named below
    out: dict[str, float] = {}
    for key in KEYS:
        raw = named.get(key)
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise LiveError(t("meetings.live.web_missing", dimension=dimension_name(key))) from None
        if not 0 <= value <= 10:
            raise LiveError(t("meetings.live.web_range", dimension=dimension_name(key)))
        out[key] = value
    return out


def contribute(session: Session, token: str, scores: Mapping[str, object],
               source: str = "hier") -> str:
    """Add or replace this participant's contribution to their meeting's group web.

    Returns whether it counts: ``COUNTED``, ``FLAGGED`` (all 0 or all 10) or
    ``NOT_IN_GROUP`` (not enrolled in the cohort, or marked absent), so the page can
    say so instead of counting it silently. Refused once the meeting is closed.
    """
    who = open_seat(session, token)
    values = clean_scores(scores)
    row = session.get(WebContribution, (who.meeting_id, who.id))
    if row is None:
        session.add(WebContribution(meeting_id=who.meeting_id, participant_id=who.id,
                                    scores=values, source=source))
    elif row.scores != values or row.source != source:
        row.scores, row.source = values, source
    session.flush()
    return _outcome(session, who, values)


def _outcome(session: Session, who: Participant, values: Mapping[str, float]) -> str:
    if not _in_group(session, who):
        return NOT_IN_GROUP
    return FLAGGED if is_extreme(values.values()) else COUNTED


def has_contributed(session: Session, token: str) -> bool:
    who = seat(session, token)
    return session.get(WebContribution, (who.meeting_id, who.id)) is not None


def my_contribution(session: Session, token: str) -> tuple[dict[str, float], str] | None:
    """This participant's shared scores and whether they count (as ``contribute`` says),
    or None before they shared; for their own page only."""
    who = seat(session, token)
    row = session.get(WebContribution, (who.meeting_id, who.id))
    if row is None:
        return None
    return dict(row.scores), _outcome(session, who, row.scores)


def _members(meeting: Meeting):
    """Participant ids of the people who count.

    Enrolled in the meeting's cohort and present (the host did not mark them absent), or
    confirmed present by the host in the attendance tab: a profile anyone can make on
    the welcome form does not count on its own say-so.
    """
    present = (select(Participant.id)
               .join(Attendance, and_(Attendance.meeting_id == meeting.id,
                                      Attendance.person_id == Participant.person_id))
               .where(Participant.meeting_id == meeting.id, Attendance.attended.is_(True)))
    enrolled = present.join(Enrolment, and_(Enrolment.person_id == Participant.person_id,
                                            Enrolment.cohort_id == meeting.cohort_id))
    confirmed = present.where(Attendance.corrected_by.is_not(None))
    return enrolled.union(confirmed)


def _in_group(session: Session, who: Participant) -> bool:
    meeting = session.get(Meeting, who.meeting_id)
    assert meeting is not None
    return who.id in set(session.scalars(_members(meeting)))


def _group(session: Session, meeting_id: int) -> GroupWeb:
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    members = set(session.scalars(_members(meeting)))
    counted: dict[str, Contribution] = {}
    flagged = uncounted = 0
    for pid, scores, stamp in session.execute(
            select(WebContribution.participant_id, WebContribution.scores,
                   WebContribution.updated_at)
            .where(WebContribution.meeting_id == meeting_id)):
        if pid not in members:
            uncounted += 1
        elif is_extreme(scores.get(k, 0) for k in KEYS):
            flagged += 1
        else:
            counted[str(pid)] = Contribution(str(stamp), scores)
    return publish(session, counted=counted, keys=KEYS, meeting_id=meeting_id,
                   flagged=flagged, uncounted=uncounted)


def group_web(session: Session, meeting_id: int, user: User) -> GroupWeb:
    require_host(session, meeting_id, user)
    return _group(session, meeting_id)


def group_web_for_seat(session: Session, token: str) -> GroupWeb:
    return _group(session, seat(session, token).meeting_id)


def own_saved_scores(session: Session, person_id: int) -> dict[str, float] | None:
    """Dimension means of the person's newest saved spinnenweb fill, or None.

    Reads ``spinnenweb_answers`` directly; the dimension column may hold the name or the key.
    """
    fill_id = session.scalar(select(SpinnenwebFill.id).where(SpinnenwebFill.person_id == person_id)
                             .order_by(SpinnenwebFill.updated_at.desc(), SpinnenwebFill.id.desc())
                             .limit(1))
    if fill_id is None:
        return None
    sums: dict[str, list[float]] = {}
    for dim, score in session.execute(select(SpinnenwebAnswer.dimension, SpinnenwebAnswer.score)
                                      .where(SpinnenwebAnswer.fill_id == fill_id,
                                             SpinnenwebAnswer.score.is_not(None))):
        key = stored_id(dim)
        if key is not None and score is not None:  # (the query filters None scores)
            sums.setdefault(key, []).append(float(score))
    if not all(k in sums for k in KEYS):
        return None
    return {k: round(sum(v) / len(v), 1) for k, v in ((k, sums[k]) for k in KEYS)}
