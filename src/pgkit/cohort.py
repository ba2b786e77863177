"""Cohort progress for the coach dashboard and ``pgkit cohort progress``.

Everything is computed in SQL with one grouped query per view (never whole tables in
memory); the small Python functions below only reshape the per-trainee rows. Access is
checked HERE, not only in the page: every public function takes the viewer and refuses
with ``AccessDenied`` (a Dutch message) when a coach asks for a cohort that is not theirs.

Privacy: nothing in this module reads reflection texts or a person's spinnenweb scores;
``group_spinnenweb`` returns a published group mean (``pgkit.privacy``): only from
``GROUP_MIN`` enrolled people, renewed only when ``GROUP_MIN`` of them changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from pgkit import access
from pgkit.access import Purpose
from pgkit.curriculum import PASS_MARK, PATH_STEPS, UNIT_KEYS
from pgkit.export_format import display, number
from pgkit.identity import User
from pgkit.messages import t
from pgkit.privacy import GROUP_MIN, Contribution, GroupWeb, combine, is_extreme, publish
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store.models import (
    AssignmentGrade,
    Attendance,
    Cohort,
    CohortCoach,
    Enrolment,
    Meeting,
    MeetingKind,
    Organisation,
    Person,
    ProgressEvent,
    QuizAttempt,
    Role,
    SpinnenwebAnswer,
    SpinnenwebFill,
)

STALLED_DAYS = 14  # no activity for this many days: "vastgelopen"
GRADED = "nagekeken"
STALLED = "vastgelopen"  # the extra value of the status filter
# Score bins of the quiz distribution, as (label, lowest score in the bin).
SCORE_BINS: tuple[tuple[str, float], ...] = (
    ("< 60%", 0.0), ("60-79%", 0.6), ("80-89%", PASS_MARK), ("90-99%", 0.9), ("100%", 1.0))

# The person at the command line can open the store file anyway: they see what a
# coordinator sees. Pages never use this; they pass the signed-in user.
OPERATOR = User(0, "pgkit-cli", "beheerder", frozenset({Role.COORDINATOR}))


class AccessDenied(PermissionError):
    """A viewer asked for data their role does not allow; the message is Dutch."""


# ---------------------------------------------------------------- access control


def may_use_dashboard(viewer: User) -> bool:
    return access.may(viewer, Purpose.FOLLOW)


def _sees_all(viewer: User) -> bool:
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


def _cohort_ids(session: Session, viewer: User, cohorts: Iterable[Cohort] | None) -> list[int]:
    if cohorts is None:
        return [c.id for c in visible_cohorts(session, viewer)]
    chosen = list(cohorts)
    for cohort in chosen:
        check_cohort(session, viewer, cohort)
    return [c.id for c in chosen]


# ---------------------------------------------------------------- per-trainee rows


@dataclass(frozen=True)
class TraineeProgress:
    """One row of the dashboard table (and of ``pgkit cohort progress``)."""

    naam: str
    stap: str  # the furthest step of the training path reached
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
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("reached",)}


def column_label(column: str, planned: Iterable[int] = ()) -> str:
    """A column's header; the intervision column names the cohorts' planned number."""
    if column == "intervisie":
        numbers = set(planned)
        if len(numbers) == 1:
            return t("dashboard.col.intervisie", n=numbers.pop())
        return t("dashboard.col.intervisie_mixed")
    return t(f"dashboard.col.{column}")


def table_columns(rows: Sequence[TraineeProgress]) -> tuple[list[str], list[str]]:
    """The columns and headers for these rows: one rule for the page and the CLI."""
    planned = {r.intervisies_gepland for r in rows}
    columns = TraineeProgress.columns(coach_track=any(r.coach_track for r in rows),
                                      mixed_intervisions=len(planned) > 1)
    return columns, [column_label(c, planned) for c in columns]


def cell(value: object) -> str:
    """How a value is written in a table, a CSV file and the CLI (``export_format.display``)."""
    return display(value)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _attendance_query(cohort_ids: Sequence[int] | None):
    """Per (cohort, person): meetings attended per kind and their first dates."""
    def n(kind: MeetingKind):
        return func.sum(case((Meeting.kind == kind, 1), else_=0))

    def first(kind: MeetingKind):
        return func.min(case((Meeting.kind == kind, Meeting.opened_at)))

    query = (select(Meeting.cohort_id, Attendance.person_id,
                    n(MeetingKind.REFLECTION_1).label("m1"),
                    n(MeetingKind.REFLECTION_2).label("m2"),
                    n(MeetingKind.INTERVISION).label("iv"),
                    first(MeetingKind.REFLECTION_1).label("m1_at"),
                    first(MeetingKind.REFLECTION_2).label("m2_at"),
                    first(MeetingKind.INTERVISION).label("iv_at"),
                    func.max(Meeting.opened_at).label("last_at"))
             .join(Meeting, Meeting.id == Attendance.meeting_id)
             .where(Attendance.attended.is_(True))
             .group_by(Meeting.cohort_id, Attendance.person_id))
    if cohort_ids is not None:
        query = query.where(Meeting.cohort_id.in_(cohort_ids))
    return query.subquery()


def _raw(column):
    """A datetime column without SQLAlchemy's slow SQLite string parsing (see ``_when``)."""
    return type_coerce(column, String)


def _when(value: str | dt.datetime | None) -> dt.datetime | None:
    """SQLite gives ISO text, PostgreSQL a datetime: both become a naive datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def _done_query(members):
    """Per person: distinct units completed and when the last of them was first completed."""
    unit_done = (select(ProgressEvent.person_id, ProgressEvent.unit,
                        func.min(ProgressEvent.created_at).label("at"))
                 .where(ProgressEvent.kind == "completed", ProgressEvent.unit.in_(UNIT_KEYS)))
    if members is not None:
        unit_done = unit_done.where(ProgressEvent.person_id.in_(members))
    unit_done = unit_done.group_by(ProgressEvent.person_id, ProgressEvent.unit).subquery()
    return (select(unit_done.c.person_id, func.count().label("n"),
                   func.max(unit_done.c.at).label("at"))
            .group_by(unit_done.c.person_id).subquery())


def _last_event(enrol):
    # A correlated MAX is one index seek per trainee (ix_progress_person_time); a grouped
    # scan would read every event.
    return (select(func.max(ProgressEvent.created_at))
            .where(ProgressEvent.person_id == enrol.c.person_id)
            .correlate(enrol).scalar_subquery())


def _enrolments(cohort_ids: Sequence[int] | None):
    enrol = select(Enrolment.person_id, Enrolment.cohort_id, Enrolment.enrolled_at)
    if cohort_ids is not None:
        enrol = enrol.where(Enrolment.cohort_id.in_(cohort_ids))
    return enrol.subquery()


def _raw_rows(session: Session, cohort_ids: Sequence[int] | None):
    """One grouped SQL query: a row of raw figures per enrolment."""
    enrol = _enrolments(cohort_ids)
    # Everyone (cohort_ids None): no member filter, it would only slow SQLite down.
    members = None if cohort_ids is None else select(enrol.c.person_id)

    def only_members(query, column):
        return query if members is None else query.where(column.in_(members))

    done = _done_query(members)
    last = _last_event(enrol)
    best = only_members(
        select(QuizAttempt.person_id, QuizAttempt.unit, func.max(QuizAttempt.score).label("s"))
        .where(QuizAttempt.score.is_not(None), QuizAttempt.unit.in_(UNIT_KEYS)),
        QuizAttempt.person_id).group_by(QuizAttempt.person_id, QuizAttempt.unit).subquery()
    quiz = (select(best.c.person_id, func.avg(best.c.s).label("avg"))
            .group_by(best.c.person_id).subquery())
    graded = case((and_(AssignmentGrade.score.is_not(None), AssignmentGrade.max_score > 0),
                   cast(AssignmentGrade.score, Float) / AssignmentGrade.max_score))
    grades = (select(AssignmentGrade.person_id, func.count().label("n"),
                     func.sum(case((AssignmentGrade.status == GRADED, 1), else_=0)).label("ok"),
                     func.avg(graded).label("avg"))
              .group_by(AssignmentGrade.person_id).subquery())
    att = _attendance_query(cohort_ids)
    query = (
        select(enrol.c.person_id, Person.display_name, Cohort.name, Cohort.region,
               Cohort.is_coach_track, Cohort.intervision_meetings,
               func.coalesce(Organisation.name, literal("")),
               _raw(enrol.c.enrolled_at), func.coalesce(done.c.n, 0), _raw(done.c.at),
               quiz.c.avg, func.coalesce(att.c.m1, 0), func.coalesce(att.c.m2, 0),
               func.coalesce(att.c.iv, 0), _raw(att.c.m1_at), _raw(att.c.m2_at),
               _raw(att.c.iv_at), _raw(last), _raw(att.c.last_at), grades.c.n, grades.c.ok,
               grades.c.avg)
        .select_from(enrol)
        .join(Person, Person.id == enrol.c.person_id)
        .join(Cohort, Cohort.id == enrol.c.cohort_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(done, done.c.person_id == enrol.c.person_id)
        .outerjoin(quiz, quiz.c.person_id == enrol.c.person_id)
        .outerjoin(att, and_(att.c.person_id == enrol.c.person_id,
                             att.c.cohort_id == enrol.c.cohort_id))
        .outerjoin(grades, grades.c.person_id == enrol.c.person_id)
        .order_by(Cohort.name, Person.display_name, Person.id))
    return session.execute(query)


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _build(raw, now: dt.datetime, stale_days: int) -> TraineeProgress:
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


def trainees(session: Session, viewer: User, cohorts: Iterable[Cohort] | None = None, *,
             now: dt.datetime | None = None,
             stale_days: int = STALLED_DAYS) -> list[TraineeProgress]:
    """The table rows for these cohorts (default: all the viewer may see)."""
    ids = _cohort_ids(session, viewer, cohorts)
    if not ids:
        return []
    scope = None if cohorts is None and _sees_all(viewer) else ids
    now = now or _utcnow()
    return [_build(r, now, stale_days) for r in _raw_rows(session, scope)]


def progress(session: Session, cohort: Cohort, viewer: User = OPERATOR, *,
             now: dt.datetime | None = None,
             stale_days: int = STALLED_DAYS) -> list[TraineeProgress]:
    """One row per enrolled trainee of one cohort, sorted by name."""
    return trainees(session, viewer, [cohort], now=now, stale_days=stale_days)


# ---------------------------------------------------------------- pure reshaping


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


def _cohort_counts(session: Session, cohort_ids: Sequence[int] | None,
                   threshold: dt.datetime) -> dict[int, tuple[int, tuple[int, ...], int]]:
    """Per cohort id: size, trainees per path step and stalled count, all in SQL.

    Same rules as ``_build``: stalled means not finished, enrolled at or before
    ``threshold`` and no activity after it.
    """
    enrol = _enrolments(cohort_ids)
    done = (select(ProgressEvent.person_id,
                   func.count(func.distinct(ProgressEvent.unit)).label("n"))
            .where(ProgressEvent.kind == "completed", ProgressEvent.unit.in_(UNIT_KEYS)))
    if cohort_ids is not None:
        done = done.where(ProgressEvent.person_id.in_(select(enrol.c.person_id)))
    units = done.group_by(ProgressEvent.person_id).subquery()
    att = _attendance_query(cohort_ids)
    when = literal(threshold, DateTime)
    # One index seek per trainee: any event after the threshold?
    recent = (exists().where(ProgressEvent.person_id == enrol.c.person_id,
                             ProgressEvent.created_at > when).correlate(enrol))
    per = (select(enrol.c.cohort_id, enrol.c.enrolled_at,
                  Cohort.intervision_meetings.label("planned"),
                  func.coalesce(units.c.n, 0).label("units"),
                  func.coalesce(att.c.m1, 0).label("m1"), func.coalesce(att.c.m2, 0).label("m2"),
                  func.coalesce(att.c.iv, 0).label("iv"), att.c.last_at.label("last_meeting"),
                  case((recent, 1), else_=0).label("recent"))
           .select_from(enrol)
           .join(Cohort, Cohort.id == enrol.c.cohort_id)
           .outerjoin(units, units.c.person_id == enrol.c.person_id)
           .outerjoin(att, and_(att.c.person_id == enrol.c.person_id,
                                att.c.cohort_id == enrol.c.cohort_id))
           .subquery())

    def count_if(condition):
        return func.sum(case((condition, 1), else_=0))

    stalled = and_(per.c.iv < per.c.planned, per.c.enrolled_at <= when,
                   per.c.recent == 0,
                   or_(per.c.last_meeting.is_(None), per.c.last_meeting <= when))
    rows = session.execute(
        select(per.c.cohort_id, func.count(), count_if(per.c.units >= len(UNIT_KEYS)),
               count_if(per.c.m1 > 0), count_if(per.c.m2 > 0), count_if(per.c.iv > 0),
               count_if(stalled))
        .group_by(per.c.cohort_id))
    return {cid: (n, (n, *map(int, steps)), int(stalled))
            for cid, n, *steps, stalled in rows}


def stalled_before(now: dt.datetime, stale_days: int) -> dt.datetime:
    """Last activity at or before this moment counts as stalled."""
    return now - dt.timedelta(days=stale_days)


def cohort_overview(session: Session, viewer: User, *, now: dt.datetime | None = None,
                    stale_days: int = STALLED_DAYS) -> list[CohortSummary]:
    """Every visible cohort side by side, empty cohorts included: one grouped query."""
    cohorts = visible_cohorts(session, viewer)
    scope = None if _sees_all(viewer) else [c.id for c in cohorts]
    counts = _cohort_counts(session, scope, stalled_before(now or _utcnow(), stale_days))
    names: dict[int, list[str]] = {}
    coach_rows = session.execute(
        select(CohortCoach.cohort_id, Person.display_name)
        .join(Person, Person.id == CohortCoach.person_id).order_by(Person.display_name))
    for cid, name in coach_rows:
        names.setdefault(cid, []).append(name)
    empty = (0, (0,) * len(PATH_STEPS), 0)
    return [CohortSummary(c.name, c.region.value, ", ".join(names.get(c.id, [])),
                          *counts.get(c.id, empty))
            for c in cohorts]


def region_overview(overview: Iterable[CohortSummary]) -> list[CohortSummary]:
    """The cohort overview added up per region."""
    by_region: dict[str, list[CohortSummary]] = {}
    for s in overview:
        by_region.setdefault(s.regio, []).append(s)
    return [CohortSummary("", region, "", sum(s.grootte for s in group),
                          tuple(sum(s.steps[i] for s in group) for i in range(len(PATH_STEPS))),
                          sum(s.vastgelopen for s in group))
            for region, group in sorted(by_region.items())]


def overview_columns() -> list[str]:
    return ["cohort", "regio", "coaches", "grootte", *PATH_STEPS, "vastgelopen"]


def overview_record(s: CohortSummary) -> dict[str, object]:
    """A summary as the table shows it: steps as 'count (percent)'."""
    record: dict[str, object] = {"cohort": s.cohort, "regio": s.regio, "coaches": s.coaches,
                                 "grootte": s.grootte}
    for i, step in enumerate(PATH_STEPS):
        pct = s.percent(i)
        record[step] = (f"{s.steps[i]} ({number(pct, 0)}%)" if pct is not None else "0")
    record["vastgelopen"] = s.vastgelopen
    return record


def overview_export(summaries: Iterable[CohortSummary]
                    ) -> tuple[list[str], list[str], list[dict[str, object]]]:
    """Headers, columns and records of the overview for a file: a step is two number
    columns, count and percentage, so a spreadsheet can sort and add them up."""
    columns = ["cohort", "regio", "coaches", "grootte"]
    headers = [column_label(c) for c in columns]
    for step in PATH_STEPS:
        columns += [step, f"{step}_pct"]
        headers += [column_label(step), t("dashboard.col_percent", column=column_label(step))]
    columns.append("vastgelopen")
    headers.append(column_label("vastgelopen"))
    records = []
    for s in summaries:
        record: dict[str, object] = {"cohort": s.cohort, "regio": s.regio,
                                     "coaches": s.coaches, "grootte": s.grootte}
        for i, step in enumerate(PATH_STEPS):
            record[step] = s.steps[i]
            record[f"{step}_pct"] = s.percent(i)
        record["vastgelopen"] = s.vastgelopen
        records.append(record)
    return headers, columns, records


# ---------------------------------------------------------------- quiz and spinnenweb


def quiz_distribution(session: Session, viewer: User,
                      cohorts: Iterable[Cohort] | None = None) -> dict[str, list[int]]:
    """Per unit, how many first attempts fell in each of SCORE_BINS.

    First attempts show best which units are hard; later attempts mostly show learning.
    """
    ids = _cohort_ids(session, viewer, cohorts)
    out = {unit: [0] * len(SCORE_BINS) for unit in UNIT_KEYS}
    if not ids:
        return out
    members = select(Enrolment.person_id).where(Enrolment.cohort_id.in_(ids))
    firsts = (select(func.min(QuizAttempt.id).label("id"))
              .where(QuizAttempt.score.is_not(None), QuizAttempt.unit.in_(UNIT_KEYS))
              .group_by(QuizAttempt.person_id, QuizAttempt.unit))
    if not (cohorts is None and _sees_all(viewer)):
        firsts = firsts.where(QuizAttempt.person_id.in_(members))
    first = firsts.subquery()
    bin_index = case(*[(QuizAttempt.score >= low, i)
                       for i, (_, low) in reversed(list(enumerate(SCORE_BINS)))], else_=0)
    rows = session.execute(
        select(QuizAttempt.unit, bin_index, func.count())
        .join(first, first.c.id == QuizAttempt.id)
        .group_by(QuizAttempt.unit, bin_index))
    for unit, index, count in rows:
        out[unit][index] += count
    return out


def _cohort_fills(session: Session, ids: Sequence[int]):
    """Per cohort id: each enrolled person's latest complete fill, set aside when extreme.

    Returns ``{cohort_id: ({enrolment id: Contribution}, flagged)}``. The key is the
    enrolment, so a new fill by the same person counts as one change, not two.
    """
    enrol = (select(Enrolment.id, Enrolment.cohort_id, Enrolment.person_id)
             .where(Enrolment.cohort_id.in_(ids)).subquery())
    latest = (select(SpinnenwebFill.person_id, func.max(SpinnenwebFill.id).label("fill_id"))
              .where(SpinnenwebFill.person_id.in_(select(enrol.c.person_id)))
              .group_by(SpinnenwebFill.person_id).subquery())
    rows = session.execute(
        select(enrol.c.cohort_id, enrol.c.id, latest.c.fill_id, SpinnenwebAnswer.dimension,
               func.sum(SpinnenwebAnswer.score), func.count(SpinnenwebAnswer.score),
               _raw(func.max(SpinnenwebAnswer.answered_at)))
        .join(latest, latest.c.person_id == enrol.c.person_id)
        .join(SpinnenwebAnswer, SpinnenwebAnswer.fill_id == latest.c.fill_id)
        .where(SpinnenwebAnswer.score.is_not(None))
        .group_by(enrol.c.cohort_id, enrol.c.id, latest.c.fill_id, SpinnenwebAnswer.dimension))
    by_key = {dimension_key(d): d for d in DIMENSIONS}
    fills: dict[tuple[int, int], dict] = {}
    for cid, eid, fill_id, dim, total, count, at in rows:
        name = by_key.get(dimension_key(dim)) if dim else None
        if name is None or not count:
            continue
        f = fills.setdefault((cid, eid), {"fill": fill_id, "at": "", "sums": {}})
        f["at"] = max(f["at"], str(at))
        prev = f["sums"].get(name, (0.0, 0))
        f["sums"][name] = (prev[0] + float(total), prev[1] + int(count))
    out: dict[int, tuple[dict[str, Contribution], int]] = {cid: ({}, 0) for cid in ids}
    for (cid, eid), f in fills.items():
        if len(f["sums"]) < len(DIMENSIONS):
            continue  # only complete webs count: partial ones would differ per dimension
        scores = {d: f["sums"][d][0] / f["sums"][d][1] for d in DIMENSIONS}
        counted, flagged = out[cid]
        if is_extreme(scores.values()):
            out[cid] = (counted, flagged + 1)
        else:
            counted[str(eid)] = Contribution(f"{f['fill']}@{f['at']}", scores)
    return out


def group_spinnenweb(session: Session, viewer: User,
                     cohorts: Iterable[Cohort] | None = None) -> GroupWeb:
    """The group's published mean score per dimension (keyed by dimension name).

    Each cohort has its own figure, from the latest complete fill of each enrolled
    person, published by ``pgkit.privacy``: from GROUP_MIN people on, and then only
    renewed when GROUP_MIN of them filled in anew. Several cohorts are shown as the
    size-weighted mean of their own figures, never pooled to reach the minimum sooner.
    """
    ids = _cohort_ids(session, viewer, cohorts)
    if not ids:
        return GroupWeb(0, None)
    webs = [publish(session, counted=counted, keys=DIMENSIONS, cohort_id=cid, flagged=flagged)
            for cid, (counted, flagged) in sorted(_cohort_fills(session, ids).items())]
    return combine(webs)


__all__ = [
    "GROUP_MIN",
    "OPERATOR",
    "PASS_MARK",
    "STALLED",
    "STALLED_DAYS",
    "AccessDenied",
    "CohortSummary",
    "TraineeProgress",
    "check_cohort",
    "cohort_overview",
    "cumulative",
    "filter_rows",
    "funnel",
    "group_spinnenweb",
    "list_cohorts",
    "overview_export",
    "progress",
    "quiz_distribution",
    "region_overview",
    "sort_rows",
    "summarise",
    "trainees",
    "visible_cohorts",
    "weekly_steps",
]


def list_cohorts(session: Session) -> list[tuple[Cohort, int]]:
    """Every cohort with its size, for ``pgkit cohort list`` (the operator's view)."""
    size = (select(Enrolment.cohort_id, func.count().label("n"))
            .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        select(Cohort, func.coalesce(size.c.n, 0))
        .outerjoin(size, size.c.cohort_id == Cohort.id).order_by(Cohort.name))
    return [(c, n) for c, n in rows]
