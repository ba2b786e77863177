"""Concepts from the handreiking that several parts of the kit use as lenses.

Defined once here: the two kinds of dilemma (lesson 2) and the five questions around
het andere gesprek (lesson 3), each with a short explanation at language level B1 in the
catalogue (``messages/<lang>/concepts.yaml``); the keys are what the store keeps.
The six dimensions live in ``pgkit.spinnenweb``; the intervision analysis step and the
e-learning both read from these tuples, so a wording change happens in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from pgkit.messages import t
from pgkit.spinnenweb import DIMENSIONS, dimension_name


@dataclass(frozen=True)
class Concept:
    """One option of a lens; its words are in the catalogue (``concepts.<group>.<key>``)."""

    key: str
    group: str

    @property
    def title(self) -> str:
        if self.group == "dimension":
            return dimension_name(self.key)
        return t(f"concepts.{self.group}.{self.key}.title")

    @property
    def explanation(self) -> str:
        if self.group == "dimension":
            return ""
        return t(f"concepts.{self.group}.{self.key}.explanation")


DILEMMA_KINDS: tuple[Concept, ...] = tuple(
    Concept(key, "dilemma") for key in ("relationeel", "organisatorisch"))

CONVERSATION_QUESTIONS: tuple[Concept, ...] = tuple(
    Concept(key, "conversation")
    for key in ("initiatief", "spinnenweb", "traject", "afhankelijkheid", "vervolg"))


@dataclass(frozen=True)
class Lens:
    """One way of looking at a case in the analysis step: a question and its options."""

    key: str
    options: tuple[Concept, ...]
    multiple: bool

    @property
    def question(self) -> str:
        return t(f"concepts.lens.{self.key}")


LENSES: tuple[Lens, ...] = (
    Lens("dimensies", tuple(Concept(d, "dimension") for d in DIMENSIONS), multiple=True),
    Lens("dilemma", DILEMMA_KINDS, multiple=True),
    Lens("gesprek", CONVERSATION_QUESTIONS, multiple=True),
)


def lens(key: str) -> Lens:
    for item in LENSES:
        if item.key == key:
            return item
    raise KeyError(key)
