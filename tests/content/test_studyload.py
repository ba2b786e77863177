"""Study load follows the content: reading speed plus time per task, stated in one place."""

from __future__ import annotations

from pathlib import Path

from pgkit import elearning as el
from pgkit import studyload as sl
from pgkit.content import Section, load_all
from pgkit.curriculum import UNITS
from pgkit.readability import unit_words

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"
CONTENTS = load_all(CONTENT)


def test_minutes_are_reading_plus_tasks_rounded_up() -> None:
    u1 = CONTENTS["eenheid1"]
    load = sl.load(u1)
    assert load.words == unit_words(u1) > 500
    assert load.reading == load.words / sl.READING_WPM
    sort_items = sum(len(getattr(e, "items", [])) for e in u1.exercises)
    expected_doing = (sl.QUESTION_SECONDS * len(u1.questions)
                      + sl.SORT_ITEM_SECONDS * sort_items) / 60 + sl.REFLECTION_MINUTES
    assert load.doing == expected_doing
    assert load.minutes % sl.ROUND_TO == 0
    assert load.reading + load.doing <= load.minutes < load.reading + load.doing + sl.ROUND_TO


def test_more_content_means_more_minutes() -> None:
    u1 = CONTENTS["eenheid1"]
    extra = Section(id="extra", title="Extra", text=" ".join(["woord"] * 1200) + ".")
    longer = u1.model_copy(update={"sections": [*u1.sections, extra]})
    assert sl.load(longer).minutes >= sl.load(u1).minutes + 1200 // sl.READING_WPM


def test_the_spinnenweb_step_counts() -> None:
    u2 = CONTENTS["eenheid2"]
    assert any(s.widget == "spinnenweb" for s in u2.sections)
    plain = [s.model_copy(update={"widget": None}) for s in u2.sections]
    without = sl.load(u2.model_copy(update={"sections": plain}))
    assert sl.load(u2).doing == without.doing + sl.SPINNENWEB_MINUTES


def test_every_place_shows_the_derived_minutes() -> None:
    for u in UNITS:
        assert u.study_minutes == sl.load(CONTENTS[u.key]).minutes
    total = sum(sl.load(c).minutes for c in CONTENTS.values())
    assert el.study_hours() == round(total / 60, 1)
