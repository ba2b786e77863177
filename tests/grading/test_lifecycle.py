"""End to end: the coach-track lifecycle on fixture submissions, against golden scores.

Runs twice on a SQLite gradebook (``--workers 1``, which is plain nbgrader, and
``--workers 2``) and twice on a real PostgreSQL gradebook, and checks that both ways give
the same gradebook rows and the same feedback.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from pgkit.store import session_scope, upgrade
from pgkit.store.models import AssignmentGrade, Person
from pgkit.store.people import ensure_person
from tests.grading.helpers import (
    ASSIGNMENT,
    FAILED,
    GOLDEN,
    Run,
    feedback_texts,
    gradebook_snapshot,
    run_lifecycle,
)

pytestmark = pytest.mark.slow
COACHES = [*GOLDEN, *FAILED]


def _store(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'kit.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        for coach in COACHES:
            if coach != "coach-gewijzigd":  # one coach the store does not know
                ensure_person(s, coach, coach.replace("-", " ").title())
    return url


def _runs(tmp_path_factory, gradebooks) -> dict[int, tuple[Run, str]]:
    runs = {}
    for workers, gradebook in zip((1, 2), gradebooks, strict=True):
        tmp = tmp_path_factory.mktemp(f"w{workers}")
        store = _store(tmp)
        runs[workers] = (run_lifecycle(tmp, workers, gradebook, store), store)
    return runs


@pytest.fixture(scope="module")
def sqlite_runs(tmp_path_factory):
    return _runs(tmp_path_factory, (None, None))


@pytest.fixture(scope="module")
def postgres_runs(tmp_path_factory, postgres_url):
    base = postgres_url.rsplit("/", 1)[0]
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for name in ("gradebook1", "gradebook2"):
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return _runs(tmp_path_factory, (f"{base}/gradebook1", f"{base}/gradebook2"))


def check_run(run: Run, store: str) -> None:
    for step in ("setup", "generate", "release", "collect", "feedback", "export", "sync"):
        assert run.codes[step] == 0, (step, run.out[step], run.err[step])
    # autograde: the broken hand-ins fail, named with their reason; the others are graded
    assert run.codes["autograde"] == 1
    assert "Nagekeken: 3. Mislukt: 3." in run.out["autograde"]
    for coach, reason in FAILED.items():
        lines = [ln for ln in run.err["autograde"].splitlines()
                 if ln.startswith(f"Mislukt voor {coach}: ")]
        assert len(lines) == 1 and reason in lines[0], run.err["autograde"]
    assert "Nakijken [" in run.err["autograde"]  # the progress bar
    # a second run skips what is already graded (and retries only the failed ones)
    assert "Overgeslagen (al nagekeken): 3." in run.out["again"]

    # Dutch Excel: ';', Dutch headers, decimal comma (pgkit.export_format)
    exported = list(csv.DictReader(io.StringIO(run.out["export"]), delimiter=";"))
    # only the released assignment: setup registered all four in the gradebook
    assert {r["Opdracht"] for r in exported} == {ASSIGNMENT}
    rows = {r["Login"]: {"score": r["Score"], "raw_score": r["Score voor aftrek"],
                         "status": r["Status"], "timestamp": r["Ingeleverd op"]}
            for r in exported}
    with run.course.gradebook() as gb:
        subs = {s.student.id: s for s in gb.find_assignment(ASSIGNMENT).submissions}
        assert sorted(subs) == sorted(GOLDEN)  # failed hand-ins leave no half-graded rows
        for coach, gold in GOLDEN.items():
            assert float(subs[coach].score) == gold["score"], coach
            assert float(subs[coach].max_score) == gold["max_score"], coach
            assert bool(subs[coach].needs_manual_grade) is gold["needs_manual"], coach
            assert float(rows[coach]["score"].replace(",", ".")) == gold["score"]
    # a rejected hand-in says so and why; it never reads as a real zero
    for coach, reason in FAILED.items():
        assert rows[coach]["status"].startswith("afgewezen: "), rows[coach]
        assert reason in rows[coach]["status"]
        assert rows[coach]["score"] == rows[coach]["raw_score"] == ""
        assert rows[coach]["timestamp"]
    assert (rows["coach-leeg"]["score"], rows["coach-leeg"]["status"]) == ("0,0", "nagekeken")
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", rows["coach-leeg"]["timestamp"])
    assert rows["coach-goed"]["status"] == "handmatig_nakijken"

    feedback = feedback_texts(run.course)
    assert sorted(feedback) == sorted(GOLDEN)
    check_feedback(feedback)

    with session_scope(store) as s:
        synced = {(name, g.assignment): (g.status, g.score, g.max_score) for g, name in
                  s.execute(select(AssignmentGrade, Person.pseudonym)
                            .join(Person, Person.id == AssignmentGrade.person_id))}
    assert synced[("coach-goed", ASSIGNMENT)] == ("handmatig_nakijken", 4.0, 18.0)
    assert synced[("coach-leeg", ASSIGNMENT)] == ("nagekeken", 0.0, 18.0)
    assert synced[("coach-kapot", ASSIGNMENT)] == ("afgewezen", None, None)
    assert (f"coach-kapot, {ASSIGNMENT}: afgewezen: {ASSIGNMENT}.ipynb is geen geldig notebook"
            in run.out["sync"])
    assert "coach-gewijzigd" in run.err["sync"]


ENGLISH = ("Student's answer", "Score:", "Test cell", "Written response", "Comments",
           "(Top)", "Grade cell")
PYTHON = ("Traceback", "AssertionError", "SyntaxError", "NameError", "Tip(", 'File "',
          "BEGIN HIDDEN TESTS", "juist(", "keuze(", "import ", "raise ")


def text_of(html: str) -> str:
    """What a reader sees in the body: tags dropped, entities decoded, spaces collapsed."""
    body = html[html.index("<body"):]  # the head holds only styles
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split()).replace(" :", ":")


def check_feedback(feedback: dict[str, str]) -> None:
    """Dutch labels, the hint of every failed check in full, no Python for the coach."""
    for coach, html in feedback.items():
        assert '<html lang="nl">' in html and html.count("<body") == 1
        body = text_of(html)
        assert "Je punten:" in body and "Controle bij vraag 1" in body, coach
        for word in ENGLISH + PYTHON:
            assert word not in body, (coach, word)
    deels = text_of(feedback["coach-deels"])
    assert "Je punten: 2 van 18" in deels
    # the wrong phase: the hidden check's hint, whole
    assert ("Tip: Het team begrijpt het verschil en voelt dat het nodig is, maar heeft nog "
            "niet besloten. Het besluit hoort bij de volgende fase. Welke fase komt "
            "daarvoor?") in deels
    # the forgotten closing quote: a Dutch hint on the answer, and on its check
    assert "De computer kon deze regel niet lezen." in deels
    assert "Bij deze vraag staat geen antwoord dat de computer kan lezen." in deels
    assert deels.count("Deze controle is goed.") == 2
    goed = text_of(feedback["coach-goed"])
    assert "Je punten: 4 van 18" in goed and goed.count("Deze controle is goed.") == 4
    assert "Tip:" not in goed


def check_same(runs: dict[int, tuple[Run, str]]) -> None:
    one, two = runs[1][0].course, runs[2][0].course
    assert gradebook_snapshot(one) == gradebook_snapshot(two)
    assert feedback_texts(one) == feedback_texts(two)


@pytest.mark.parametrize("workers", [1, 2])
def test_lifecycle_sqlite_golden(sqlite_runs, workers):
    check_run(*sqlite_runs[workers])


def test_parallel_equals_sequential_sqlite(sqlite_runs):
    check_same(sqlite_runs)


@pytest.mark.postgres
@pytest.mark.parametrize("workers", [1, 2])
def test_lifecycle_postgres_golden(postgres_runs, workers):
    assert runs_on_postgres(postgres_runs[workers][0])
    check_run(*postgres_runs[workers])


@pytest.mark.postgres
def test_parallel_equals_sequential_postgres(postgres_runs):
    check_same(postgres_runs)


def runs_on_postgres(run: Run) -> bool:
    return run.course.db_url.startswith("postgresql+psycopg://")


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_feedback_page_in_chromium(sqlite_runs, size, browser):
    """The coach's feedback page: the hint boxes are whole on screen, axe finds nothing."""
    from tests.browser import harness

    run = sqlite_runs[1][0]
    page_file = run.course.root / "feedback" / "coach-deels" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    page, problems = harness.new_tracked_page(browser, *size)
    try:
        page.goto(page_file.as_uri())
        hints = page.locator(".pgkit-hint")
        assert hints.count() == 3
        for i in range(hints.count()):
            box = hints.nth(i)
            box.scroll_into_view_if_needed()
            # nothing cut off: no horizontal overflow and no inner scroll bar
            assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && "
                                "e.scrollHeight <= e.clientHeight + 1")
            assert box.bounding_box()["width"] <= size[0]
        page.get_by_text("Controle bij vraag 1").last.scroll_into_view_if_needed()
        harness.screenshot(page, f"feedback-coach-{size[0]}x{size[1]}")
        page.screenshot(path=str(harness.ARTIFACTS /
                                 f"feedback-coach-{size[0]}x{size[1]}-view.png"))
        assert harness.axe_violations(page) == []
        assert problems.console == []
    finally:
        page.context.close()
