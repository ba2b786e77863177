"""The training path and the e-learning units: defined once, used everywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    key: str
    number: int
    title: str

    @property
    def study_minutes(self) -> int:
        """Derived from the unit's content by ``pgkit.studyload``, never typed in."""
        from pgkit.studyload import minutes

        return minutes(self.key)


UNITS: tuple[Unit, ...] = (
    Unit("eenheid1", 1, "Een nieuwe kijk op gezondheid"),
    Unit("eenheid2", 2, "Het spinnenweb"),
    Unit("eenheid3", 3, "Vijf invullingen"),
    Unit("eenheid4", 4, "Het andere gesprek"),
    Unit("eenheid5", 5, "Dilemma's in de praktijk"),
    Unit("eenheid6", 6, "Het andere gesprek inbedden"),
    Unit("eenheid7", 7, "Van idee naar praktijk"),
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
