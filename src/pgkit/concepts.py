"""Concepts from the handreiking that several parts of the kit use as lenses.

Defined once here: the two kinds of dilemma (lesson 2) and the five questions around
het andere gesprek (lesson 3), each with a short explanation at language level B1.
The six dimensions live in ``pgkit.spinnenweb``; the intervision analysis step and the
e-learning both read from these tuples, so a wording change happens in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from pgkit.spinnenweb import DIMENSIONS


@dataclass(frozen=True)
class Concept:
    key: str
    title: str
    explanation: str


DILEMMA_KINDS: tuple[Concept, ...] = (
    Concept(
        "relationeel",
        "Relationeel dilemma",
        "De spanning zit in de relatie tussen jou en de ander. Bijvoorbeeld: hoe ver gaat "
        "eigen regie als iemand een keuze maakt waar jij je zorgen over maakt? Of: waar ligt "
        "de grens tussen werk en privé? Vaak gaat het om verschil in positie, kennis of status.",
    ),
    Concept(
        "organisatorisch",
        "Organisatorisch dilemma",
        "De spanning zit tussen de open aanpak en hoe het werk geregeld is. Bijvoorbeeld: een "
        "verplichte vragenlijst, regels en verantwoording, of collega's die vanuit een ander "
        "vak kijken. De logica van het systeem botst dan met de leefwereld van mensen.",
    ),
)

CONVERSATION_QUESTIONS: tuple[Concept, ...] = (
    Concept(
        "initiatief",
        "Wie is aan zet?",
        "Begint de persoon zelf het gesprek, of doet de professional of een naaste dat? "
        "Mensen verwachten hier verschillende dingen van. Vraag hoe de ander erin staat.",
    ),
    Concept(
        "spinnenweb",
        "Welke plek heeft het spinnenweb?",
        "Soms gebruik je het spinnenweb op papier, soms loop je de zes dimensies alleen in "
        "gedachten langs. Het gaat om je open houding, niet om scores.",
    ),
    Concept(
        "traject",
        "Hoe past het gesprek in het traject?",
        "Het gesprek staat niet los van de rest van de zorg of hulp. Een lang gesprek past "
        "niet overal. En iemand hoeft niet bij elke professional opnieuw alles te vertellen.",
    ),
    Concept(
        "afhankelijkheid",
        "Welke rol spelen afhankelijkheid en ongelijkheid?",
        "De ander is vaak afhankelijk van jou. Soms is dat verschil klein en lastig te zien. "
        "Zie de ander als expert van het eigen leven. Benoem het verschil als je het merkt.",
    ),
    Concept(
        "vervolg",
        "Hoe ziet het vervolg eruit?",
        "Wat gebeurt er na het gesprek? Je hoeft niet alles zelf op te lossen. Weet naar wie "
        "je kunt verwijzen en stem dat goed af met iedereen die betrokken is.",
    ),
)


@dataclass(frozen=True)
class Lens:
    """One way of looking at a case in the analysis step: a question and its options."""

    key: str
    question: str
    options: tuple[Concept, ...]
    multiple: bool


def _dimension_concepts() -> tuple[Concept, ...]:
    from pgkit.spinnenweb import dimension_key

    return tuple(Concept(dimension_key(d), d, "") for d in DIMENSIONS)


LENSES: tuple[Lens, ...] = (
    Lens("dimensies", "Welke dimensies van het spinnenweb spelen een rol?",
         _dimension_concepts(), multiple=True),
    Lens("dilemma", "Is dit een relationeel of een organisatorisch dilemma?",
         DILEMMA_KINDS, multiple=True),
    Lens("gesprek", "Welke vraag rond het andere gesprek speelt hier?",
         CONVERSATION_QUESTIONS, multiple=True),
)


def lens(key: str) -> Lens:
    for item in LENSES:
        if item.key == key:
            return item
    raise KeyError(key)
