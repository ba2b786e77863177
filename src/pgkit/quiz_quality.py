"""Figures on how well the knowledge checks test understanding, computed from the content.

Two habits make a quiz test memory and test-taking skill instead of understanding:
questions that only ask to repeat a fact, and a right answer that stands out because it
is the longest, most careful option. The figures here catch both, so the content tests
(``tests/content/test_quiz_quality.py``) and ``pgkit elearning check`` can hold the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pgkit.content import ChoiceExercise, ChoicePoint, DialogueExercise, Option, UnitContent
from pgkit.spinnenweb import ACTIEWIEL

MIN_UNDERSTANDING = 0.6  # share of scenario/application questions, per unit
MAX_CORRECT_LONGEST = 0.3  # share of single-choice items whose right answer is the longest
MAX_CORRECT_SHORTEST = 0.3  # ... or the shortest: the length must give nothing away
MIN_NEW_WORDS = 3  # feedback on a right answer names at least this many words of its own

UNDERSTANDING = ("scenario", "application")
_WORD = re.compile(r"[a-zà-ÿ]{4,}")


MIN_SITUATION_WORDS = 6  # an option this long can be a situation to judge


def without_situation(unit: UnitContent) -> list[str]:
    """Questions labelled scenario or application that give nothing to apply.

    The label is the author's word; this holds it to the text. Such a question either
    sketches a situation before it asks (its prompt has two sentences or more) or asks
    which of several situations fits (every option is at least ``MIN_SITUATION_WORDS``
    words). "Welke doelen horen bij de Quadruple Aim?" with short options does neither.
    """
    from pgkit.readability import sentences, words

    return [q.id for q in unit.questions if q.level in UNDERSTANDING
            and len(sentences(q.prompt)) < 2
            and min(words(o.text) for o in q.options) < MIN_SITUATION_WORDS]


def understanding_share(unit: UnitContent) -> float:
    """Scenario and application questions as a share of all questions of the unit."""
    return sum(q.level in UNDERSTANDING for q in unit.questions) / len(unit.questions)


def _choice_points(unit: UnitContent) -> list[tuple[str, str, list[Option]]]:
    """(id, prompt, options) of every choice exercise and choice point in a dialogue."""
    items = []
    for e in unit.exercises:
        if isinstance(e, ChoiceExercise):
            items.append((e.id, e.instruction, e.options))
        elif isinstance(e, DialogueExercise):
            items += [(f"{e.id} {p.id}", p.prompt, p.options) for p in e.turns
                      if isinstance(p, ChoicePoint)]
    return items


def single_choice(unit: UnitContent) -> list[tuple[str, list[Option]]]:
    """Every item with exactly one right option: single questions, choice exercises and
    the choice points of worked conversations."""
    items = [(q.id, q.options) for q in unit.questions if q.kind == "single"]
    return items + [(ident, options) for ident, _prompt, options in _choice_points(unit)]


def correct_is_longest(options: list[Option]) -> bool:
    """True when the right option is at least as long as every wrong one (a tie counts)."""
    right = max(len(o.text) for o in options if o.correct)
    return right >= max(len(o.text) for o in options if not o.correct)


def correct_is_shortest(options: list[Option]) -> bool:
    """The opposite habit: a short, plain right answer among long, hedged wrong ones."""
    right = min(len(o.text) for o in options if o.correct)
    return right <= min(len(o.text) for o in options if not o.correct)


@dataclass(frozen=True)
class LongestShare:
    longest: list[str]
    total: int

    @property
    def share(self) -> float:
        return len(self.longest) / self.total if self.total else 0.0


def longest_share(units: Iterable[UnitContent],
                  rule: Callable[[list[Option]], bool] = correct_is_longest) -> LongestShare:
    """Which single-choice items break ``rule`` (default: the right answer is the longest)."""
    found: list[str] = []
    total = 0
    for unit in units:
        for ident, options in single_choice(unit):
            total += 1
            if rule(options):
                found.append(f"{unit.unit} {ident}")
    return LongestShare(found, total)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def feedback_problems(unit: UnitContent) -> list[str]:
    """Right options whose feedback only repeats the option (or the question).

    The feedback may name the option (``Meedoen``), but it must not be part of the
    option's text and must bring at least ``MIN_NEW_WORDS`` words of four letters or
    more that neither the option nor the question uses.
    """
    problems = []
    items: list[tuple[str, str, list[Option]]] = [
        (q.id, q.prompt, q.options) for q in unit.questions if q.kind != "ordering"]
    items += _choice_points(unit)
    for ident, prompt, options in items:
        for o in options:
            if not o.correct:
                continue
            text, fb = o.text.lower(), o.feedback.lower().strip(" .")
            new = _words(o.feedback) - _words(o.text) - _words(prompt) - {"klopt", "juist"}
            if fb in text or len(new) < MIN_NEW_WORDS:
                problems.append(f"{unit.unit} {ident}: {o.text}")
    return problems


def actiewiel_orderings(unit: UnitContent) -> list[str]:
    """Ordering questions that grade an order of the actiewiel's questions.

    The actiewiel is a wheel: the sources give its questions no order, so no question
    may grade one. Two or more actiewiel questions among an ordering's options is enough.
    """
    wheel = {q.text.lower().rstrip("?") for q in ACTIEWIEL}
    return [q.id for q in unit.questions if q.kind == "ordering"
            and sum(o.text.lower().strip().rstrip("?") in wheel for o in q.options) >= 2]
