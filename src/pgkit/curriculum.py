"""The training path and the e-learning units: defined once, used everywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    key: str
    number: int

    @property
    def title(self) -> str:
        """In the catalogue (``elearning.unit_names.<key>``), so the overview reads in the
        person's language; the unit's content stays Dutch."""
        from pgkit.messages import t

        return t(f"elearning.unit_names.{self.key}")

    @property
    def study_minutes(self) -> int:
        """Derived from the unit's content by ``pgkit.studyload``, never typed in."""
        from pgkit.studyload import minutes

        return minutes(self.key)


# A new unit: a line here, its title in messages/nl/elearning.yaml (unit_names) and in
# every other catalogue (English may say the Dutch title until someone translates it).
UNITS: tuple[Unit, ...] = (
    Unit("eenheid1", 1),
    Unit("eenheid2", 2),
    Unit("eenheid3", 3),
    Unit("eenheid4", 4),
    Unit("eenheid5", 5),
    Unit("eenheid6", 6),
    Unit("eenheid7", 7),
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

# The steps of the training path, in order, as the dashboard funnel shows them. These are
# stable ids: filters, sorting and the overview's columns use them; a person reads
# ``step_label(step)``. Nothing stores them (``cohort.rows.build_row`` derives a trainee's
# step from dates and counts), so renaming one needs no migration. A new step: a line
# here, its label in every catalogue (``dashboard.step.<id>``).
PATH_STEPS: tuple[str, ...] = (
    "enrolled",
    "elearning_done",
    "meeting_1",
    "meeting_2",
    "intervision_started",
)


def step_label(step: str) -> str:
    """The step as a person reads it, in their language: ``Bijeenkomst 1``."""
    from pgkit.messages import t

    return t(f"dashboard.step.{step}")
