"""Study load derived from the content: what a unit asks of a reader, in minutes.

The figure on the overview, the unit page and the certificate comes from here, so it
grows and shrinks with the content instead of being a number someone once typed.
All rates are the kit's own choice, stated once below:

- ``READING_WPM``: words per minute for everything a trainee reads in a unit (texts,
  exercises, questions, options and their feedback). Fluent adults read about 200-250
  words a minute; we take 120 for readers at language level B1 who read to learn, many
  of them in a second language, and who stop to think while they read.
- thinking time on top of reading: per knowledge-check question, per sort statement,
  per choice exercise and per point in a worked conversation;
- fixed times for writing the reflection and for filling in one's own spinnenweb.

Each unit is rounded up to whole ``ROUND_TO`` minutes.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from pgkit.content import (
    ChoiceExercise,
    ChoicePoint,
    DialogueExercise,
    SortExercise,
    SpotPoint,
    UnitContent,
)

READING_WPM = 120
QUESTION_SECONDS = 45
SORT_ITEM_SECONDS = 20
CHOICE_EXERCISE_SECONDS = 60
DIALOGUE_POINT_SECONDS = 60
REFLECTION_MINUTES = 8
SPINNENWEB_MINUTES = 10
ROUND_TO = 5


@dataclass(frozen=True)
class StudyLoad:
    words: int
    reading: float
    doing: float

    @property
    def minutes(self) -> int:
        return ROUND_TO * math.ceil((self.reading + self.doing) / ROUND_TO)


def load(unit: UnitContent) -> StudyLoad:
    """Reading time for every word plus thinking and writing time for every task."""
    from pgkit.readability import unit_words

    count = unit_words(unit)
    seconds = QUESTION_SECONDS * len(unit.questions)
    for e in unit.exercises:
        if isinstance(e, SortExercise):
            seconds += SORT_ITEM_SECONDS * len(e.items)
        elif isinstance(e, ChoiceExercise):
            seconds += CHOICE_EXERCISE_SECONDS
        elif isinstance(e, DialogueExercise):
            points = [x for x in e.turns if isinstance(x, ChoicePoint | SpotPoint)]
            seconds += DIALOGUE_POINT_SECONDS * len(points)
    doing = seconds / 60 + REFLECTION_MINUTES
    doing += SPINNENWEB_MINUTES * sum(s.widget == "spinnenweb" for s in unit.sections)
    return StudyLoad(count, count / READING_WPM, doing)


@functools.cache  # the content does not change while a kernel runs
def minutes(key: str) -> int:
    """The study load of one unit of the kit's own content (cached with the content)."""
    from pgkit.content import unit

    return load(unit(key)).minutes
