"""A simple, honest readability check for B1 Dutch: short sentences.

Rules (from the training plan's language guide): a unit's prose averages at most 15
words per sentence and no sentence has more than 25. We count words, nothing clever:
Markdown and HTML are stripped, a list item or line without a full stop still ends a
sentence, and a number such as ``3,5`` or ``10.000`` is one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pgkit.content import ChoiceExercise, DialogueExercise, SortExercise, UnitContent

MAX_AVERAGE = 15.0
MAX_SENTENCE = 25
_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+|\n+")
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ'’]+(?:[.,\-][0-9A-Za-zÀ-ÿ]+)*")
_TAGS = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"\*\*|__|`")
_LIST = re.compile(r"^\s*(?:[-*]|\d+\.)\s+", re.MULTILINE)


def sentences(text: str) -> list[str]:
    """Split prose into sentences; empty pieces are dropped."""
    clean = _LIST.sub("", _EMPHASIS.sub("", _TAGS.sub(" ", text)))
    return [re.sub(r"[ \t]+", " ", s).strip() for s in _END.split(clean) if _WORD.search(s)]


def words(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def unit_texts(unit: UnitContent) -> list[str]:
    """Every text a trainee reads in a unit, in reading order, titles included."""
    texts = [unit.intro, *unit.goals]
    for s in unit.sections:
        texts += [s.title, s.text]
    for e in unit.exercises:
        texts += [e.title, e.instruction]
        if isinstance(e, SortExercise):
            texts += [f"{i.text} {i.feedback}" for i in e.items]
        elif isinstance(e, ChoiceExercise):
            texts += [e.fragment, *[f"{o.text}\n{o.feedback}" for o in e.options]]
        elif isinstance(e, DialogueExercise):
            texts += e.texts()
    for q in unit.questions:
        texts += [q.prompt, *[f"{o.text}\n{o.feedback}" for o in q.options]]
    texts += [unit.reflection.prompt, unit.reflection.hint]
    return [text for text in texts if text]


def unit_prose(unit: UnitContent) -> list[str]:
    """Every sentence a trainee reads in a unit, in reading order."""
    return [s for text in unit_texts(unit) for s in sentences(text)]


def unit_words(unit: UnitContent) -> int:
    """How many words a trainee reads in a unit: the basis of its study load."""
    return sum(words(s) for text in unit_texts(unit) for s in sentences(text))


@dataclass(frozen=True)
class Readability:
    sentences: int
    average: float
    longest: int
    too_long: list[str]

    @property
    def ok(self) -> bool:
        return self.average <= MAX_AVERAGE and not self.too_long


def check(unit: UnitContent) -> Readability:
    found = unit_prose(unit)
    counts = [words(s) for s in found]
    return Readability(len(found), round(sum(counts) / len(counts), 1) if counts else 0.0,
                       max(counts, default=0),
                       [s for s, n in zip(found, counts, strict=True) if n > MAX_SENTENCE])
