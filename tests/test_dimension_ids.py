"""Dimensions are stable ids; names come from the catalogue. A store written before the
ids existed (Dutch names in the ``dimension`` columns and in a cohort's published means)
reads unchanged, and neither renaming nor translating a dimension changes a stored key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pgkit import cohort as C
from pgkit import demo, messages, person_data
from pgkit import spinnenweb as sw
from pgkit.identity import User
from pgkit.store import people, session_scope
from pgkit.store import spinnenweb as repo
from pgkit.store.models import (
    ActiewielAnswer,
    Person,
    Region,
    Role,
    SpinnenwebAnswer,
    SpinnenwebFill,
)
from pgkit.store.models_privacy import GroupWebSnapshot
from pgkit.textutil import slugify

# What the kit wrote in the ``dimension`` columns (and as keys of a cohort's published
# means) before the ids: the Dutch names, as they were typed in pgkit.spinnenweb.
STORED_NAMES = ("Lichaamsfuncties", "Mentaal welbevinden", "Zingeving",
                "Kwaliteit van leven", "Meedoen", "Dagelijks functioneren")


def test_the_ids_are_the_slugs_the_store_already_holds() -> None:
    assert tuple(slugify(n) for n in STORED_NAMES) == sw.DIMENSIONS
    assert [sw.dimension_key(n) for n in STORED_NAMES] == list(sw.DIMENSIONS)
    assert sorted(k.removeprefix("spinnenweb.dimension.") for k in messages.catalogue("nl")
                  if k.startswith("spinnenweb.dimension.")) == sorted(sw.DIMENSIONS)
    assert [sw.dimension_name(d) for d in sw.DIMENSIONS] == list(STORED_NAMES)
    # Item ids (the store's key of every full-mode answer) are "<id>.<n>", as before.
    assert {i.id.rsplit(".", 1)[0] for i in sw.ALL_ITEMS.values()} == set(sw.DIMENSIONS)


def test_demo_data_is_keyed_by_the_ids(session) -> None:
    demo.load(session, trainees=12, cohorts=2)
    dims = set(session.scalars(select(SpinnenwebAnswer.dimension)))
    items = set(session.scalars(select(SpinnenwebAnswer.item_id)))
    assert dims == set(sw.DIMENSIONS) and items <= set(sw.DIMENSIONS) | set(sw.ALL_ITEMS)


def _old_fill(s, person_id: int, score: float) -> int:
    """A quick fill exactly as the kit stored it before the ids: names in ``dimension``."""
    fill = SpinnenwebFill(person_id=person_id, mode="quick")
    s.add(fill)
    s.flush()
    for name in STORED_NAMES:
        s.add(SpinnenwebAnswer(fill_id=fill.id, item_id=slugify(name), dimension=name,
                               score=score, marked=name == "Zingeving"))
    s.add(ActiewielAnswer(fill_id=fill.id, question="besluit", dimension="Mentaal welbevinden",
                          text="Elke dag wandelen"))
    return fill.id


def test_a_store_written_before_the_ids_reads_unchanged(db_url: str) -> None:
    with session_scope(db_url) as s:
        anna = people.ensure_person(s, "anna", "Anna").id
        _old_fill(s, anna, 6.0)
    with session_scope(db_url) as s:
        [view] = repo.fills(s, anna)
        assert view.scores == dict.fromkeys(sw.DIMENSIONS, 6.0)
        assert view.marked_dimensions == {"zingeving"}
        assert view.actiewiel_dimension == "mentaal-welbevinden"
        assert view.area == pytest.approx(sw.surface_area(dict.fromkeys(sw.DIMENSIONS, 6.0)))
        subject = person_data.subject(s, s.get(Person, anna))
        rows = person_data._sw_answer_rows(s, subject)
    assert {r["dimensie"] for r in rows} == set(STORED_NAMES)


def test_a_cohort_figure_published_with_names_reads_by_id(db_url: str) -> None:
    with session_scope(db_url) as s:
        noord = people.ensure_cohort(s, "Noord 1", Region.NOORD)
        coach = people.ensure_person(s, "coco", "Coco", (Role.COACH,))
        people.assign_coach(s, noord, coach)
        for n in range(5):
            p = people.ensure_person(s, f"p{n}", f"P{n}")
            people.enrol(s, noord, p)
            _old_fill(s, p.id, 4.0 + n)
        viewer = User(coach.id, "coco", "Coco", frozenset({Role.COACH}))
        fresh = C.group_spinnenweb(s, viewer, [noord])
        assert fresh.means == dict.fromkeys(sw.DIMENSIONS, 6.0)
        # The snapshot as the kit published it before: keyed by the Dutch names.
        snap = s.scalar(select(GroupWebSnapshot).where(GroupWebSnapshot.cohort_id == noord.id))
        snap.means = dict.fromkeys(STORED_NAMES, 6.0)
        s.flush()
        s.expire_all()
        assert C.group_spinnenweb(s, viewer, [noord]).means == dict.fromkeys(sw.DIMENSIONS, 6.0)


def test_a_translated_name_is_shown_but_never_stored(db_url: str) -> None:
    messages.use_language("en")
    assert sw.dimension_name("mentaal-welbevinden") == "Mental well-being"
    assert sw.dimension_name("Mentaal welbevinden") == "Mental well-being"
    with session_scope(db_url) as s:
        anna = people.ensure_person(s, "anna", "Anna").id
        fid = repo.create_fill(s, anna, "quick")
        repo.save_answer(s, anna, fid, "zingeving", 7)
        repo.save_actiewiel(s, anna, fid, "zingeving", "nu", "Goed")
    with session_scope(db_url) as s:
        assert set(s.scalars(select(SpinnenwebAnswer.dimension))) == {"zingeving"}
        assert set(s.scalars(select(ActiewielAnswer.dimension))) == {"zingeving"}
    with pytest.raises(ValueError, match="unknown dimension 'Mental well-being'"):
        sw.dimension_of("Mental well-being")  # a display name is never a key


def test_an_unknown_dimension_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="onbekende dimensie 'Geluk'; kies uit: "
                                         "Lichaamsfuncties, Mentaal welbevinden"):
        sw.dimension_of("Geluk")


def test_no_code_keys_a_dimension_by_its_display_text() -> None:
    """``slugify`` of a dimension's name made its store key; the ids are now explicit."""
    src = Path(sw.__file__).read_text(encoding="utf-8")
    assert "slugify(dimension)" not in src
