"""Golden-data tests for the dashboard aggregations in ``pgkit.cohort``.

A small store is built by hand so every expected figure can be checked on paper.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import func, select, text

from pgkit import cohort as C
from pgkit.identity import User
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import (
    AssignmentGrade,
    Attendance,
    Meeting,
    MeetingKind,
    ProgressEvent,
    QuizAttempt,
    Reflection,
    Region,
    Role,
    SpinnenwebAnswer,
    SpinnenwebFill,
)

NOW = dt.datetime(2026, 11, 20, 12, 0)
DAY = dt.timedelta(days=1)


def _user(session, pseudonym: str) -> User:
    p = people.person_by_pseudonym(session, pseudonym)
    return User(p.id, p.pseudonym, p.display_name, frozenset(people.roles_of(session, p.id)))


def _complete(session, pid: int, unit: str, at: dt.datetime, score: float | None) -> None:
    session.add(ProgressEvent(person_id=pid, unit=unit, kind="opened", created_at=at - DAY))
    session.add(ProgressEvent(person_id=pid, unit=unit, kind="completed", created_at=at))
    if score is not None:
        session.add(QuizAttempt(person_id=pid, unit=unit, score=score, started_at=at,
                                finished_at=at))


def _attend(session, meeting: Meeting, pid: int) -> None:
    session.add(Attendance(meeting_id=meeting.id, person_id=pid, attended=True))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh, migrated store on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    else:
        from sqlalchemy import create_engine

        server = request.getfixturevalue("postgres_url")
        name = f"dash_{uuid.uuid4().hex[:12]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = server.rsplit("/", 1)[0] + "/" + name
    upgrade(url)
    return url


@pytest.fixture
def store(backend_url: str) -> str:
    db_url = backend_url
    """Two cohorts, two coaches, a coach-track cohort; figures chosen by hand.

    Noord 1 (coach Cora): Anna finished everything, Bert stalled in unit 3,
    Cees enrolled and never started, Dirk finished e-learning + meeting 1 recently,
    Fleur enrolled three days ago.
    Zuid 1 (coach Cas, coach track): Eva with two graded assignments.
    """
    with session_scope(db_url) as s:
        cora = people.ensure_person(s, "cora", "Cora Coach", (Role.COACH,))
        cas = people.ensure_person(s, "cas", "Cas Coach", (Role.COACH,))
        people.ensure_person(s, "coco", "Coco Coördinator", (Role.COORDINATOR,))
        people.ensure_person(s, "fien", "Fien Begeleider", (Role.FACILITATOR,))
        org_a = people.ensure_organisation(s, "GGD Test")
        org_b = people.ensure_organisation(s, "Gemeente Test")
        noord = people.ensure_cohort(s, "Noord 1", Region.NOORD)
        zuid = people.ensure_cohort(s, "Zuid 1", Region.ZUID)
        zuid.is_coach_track = True
        people.assign_coach(s, noord, cora)
        people.assign_coach(s, zuid, cas)
        start = dt.datetime(2026, 9, 7, 9, 0)  # a Monday
        anna = people.ensure_person(s, "anna", "Anna", organisation_id=org_a.id)
        bert = people.ensure_person(s, "bert", "Bert", organisation_id=org_b.id)
        cees = people.ensure_person(s, "cees", "Cees", organisation_id=org_a.id)
        dirk = people.ensure_person(s, "dirk", "Dirk", organisation_id=org_b.id)
        eva = people.ensure_person(s, "eva", "Eva", organisation_id=org_a.id)
        fleur = people.ensure_person(s, "fleur", "Fleur", organisation_id=org_b.id)
        for p in (anna, bert, cees, dirk):
            people.enrol(s, noord, p).enrolled_at = start
        people.enrol(s, noord, fleur).enrolled_at = NOW - 3 * DAY  # new: not stalled yet
        people.enrol(s, zuid, eva).enrolled_at = start
        units = [f"eenheid{i}" for i in range(1, 8)]
        for i, unit in enumerate(units):  # Anna: all units by 2026-09-14 (+6 days)
            _complete(s, anna.id, unit, start + dt.timedelta(days=1 + i), 1.0 if i else 0.6)
        # Anna failed unit 1 first (0.6 above); her retry scores 0.8, best counts.
        s.add(QuizAttempt(person_id=anna.id, unit="eenheid1", score=0.8,
                          started_at=start + 2 * DAY, finished_at=start + 2 * DAY))
        for i, unit in enumerate(units[:2]):  # Bert: two units, last seen 2026-09-10
            _complete(s, bert.id, unit, start + dt.timedelta(days=2 + i), 0.8)
        s.add(ProgressEvent(person_id=bert.id, unit="eenheid3", kind="section",
                            created_at=start + 3 * DAY))
        for i, unit in enumerate(units):  # Dirk: all units by 2026-11-13
            _complete(s, dirk.id, unit, dt.datetime(2026, 11, 7) + i * DAY, 0.9)
        for i, unit in enumerate(units):
            _complete(s, eva.id, unit, start + (i + 1) * DAY, 1.0)
        s.flush()
        m1 = Meeting(cohort_id=noord.id, kind=MeetingKind.REFLECTION_1, sequence=1,
                     opened_at=dt.datetime(2026, 10, 5, 13))
        m2 = Meeting(cohort_id=noord.id, kind=MeetingKind.REFLECTION_2, sequence=2,
                     opened_at=dt.datetime(2026, 10, 19, 13))
        m1_late = Meeting(cohort_id=noord.id, kind=MeetingKind.REFLECTION_1, sequence=1,
                          opened_at=dt.datetime(2026, 11, 16, 13))
        ivs = [Meeting(cohort_id=noord.id, kind=MeetingKind.INTERVISION, sequence=n,
                       opened_at=dt.datetime(2026, 10, 26, 13) + (n - 1) * 7 * DAY)
               for n in range(1, 5)]
        s.add_all([m1, m2, m1_late, *ivs])
        s.flush()
        for m in (m1, m2, *ivs):
            _attend(s, m, anna.id)
        _attend(s, m1_late, dirk.id)
        s.add(Attendance(meeting_id=m2.id, person_id=bert.id, attended=False))
        s.add(AssignmentGrade(person_id=eva.id, assignment="casus", status="nagekeken",
                              score=8, max_score=10))
        s.add(AssignmentGrade(person_id=eva.id, assignment="plan", status="nagekeken",
                              score=6, max_score=10))
        s.add(AssignmentGrade(person_id=eva.id, assignment="reflectie", status="ingeleverd"))
        s.add(Reflection(person_id=anna.id, key="eenheid1:reflectie", text="GEHEIM-TEKST"))
    return db_url


def _rows(url: str, who: str = "coco", **kw) -> dict[str, C.TraineeProgress]:
    with session_scope(url) as s:
        return {r.naam: r for r in C.trainees(s, _user(s, who), now=NOW, **kw)}


def test_trainee_rows_match_the_hand_made_store(store: str) -> None:
    rows = _rows(store)
    anna, bert, cees, dirk, eva = (rows[n] for n in ("Anna", "Bert", "Cees", "Dirk", "Eva"))
    assert (anna.eenheden_klaar, anna.gem_quizscore) == (7, round((0.8 + 6 * 1.0) / 7 * 100, 1))
    assert (anna.bijeenkomst_1, anna.bijeenkomst_2, anna.intervisie) == (True, True, 4)
    assert anna.stap == "intervision_started" and not anna.vastgelopen  # finished: never stalled
    assert anna.laatste_activiteit == dt.datetime(2026, 11, 16, 13)  # her 4th intervision
    assert (bert.eenheden_klaar, bert.gem_quizscore, bert.bijeenkomst_2) == (2, 80.0, False)
    assert bert.laatste_activiteit == dt.datetime(2026, 9, 10, 9) and bert.vastgelopen
    assert bert.stap == "enrolled"
    assert (cees.eenheden_klaar, cees.gem_quizscore, cees.laatste_activiteit) == (0, None, None)
    assert cees.vastgelopen  # enrolled in September, never started
    assert not rows["Fleur"].vastgelopen  # enrolled 3 days ago: still within 14 days
    assert (dirk.stap, dirk.bijeenkomst_1, dirk.vastgelopen) == ("meeting_1", True, False)
    assert (dirk.organisatie, dirk.regio, dirk.cohort) == ("Gemeente Test", "Noord-Limburg",
                                                           "Noord 1")
    assert (eva.opdrachten, eva.cijfer) == ("2 van 3 nagekeken", 70.0)
    assert anna.opdrachten == "" and anna.cijfer is None  # not a coach-track cohort


def test_stalled_days_are_configurable(store: str) -> None:
    assert not _rows(store, stale_days=90)["Bert"].vastgelopen  # 71 days quiet
    assert _rows(store, stale_days=71)["Bert"].vastgelopen
    # Dirk was last seen at a meeting on 16 Nov 13:00: 3 full days before NOW.
    assert _rows(store, stale_days=3)["Dirk"].vastgelopen
    assert not _rows(store, stale_days=4)["Dirk"].vastgelopen


def _plan(url: str, cohort: str, n: int) -> None:
    with session_scope(url) as s:
        people.cohort_by_name(s, cohort).intervision_meetings = n


def test_finished_means_the_cohorts_own_number_of_intervisions(store: str) -> None:
    # Anna went to 4 intervisions, last on 16 Nov (4 days before NOW).
    anna = _rows(store, stale_days=3)["Anna"]
    assert (anna.intervisie, anna.intervisies_gepland, anna.vastgelopen) == (4, 4, False)
    _plan(store, "Noord 1", 6)
    anna = _rows(store, stale_days=3)["Anna"]
    assert (anna.intervisie, anna.intervisies_gepland) == (4, 6)
    assert anna.vastgelopen  # not finished any more, and quiet for 4 days
    _plan(store, "Noord 1", 2)
    assert _rows(store)["Anna"].intervisie == 2  # capped at the plan: she is done
    _plan(store, "Noord 1", 6)
    for stale in (3, 14):  # the SQL overview follows the same per-cohort rule
        with session_scope(store) as s:
            sql = C.cohort_overview(s, _user(s, "coco"), now=NOW, stale_days=stale)
        rows = C.summarise(_rows(store, stale_days=stale).values())
        assert [v.vastgelopen for v in sql] == [rows[v.cohort].vastgelopen for v in sql]
    stalled = {}
    for n in (4, 6):
        _plan(store, "Noord 1", n)
        with session_scope(store) as s:
            stalled[n] = C.cohort_overview(s, _user(s, "coco"), now=NOW, stale_days=3)[0]
    assert stalled[6].vastgelopen == stalled[4].vastgelopen + 1  # Anna is not done with 6


def test_intervision_header_names_the_planned_number(store: str) -> None:
    noord = [r for r in _rows(store).values() if r.cohort == "Noord 1"]
    columns, headers = C.table_columns(noord)
    assert "Intervisie (van 4)" in headers and "intervisies_gepland" not in columns
    _plan(store, "Noord 1", 6)
    columns, headers = C.table_columns(list(_rows(store).values()))  # Noord 6, Zuid 4
    assert "Intervisie" in headers and "Intervisies gepland" in headers
    assert columns.index("intervisies_gepland") == columns.index("intervisie") + 1
    _, headers = C.table_columns([r for r in _rows(store).values() if r.cohort == "Noord 1"])
    assert "Intervisie (van 6)" in headers


def test_funnel_weekly_steps_and_summaries(store: str) -> None:
    rows = list(_rows(store).values())
    noord = [r for r in rows if r.cohort == "Noord 1"]
    assert C.funnel(noord) == [("enrolled", 5), ("elearning_done", 2),
                               ("meeting_1", 2), ("meeting_2", 1),
                               ("intervision_started", 1)]
    weeks = C.weekly_steps(noord)
    assert weeks["enrolled"] == {dt.date(2026, 9, 7): 4, dt.date(2026, 11, 16): 1}
    # Anna's 7th unit on 14 Sep (week of 14 Sep), Dirk's on 13 Nov (week of 9 Nov).
    assert weeks["elearning_done"] == {dt.date(2026, 9, 14): 1, dt.date(2026, 11, 9): 1}
    assert weeks["meeting_1"] == {dt.date(2026, 10, 5): 1, dt.date(2026, 11, 16): 1}
    running = C.cumulative(weeks)
    assert running["elearning_done"][dt.date(2026, 10, 5)] == 1  # a week with no news
    assert running["meeting_1"][dt.date(2026, 11, 16)] == 2
    assert running["enrolled"][dt.date(2026, 9, 7)] == 4
    assert running["enrolled"][dt.date(2026, 11, 16)] == 5
    per_cohort = C.summarise(rows)
    assert per_cohort["Noord 1"].steps == (5, 2, 2, 1, 1)
    assert per_cohort["Noord 1"].vastgelopen == 2
    assert per_cohort["Noord 1"].percent(1) == 40.0
    assert per_cohort["Zuid 1"].steps == (1, 1, 0, 0, 0)


def test_cohort_and_region_overview(store: str) -> None:
    with session_scope(store) as s:
        view = C.cohort_overview(s, _user(s, "coco"), now=NOW)
    assert [(v.cohort, v.regio, v.coaches, v.grootte, v.vastgelopen) for v in view] == [
        ("Noord 1", "Noord-Limburg", "Cora Coach", 5, 2),
        ("Zuid 1", "Zuid-Limburg", "Cas Coach", 1, 1)]
    record = C.overview_record(view[0])
    assert record["elearning_done"] == "2 (40%)" and record["grootte"] == 5
    # The SQL overview and the per-trainee rows agree, stalled counts included.
    for stale in (3, 14, 71, 90):
        with session_scope(store) as s:
            sql = C.cohort_overview(s, _user(s, "coco"), now=NOW, stale_days=stale)
        rows = C.summarise(_rows(store, stale_days=stale).values())
        assert [(v.grootte, v.steps, v.vastgelopen) for v in sql] == [
            (rows[v.cohort].grootte, rows[v.cohort].steps, rows[v.cohort].vastgelopen)
            for v in sql]
    regions = C.region_overview(view)
    assert [(r.regio, r.grootte, r.steps[1]) for r in regions] == [
        ("Noord-Limburg", 5, 2), ("Zuid-Limburg", 1, 1)]


def test_filters_and_sorting(store: str) -> None:
    rows = list(_rows(store).values())
    assert [r.naam for r in C.filter_rows(rows, region="Noord-Limburg",
                                          status=C.STALLED)] == ["Bert", "Cees"]
    assert [r.naam for r in C.filter_rows(rows, organisation="GGD Test")] == [
        "Anna", "Cees", "Eva"]
    assert [r.naam for r in C.filter_rows(rows, status="meeting_1")] == ["Dirk"]
    by_score = C.sort_rows(rows, "gem_quizscore", descending=True)
    assert [r.naam for r in by_score][:4] == ["Eva", "Anna", "Dirk", "Bert"]
    assert {r.naam for r in by_score[4:]} == {"Cees", "Fleur"}  # no score: always last
    assert [r.naam for r in C.sort_rows(rows, "stap")][-1] == "Anna"


def test_quiz_distribution_uses_first_attempts(store: str) -> None:
    with session_scope(store) as s:
        dist = C.quiz_distribution(s, _user(s, "coco"))
    # eenheid1 first attempts: Anna 0.6, Bert 0.8, Dirk 0.9, Eva 1.0 (Anna's 0.8 retry not)
    assert dist["eenheid1"] == [0, 1, 1, 1, 1]
    assert dist["eenheid3"] == [0, 0, 0, 1, 2]  # Anna 1.0, Dirk 0.9, Eva 1.0
    assert sum(dist["eenheid7"]) == 3


def test_coach_sees_only_own_cohorts(store: str) -> None:
    with session_scope(store) as s:
        cora = _user(s, "cora")
        assert [c.name for c in C.visible_cohorts(s, cora)] == ["Noord 1"]
        assert {r.cohort for r in C.trainees(s, cora, now=NOW)} == {"Noord 1"}
        zuid = people.cohort_by_name(s, "Zuid 1")
        with pytest.raises(C.AccessDenied, match="geen toegang tot cohort 'Zuid 1'"):
            C.progress(s, zuid, cora)
        with pytest.raises(C.AccessDenied):
            C.quiz_distribution(s, cora, [zuid])
        with pytest.raises(C.AccessDenied):
            C.group_spinnenweb(s, cora, [zuid])
        assert [v.cohort for v in C.cohort_overview(s, cora, now=NOW)] == ["Noord 1"]
        coco = _user(s, "coco")
        assert len(C.visible_cohorts(s, coco)) == 2


@pytest.mark.parametrize("who", ["anna", "fien"])
def test_trainees_and_facilitators_have_no_dashboard(store: str, who: str) -> None:
    with session_scope(store) as s:
        user = _user(s, who)
        assert not C.may_use_dashboard(user)
        with pytest.raises(C.AccessDenied, match="alleen voor implementatiecoaches"):
            C.visible_cohorts(s, user)
        with pytest.raises(C.AccessDenied):
            C.progress(s, people.cohort_by_name(s, "Noord 1"), user)


def _fill(s, pid: int, score: float, when: dt.datetime) -> None:
    fill = SpinnenwebFill(person_id=pid, mode="quick", created_at=when)
    s.add(fill)
    s.flush()
    for dim in DIMENSIONS:
        s.add(SpinnenwebAnswer(fill_id=fill.id, item_id=dimension_key(dim), dimension=dim,
                               score=score))


def test_group_spinnenweb_only_from_five_people(store: str) -> None:
    with session_scope(store) as s:
        noord = people.cohort_by_name(s, "Noord 1")
        names = ["anna", "bert", "cees", "dirk"]
        for n, name in enumerate(names):
            pid = people.person_by_pseudonym(s, name).id
            _fill(s, pid, 1.0, NOW - 30 * DAY)  # an old fill: only the latest counts
            _fill(s, pid, 4.0 + n, NOW - DAY)
    with session_scope(store) as s:
        coco = _user(s, "coco")
        noord = people.cohort_by_name(s, "Noord 1")
        assert C.group_spinnenweb(s, coco, [noord]).means is None  # 4 people: too few
        extra = people.ensure_person(s, "ed", "Ed")
        people.enrol(s, noord, extra)
        _fill(s, extra.id, 9.0, NOW - DAY)
    with session_scope(store) as s:
        web = C.group_spinnenweb(s, _user(s, "coco"), [people.cohort_by_name(s, "Noord 1")])
    assert web.means == {d: round((4 + 5 + 6 + 7 + 9) / 5, 1) for d in DIMENSIONS}
    assert web.contributors == 5


def test_rows_hold_no_personal_spinnenweb_or_reflection(store: str) -> None:
    with session_scope(store) as s:
        _fill(s, people.person_by_pseudonym(s, "anna").id, 7.5, NOW)
        assert s.scalar(select(func.count()).select_from(Reflection)) == 1
    rows = _rows(store)
    text = repr([r.as_dict() for r in rows.values()])
    assert "GEHEIM-TEKST" not in text and "7.5" not in text
    assert not {"spinnenweb", "reflectie", "reflection"} & {
        c.lower() for c in C.TraineeProgress.columns(coach_track=True)}


def test_a_step_reads_in_the_readers_language_and_filters_by_its_id(store: str) -> None:
    from pgkit import messages

    rows = _rows(store)
    try:
        messages.use_language("en")
        assert rows["Anna"].as_dict()["stap"] == "Intervision started"
        assert rows["Bert"].as_dict()["stap"] == "Enrolled"
        messages.use_language("nl")
        assert rows["Anna"].as_dict()["stap"] == "Intervisie gestart"
    finally:
        messages.use_language(None)
    assert rows["Anna"].stap == "intervision_started"  # the id, whatever the language
    enrolled = {r.naam for r in rows.values() if r.stap == "enrolled"}
    assert "Bert" in enrolled and "Anna" not in enrolled
    found = C.filter_rows(list(rows.values()), status="enrolled")
    assert {r.naam for r in found} == enrolled


def test_the_dashboard_shows_step_labels_in_the_coachs_language_and_filters_by_id(
        store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Table, status filter, funnel chart and CSV export read in the coach's language; the
    filter's value stays the step id, so it finds the same trainees in either language."""
    from pgkit import messages
    from pgkit.pages.dashboard import TraineeView
    from pgkit.store import connect

    monkeypatch.setenv("PGKIT_DB", store)  # pages open the store PGKIT_DB names
    connect.cache_clear()
    with session_scope(store) as s:
        cora = _user(s, "cora")
    labels = {"en": ("Intervision started", "Enrolled", "Meeting 1"),
              "nl": ("Intervisie gestart", "Ingeschreven", "Bijeenkomst 1")}
    try:
        for lang, other in (("en", "nl"), ("nl", "en")):
            messages.use_language(lang)
            view = TraineeView(cora, None, stem="test")
            view.widget()
            finished, enrolled, meeting = labels[lang]
            for label in labels[lang]:
                assert f">{label}</td>" in view.table.value, (lang, label)
            assert not any(f">{label}</td>" in view.table.value for label in labels[other])
            assert (enrolled, "enrolled") in view.step.options
            assert (meeting, "meeting_1") in view.step.options
            assert list(view.funnel.marks[0].x)[2] == meeting
            assert C.column_label("meeting_1") == meeting  # the coordinator's overview

            view.step.value = "enrolled"  # an id, whatever the language
            assert {r.naam for r in view.visible()} == {"Bert", "Cees", "Fleur"}
            assert {r["stap"] for r in view.records()} == {enrolled}
            assert "Anna" not in view.table.value and finished not in view.table.value
            csv = base64.b64decode(re.search(r"base64,([^\"]+)", view.export.csv.value)[1])
            assert {line.split(";")[1] for line in csv.decode("utf-8-sig").splitlines()[1:]} == {
                enrolled}
    finally:
        messages.use_language(None)
        connect.cache_clear()
