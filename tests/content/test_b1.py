"""B1 over every learner-facing text: sentence length, Flesch-Douma and jargon explained.

The thresholds live in ``pgkit.readability`` only (MAX_AVERAGE, MAX_SENTENCE, MIN_DOUMA).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pgkit import glossary
from pgkit import readability as rd
from pgkit.content import Section, UnitContent, load_all

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "modules" / "content"
UNITS = load_all(CONTENT)
TERMS = glossary.load(CONTENT)
DOCUMENTS = rd.documents(ROOT)


def test_all_learner_facing_files_are_measured() -> None:
    names = set(DOCUMENTS)
    assert "modules/content/begrippen.yaml" in names
    for part in ("facilitator/bijeenkomst1.yaml", "facilitator/casussen.yaml",
                 "facilitator/dilemmas.yaml", "facilitator/polls.yaml",
                 "facilitator/rollenspel.yaml", "exercises/intervisie/methods/balint.yaml",
                 "src/pgkit/messages/nl/elearning.yaml"):
        assert part in names
    assert any(n.startswith("exercises/assignments/source/") for n in names)
    # page notebooks (their Markdown), and the texts kept in the package
    for part in ("exercises/intervisie/voorzitter.ipynb", "exercises/intervisie/deelnemer.ipynb",
                 "facilitator/runbook.ipynb", "notebooks/spinnenweb.ipynb",
                 "modules/eenheid4.ipynb", rd.SPINNENWEB_B1, rd.SPINNENWEB_A2, rd.CONCEPTS):
        assert part in names
    assert all(DOCUMENTS[n] for n in names if not n.endswith("store.yaml"))
    assert len(DOCUMENTS[rd.SPINNENWEB_A2]) == 42
    assert any("Afspraken" in p.text or "deelnemers" in p.text
               for p in DOCUMENTS["exercises/intervisie/voorzitter.ipynb"])


def test_the_hints_of_the_coach_assignments_are_measured(tmp_path: Path) -> None:
    """A coach reads the hint of a failed check in the feedback: it is learner text too."""
    names = [n for n in DOCUMENTS if n.startswith("exercises/assignments/source/")]
    hints = [p for n in names for p in DOCUMENTS[n] if p.where.endswith(" hint")]
    calls = sum(len(re.findall(r"\b(?:juist|noemt)\(", "".join(c["source"])))
                for n in names
                for c in json.loads((ROOT / n).read_text(encoding="utf-8"))["cells"]
                if c["cell_type"] == "code")
    assert len(hints) == calls >= 10
    long = " ".join(["lastig"] * 30) + "."
    nb = {"cells": [{"cell_type": "code", "source": [
        "from pgkit.grading.controle import juist, noemt\n",
        f"juist('B', {long!r})\n",
        f"noemt([('a',)], minstens=1, hint={'Kort en goed.'!r})\n"]}]}
    path = tmp_path / "opdracht.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = list(rd.notebook_pieces(path))
    assert [p.text for p in found] == [long, "Kort en goed."]
    assert rd.measure(rd.prose(found)).too_long == [long]


def test_the_simple_language_items_read_easier_than_the_b1_items() -> None:
    b1 = rd.measure(rd.prose(DOCUMENTS[rd.SPINNENWEB_B1]))
    a2 = rd.measure(rd.prose(DOCUMENTS[rd.SPINNENWEB_A2]))
    assert a2.average < b1.average and a2.douma > b1.douma and a2.longest <= 9


@pytest.mark.parametrize("key", list(UNITS))
def test_unit_is_b1(key: str) -> None:
    r = rd.check(UNITS[key], TERMS)
    assert r.too_long == [], f"zinnen van meer dan {rd.MAX_SENTENCE} woorden"
    assert r.average <= rd.MAX_AVERAGE
    assert r.douma >= rd.MIN_DOUMA
    assert r.problems == []


@pytest.mark.parametrize("key", list(UNITS))
def test_section_prose_alone_also_passes(key: str) -> None:
    """Short answer options lower the average; the reading text must pass on its own."""
    found = rd.prose([rd.Piece(s.id, s.text) for s in UNITS[key].sections])
    r = rd.measure(found)
    assert r.too_long == [] and r.average <= rd.MAX_AVERAGE and r.douma >= rd.MIN_DOUMA


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_other_text_is_b1(name: str) -> None:
    r = rd.measure(rd.prose(DOCUMENTS[name]))
    assert r.too_long == [], f"zinnen van meer dan {rd.MAX_SENTENCE} woorden"
    assert r.average <= rd.MAX_AVERAGE
    assert r.douma >= rd.MIN_DOUMA


def test_the_glossary_has_the_required_terms() -> None:
    must = {t.id for t in TERMS.terms if t.eerst_uitleggen}
    assert {"cohort", "medicaliseren", "indicatie", "statushouder", "paramedici",
            "blended", "ggd", "hr", "who", "praktijkondersteuner", "laaggeletterdheid",
            "jeugdgezondheidszorg", "burgerparticipatie"} <= must
    ids = [t.id for t in TERMS.terms]
    assert len(ids) == len(set(ids))


# --- the rules can fail --------------------------------------------------------------------


def test_titles_are_not_sentences_but_long_lines_are() -> None:
    assert rd.prose([rd.Piece("s1", "Het andere gesprek", title=True)]) == []
    assert rd.prose([rd.Piece("knop", "Controleer mijn antwoorden")]) == []
    long = " ".join(["woord"] * 26)
    assert rd.prose([rd.Piece("s1", long, title=True)]) == [long]


def test_a_line_break_inside_a_paragraph_does_not_end_a_sentence() -> None:
    assert rd.sentences("Dit is een zin die\ndoorloopt. Nu een tweede.") == [
        "Dit is een zin die doorloopt.", "Nu een tweede."]
    assert rd.sentences("Titel\n\n- Eén **punt**\n- Twee") == ["Titel", "Eén punt", "Twee"]
    assert rd.sentences("Hoi {name}, welkom [[cohort]].") == ["Hoi X, welkom cohort."]


def test_douma_tells_easy_from_hard_dutch() -> None:
    easy = ["Ik heb een kat.", "Hij is lief.", "We gaan naar huis."]
    hard = ["De implementatiecoördinatoren organiseren geïntegreerde "
            "professionaliseringstrajecten voor gezondheidsbevorderende samenwerkingsverbanden."]
    assert rd.douma(easy) >= 90 > rd.MIN_DOUMA > rd.douma(hard)
    assert rd.syllables("gezondheid") == 3


def test_syllables_need_no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat fetches an English dictionary from the internet; Dutch must not need it."""
    import nltk

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("textstat tried to download data")

    monkeypatch.setattr(nltk, "download", refuse)
    rd._syllable_counter.cache_clear()
    assert rd.syllables("spinnenweb implementatiecoach") == 9


def test_jargon_before_its_mark_is_caught() -> None:
    u1 = UNITS["eenheid1"]
    plain = Section(id="x1", title="Over het cohort", text="Je volgt de training in een cohort.")
    marked = Section(id="x1", title="Over het cohort", text="Je volgt hem in een [[cohort]].")
    assert rd.jargon_problems(u1.model_copy(update={"sections": [marked, *u1.sections]}),
                              TERMS) == []
    found = rd.jargon_problems(u1.model_copy(update={"sections": [plain, *u1.sections]}), TERMS)
    assert len(found) == 1 and "eenheid1 x1: 'cohort'" in found[0]
    # a mark in a question would show as brackets, and does not count as explained
    q = u1.questions[0].model_copy(update={"prompt": "Wat is een [[cohort]]?"})
    found = rd.jargon_problems(u1.model_copy(update={"questions": [q, *u1.questions[1:]]}),
                               TERMS)
    assert any("werkt alleen" in p for p in found) and any("'cohort'" in p for p in found)


# Names of organisations and a journal that the text introduces where it uses them
# ("het vakblad BMJ", "Het MUMC+ is een samenwerking van ..."); every other abbreviation is
# jargon and must be a glossary term that is explained on first use.
NAMED_IN_PLACE = {"BMJ", "MUMC"}
_ABBREVIATION = re.compile(r"(?<![\wÀ-ÿ])[A-Z]{2,}(?![\wÀ-ÿ])")


def abbreviations(unit: UnitContent) -> set[str]:
    return {m.group(0) for p in rd.unit_pieces(unit)
            for m in _ABBREVIATION.finditer(glossary.unmark(p.text))}


@pytest.mark.parametrize("key", list(UNITS))
def test_every_abbreviation_is_in_the_glossary_and_explained_first(key: str) -> None:
    unknown = {a for a in abbreviations(UNITS[key]) - NAMED_IN_PLACE
               if (term := TERMS.by_form(a)) is None or not term.eerst_uitleggen}
    assert unknown == set(), f"leg uit in de begrippenlijst (eerst_uitleggen): {unknown}"


def test_an_abbreviation_matches_in_capitals_only() -> None:
    who = TERMS.pattern(TERMS.by_form("WHO"))
    assert who.search("Volgens de WHO is dat zo.") and not who.search("'Who cares?' zei hij.")
    assert TERMS.pattern(TERMS.by_form("cohort")).search("Cohort Venlo")


def test_an_unexplained_abbreviation_is_caught() -> None:
    u1 = UNITS["eenheid1"]
    extra = Section(id="x1", title="Over de wet", text="De WMO regelt hulp thuis.")
    assert "WMO" in abbreviations(u1.model_copy(update={"sections": [extra, *u1.sections]}))
    assert {"WHO", "BMJ"} <= abbreviations(u1)


def test_every_mark_names_a_glossary_term() -> None:
    for unit in UNITS.values():
        for piece in rd.unit_pieces(unit):
            for m in glossary.MARK.finditer(piece.text):
                assert TERMS.by_form(m.group(1)) is not None, (unit.unit, piece.where)
