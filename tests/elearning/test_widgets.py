"""The e-learning widgets without a browser: callbacks, feedback and the debounce."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pgkit import lifecycle
from pgkit.content import UnitContent, load_unit
from pgkit.widgets.exercise import ChoiceWidget, SortWidget
from pgkit.widgets.quiz import QuizWidget
from pgkit.widgets.reflection import ReflectionBox
from tests.own_loop import run_in_own_loop

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"


@pytest.fixture(scope="module")
def unit1() -> UnitContent:
    return load_unit("eenheid1", CONTENT)


def give_right_answers(quiz: QuizWidget) -> None:
    for view in quiz.views:
        q = view.question
        if q.kind == "single":
            view.input.value = q.correct_answer()[0]
        elif q.kind == "multiple":
            for box in view.boxes:
                box.value = box.description in q.correct_answer()
        else:
            view.input.order = list(q.correct_answer())


def test_quiz_reports_each_answer_and_explains_every_option(unit1: UnitContent) -> None:
    given, checked = [], []
    quiz = QuizWidget(unit1.questions, pass_mark=0.8,
                      on_answer=lambda q, a: given.append((q.id, a)),
                      on_check=lambda answers: checked.append(answers) or 1.0)
    assert quiz.do_check() is None and not checked  # nothing answered yet: no attempt
    assert "Beantwoord eerst alle vragen" in quiz.result.value
    give_right_answers(quiz)
    assert ("v1", unit1.question("v1").correct_answer()[0]) in given
    assert quiz.do_check() == 1.0
    for view in quiz.views:
        for option in view.question.options:
            assert option.feedback.replace("'", "&#x27;") in view.feedback.value
    assert "Je hebt de kennischeck gehaald." in quiz.result.value
    quiz.do_retry()
    assert all(v.feedback.value == "" for v in quiz.views)
    assert quiz.views[0].input.value is None


def test_quiz_shows_nothing_when_storing_failed(unit1: UnitContent) -> None:
    quiz = QuizWidget(unit1.questions, pass_mark=0.8, on_answer=lambda _q, _a: None,
                      on_check=lambda _answers: None)
    give_right_answers(quiz)
    assert quiz.do_check() is None
    assert all(v.feedback.value == "" for v in quiz.views)


def test_ordering_starts_shuffled_and_moves(unit1: UnitContent) -> None:
    quiz = QuizWidget(unit1.questions, pass_mark=0.8, on_answer=lambda _q, _a: None,
                      on_check=lambda _a: 0.0)
    view = next(v for v in quiz.views if v.question.kind == "ordering")
    assert view.value != view.question.correct_answer()
    first = view.value[1]
    view.input._move(1, -1)
    assert view.value[0] == first


def test_reflection_saves_once_after_typing_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait for a pause runs on the kernel's event loop (here a loop of the test's own)."""
    saved: list[str] = []

    async def main() -> None:
        monkeypatch.setattr(lifecycle, "_kernel_loop", asyncio.get_running_loop)
        box = ReflectionBox("Vraag?", saved.append, delay=0.2)
        for text in ("I", "Ik", "Ik leer"):
            box.area.value = text
        assert saved == []  # still typing
        while not saved:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # longer than the wait: a second save would be here now
        assert saved == ["Ik leer"]
        assert "Bewaard om" in box.status.value

    run_in_own_loop(main)


def test_reflection_shows_a_failed_save() -> None:
    errors: list[BaseException] = []

    def fail(_text: str) -> None:
        raise OSError("schijf vol")

    box = ReflectionBox("Vraag?", fail, delay=0, on_error=errors.append)
    box.area.value = "tekst"
    assert "Bewaren lukte niet" in box.status.value and len(errors) == 1


def test_sort_and_choice_exercises_give_feedback_per_item() -> None:
    u2 = load_unit("eenheid2", CONTENT)
    done = []
    sort = SortWidget(u2.exercises[0], lambda *a: done.append(a))
    assert [i.id for i in sort.items] != [i.id for i in u2.exercises[0].items]  # mixed
    sort.pickers[0].value = sort.items[0].category
    sort.pickers[1].value = sort.items[0].category  # wrong box
    assert sort.do_check() == 1
    assert "Klopt." in sort.feedback[0].value and "Dit hoort bij" in sort.feedback[1].value
    # an item not sorted yet does not give its answer away
    assert "Nog niet gekozen." in sort.feedback[2].value
    assert sort.items[2].category not in sort.feedback[2].value
    u4 = load_unit("eenheid4", CONTENT)
    choice = ChoiceWidget(u4.exercises[0], lambda *a: done.append(a))
    assert choice.do_check() is None
    choice.choice.value = u4.exercises[0].options[1].text
    assert choice.do_check() == 0
    assert all(o.text in choice.result.value for o in u4.exercises[0].options)
    assert [d[0] for d in done] == ["oefening1", "oefening1"]
