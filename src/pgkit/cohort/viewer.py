"""Who may follow which cohort: the dashboard's access rules (``pgkit.access``).

Every public function of ``pgkit.cohort`` takes the viewer and asks here first, so a
coach who asks for a cohort that is not theirs gets ``AccessDenied`` (a Dutch message).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from pgkit import access
from pgkit.access import Purpose
from pgkit.identity import User
from pgkit.messages import t
from pgkit.store.models import Cohort, Role

# The person at the command line can open the store file anyway: they see what a
# coordinator sees. Pages never use this; they pass the signed-in user.
OPERATOR = User(0, "pgkit-cli", "beheerder", frozenset({Role.COORDINATOR}))


class AccessDenied(PermissionError):
    """A viewer asked for data their role does not allow; the message is Dutch."""


def may_use_dashboard(viewer: User) -> bool:
    return access.may(viewer, Purpose.FOLLOW)


def sees_all(viewer: User) -> bool:
    return access.sees_all(viewer, Purpose.FOLLOW)


def _require_dashboard(viewer: User) -> None:
    if not may_use_dashboard(viewer):
        raise AccessDenied(t("dashboard.denied_role"))


def visible_cohorts(session: Session, viewer: User) -> list[Cohort]:
    """The cohorts this viewer may follow: all for a coordinator, assigned ones for a coach."""
    _require_dashboard(viewer)
    return access.cohorts_for(session, viewer, Purpose.FOLLOW)


def check_cohort(session: Session, viewer: User, cohort: Cohort) -> None:
    """Raise ``AccessDenied`` unless the viewer may see this cohort."""
    _require_dashboard(viewer)
    if not access.may_use(session, viewer, cohort.id, Purpose.FOLLOW):
        raise AccessDenied(t("dashboard.denied_cohort", cohort=cohort.name))


def cohort_ids(session: Session, viewer: User, cohorts: Iterable[Cohort] | None) -> list[int]:
    if cohorts is None:
        return [c.id for c in visible_cohorts(session, viewer)]
    chosen = list(cohorts)
    for cohort in chosen:
        check_cohort(session, viewer, cohort)
    return [c.id for c in chosen]
