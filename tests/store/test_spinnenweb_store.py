"""Spinnenweb repository: answers stored as given, survive a restart, stay private."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import create_engine, func, select

from pgkit import spinnenweb as sw
from pgkit.store import connect, people, session_scope
from pgkit.store import spinnenweb as repo
from pgkit.store.models import ActiewielAnswer, SpinnenwebAnswer


def _people(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        return (people.ensure_person(s, "anna", "Anna").id,
                people.ensure_person(s, "bram", "Bram").id)


def _restart(url: str):
    """A new engine on the same SQLite file, as after restarting the app."""
    connect(url).dispose()
    return create_engine(url)


def test_fill_marks_and_actiewiel_survive_a_restart(db_url):
    anna, _ = _people(db_url)
    with session_scope(db_url) as s:
        fid = repo.create_fill(s, anna, "full")
    # Each answer in its own transaction, as the page stores them one by one.
    for n, score in ((1, 4), (2, 8), (3, None)):
        with session_scope(db_url) as s:
            repo.save_answer(s, anna, fid, f"zingeving.{n}", score)
    with session_scope(db_url) as s:
        repo.set_mark(s, anna, fid, "meedoen.5", True)
        repo.save_actiewiel(s, anna, fid, "Zingeving", "wil", "Meer tijd voor muziek")
        repo.save_actiewiel(s, anna, fid, "Zingeving", "nu", "Het gaat")
    with session_scope(db_url) as s:
        repo.save_actiewiel(s, anna, fid, "Zingeving", "nu", "Het gaat redelijk")

    with session_scope(_restart(db_url)) as s:
        [view] = repo.fills(s, anna)
    assert view.mode == "full"
    assert view.answers == {"zingeving.1": 4, "zingeving.2": 8, "zingeving.3": None,
                            "meedoen.5": None}
    assert view.scores["zingeving"] == 6 and view.scores["meedoen"] is None
    assert view.marks == {"meedoen.5"} and view.marked_dimensions == {"meedoen"}
    assert view.actiewiel_dimension == "zingeving"
    assert view.actiewiel == {"wil": "Meer tijd voor muziek", "nu": "Het gaat redelijk"}
    assert view.area is None  # four dimensions still open


def test_quick_fill_gets_area_and_latest_actiewiel(db_url):
    anna, _ = _people(db_url)
    with session_scope(db_url) as s:
        first = repo.create_fill(s, anna, "quick")
        for dim in sw.DIMENSIONS:
            repo.save_answer(s, anna, first, sw.dimension_key(dim), 5)
        repo.save_actiewiel(s, anna, first, "meedoen", "besluit", "Ik bel mijn zus")
        second = repo.create_fill(s, anna, "quick")
    with session_scope(db_url) as s:
        assert repo.get_fill(s, anna, first).area == pytest.approx(
            sw.surface_area(dict.fromkeys(sw.DIMENSIONS, 5)))
        plan = repo.latest_actiewiel(s, anna, before_fill=second)
        assert plan is not None and plan.id == first
        assert plan.actiewiel_dimension == "meedoen"
        assert repo.latest_actiewiel(s, anna, before_fill=first) is None


def test_other_people_cannot_read_write_or_erase(db_url):
    anna, bram = _people(db_url)
    with session_scope(db_url) as s:
        fid = repo.create_fill(s, anna)
        repo.save_answer(s, anna, fid, "meedoen", 7)
    with session_scope(db_url) as s:
        assert repo.fills(s, bram) == []
        assert repo.export_csv(s, bram).count("\n") == 1  # header only
        for attempt in (lambda: repo.get_fill(s, bram, fid),
                        lambda: repo.save_answer(s, bram, fid, "meedoen", 1),
                        lambda: repo.set_mark(s, bram, fid, "meedoen", True),
                        lambda: repo.save_actiewiel(s, bram, fid, "Meedoen", "nu", "x"),
                        lambda: repo.erase_fill(s, bram, fid)):
            with pytest.raises(LookupError):
                attempt()
        assert repo.erase_all(s, bram) == 0
    with session_scope(db_url) as s:
        assert repo.get_fill(s, anna, fid).answers == {"meedoen": 7}


def test_bad_input_raises_and_changes_nothing(db_url):
    anna, _ = _people(db_url)
    with session_scope(db_url) as s:
        fid = repo.create_fill(s, anna, "quick")
    for call, message in (
            (lambda s: repo.save_answer(s, anna, fid, "meedoen", 11), "tussen 0 en 10"),
            (lambda s: repo.save_answer(s, anna, fid, "meedoen", float("nan")), "NaN"),
            (lambda s: repo.save_answer(s, anna, fid, "meedoen.1", 5), "hoort niet bij"),
            (lambda s: repo.save_answer(s, anna, fid, "geluk", 5), "onbekend item"),
            (lambda s: repo.save_actiewiel(s, anna, fid, "Geluk", "nu", "x"), "onbekende dim"),
            (lambda s: repo.save_actiewiel(s, anna, fid, "Meedoen", "waarom", "x"), "vraag"),
            (lambda s: repo.create_fill(s, anna, "half"), "onbekende vorm")):
        with pytest.raises(ValueError, match=message), session_scope(db_url) as s:
            call(s)
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(SpinnenwebAnswer)) == 0
        assert s.scalar(select(func.count()).select_from(ActiewielAnswer)) == 0
        assert len(repo.fills(s, anna)) == 1


def test_export_csv_has_all_own_answers_and_texts(db_url):
    anna, bram = _people(db_url)
    with session_scope(db_url) as s:
        fid = repo.create_fill(s, anna, "full")
        repo.save_answer(s, anna, fid, "lichaamsfuncties.4", 6.5)
        repo.set_mark(s, anna, fid, "lichaamsfuncties.4", True)
        repo.save_actiewiel(s, anna, fid, "Lichaamsfuncties", "nodig", 'Rust, "echt" rust')
        other = repo.create_fill(s, bram, "quick")
        repo.save_answer(s, bram, other, "zingeving", 2)
    with session_scope(db_url) as s:
        rows = list(csv.DictReader(io.StringIO(repo.export_csv(s, anna))))
    assert [r["kind"] for r in rows] == ["answer", "actiewiel"]
    assert rows[0]["item_id"] == "lichaamsfuncties.4" and rows[0]["score"] == "6.5"
    assert rows[0]["marked"] == "1" and rows[0]["item_text"] == sw.ALL_ITEMS[
        "lichaamsfuncties.4"].text
    assert rows[1]["text"] == 'Rust, "echt" rust' and rows[1]["question"] == "nodig"
    assert all(r["fill_id"] == str(fid) for r in rows)


def test_erase_one_and_all(db_url):
    anna, bram = _people(db_url)
    with session_scope(db_url) as s:
        ids = [repo.create_fill(s, anna) for _ in range(3)]
        for fid in ids:
            repo.save_answer(s, anna, fid, "meedoen", 5)
            repo.save_actiewiel(s, anna, fid, "Meedoen", "nu", "tekst")
        kept = repo.create_fill(s, bram)
        repo.save_answer(s, bram, kept, "meedoen", 3)
    with session_scope(db_url) as s:
        repo.erase_fill(s, anna, ids[0])
    with session_scope(_restart(db_url)) as s:
        assert sorted(v.id for v in repo.fills(s, anna)) == ids[1:]
    with session_scope(db_url) as s:
        assert repo.erase_all(s, anna) == 2
    with session_scope(db_url) as s:
        assert repo.fills(s, anna) == []
        assert [v.id for v in repo.fills(s, bram)] == [kept]
        # Nothing of Anna's is left behind in the child tables.
        assert s.scalar(select(func.count()).select_from(SpinnenwebAnswer)) == 1
        assert s.scalar(select(func.count()).select_from(ActiewielAnswer)) == 0
