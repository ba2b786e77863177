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

# How many intervision meetings a new cohort plans. This is the kit's choice, not a
# rule of the Limburg training plan: the plan reports four intervision meetings held so
# far province-wide, which is a count, not a number per cohort. Each cohort keeps its own
# number (``Cohort.intervision_meetings``); the coordinator changes it with
# ``pgkit cohort set NAME --intervisies N``.
DEFAULT_INTERVISION_MEETINGS = 4
MAX_INTERVISION_MEETINGS = 12

# The steps of the training path, in order, as the dashboard funnel shows them.
PATH_STEPS: tuple[str, ...] = (
    "ingeschreven",
    "e-learning klaar",
    "bijeenkomst 1",
    "bijeenkomst 2",
    "intervisie gestart",
)
