"""The one privacy threshold of group views, and when a group figure may change.

A group spinnenweb (of a meeting, or of a cohort on the coach dashboard) is *published*:
computed from the contributions that count at one moment, then frozen. A new figure is
published only when at least ``GROUP_MIN`` contributions are new, changed or gone since
the figure on screen. So the difference between any two figures a viewer sees mixes at
least ``GROUP_MIN`` people, exactly as the first figure does: one person joining or
changing their scores never shows as a change of the mean (6·m6 − 5·m5 is never
available). Who may count, and the scores that are set aside, is decided by the caller;
this module only keeps the figure. Threat model: docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pgkit.store.models_privacy import GroupWebSnapshot

GROUP_MIN = 5  # group aggregates of personal data only from this many people; also the step
SCORE_MIN, SCORE_MAX = 0.0, 10.0


@dataclass(frozen=True)
class Contribution:
    """One contribution that counts: its scores and an opaque stamp that changes with them."""

    version: str
    scores: Mapping[str, float]


@dataclass(frozen=True)
class GroupWeb:
    """What a group view may show.

    ``contributors`` is the size of the published figure; before the first one, how many
    contributions count so far. ``pending`` counts contributions that are new, changed or
    gone since the figure on screen; ``flagged`` those set aside as all 0 or all 10;
    ``uncounted`` those of people who are not in the group (not enrolled, not present).
    """

    contributors: int
    means: dict[str, float] | None  # None until GROUP_MIN contributions have counted
    pending: int = 0
    flagged: int = 0
    uncounted: int = 0

    @property
    def shown(self) -> bool:
        return self.means is not None

    @property
    def missing(self) -> int:
        """Before the first figure: how many more contributions it needs."""
        return max(0, GROUP_MIN - self.contributors) if self.means is None else 0

    @property
    def until_next(self) -> int:
        """After a figure: how many more changes before the next one."""
        return max(0, GROUP_MIN - self.pending) if self.means is not None else self.missing


def is_extreme(scores: Iterable[float]) -> bool:
    """All lowest or all highest: the shape of a made-up filler, so it is set aside."""
    values = [float(v) for v in scores]
    return bool(values) and (all(v == SCORE_MIN for v in values)
                             or all(v == SCORE_MAX for v in values))


def changes(published: Mapping[str, str], current: Mapping[str, str]) -> int:
    """Contributions new, changed or gone between two version maps."""
    return sum(1 for k in published.keys() | current.keys()
               if published.get(k) != current.get(k))


def should_publish(published: Mapping[str, str], current: Mapping[str, str]) -> bool:
    return len(current) >= GROUP_MIN and changes(published, current) >= GROUP_MIN


def means_of(rows: Iterable[Mapping[str, float]], keys: Iterable[str]) -> dict[str, float]:
    """The mean per key, rounded to one decimal as every view shows it. Pure."""
    rows = list(rows)
    return {k: round(sum(float(r[k]) for r in rows) / len(rows), 1) for k in keys}


def _save(session: Session, scope: str, scope_id: int, values: dict) -> None:
    """Insert or replace the snapshot; two pages publishing at once must not collide."""
    from sqlalchemy.dialects import postgresql, sqlite

    # Both dialects spell the upsert the same way; the core insert() has no upsert.
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(GroupWebSnapshot).values({scope: scope_id, **values})
    session.execute(stmt.on_conflict_do_update(index_elements=[scope], set_=values))


def publish(session: Session, *, counted: Mapping[str, Contribution], keys: Iterable[str],
            meeting_id: int | None = None, cohort_id: int | None = None,
            flagged: int = 0, uncounted: int = 0) -> GroupWeb:
    """The figure to show for one meeting or cohort, publishing a new one when allowed."""
    if meeting_id is not None and cohort_id is None:
        scope, scope_id = "meeting_id", meeting_id
    elif cohort_id is not None and meeting_id is None:
        scope, scope_id = "cohort_id", cohort_id
    else:
        raise ValueError("publish needs exactly one of meeting_id and cohort_id")
    snap = session.scalar(select(GroupWebSnapshot)
                          .where(getattr(GroupWebSnapshot, scope) == scope_id))
    published = dict(snap.members) if snap is not None else {}
    current = {k: c.version for k, c in counted.items()}
    if should_publish(published, current):
        means = means_of((c.scores for c in counted.values()), list(keys))
        _save(session, scope, scope_id, {"contributors": len(counted), "means": means,
                                         "members": current})
        if snap is not None:
            session.expire(snap)
        return GroupWeb(len(counted), means, 0, flagged, uncounted)
    if snap is None:
        return GroupWeb(len(counted), None, len(counted), flagged, uncounted)
    return GroupWeb(snap.contributors, dict(snap.means), changes(published, current),
                    flagged, uncounted)


def combine(webs: Iterable[GroupWeb]) -> GroupWeb:
    """Several published figures as one (weighted by size): nothing that was not shown.

    Before any of them is published, the largest count so far says how far the nearest
    one is: figures are never pooled across groups to reach the minimum sooner.
    """
    webs = list(webs)
    shown = [w for w in webs if w.means is not None]
    flagged = sum(w.flagged for w in webs)
    uncounted = sum(w.uncounted for w in webs)
    pending = sum(w.pending for w in webs)
    if not shown:
        return GroupWeb(max((w.contributors for w in webs), default=0), None, pending,
                        flagged, uncounted)
    total = sum(w.contributors for w in shown)
    keys = list(shown[0].means or {})
    means = {k: round(sum(w.means[k] * w.contributors for w in shown  # type: ignore[index]
                          if w.means and k in w.means) / total, 1) for k in keys}
    return GroupWeb(total, means, pending, flagged, uncounted)
