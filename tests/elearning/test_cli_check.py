"""`pgkit elearning check`: what a content author runs before sending a change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pgkit.cli import main

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"


ROOT = CONTENT.parents[1]
FIGURES = r": \d+ zinnen, gemiddeld [\d,]+ woorden, langste zin \d+ woorden, leesgemak [\d,]+$"


def test_check_passes_on_the_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["elearning", "check", "--map", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "eenheid7: " in out and "Alles in orde." in out
    assert re.search(r"^eenheid4" + FIGURES + r"\n  Kennischeck: \d+ vragen, \d+% scenario of "
                     r"toepassing\. Het goede antwoord is bij \d+ van \d+ keuzes het langst\.$",
                     out, re.M)


def test_check_reports_every_other_learner_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Runbooks, cards, cases, the page catalogue, notebooks, assignments, the web items."""
    assert main(["elearning", "check", "--map", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    for name in ("facilitator/bijeenkomst1.yaml", "facilitator/dilemmas.yaml",
                 "facilitator/casussen.yaml", "src/pgkit/messages/nl/spinnenweb.yaml",
                 "exercises/intervisie/voorzitter.ipynb",
                 "exercises/assignments/source/implementatieplan/implementatieplan.ipynb",
                 "pgkit.spinnenweb (B1)", "pgkit.spinnenweb (eenvoudige taal)",
                 "pgkit.concepts"):
        assert re.search("^" + re.escape(name) + FIGURES, out, re.M), name


def test_check_flags_a_long_sentence_in_a_runbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CONTENT, tmp_path / "modules" / "content")
    shutil.copytree(ROOT / "facilitator", tmp_path / "facilitator")
    runbook = tmp_path / "facilitator" / "bijeenkomst2.yaml"
    long = " ".join(["lang"] * 30) + "."
    text = runbook.read_text(encoding="utf-8")
    assert "\ntheme: >-\n" in text
    runbook.write_text(text.replace("\ntheme: >-\n", f"\ntheme: >-\n  {long}\n", 1),
                       encoding="utf-8")
    monkeypatch.setenv("PGKIT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["elearning", "check"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^facilitator/bijeenkomst2\.yaml" + FIGURES, out, re.M)
    assert "Zin van meer dan 25 woorden: lang lang" in out and "1 probleem gevonden." in out


def test_check_fails_when_it_finds_no_other_texts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CONTENT, tmp_path / "kopie")
    monkeypatch.setenv("PGKIT_HOME", str(tmp_path / "leeg"))
    assert main(["elearning", "check", "--map", str(tmp_path / "kopie")]) == 1
    assert "Geen andere teksten gevonden" in capsys.readouterr().out


def test_check_names_file_and_question_of_a_broken_unit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for f in CONTENT.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    broken = tmp_path / "eenheid4.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace(
        "      - text: Hoe is dat voor u?\n        correct: true\n",
        "      - text: Hoe is dat voor u?\n"), encoding="utf-8")
    assert main(["elearning", "check", "--map", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}: vraag v1: er moet precies één goed antwoord zijn" in err


def test_check_flags_a_long_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for f in CONTENT.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    unit = tmp_path / "eenheid3.yaml"
    long = " ".join(["heel"] * 30) + " lang."
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "intro: |\n", f"intro: |\n  {long}\n", 1), encoding="utf-8")
    assert main(["elearning", "check", "--map", str(tmp_path)]) == 1
    assert "Zin van meer dan 25 woorden: heel heel" in capsys.readouterr().out


def test_check_flags_a_recall_quiz_and_an_actiewiel_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for f in CONTENT.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    unit = tmp_path / "eenheid5.yaml"
    text = unit.read_text(encoding="utf-8").replace("    level: scenario\n", "    level: recall\n")
    wheel = ("  - id: v9\n    kind: ordering\n    level: recall\n    prompt: Zet in volgorde.\n"
             "    options:\n      - text: Hoe gaat het nu?\n        feedback: Eerst.\n"
             "      - text: Wat wil je?\n        feedback: Dan.\n")
    label = ("  - id: v10\n    kind: single\n    level: application\n"
             "    prompt: Welk doel hoort bij de Quadruple Aim?\n    options:\n"
             "      - text: Meer werkplezier\n        correct: true\n"
             "        feedback: Ja, ook het werkplezier van professionals telt mee.\n"
             "      - text: Kortere wachtlijsten\n        feedback: Nee, dat is geen doel.\n")
    unit.write_text(text.replace("\nreflection:\n", "\n" + wheel + label + "reflection:\n"),
                    encoding="utf-8")
    assert main(["elearning", "check", "--map", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Te veel vragen toetsen alleen kennis" in out
    assert "Vraag v9 toetst een volgorde van het actiewiel" in out
    assert "Vraag v10 heet een scenario of toepassing, maar er is niets om toe te passen" in out
    assert re.search(r"Het goede antwoord is de langste optie: \d+ van \d+ keuzevragen\.", out)
