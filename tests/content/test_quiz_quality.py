"""The knowledge checks test understanding: figures computed from the content files.

Baseline before the rework (issue 15): about 10 of 38 questions tested application, and
in 19 of 26 single-choice questions the right answer was the longest option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pgkit import quiz_quality as qq
from pgkit.content import ChoiceExercise, Option, Question, UnitContent, load_all

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"
UNITS = load_all(CONTENT)


@pytest.mark.parametrize("key", list(UNITS))
def test_every_question_says_what_it_tests(key: str) -> None:
    assert [q.id for q in UNITS[key].questions if q.level is None] == []


@pytest.mark.parametrize("key", list(UNITS))
def test_most_questions_ask_for_application(key: str) -> None:
    assert qq.understanding_share(UNITS[key]) >= qq.MIN_UNDERSTANDING


def test_the_right_answer_is_rarely_the_longest() -> None:
    found = qq.longest_share(UNITS.values())
    assert found.total >= 20
    assert found.share <= qq.MAX_CORRECT_LONGEST, found.longest


def test_the_right_answer_is_rarely_the_shortest() -> None:
    found = qq.longest_share(UNITS.values(), qq.correct_is_shortest)
    assert found.share <= qq.MAX_CORRECT_SHORTEST, found.longest


@pytest.mark.parametrize("key", list(UNITS))
def test_no_unit_leans_on_length(key: str) -> None:
    """Per unit too: at most one single-choice item where the right answer is longest."""
    found = qq.longest_share([UNITS[key]])
    assert len(found.longest) <= 1 and found.share <= qq.MAX_CORRECT_LONGEST


@pytest.mark.parametrize("key", list(UNITS))
def test_every_option_has_feedback_that_adds_something(key: str) -> None:
    unit = UNITS[key]
    options = [o for q in unit.questions for o in q.options]
    options += [o for e in unit.exercises if isinstance(e, ChoiceExercise) for o in e.options]
    assert all(o.feedback.strip() for o in options)
    assert all(i.feedback.strip() for e in unit.exercises for i in getattr(e, "items", []))
    assert qq.feedback_problems(unit) == []


@pytest.mark.parametrize("key", list(UNITS))
def test_a_scenario_or_application_question_has_something_to_apply(key: str) -> None:
    assert qq.without_situation(UNITS[key]) == []


@pytest.mark.parametrize("key", list(UNITS))
def test_no_question_grades_an_order_of_the_actiewiel(key: str) -> None:
    assert qq.actiewiel_orderings(UNITS[key]) == []


# --- the figures can fail ------------------------------------------------------------------


def _option(text: str, feedback: str, correct: bool = False) -> Option:
    return Option(text=text, feedback=feedback, correct=correct)


def _unit(questions: list[Question]) -> UnitContent:
    base = UNITS["eenheid1"]
    return base.model_copy(update={"questions": questions})


def test_the_figures_catch_a_recall_quiz_with_a_giveaway_answer() -> None:
    q = Question(id="v1", kind="single", level="recall", prompt="Wat is eigen regie?",
                 options=[_option("Zelf keuzes maken over je leven, ook met hulp.",
                                  "Zelf keuzes maken over je leven, ook met hulp.", True),
                          _option("Alles alleen doen.", "Nee."),
                          _option("De dokter beslist.", "Nee.")])
    wheel = Question(id="v2", kind="ordering", level="recall", prompt="Zet in volgorde.",
                     options=[_option("Hoe gaat het nu?", "Eerst."),
                              _option("Wat wil je?", "Dan."),
                              _option("Wat besluit je?", "Tot slot.")])
    unit = _unit([q, wheel, *UNITS["eenheid1"].questions[2:5]])
    assert qq.understanding_share(unit) < qq.understanding_share(UNITS["eenheid1"])
    assert qq.correct_is_longest(q.options)
    assert qq.longest_share([unit]).longest[0] == "eenheid1 v1"
    assert qq.feedback_problems(unit) == ["eenheid1 v1: " + q.options[0].text]
    assert qq.actiewiel_orderings(unit) == ["v2"]


def test_a_recall_question_labelled_application_is_caught() -> None:
    options = [_option("Kortere wachtlijsten", "Nee, dat is geen doel."),
               _option("Meer werkplezier", "Ja, ook professionals tellen mee.", True)]
    fake = Question(id="v9", kind="single", level="application",
                    prompt="Welk doel hoort bij de Quadruple Aim?", options=options)
    real = fake.model_copy(update={"prompt": "Een manager wil minder ziekteverzuim in zijn "
                                   "team. Welk doel van de Quadruple Aim raakt dat?"})
    assert qq.without_situation(_unit([fake, real])) == ["v9"]


def test_feedback_that_only_confirms_is_caught() -> None:
    q = Question(id="v9", kind="single", level="scenario", prompt="Wat doe je nu?",
                 options=[_option("Je vraagt door.", "Klopt, je vraagt door.", True),
                          _option("Je geeft advies.", "Nee. Dan neem je de regie over.")])
    assert qq.feedback_problems(_unit([q] * 5)) != []
