"""pgkit grade: Dutch help and clear Dutch errors that change nothing."""

from __future__ import annotations

import contextlib
import io

import pytest

from pgkit.cli import main
from tests.grading.helpers import cli

SUBCOMMANDS = ["setup", "generate", "release", "collect", "autograde", "feedback", "export",
               "sync"]


def _help(name: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        main(["grade", name, "--help"])
    assert done.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_help_is_dutch(name):
    out = _help(name)
    assert out.startswith(f"gebruik: pgkit grade {name}")
    assert "toon deze hulp en stop" in out


def test_autograde_help_explains_workers():
    assert "tegelijk" in _help("autograde")


def test_missing_course_is_named(tmp_path):
    code, _out, err = cli("grade", "autograde", "implementatieplan", "--course", str(tmp_path))
    assert code == 1
    assert f"{tmp_path}/nbgrader_config.py ontbreekt" in err
    assert "pgkit grade setup" in err
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("c") / "cursus"
    code, out, err = cli("grade", "setup", str(root))
    assert code == 0, err
    assert "Cursus klaar" in out
    return root


def test_setup_writes_config_and_sources(course):
    config = (course / "nbgrader_config.py").read_text()
    assert f"sqlite:///{course}/gradebook.db" in config
    assert "pgkit.grading.checks.CheckSubmission" in config
    assert sorted(p.name for p in (course / "source").iterdir()) == [
        "dilemma_analyse", "implementatieplan", "intervisieverslag", "spinnenweb_gesprek"]


def test_unknown_assignment_lists_the_real_ones(course):
    code, _, err = cli("grade", "generate", "opdracht9", "--course", str(course))
    assert code == 1
    assert "Opdracht 'opdracht9' bestaat niet" in err and "implementatieplan" in err
    assert not (course / "release").exists()


def test_bad_workers_and_missing_submission(course):
    code, _, err = cli("grade", "autograde", "implementatieplan", "--workers", "0",
                       "--course", str(course))
    assert code == 1 and "--workers" in err
    code, _, err = cli("grade", "autograde", "implementatieplan", "--student", "niemand",
                       "--course", str(course))
    assert code == 1 and "Geen inlevering van niemand" in err
    assert not (course / "autograded").exists()
