"""The anonymous group spinnenweb of a meeting.

Each participant may add six dimension scores (typed in, or copied from their own saved
fill). The group view is the mean per dimension, and only when at least ``MIN_GROUP``
people contributed: below that, a single person's scores could be guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.live.errors import LiveError
from pgkit.live.meetings import require_host, seat
from pgkit.messages import t
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store.models import SpinnenwebAnswer, SpinnenwebFill
from pgkit.store.models_meetings import WebContribution

MIN_GROUP = 5
KEYS: tuple[str, ...] = tuple(dimension_key(d) for d in DIMENSIONS)


@dataclass(frozen=True)
class GroupWeb:
    contributors: int
    means: dict[str, float] | None  # None while fewer than MIN_GROUP contributed

    @property
    def shown(self) -> bool:
        return self.means is not None

    @property
    def missing(self) -> int:
        return max(0, MIN_GROUP - self.contributors)


def aggregate(contributions: Iterable[Mapping[str, float]], min_group: int = MIN_GROUP
              ) -> GroupWeb:
    """Mean per dimension, hidden below ``min_group`` contributors. Pure."""
    rows = list(contributions)
    if len(rows) < min_group:
        return GroupWeb(len(rows), None)
    means = {}
    for key in KEYS:
        values = [float(r[key]) for r in rows if r.get(key) is not None]
        means[key] = round(sum(values) / len(values), 1) if values else 0.0
    return GroupWeb(len(rows), means)


def clean_scores(scores: Mapping[str, object]) -> dict[str, float]:
    """Six scores 0..10 keyed by dimension key; a Dutch error names the dimension."""
    out: dict[str, float] = {}
    for dim, key in zip(DIMENSIONS, KEYS, strict=True):
        raw = scores.get(key, scores.get(dim))
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise LiveError(t("meetings.live.web_missing", dimension=dim)) from None
        if not 0 <= value <= 10:
            raise LiveError(t("meetings.live.web_range", dimension=dim))
        out[key] = value
    return out


def contribute(session: Session, token: str, scores: Mapping[str, object],
               source: str = "hier") -> None:
    """Add or replace this participant's contribution to their meeting's group web."""
    who = seat(session, token)
    values = clean_scores(scores)
    row = session.get(WebContribution, (who.meeting_id, who.id))
    if row is None:
        session.add(WebContribution(meeting_id=who.meeting_id, participant_id=who.id,
                                    scores=values, source=source))
    else:
        row.scores, row.source = values, source
    session.flush()


def has_contributed(session: Session, token: str) -> bool:
    who = seat(session, token)
    return session.get(WebContribution, (who.meeting_id, who.id)) is not None


def _group(session: Session, meeting_id: int) -> GroupWeb:
    return aggregate(session.scalars(select(WebContribution.scores)
                                     .where(WebContribution.meeting_id == meeting_id)))


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
        sums.setdefault(dimension_key(dim), []).append(float(score))
    if not all(k in sums for k in KEYS):
        return None
    return {k: round(sum(v) / len(v), 1) for k, v in ((k, sums[k]) for k in KEYS)}
