"""Content files: the real units validate, and a broken file names FILE and QUESTION."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pgkit import content
from pgkit.content import ContentError, UnitContent, load_all, load_unit, load_yaml
from pgkit.curriculum import UNIT_KEYS
from pgkit.spinnenweb import DIMENSIONS, dimension_name

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "modules" / "content"
CASES = ("Burgerkracht Limburg", "MUMC+", "Huisartsen Hartje Dorp", "LEVANTOgroep", "a4works",
         "GGD Limburg-Noord")


@pytest.fixture(scope="module")
def units() -> dict[str, UnitContent]:
    return load_all(CONTENT)


def test_every_unit_has_a_valid_content_file(units: dict[str, UnitContent]) -> None:
    assert list(units) == list(UNIT_KEYS)
    for unit in units.values():
        assert len(unit.questions) >= content.MIN_QUESTIONS
        assert unit.goals and unit.sections and unit.exercises and unit.reflection.prompt
        for q in unit.questions:
            assert q.correct_answer(), q.id
            assert all(o.feedback for o in q.options), q.id


def test_question_kinds_are_all_used(units: dict[str, UnitContent]) -> None:
    kinds = {q.kind for u in units.values() for q in u.questions}
    assert kinds == {"single", "multiple", "ordering"}


def test_all_six_cases_are_woven_in(units: dict[str, UnitContent]) -> None:
    used = {s.case for u in units.values() for s in u.sections if s.case}
    assert set(CASES) <= used


def test_unit2_sorts_into_the_six_dimensions_and_embeds_the_web(
        units: dict[str, UnitContent]) -> None:
    sort = units["eenheid2"].exercises[0]
    # The content is Dutch: its categories are the dimensions' Dutch names.
    assert tuple(sort.categories) == tuple(dimension_name(d) for d in DIMENSIONS)
    assert any(s.widget == "spinnenweb" for s in units["eenheid2"].sections)


def _broken(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(CONTENT / "eenheid1.yaml", folder / "eenheid1.yaml")
    data = yaml.safe_load((folder / "eenheid1.yaml").read_text(encoding="utf-8"))
    edit(data)
    (folder / "eenheid1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                          encoding="utf-8")
    return folder


def test_missing_feedback_names_file_question_and_option(tmp_path: Path) -> None:
    folder = _broken(tmp_path, lambda d: d["questions"][2]["options"][1].pop("feedback"))
    with pytest.raises(ContentError) as err:
        load_unit("eenheid1", folder)
    msg = str(err.value)
    assert msg == (f"{folder / 'eenheid1.yaml'}: vraag v3: optie 2: veld 'feedback': "
                   "dit veld ontbreekt")


def test_question_without_correct_answer_is_refused(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        for o in d["questions"][0]["options"]:
            o["correct"] = False

    folder = _broken(tmp_path, edit)
    with pytest.raises(ContentError, match=r"eenheid1\.yaml: vraag v1: er moet precies één "
                                           r"goed antwoord zijn"):
        load_unit("eenheid1", folder)


def test_multiple_choice_without_correct_answer_is_refused(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        for o in d["questions"][1]["options"]:
            o["correct"] = False

    folder = _broken(tmp_path, edit)
    with pytest.raises(ContentError, match=r"vraag v2: er is geen goed antwoord"):
        load_unit("eenheid1", folder)


def test_too_few_questions_is_refused(tmp_path: Path) -> None:
    folder = _broken(tmp_path, lambda d: d.__setitem__("questions", d["questions"][:4]))
    with pytest.raises(ContentError, match=r"eenheid1\.yaml: veld 'questions': er zijn 4 "
                                           r"vragen; een eenheid heeft er minstens 5"):
        load_unit("eenheid1", folder)


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        d["questions"][0]["options"][0]["feedback"] = ""
        d["questions"][4]["kind"] = "open"

    folder = _broken(tmp_path, edit)
    with pytest.raises(ContentError) as err:
        load_unit("eenheid1", folder)
    lines = str(err.value).splitlines()
    assert any("vraag v1: optie 1: veld 'feedback': dit mag niet leeg zijn" in x for x in lines)
    assert any("vraag v5: veld 'kind': kies een van deze waarden" in x for x in lines)


def test_unknown_sort_category_names_the_exercise(tmp_path: Path) -> None:
    folder = _broken(tmp_path,
                     lambda d: d["exercises"][0]["items"][0].__setitem__("category", "Iets"))
    with pytest.raises(ContentError, match=r"oefening oefening1: stelling a: categorie 'Iets'"):
        load_unit("eenheid1", folder)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "eenheid1.yaml"
    path.write_text("unit: eenheid1\nintro: Hallo\nquestions:\n  - id: v1\n   kind: single\n",
                    encoding="utf-8")
    with pytest.raises(ContentError, match=rf"^{path}: regel 5: dit is geen geldige YAML"):
        load_yaml(path, UnitContent)


def test_unit_key_must_match_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(CONTENT / "eenheid1.yaml", folder / "eenheid2.yaml")
    with pytest.raises(ContentError, match="hoort bij 'eenheid2'"):
        load_unit("eenheid2", folder)


def test_answers_are_scored_per_kind(units: dict[str, UnitContent]) -> None:
    u1 = units["eenheid1"]
    single, multiple, ordering = u1.question("v1"), u1.question("v2"), u1.question("v4")
    assert single.is_correct(single.correct_answer()[0])
    assert not single.is_correct(single.options[1].text)
    assert multiple.is_correct(list(reversed(multiple.correct_answer())))
    assert not multiple.is_correct(multiple.correct_answer()[:2])
    assert ordering.is_correct(ordering.correct_answer())
    assert not ordering.is_correct(list(reversed(ordering.correct_answer())))
    assert not single.is_correct(None)


@pytest.mark.parametrize("n_correct", [0, 2])
def test_a_choice_exercise_needs_exactly_one_best_option(n_correct: int) -> None:
    from pydantic import ValidationError

    options = [{"text": f"optie {i}", "feedback": "Omdat.", "correct": i < n_correct}
               for i in range(3)]
    one = f"er moet precies één goed antwoord zijn .*nu zijn het er {n_correct}"
    with pytest.raises(ValidationError, match=one):
        content.ChoiceExercise.model_validate({"id": "k", "kind": "choice", "title": "Kies",
                                               "instruction": "Kies de beste.",
                                               "options": options})
