"""The spinnenweb model: items, scoring, surface area and comparisons."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pgkit import spinnenweb as sw

score = st.floats(min_value=0, max_value=10, allow_nan=False)
webs = st.fixed_dictionaries(dict.fromkeys(sw.DIMENSIONS, score))


def shoelace(points: list[tuple[float, float]]) -> float:
    n = len(points)
    return abs(sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
                   for i in range(n))) / 2


def test_six_dimensions_seven_items_each_with_unique_ids():
    assert len(sw.DIMENSIONS) == 6
    assert all(len(sw.ITEMS[d]) == 7 for d in sw.DIMENSIONS)
    assert len(sw.ALL_ITEMS) == 42
    assert sw.ITEMS["lichaamsfuncties"][0].id == "lichaamsfuncties.1"
    assert sw.ITEMS["dagelijks-functioneren"][6].id == "dagelijks-functioneren.7"
    texts = [i.text for i in sw.ALL_ITEMS.values()]
    assert len(set(texts)) == 42


def test_actiewiel_has_the_six_questions_in_order():
    assert [q.text for q in sw.ACTIEWIEL] == [
        "Hoe gaat het nu?", "Wat wil je?", "Wat kun je?", "Wat houdt je tegen?",
        "Wat heb je nodig?", "Wat besluit je?"]
    assert len(set(sw.ACTIEWIEL_KEYS)) == 6


def test_dimension_score_is_mean_of_answered_items():
    answers = {"zingeving.1": 4, "zingeving.2": 8, "zingeving.3": None, "meedoen.1": 10}
    scores = sw.dimension_scores(answers)
    assert scores["zingeving"] == 6
    assert scores["meedoen"] == 10
    assert scores["lichaamsfuncties"] is None  # open


def test_quick_mode_answers_use_dimension_keys():
    answers = {sw.dimension_key(d): 7.0 for d in sw.DIMENSIONS}
    assert set(sw.dimension_scores(answers).values()) == {7.0}


def test_all_tens_is_the_maximum_and_share_one():
    tens = dict.fromkeys(sw.DIMENSIONS, 10)
    assert sw.surface_area(tens) == pytest.approx(sw.MAX_AREA)
    assert math.isclose(sw.MAX_AREA, 150 * math.sqrt(3))
    assert sw.surface_share(tens) == pytest.approx(1.0)
    assert sw.surface_area(dict.fromkeys(sw.DIMENSIONS, 0)) == 0


def test_ids_and_dutch_names_both_accepted():
    by_id = dict.fromkeys(sw.DIMENSIONS, 5)
    by_name = {sw.dimension_name(d): 5 for d in sw.DIMENSIONS}
    assert "Mentaal welbevinden" in by_name
    assert sw.surface_area(by_id) == pytest.approx(sw.surface_area(by_name))
    assert sw.complete_scores(by_name) == sw.complete_scores(by_id)


@pytest.mark.parametrize(("bad", "fragment"), [
    (11, "tussen 0 en 10"), (-0.5, "tussen 0 en 10"), (float("nan"), "NaN"),
    (float("inf"), "tussen 0 en 10"), ("7", "geen getal"), (True, "geen getal")])
def test_invalid_scores_raise(bad, fragment):
    web = dict.fromkeys(sw.DIMENSIONS, 5.0)
    web["zingeving"] = bad
    with pytest.raises(ValueError, match=fragment):
        sw.surface_area(web)
    with pytest.raises(ValueError, match=fragment):
        sw.dimension_scores({"zingeving.1": bad})


def test_unknown_dimension_and_item_raise():
    with pytest.raises(ValueError, match="onbekende dimensie 'Geluk'"):
        sw.surface_area({**dict.fromkeys(sw.DIMENSIONS, 5), "Geluk": 5})
    with pytest.raises(ValueError, match="onbekend item"):
        sw.dimension_scores({"zingeving.8": 5})


def test_missing_dimension_raises_when_all_six_needed():
    web = dict.fromkeys(sw.DIMENSIONS, 5.0)
    del web["meedoen"]
    with pytest.raises(ValueError, match="ontbreekt voor: Meedoen"):
        sw.surface_area(web)
    web["meedoen"] = None
    with pytest.raises(ValueError, match="Meedoen"):
        sw.surface_share(web)


def test_compare_per_dimension_and_area():
    before = dict.fromkeys(sw.DIMENSIONS, 5.0)
    after = {**before, "zingeving": 8.0}
    result = sw.compare(before, after)
    assert result.per_dimension["zingeving"] == 3
    assert result.grown == ["zingeving"] and result.shrunk == []
    assert result.area == pytest.approx(sw.surface_area(after) - sw.surface_area(before))
    partial = {**after, "meedoen": None}
    open_result = sw.compare(before, partial)
    assert open_result.per_dimension["meedoen"] is None and open_result.area is None


def test_marked_dimensions():
    assert sw.marked_dimensions(["meedoen.3", "meedoen", "zingeving.1"]) == {"meedoen", "zingeving"}


@given(webs)
def test_area_equals_shoelace_on_polygon(web):
    assert sw.surface_area(web) == pytest.approx(shoelace(sw.polygon_points(web)), abs=1e-9)


@given(webs, st.sampled_from(sw.DIMENSIONS), st.floats(min_value=0.01, max_value=10))
def test_area_grows_when_any_score_grows(web, dim, step):
    neighbours = [sw.DIMENSIONS[(sw.DIMENSIONS.index(dim) + k) % 6] for k in (-1, 1)]
    # Growth along an axis adds step·(left + right neighbour); it is strict when either is > 0.
    assume(web[dim] + step <= 10 and any(web[n] > 0.01 for n in neighbours))
    grown = {**web, dim: web[dim] + step}
    assert sw.surface_area(grown) > sw.surface_area(web)


@given(webs)
def test_area_never_exceeds_all_tens(web):
    assert 0 <= sw.surface_area(web) <= sw.MAX_AREA + 1e-9
    assert 0 <= sw.surface_share(web) <= 1 + 1e-12


@given(webs, st.sampled_from(sw.DIMENSIONS),
       st.one_of(st.floats(max_value=-1e-6), st.floats(min_value=10.000001), st.just(math.nan)))
def test_out_of_range_always_raises(web, dim, bad):
    with pytest.raises(ValueError, match=r"tussen 0 en 10|NaN"):
        sw.surface_area({**web, dim: bad})
