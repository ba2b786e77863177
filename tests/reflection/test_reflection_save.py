"""Reflections are never lost silently: two tabs conflict visibly, a too-long text is refused.

The red team edited one reflection in two tabs of the same trainee: the last write won
and the other tab's text was gone on reload. A 1 MB reflection was never saved while the
page kept saying "Bewaard om …".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pgkit import elearning as el
from pgkit.content import load_unit
from pgkit.identity import User
from pgkit.store import db, people, session_scope
from pgkit.widgets.reflection import ReflectionBox

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"


@pytest.fixture
def trainee(db_url: str) -> int:
    with session_scope(db_url) as s:
        return people.ensure_person(s, "refl", "Rianne Reflectie").id


def test_a_save_from_an_older_version_is_a_conflict_and_changes_nothing(db_url, trainee):
    with session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "Eerste versie.", expected_version=0)
    with session_scope(db_url) as s:
        assert el.reflection(s, trainee, "eenheid1") == ("Eerste versie.", 1)
        el.save_reflection(s, trainee, "eenheid1", "Tab A.", expected_version=1)
    with pytest.raises(el.ReflectionConflict), session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "Tab B.", expected_version=1)
    with session_scope(db_url) as s:
        assert el.reflection(s, trainee, "eenheid1") == ("Tab A.", 2)


def test_two_first_saves_do_not_both_win(db_url, trainee):
    with session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "Tab A.", expected_version=0)
    with pytest.raises(el.ReflectionConflict), session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "Tab B.", expected_version=0)
    with session_scope(db_url) as s:
        assert el.reflection(s, trainee, "eenheid1") == ("Tab A.", 1)


def test_too_long_is_refused_in_the_domain_with_a_dutch_message(db_url, trainee):
    message = re.escape("te lang: 10.001 tekens. Er passen er 10.000 in")
    with pytest.raises(el.ReflectionTooLong, match=message), session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "x" * 10_001)
    with session_scope(db_url) as s:
        el.save_reflection(s, trainee, "eenheid1", "x" * 10_000)  # the limit itself is fine
        assert len(el.reflection_text(s, trainee, "eenheid1")) == 10_000


def test_the_box_never_says_saved_for_a_text_over_the_limit():
    saved: list[str] = []
    box = ReflectionBox("Vraag?", saved.append, delay=0)
    box.area.value = "Kort."
    assert "Bewaard om" in box.status.value and "5 van 10.000 tekens" in box.status.value
    box.area.value = "x" * 1_000_000
    assert saved == ["Kort."]
    assert "Bewaard" not in box.status.value
    assert 'role="alert"' in box.status.value and "1.000.000 tekens" in box.status.value
    box.flush()  # leaving the step does not save it either
    assert saved == ["Kort."]


@pytest.fixture
def tab(db_url, trainee, monkeypatch):
    """Open the unit's reflection step as a new tab of the same trainee."""
    monkeypatch.setenv("PGKIT_DB", db_url)
    db.connect.cache_clear()
    from pgkit.pages.elearning import UnitPage

    content = load_unit("eenheid1", CONTENT)
    user = User(trainee, "refl", "Rianne Reflectie")

    def open_tab() -> ReflectionBox:
        page = UnitPage(user, content)
        page.go(len(page.steps) - 1)
        box = page.built["reflectie"].children[1]
        assert isinstance(box, ReflectionBox)
        box._delay = 0  # save on every change, so the test needs no timer
        return box

    yield open_tab
    db.connect.cache_clear()


def test_two_tabs_of_one_trainee_conflict_and_the_second_keeps_its_text(db_url, trainee, tab):
    first, second = tab(), tab()
    first.area.value = "Wat ik in tab A schreef."
    assert "Bewaard om" in first.status.value
    second.area.value = "Wat ik in tab B schreef."
    # Tab B is told, keeps its own text on screen and sees tab A's text.
    assert "ander venster" in second.status.value and 'role="alert"' in second.status.value
    assert second.area.value == "Wat ik in tab B schreef."
    other, buttons = second.conflict.children
    assert "Wat ik in tab A schreef." in other.value
    with session_scope(db_url) as s:
        assert el.reflection_text(s, trainee, "eenheid1") == "Wat ik in tab A schreef."
    # Choosing "mine" saves it over the version it has now seen.
    keep = next(b for b in buttons.children if b.description == "Bewaar mijn tekst van hier")
    keep.click()
    assert "Bewaard om" in second.status.value and second.conflict.children == ()
    with session_scope(db_url) as s:
        assert el.reflection(s, trainee, "eenheid1") == ("Wat ik in tab B schreef.", 2)
    # Tab A typing on is now the stale one: it is told too, and can take tab B's text.
    first.area.value = "Wat ik in tab A schreef, en meer."
    assert "ander venster" in first.status.value
    take = next(b for b in first.conflict.children[1].children
                if b.description == "Neem de tekst van het andere venster")
    take.click()
    assert first.area.value == "Wat ik in tab B schreef."
    with session_scope(db_url) as s:
        assert el.reflection(s, trainee, "eenheid1") == ("Wat ik in tab B schreef.", 2)


def test_a_tab_escapes_the_other_version(db_url, trainee, tab):
    first, second = tab(), tab()
    first.area.value = "<img src=x onerror=alert(1)>"
    second.area.value = "mijn tekst"
    assert "<img" not in second.conflict.children[0].value
    assert "&lt;img src=x" in second.conflict.children[0].value
