"""The per-trainee rows and the cohort summaries, and everything that only reshapes them.

No SQL and no access checks here (``cohort.sql``, ``cohort.viewer``): pure functions of
the rows, so the page, the CLI and the exports reshape them alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from pgkit.curriculum import PATH_STEPS, UNIT_KEYS, step_label
from pgkit.messages import t

STALLED_DAYS = 14  # no activity for this many days: "vastgelopen"

GRADED = "nagekeken"

STALLED = "vastgelopen"  # the extra value of the status filter


@dataclass(frozen=True)
class TraineeProgress:
    """One row of the dashboard table (and of ``pgkit cohort progress``)."""

    naam: str
    stap: str  # the furthest step of the training path reached: its id (PATH_STEPS)
    vastgelopen: bool
    laatste_activiteit: dt.datetime | None
    eenheden_klaar: int
    gem_quizscore: float | None  # best attempt per unit, averaged, in percent
    bijeenkomst_1: bool
    bijeenkomst_2: bool
    intervisie: int  # meetings attended, at most the cohort's planned number
    opdrachten: str  # coach track only: "2 van 3 nagekeken"
    cijfer: float | None  # coach track only: mean grade in percent
    organisatie: str
    cohort: str
    regio: str
    # Shown only when a table mixes cohorts that plan different numbers of intervisions.
    intervisies_gepland: int = 0
    # Not shown: what the charts need.
    person_id: int = field(default=0, compare=False, repr=False)
    coach_track: bool = field(default=False, compare=False, repr=False)
    reached: tuple[dt.datetime | None, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def columns(cls, coach_track: bool = False, mixed_intervisions: bool = False) -> list[str]:
        """The columns a table shows; assignment columns only for coach cohorts.

        One planned number of intervisions goes into the header ("Intervisie (van 4)");
        when the cohorts in a table plan different numbers, a column shows it per row.
        """
        hidden = {"person_id", "coach_track", "reached"}
        if not coach_track:
            hidden |= {"opdrachten", "cijfer"}
        if not mixed_intervisions:
            hidden.add("intervisies_gepland")
        names = [f.name for f in fields(cls) if f.name not in hidden]
        if mixed_intervisions:  # right after the count it explains
            names.remove("intervisies_gepland")
            names.insert(names.index("intervisie") + 1, "intervisies_gepland")
        return names

    def as_dict(self) -> dict:
        """The row as a person reads it (table, export, CLI): the step as its label in the
        reader's language; filters and sorting keep using the step's id (``stap``)."""
        record = {f.name: getattr(self, f.name) for f in fields(self)
                  if f.name not in ("reached",)}
        record["stap"] = step_label(self.stap)
        return record


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def stalled_before(now: dt.datetime, stale_days: int) -> dt.datetime:
    """Last activity at or before this moment counts as stalled."""
    return now - dt.timedelta(days=stale_days)


def _when(value: str | dt.datetime | None) -> dt.datetime | None:
    """SQLite gives ISO text, PostgreSQL a datetime: both become a naive datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def build_row(raw: tuple, now: dt.datetime, stale_days: int) -> TraineeProgress:
    (pid, name, cohort, region, coach_track, planned, org, enrolled, units, done_at, quiz, m1,
     m2, iv, m1_at, m2_at, iv_at, last_event, last_meeting, n_assign, n_graded, grade) = raw
    enrolled, done_at, m1_at, m2_at, iv_at, last_event, last_meeting = map(
        _when, (enrolled, done_at, m1_at, m2_at, iv_at, last_event, last_meeting))
    reached = (enrolled, done_at if units >= len(UNIT_KEYS) else None,
               m1_at if m1 else None, m2_at if m2 else None, iv_at if iv else None)
    step = max(i for i, at in enumerate(reached) if i == 0 or at is not None)
    last = _latest(last_event, last_meeting)
    finished = iv >= planned
    # Newly enrolled people get the same grace period as anyone who was just active.
    threshold = stalled_before(now, stale_days)
    stalled = (not finished and enrolled is not None and enrolled <= threshold
               and (last is None or last <= threshold))
    assignments = (t("dashboard.assignments", graded=n_graded or 0, count=n_assign or 0)
                   if coach_track and n_assign else "")
    return TraineeProgress(
        naam=name, cohort=cohort, regio=region.value, organisatie=org,
        eenheden_klaar=units, gem_quizscore=None if quiz is None else round(quiz * 100, 1),
        bijeenkomst_1=m1 > 0, bijeenkomst_2=m2 > 0, intervisie=min(iv, planned),
        intervisies_gepland=planned,
        opdrachten=assignments,
        cijfer=round(grade * 100, 1) if coach_track and grade is not None else None,
        laatste_activiteit=last, stap=PATH_STEPS[step], vastgelopen=stalled,
        person_id=pid, coach_track=coach_track, reached=reached)


def filter_rows(rows: Iterable[TraineeProgress], *, cohort: str | None = None,
                organisation: str | None = None, region: str | None = None,
                status: str | None = None) -> list[TraineeProgress]:
    """The rows matching every filter that is set; status is a path step or STALLED."""
    out = []
    for r in rows:
        if cohort and r.cohort != cohort:
            continue
        if organisation and r.organisatie != organisation:
            continue
        if region and r.regio != region:
            continue
        if status == STALLED and not r.vastgelopen:
            continue
        if status and status != STALLED and r.stap != status:
            continue
        out.append(r)
    return out


def sort_rows(rows: Iterable[TraineeProgress], column: str,
              descending: bool = False) -> list[TraineeProgress]:
    """Sort on one column; empty values always last."""
    present = [r for r in rows if getattr(r, column) is not None]
    missing = [r for r in rows if getattr(r, column) is None]
    if column == "stap":
        def key(r: TraineeProgress) -> Any:
            return PATH_STEPS.index(r.stap)
    else:
        def key(r: TraineeProgress) -> Any:
            value = getattr(r, column)
            return value.casefold() if isinstance(value, str) else value
    return sorted(present, key=key, reverse=descending) + missing


def funnel(rows: Iterable[TraineeProgress]) -> list[tuple[str, int]]:
    """How many trainees reached each step of the training path."""
    counts = [0] * len(PATH_STEPS)
    for r in rows:
        for i, at in enumerate(r.reached):
            if at is not None:
                counts[i] += 1
    return list(zip(PATH_STEPS, counts, strict=True))


def week_start(moment: dt.datetime) -> dt.date:
    day = moment.date()
    return day - dt.timedelta(days=day.weekday())


def cumulative(weeks: dict[str, dict[dt.date, int]]) -> dict[str, dict[dt.date, int]]:
    """Running totals over the same weeks for every step: how many reached it by then."""
    all_weeks = sorted({d for per in weeks.values() for d in per})
    out: dict[str, dict[dt.date, int]] = {}
    for step, per in weeks.items():
        total, running = 0, {}
        for d in all_weeks:
            total += per.get(d, 0)
            running[d] = total
        out[step] = running
    return out


def weekly_steps(rows: Iterable[TraineeProgress]) -> dict[str, dict[dt.date, int]]:
    """Per step, how many trainees reached it in each week (Monday dates), weeks sorted."""
    counts: dict[str, Counter] = {step: Counter() for step in PATH_STEPS}
    for r in rows:
        for step, at in zip(PATH_STEPS, r.reached, strict=True):
            if at is not None:
                counts[step][week_start(at)] += 1
    return {step: dict(sorted(c.items())) for step, c in counts.items()}


@dataclass(frozen=True)
class CohortSummary:
    """One column of the coordinator's side-by-side view."""

    cohort: str
    regio: str
    coaches: str
    grootte: int
    steps: tuple[int, ...]  # trainees that reached each PATH_STEPS step
    vastgelopen: int

    def percent(self, step: int) -> float | None:
        return round(100 * self.steps[step] / self.grootte, 1) if self.grootte else None


def summarise(rows: Iterable[TraineeProgress], key: str = "cohort") -> dict[str, CohortSummary]:
    """Totals per cohort (``key="cohort"``) or per region (``key="regio"``)."""
    groups: dict[str, list[TraineeProgress]] = {}
    for r in rows:
        groups.setdefault(getattr(r, key), []).append(r)
    out = {}
    for name, members in sorted(groups.items()):
        out[name] = CohortSummary(
            cohort=name if key == "cohort" else "", regio=members[0].regio, coaches="",
            grootte=len(members), steps=tuple(n for _, n in funnel(members)),
            vastgelopen=sum(r.vastgelopen for r in members))
    return out


def region_overview(overview: Iterable[CohortSummary]) -> list[CohortSummary]:
    """The cohort overview added up per region."""
    by_region: dict[str, list[CohortSummary]] = {}
    for s in overview:
        by_region.setdefault(s.regio, []).append(s)
    return [CohortSummary("", region, "", sum(s.grootte for s in group),
                          tuple(sum(s.steps[i] for s in group) for i in range(len(PATH_STEPS))),
                          sum(s.vastgelopen for s in group))
            for region, group in sorted(by_region.items())]
