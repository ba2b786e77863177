"""Cohort progress for the coach dashboard and ``pgkit cohort progress``.

The public functions below are the whole interface: each takes the viewer, asks
``cohort.viewer`` whether they may see the cohorts (``AccessDenied``, a Dutch message,
when a coach asks for a cohort that is not theirs), runs one grouped query
(``cohort.sql``) and hands back rows (``cohort.rows``) that the page, the CLI and the
exports reshape and write (``cohort.format``) alike.

Privacy: nothing here reads reflection texts or a person's spinnenweb scores;
``group_spinnenweb`` returns a published group mean (``pgkit.privacy``): only from
``GROUP_MIN`` enrolled people, renewed only when ``GROUP_MIN`` of them changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.orm import Session

from pgkit.cohort import sql
from pgkit.cohort.format import (
    cell,
    column_label,
    overview_columns,
    overview_export,
    overview_record,
    table_columns,
)
from pgkit.cohort.rows import (
    GRADED,
    STALLED,
    STALLED_DAYS,
    CohortSummary,
    TraineeProgress,
    build_row,
    cumulative,
    filter_rows,
    funnel,
    region_overview,
    sort_rows,
    stalled_before,
    summarise,
    week_start,
    weekly_steps,
)
from pgkit.cohort.sql import SCORE_BINS, list_cohorts
from pgkit.cohort.viewer import (
    OPERATOR,
    AccessDenied,
    check_cohort,
    cohort_ids,
    may_use_dashboard,
    sees_all,
    visible_cohorts,
)
from pgkit.curriculum import PASS_MARK, PATH_STEPS
from pgkit.identity import User
from pgkit.privacy import GROUP_MIN, GroupWeb, combine, publish
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store.models import Cohort


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def trainees(session: Session, viewer: User, cohorts: Iterable[Cohort] | None = None, *,
             now: dt.datetime | None = None,
             stale_days: int = STALLED_DAYS) -> list[TraineeProgress]:
    """The table rows for these cohorts (default: all the viewer may see)."""
    ids = cohort_ids(session, viewer, cohorts)
    if not ids:
        return []
    scope = None if cohorts is None and sees_all(viewer) else ids
    now = now or _utcnow()
    return [build_row(r, now, stale_days) for r in sql.raw_rows(session, scope)]


def progress(session: Session, cohort: Cohort, viewer: User = OPERATOR, *,
             now: dt.datetime | None = None,
             stale_days: int = STALLED_DAYS) -> list[TraineeProgress]:
    """One row per enrolled trainee of one cohort, sorted by name."""
    return trainees(session, viewer, [cohort], now=now, stale_days=stale_days)


def cohort_overview(session: Session, viewer: User, *, now: dt.datetime | None = None,
                    stale_days: int = STALLED_DAYS) -> list[CohortSummary]:
    """Every visible cohort side by side, empty cohorts included: one grouped query."""
    cohorts = visible_cohorts(session, viewer)
    scope = None if sees_all(viewer) else [c.id for c in cohorts]
    counts = sql.cohort_counts(session, scope, stalled_before(now or _utcnow(), stale_days))
    names = sql.coach_names(session)
    empty = (0, (0,) * len(PATH_STEPS), 0)
    return [CohortSummary(c.name, c.region.value, ", ".join(names.get(c.id, [])),
                          *counts.get(c.id, empty))
            for c in cohorts]


def quiz_distribution(session: Session, viewer: User,
                      cohorts: Iterable[Cohort] | None = None) -> dict[str, list[int]]:
    """Per unit, how many first attempts fell in each of SCORE_BINS.

    First attempts show best which units are hard; later attempts mostly show learning.
    """
    ids = cohort_ids(session, viewer, cohorts)
    if not ids:
        return sql.first_attempt_bins(session, [])
    return sql.first_attempt_bins(session, None if cohorts is None and sees_all(viewer)
                                  else ids)


def group_spinnenweb(session: Session, viewer: User,
                     cohorts: Iterable[Cohort] | None = None) -> GroupWeb:
    """The group's published mean score per dimension (keyed by dimension id).

    Each cohort has its own figure, from the latest complete fill of each enrolled
    person, published by ``pgkit.privacy``: from GROUP_MIN people on, and then only
    renewed when GROUP_MIN of them filled in anew. Several cohorts are shown as the
    size-weighted mean of their own figures, never pooled to reach the minimum sooner.
    """
    ids = cohort_ids(session, viewer, cohorts)
    if not ids:
        return GroupWeb(0, None)
    webs = [_by_id(publish(session, counted=counted, keys=DIMENSIONS, cohort_id=cid,
                           flagged=flagged))
            for cid, (counted, flagged) in sorted(sql.cohort_fills(session, ids).items())]
    return combine(webs)


def _by_id(web: GroupWeb) -> GroupWeb:
    # A figure published before dimensions had ids is keyed by their Dutch names, whose
    # slugs are the ids: it reads as it is, until the next publication replaces it.
    if web.means is None:
        return web
    return replace(web, means={dimension_key(k): v for k, v in web.means.items()})


__all__ = [
    "GRADED",
    "GROUP_MIN",
    "OPERATOR",
    "PASS_MARK",
    "SCORE_BINS",
    "STALLED",
    "STALLED_DAYS",
    "AccessDenied",
    "CohortSummary",
    "TraineeProgress",
    "cell",
    "check_cohort",
    "cohort_overview",
    "column_label",
    "cumulative",
    "filter_rows",
    "funnel",
    "group_spinnenweb",
    "list_cohorts",
    "may_use_dashboard",
    "overview_columns",
    "overview_export",
    "overview_record",
    "progress",
    "quiz_distribution",
    "region_overview",
    "sort_rows",
    "summarise",
    "table_columns",
    "trainees",
    "visible_cohorts",
    "week_start",
    "weekly_steps",
]
