"""The method files: every shipped file validates; a broken file names file and step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pgkit.content import ContentError
from pgkit.intervision.methods import load_method, load_methods, methods_dir

SHIPPED = methods_dir()


def test_shipped_methods_validate() -> None:
    found = load_methods()
    assert {"incidentmethode", "vijfstappenmethode", "roddelmethode", "balint"} <= set(found)
    assert len(found["incidentmethode"].steps) == 10
    assert len(found["vijfstappenmethode"].steps) == 5
    roddel = found["roddelmethode"]
    assert any(s.back_to_group and s.activity == "analyse" for s in roddel.steps)
    assert found["balint"].min_participants >= 5
    for m in found.values():
        assert m.steps[0].activity == "casuskeuze" and m.steps[-1].activity == "afsluiting"
        assert all(s.prompts and s.minutes > 0 for s in m.steps)


def _copy(tmp_path: Path, name: str = "vijfstappenmethode") -> Path:
    target = tmp_path / f"{name}.yaml"
    shutil.copy(SHIPPED / f"{name}.yaml", target)
    return target


def test_bad_minutes_names_file_and_step(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 15", "minutes: veel", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_method(path)
    text = str(err.value)
    assert str(path) in text
    assert "stap vraag" in text and "minutes" in text


def test_missing_prompts_and_unknown_speaker(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace("who: deelnemers", "who: publiek", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_method(path)
    assert "stap verkennen" in str(err.value) and "who" in str(err.value)


def test_unknown_field_and_all_broken_files_reported(tmp_path: Path) -> None:
    good = _copy(tmp_path, "roddelmethode")
    bad = _copy(tmp_path, "balint")
    bad.write_text(bad.read_text(encoding="utf-8").replace(
        "    minutes: 30\n", "    minutes: 30\n    kleur: rood\n"), encoding="utf-8")
    broken = tmp_path / "kapot.yaml"
    broken.write_text("key: kapot\nsteps: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_methods(tmp_path)
    text = str(err.value)
    assert f"{bad}" in text and "stap onderzoeken" in text and "kleur" in text
    assert f"{broken}" in text
    assert str(good) not in text


def test_key_must_match_file_name(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    renamed = path.with_name("vijf.yaml")
    path.rename(renamed)
    with pytest.raises(ContentError, match="vijf"):
        load_method(renamed)


def test_first_and_last_step_shape(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "activity: afsluiting", "activity: gesprek"), encoding="utf-8")
    with pytest.raises(ContentError, match="evalueren"):
        load_method(path)
