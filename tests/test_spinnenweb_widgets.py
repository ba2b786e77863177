"""Spinnenweb page and widgets without a browser: a real store, real widget objects."""

from __future__ import annotations

import base64
import io
import math
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from pgkit import spinnenweb as sw
from pgkit.identity import User
from pgkit.spinnenweb_svg import web_svg
from pgkit.store import db, people, session_scope
from pgkit.store import spinnenweb as repo
from pgkit.widgets.spinnenweb import OPEN, WebChart


@pytest.fixture
def page_for(db_url, monkeypatch):
    monkeypatch.setenv("PGKIT_DB", db_url)
    # ``connect(None)`` caches the first engine it made, whatever PGKIT_DB says later.
    db.connect.cache_clear()
    from pgkit.pages.spinnenweb import SpinnenwebPage

    def make(pseudonym: str = "anna") -> SpinnenwebPage:
        with session_scope(db_url) as s:
            person = people.ensure_person(s, pseudonym, pseudonym.title())
        page = SpinnenwebPage(User(person.id, pseudonym, pseudonym.title()))
        page.widget()
        return page

    yield make
    db.connect.cache_clear()


def test_chart_draws_web_at_scores_and_open_at_centre():
    chart = WebChart()
    chart.update({"Lichaamsfuncties": 10, "Zingeving": 4}, {"Zingeving"})
    xs, ys = list(chart.web.x), list(chart.web.y)
    assert (round(xs[0], 6), round(ys[0], 6)) == (0, 10)  # first axis points up
    assert math.hypot(xs[2], ys[2]) == pytest.approx(4)
    assert (xs[1], ys[1]) == (0, 0)  # Mentaal welbevinden is open
    assert chart.highlight.visible and len(chart.highlight.x) == 1
    assert "Nog 4 van de 6" in chart.area.value
    assert chart.labels[(2, 1)].text[0] == "4,0 ★"


def test_page_saves_each_answer_and_starts_new_fill_on_mode_switch(page_for, db_url):
    page = page_for()
    quick = page.forms["quick"]
    quick.sliders["zingeving"].value = 7
    quick.marks["meedoen"].value = True
    with session_scope(db_url) as s:
        [view] = repo.fills(s, page.person_id)
    assert view.answers == {"zingeving": 7.0, "meedoen": None} and view.marks == {"meedoen"}
    for item_id in quick.sliders:
        quick.sliders[item_id].value = 5
    assert "65,0</strong> van 259,8 (25%)" in page.chart.area.value
    assert "oppervlakte 65,0 (dit web)" in page._current_row.value

    page.mode.value = "full"
    assert all(s.value == OPEN for s in quick.sliders.values())  # cleared without saving
    page.form("full").sliders["meedoen.2"].value = 3
    with session_scope(db_url) as s:
        views = repo.fills(s, page.person_id)
    assert [v.mode for v in views] == ["full", "quick"]
    assert views[1].answers["zingeving"] == 5.0 and views[0].answers == {"meedoen.2": 3.0}


def test_actiewiel_comes_back_on_next_visit_and_erase_needs_confirmation(page_for):
    page = page_for()
    page.forms["quick"].sliders["meedoen"].value = 6
    page.actiewiel.dimension.value = "meedoen"
    assert dict(page.actiewiel.dimension.options)["Meedoen"] == "meedoen"  # a name, an id
    page.actiewiel.texts["besluit"].value = "Ik bel <b>Joke</b>"
    later = page_for()
    assert "koos je: Meedoen" in later.previous.value
    assert "Ik bel &lt;b&gt;Joke&lt;/b&gt;" in later.previous.value  # escaped, not HTML

    [row] = later.history.children
    erase = row.children[0].children[-1]
    erase.click()
    assert later.history.children == (row,)  # nothing erased yet: only the question shows
    confirm = row.children[1]
    assert "echt wissen" in confirm.children[0].value
    confirm.children[1].children[0].click()  # "Ja, wissen"
    assert "nog geen spinnenweb" in later.history.children[0].value
    assert "Hier zie je later" in later.previous.value


def test_other_people_see_nothing_of_mine(page_for):
    mine = page_for("anna")
    mine.forms["quick"].sliders["meedoen"].value = 9
    theirs = page_for("bram")
    assert "nog geen spinnenweb" in theirs.history.children[0].value
    theirs._on_export(None)
    [box] = theirs.erase_all_box.children
    data = base64.b64decode(re.search(r"base64,([^\"]+)", box.value)[1])
    answers = zipfile.ZipFile(io.BytesIO(data)).read("spinnenweb_antwoorden.csv").decode()
    assert answers.count("\n") == 1  # the header only


def test_svg_is_valid_and_shows_scores_and_marks():
    scores = dict.fromkeys(sw.DIMENSIONS, 5.0)
    scores["meedoen"] = None
    svg = web_svg(scores, "Mijn spinnenweb · 22-11-2026", {"Zingeving"})
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "5,0 ★" in texts and "open" in texts and "functioneren" in texts
    with pytest.raises(ValueError, match="tussen 0 en 10"):
        web_svg({**scores, "meedoen": 12}, "x")


def test_simple_language_switch_changes_words_not_answers(page_for):
    page = page_for()
    full = page.form("full")
    item = sw.ITEMS["lichaamsfuncties"][5]  # a sleep question, shown 6th
    full.sliders[item.id].value = 7
    full.marks[item.id].value = True
    label = full._labels[item.id][0]
    assert item.text in label.value and "<svg" not in label.value
    page.simple.value = True
    assert item.simple in label.value and item.text not in label.value
    assert 'role="img" aria-label="plaatje van een hart"' in label.value
    assert full.sliders[item.id].description == item.simple
    quick = page.forms["quick"]._labels["zingeving"][0].value
    assert "Zingeving" in quick and "plaatje van een ster" in quick
    assert "0 is helemaal niet" in full.help.value
    assert full.answers()[item.id] == 7.0 and full.marked() == {item.id}
    page.simple.value = False
    assert item.text in label.value and "<svg" not in label.value
    assert full.answers()[item.id] == 7.0


def test_previous_actiewiel_keeps_each_answer_in_its_questions_row():
    import re
    from html import escape

    from pgkit import spinnenweb as sw
    from pgkit.widgets.spinnenweb import previous_plan_html

    answers = {q.key: f"antwoord {n}" for n, q in enumerate(sw.ACTIEWIEL) if n != 2}
    html = previous_plan_html("01-12-2026", "Meedoen", answers)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", html)
    assert len(rows) == len(sw.ACTIEWIEL)
    for n, (question, answer) in enumerate(rows):
        assert question == escape(sw.ACTIEWIEL[n].text)
        assert answer == (f"antwoord {n}" if n != 2 else "(niet ingevuld)")


def test_the_full_form_is_built_when_first_chosen_in_the_words_asked_for(page_for):
    page = page_for()
    assert set(page.forms) == {"quick"}  # 42 questions fewer to send on every visit
    page.simple.value = True
    page.mode.value = "full"
    full = page.forms["full"]
    assert page.form_box.children == (full,)
    item = sw.ITEMS["lichaamsfuncties"][5]
    assert item.simple in full._labels[item.id][0].value
