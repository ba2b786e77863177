"""Worked conversations (``kind: dialogue``): the content validates, a broken file says in
Dutch which file, exercise and turn is wrong, and the widget reveals, explains and records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pytest
import yaml
from sqlalchemy import select

from pgkit.content import (
    ChoicePoint,
    ContentError,
    DialogueExercise,
    Line,
    SpotPoint,
    UnitContent,
    load_unit,
)
from pgkit.identity import User
from pgkit.store import people, session_scope
from pgkit.store.models import ProgressEvent
from pgkit.widgets.dialogue import DialogueWidget, PointView, parts

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "modules" / "content"


@pytest.fixture(scope="module")
def unit4() -> UnitContent:
    return load_unit("eenheid4", CONTENT)


def dialogues(unit: UnitContent) -> list[DialogueExercise]:
    return [e for e in unit.exercises if isinstance(e, DialogueExercise)]


# --- the content --------------------------------------------------------------------------


def test_unit4_has_two_worked_conversations_of_15_to_25_turns(unit4: UnitContent) -> None:
    found = dialogues(unit4)
    assert [d.id for d in found] == ["gesprek1", "gesprek2"]
    roles = [next(s.role for s in d.speakers if s.professional) for d in found]
    assert roles == ["praktijkondersteuner", "woonconsulent"]  # care, then housing
    for d in found:
        assert 15 <= len(d.lines()) <= 25, d.id
        moves = {line.move for line in d.lines()}
        # the basishouding shown turn by turn, including a slip that is then named
        assert {"open_vraag", "stilte", "op_handen_zitten", "benoemen", "valkuil"} <= moves
        assert any(isinstance(x, ChoicePoint) for x in d.turns)
        assert any(isinstance(x, SpotPoint) for x in d.turns)
        assert all(line.note for line in d.lines() if line.move), d.id


def test_the_best_next_turn_is_never_the_longest_option(unit4: UnitContent) -> None:
    for d in dialogues(unit4):
        for point in (x for x in d.turns if isinstance(x, ChoicePoint)):
            best = next(o for o in point.options if o.correct)
            assert len(best.text) < max(len(o.text) for o in point.options), point.id


def _broken(tmp_path: Path, edit: Callable[[dict], None]) -> Path:
    data = yaml.safe_load((CONTENT / "eenheid4.yaml").read_text(encoding="utf-8"))
    dialogue = next(e for e in data["exercises"] if e["id"] == "gesprek1")
    edit(dialogue)
    folder = tmp_path / "c"
    folder.mkdir(parents=True)
    (folder / "eenheid4.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                          encoding="utf-8")
    return folder


def _turn(d: dict, tid: str) -> dict:
    return next(x for x in d["turns"] if x["id"] == tid)


def _error(folder: Path) -> str:
    with pytest.raises(ContentError) as err:
        load_unit("eenheid4", folder)
    return str(err.value)


def test_missing_feedback_in_a_choice_names_file_exercise_turn_and_option(
        tmp_path: Path) -> None:
    folder = _broken(tmp_path, lambda d: _turn(d, "k1")["options"][1].pop("feedback"))
    assert _error(folder) == (f"{folder / 'eenheid4.yaml'}: oefening gesprek1: beurt k1: "
                              "optie 2: veld 'feedback': dit veld ontbreekt")


def test_unknown_speaker_is_named(tmp_path: Path) -> None:
    folder = _broken(tmp_path, lambda d: _turn(d, "t2").__setitem__("speaker", "dokter"))
    assert _error(folder) == (f"{folder / 'eenheid4.yaml'}: oefening gesprek1: beurt t2: "
                              "spreker 'dokter' staat niet in 'speakers'")


def test_unknown_move_and_unknown_turn_kind_are_named(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        _turn(d, "t1")["move"] = "advies"
        _turn(d, "a1")["kind"] = "raden"

    lines = _error(_broken(tmp_path, edit)).splitlines()
    assert any("oefening gesprek1: beurt t1: veld 'move': kies een van deze waarden" in x
               for x in lines), lines
    assert any("oefening gesprek1: beurt a1: onbekende soort; kies 'line', 'choice', 'spot'"
               in x for x in lines), lines


def test_a_spot_may_only_point_at_earlier_turns_of_the_professional(tmp_path: Path) -> None:
    # t22 is said by the patient; t25 comes after the point
    folder = _broken(tmp_path, lambda d: _turn(d, "a1").__setitem__("answer",
                                                                     ["t5", "t22", "t25"]))
    assert _error(folder).endswith("oefening gesprek1: beurt a1: 't22, t25' is geen eerdere "
                                   "beurt van de professional")


def test_two_best_next_turns_or_no_point_at_all_are_refused(tmp_path: Path) -> None:
    folder = _broken(tmp_path, lambda d: _turn(d, "k1")["options"][1].__setitem__("correct",
                                                                                   True))
    assert "oefening gesprek1: beurt k1: er moet precies één goed antwoord zijn" in _error(folder)
    folder = _broken(tmp_path / "b", lambda d: d.__setitem__(
        "turns", [x for x in d["turns"] if x.get("kind", "line") == "line"]))
    assert "oefening gesprek1: het gesprek heeft geen moment om te kiezen" in _error(folder)



def _double_turn(d: dict) -> None:
    _turn(d, "t2")["id"] = "t1"


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: d["speakers"][1].__setitem__("id", d["speakers"][0]["id"]),
     "oefening gesprek1: twee sprekers hebben dezelfde id"),
    (lambda d: [s.pop("professional", None) for s in d["speakers"]],
     "oefening gesprek1: geen enkele spreker is de professional"),
    (_double_turn, "oefening gesprek1: deze beurt-id's komen vaker voor: t1"),
])
def test_double_ids_and_a_dialogue_without_professional_are_refused(
        tmp_path: Path, edit: Callable[[dict], object], expected: str) -> None:
    assert expected in _error(_broken(tmp_path, edit))

# --- the widget ---------------------------------------------------------------------------


def tiny(text: str = "Hoe gaat het met je?") -> DialogueExercise:
    return DialogueExercise.model_validate({
        "id": "g", "kind": "dialogue", "title": "Proef <b>titel</b>", "instruction": "Lees.",
        "setting": "Een <script>alert(1)</script> situatie.",
        "speakers": [{"id": "p", "name": "Pim & co", "role": "coach", "professional": True},
                     {"id": "c", "name": "Cor", "role": "cliënt"}],
        "turns": [
            {"id": "t1", "speaker": "p", "text": text, "move": "open_vraag",
             "note": "Open <i>vraag</i>."},
            {"id": "t2", "speaker": "c", "text": "Gaat wel."},
            {"id": "k1", "kind": "choice", "prompt": "Wat zeg je?", "options": [
                {"text": "Wat bedoel je met wel?", "correct": True, "feedback": "Doorvragen."},
                {"text": "Mooi zo, dan zijn we klaar.", "feedback": "Je sluit af."}]},
            {"id": "t3", "speaker": "p", "pause": True, "text": "Pim wacht.", "move": "stilte",
             "note": "Stil."},
            {"id": "t4", "speaker": "c", "text": "Nou ja, eigenlijk niet."},
            {"id": "a1", "kind": "spot", "prompt": "Waar is het stil?", "answer": ["t3"],
             "feedback": "In beurt 2."},
            {"id": "t5", "speaker": "p", "text": "Vertel."},
        ]})


def _views(widget: DialogueWidget) -> list[PointView]:
    return [c for part in widget.shown for c in part.children if isinstance(c, PointView)]


def test_parts_are_cut_after_each_point_and_numbered_across_them() -> None:
    cut = parts(tiny())
    assert [[n for n, _ in p.lines] for p in cut] == [[1, 2], [3, 4], [5]]
    assert [p.point.id if p.point else None for p in cut] == ["k1", "a1", None]


def test_widget_hides_notes_until_chosen_then_reads_on_and_records() -> None:
    calls: list[tuple[str, dict, int]] = []
    widget = DialogueWidget(tiny(), lambda eid, answers, right: calls.append(
        (eid, answers, right)))
    assert len(widget.shown) == 1
    first = widget.transcripts[0].value
    assert "Hoe gaat het met je?" in first and "Gaat wel." in first
    assert "Open &lt;i&gt;vraag&lt;/i&gt;." not in first  # the note would give it away
    assert "Nou ja" not in first  # later parts are not shown yet
    [choice] = _views(widget)
    choice.check()  # nothing chosen: a warning, nothing recorded, no way on
    assert "Kies eerst een antwoord." in choice.result.value and not calls
    assert choice.read_on is None
    choice.field.value = "Mooi zo, dan zijn we klaar."
    choice.check()
    assert calls == [("g", {"k1": "Mooi zo, dan zijn we klaar."}, 0)]
    assert "Doorvragen." in choice.result.value and "Je sluit af." in choice.result.value
    assert "Open &lt;i&gt;vraag&lt;/i&gt;." in widget.transcripts[0].value
    assert choice.read_on is not None
    choice.read_on.click()
    assert len(widget.shown) == 2 and "Nou ja, eigenlijk niet." in widget.transcripts[1].value
    choice.read_on.click()  # a second click opens nothing more
    assert len(widget.shown) == 2

    spot = _views(widget)[1]
    labels = [b.description for b in spot.field.children]
    assert labels == ["Beurt 1: Hoe gaat het met je?", "Beurt 3: Pim wacht."]
    spot.check()
    assert "Kies eerst minstens één beurt." in spot.result.value and len(calls) == 1
    spot.field.children[0].value = True
    spot.check()
    assert calls[-1] == ("g", {"k1": "Mooi zo, dan zijn we klaar.", "a1": "t1"}, 0)
    assert "Hier gebeurt het niet." in spot.result.value
    assert "Deze hoort er ook bij." in spot.result.value
    spot.field.children[0].value, spot.field.children[1].value = False, True
    spot.check()
    assert calls[-1][1]["a1"] == "t3" and calls[-1][2] == 1
    spot.read_on.click()
    assert "Einde van het gesprek." in widget.shown[-1].children[1].value
    assert "Vertel." in widget.transcripts[2].value


def test_every_text_is_escaped() -> None:
    widget = DialogueWidget(tiny("<img src=x onerror=alert(1)>"), lambda *_: None)
    html = widget.header.value + widget.transcripts[0].value
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert "Pim &amp; co" in html and "Proef &lt;b&gt;titel&lt;/b&gt;" in html
    [choice] = _views(widget)
    choice.field.value = "Wat bedoel je met wel?"
    choice.check()
    assert "<i>" not in widget.transcripts[0].value


def test_the_unit_page_records_a_dialogue_like_other_exercises(
        db_url: str, monkeypatch: pytest.MonkeyPatch, unit4: UnitContent) -> None:
    from pgkit.pages.elearning import UnitPage

    monkeypatch.setenv("PGKIT_DB", db_url)
    with session_scope(db_url) as s:
        pid = people.ensure_person(s, "dlg-1", "Daan").id
    page = UnitPage(User(pid, "dlg-1", "Daan"), unit4)
    page.go([sid for sid, _ in page.steps].index("gesprek2"))
    [widget] = page.body.children
    assert isinstance(widget, DialogueWidget)
    assert isinstance(widget.parts[0].lines[0][1], Line)
    [choice] = _views(widget)
    best = next(o.text for o in widget.parts[0].point.options if o.correct)
    choice.field.value = best
    choice.check()
    assert page.errors.children == ()
    with session_scope(db_url) as s:
        details = s.scalars(select(ProgressEvent.detail).where(
            ProgressEvent.person_id == pid, ProgressEvent.kind == "exercise")).all()
    assert details == ["gesprek2"]
    assert all(isinstance(c, w.Widget) for c in widget.children)
