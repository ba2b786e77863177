"""The training path and the e-learning units: defined once, used everywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    key: str
    number: int
    title: str
    study_minutes: int


UNITS: tuple[Unit, ...] = (
    Unit("eenheid1", 1, "Een nieuwe kijk op gezondheid", 40),
    Unit("eenheid2", 2, "Het spinnenweb", 50),
    Unit("eenheid3", 3, "Vijf invullingen", 40),
    Unit("eenheid4", 4, "Het andere gesprek", 60),
    Unit("eenheid5", 5, "Dilemma's in de praktijk", 45),
    Unit("eenheid6", 6, "Het andere gesprek inbedden", 45),
    Unit("eenheid7", 7, "Van idee naar praktijk", 50),
)
UNIT_KEYS = tuple(u.key for u in UNITS)

PASS_MARK = 0.8
INTERVISION_MEETINGS = 4

# The steps of the training path, in order, as the dashboard funnel shows them.
PATH_STEPS: tuple[str, ...] = (
    "ingeschreven",
    "e-learning klaar",
    "bijeenkomst 1",
    "bijeenkomst 2",
    "intervisie gestart",
)
