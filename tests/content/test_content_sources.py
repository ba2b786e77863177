"""docs/content-sources.md names a source (or 'eigen ontwerp van de kit') for every section
and every exercise of the units."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "content-sources.md"


def mapped() -> dict[tuple[str, str], str]:
    rows = re.findall(r"^\| (eenheid\d+) \| ([\w-]+) \| [^|]+ \| (.+) \|$",
                      DOC.read_text(encoding="utf-8"), flags=re.M)
    return {(unit, sid): source.strip() for unit, sid, source in rows}


def test_every_unit_section_and_exercise_has_a_source_row() -> None:
    rows = mapped()
    missing = []
    for path in sorted((ROOT / "modules" / "content").glob("eenheid*.yaml")):
        unit = yaml.safe_load(path.read_text(encoding="utf-8"))
        for part in (*unit.get("sections", []), *unit.get("exercises", [])):
            if (unit["unit"], part["id"]) not in rows:
                missing.append(f"{unit['unit']} {part['id']} ({part['title']})")
    assert not missing, "Geen bron in docs/content-sources.md voor: " + ", ".join(missing)


def test_each_row_names_a_seed_or_the_kits_own_design() -> None:
    for key, source in mapped().items():
        assert re.search(r"\b00[0-4]\b|eigen ontwerp van de kit|iPH", source), key
