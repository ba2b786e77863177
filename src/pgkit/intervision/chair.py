"""What the chair's page shows on each refresh: one snapshot, read in one transaction.

Like ``meeting.seat_view`` for a participant, so the page's ``tick`` only compares and
draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pgkit.identity import User
from pgkit.intervision import cases, closing, meeting
from pgkit.intervision.methods import Method, Step, methods
from pgkit.live import meetings as live
from pgkit.live.timer import TimerStatus


@dataclass(frozen=True)
class ChairSnapshot:
    method: Method
    status: TimerStatus
    step: Step | None  # None when every step is done
    code: str
    seats: tuple[tuple[int, str], ...]  # (participant id, name) in join order
    roles: dict[int, str]
    chosen: tuple[str, str] | None  # the chosen case's title and description
    case_list: list[cases.CaseView] | None  # only while the group chooses a case
    lenses: dict[str, tuple[str, ...]]
    ratings: closing.RatingSummary | None  # only in the closing step and after it

    @property
    def activity(self) -> str | None:
        """What the group does now; "afsluiting" also once every step is done."""
        return "afsluiting" if self.step is None else self.step.activity


def chair_view(session: Session, meeting_id: int, user: User) -> ChairSnapshot | None:
    """The chair's snapshot, or None once the meeting is closed (host only)."""
    m = meeting.host_meeting(session, meeting_id, user)
    if m.closed_at is not None:
        return None
    method = methods()[m.method or ""]
    status = meeting.timer_of(m).status()
    step = None if status.finished else method.steps[status.index]
    activity = "afsluiting" if step is None else step.activity
    chosen = cases.chosen_case(session, m.id)
    return ChairSnapshot(
        method=method, status=status, step=step, code=m.join_code or "",
        seats=tuple((p.id, p.display_name) for p in live.participants(session, m.id, user)),
        roles=meeting.roles_of(m),
        chosen=None if chosen is None else (chosen.title, chosen.description or ""),
        case_list=(cases.cases_for_host(session, m.id, user)
                   if activity == "casuskeuze" else None),
        lenses=meeting.lenses_of(m),
        ratings=(closing.rating_summary(session, m.id, user)
                 if activity == "afsluiting" else None))
