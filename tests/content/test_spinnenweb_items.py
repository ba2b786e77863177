"""The 42 spinnenweb items: the kit's own questions, stable ids, a simple-language version."""

from __future__ import annotations

import re

import pytest

from pgkit import spinnenweb as sw


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())

# Each stable id keeps its aspect, so a fill stored before the rewrite still means the
# same thing: a word that must appear in the item (B1 text).
ASPECT_OF_ID = {
    "lichaamsfuncties": ("gezond", "fit", "pijn", "slaap", "eet", "conditie", "beweging"),
    "mentaal-welbevinden": ("onthoud", "aandacht", "duidelijk", "opgewekt", "accepteren",
                            "verandert", "grip"),
    "zingeving": ("zinvol", "zin", "bereiken", "vertrouwen", "aanvaarden", "dankbaarheid",
                  "leren"),
    "kwaliteit-van-leven": ("geniet", "gelukkig", "alles bij elkaar", "balans", "veilig",
                            "woning", "rond"),
    "meedoen": ("contact", "serieus", "leuks", "steunt", "hoort", "moeite waard",
                "samenleving"),
    "dagelijks-functioneren": ("zorg voor jezelf", "grenzen", "gezondheid", "dag en je week",
                               "geldzaken", "werken", "hulp"),
}

# Statements in the style of iPH's own questionnaire, and the same words turned into a
# question: neither may appear in the kit's items.
BORROWED = ("ik voel me fit", "voel je je fit", "ik kan dingen goed onthouden",
            "kun je dingen goed onthouden", "andere mensen nemen mij serieus",
            "nemen andere mensen je serieus", "ik kan goed voor mezelf zorgen",
            "kun je goed voor jezelf zorgen")


def test_there_are_seven_items_per_dimension_with_ids_one_to_seven() -> None:
    assert len(sw.ALL_ITEMS) == 42
    for dim in sw.DIMENSIONS:
        ids = sorted(item.id for item in sw.ITEMS[dim])
        assert ids == [f"{sw.dimension_key(dim)}.{n}" for n in range(1, 8)]


@pytest.mark.parametrize("item", sw.ALL_ITEMS.values(), ids=lambda i: i.id)
def test_every_item_is_a_question_of_the_kit_not_an_i_statement(item: sw.Item) -> None:
    for text in (item.text, item.simple):
        assert text.endswith("?"), text
        assert not text.lower().startswith(("ik ", "mijn ")), text
        joined = " ".join(words(text))
        assert not any(b in joined for b in BORROWED), text


@pytest.mark.parametrize("item", sw.ALL_ITEMS.values(), ids=lambda i: i.id)
def test_each_id_keeps_its_aspect(item: sw.Item) -> None:
    key, n = item.id.rsplit(".", 1)
    assert ASPECT_OF_ID[key][int(n) - 1] in item.text.lower()


def test_the_page_order_is_the_kits_own_not_the_id_order() -> None:
    reordered = [d for d in sw.DIMENSIONS
                 if [i.id for i in sw.ITEMS[d]] != sorted(i.id for i in sw.ITEMS[d])]
    assert len(reordered) >= 4


@pytest.mark.parametrize("item", sw.ALL_ITEMS.values(), ids=lambda i: i.id)
def test_the_simple_version_is_short(item: sw.Item) -> None:
    simple, full = item.simple.split(), item.text.split()
    assert len(simple) <= 9 and len(simple) <= len(full)
    assert max(len(w.strip("?,.")) for w in simple) <= 12  # no long words


def test_a_broken_items_file_names_the_file_the_dimension_and_the_question(tmp_path) -> None:
    text = sw.ITEMS_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "spinnenweb_items.yaml"
    broken.write_text(text.replace('    simple: "Hoe fit ben je vandaag?"\n', ""),
                      encoding="utf-8")
    with pytest.raises(ValueError, match=r"^spinnenweb_items.yaml: lichaamsfuncties: vraag 2: "
                                         r"'id', 'text' en 'simple'"):
        sw.load_items(broken)
    broken.write_text(text.replace("meedoen:", "meedoen-x:"), encoding="utf-8")
    with pytest.raises(ValueError, match="zet precies deze zes dimensies"):
        sw.load_items(broken)
    assert sw.load_items(sw.ITEMS_FILE) == sw._ITEMS
