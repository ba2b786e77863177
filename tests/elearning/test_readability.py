"""B1 prose: short sentences in every unit (average <= 15 words, none over 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pgkit.content import load_all
from pgkit.readability import MAX_AVERAGE, MAX_SENTENCE, check, sentences, words

CONTENT = Path(__file__).resolve().parents[2] / "modules" / "content"
UNITS = load_all(CONTENT)


@pytest.mark.parametrize("key", list(UNITS))
def test_unit_prose_has_short_sentences(key: str) -> None:
    result = check(UNITS[key])
    assert result.too_long == [], f"sentences over {MAX_SENTENCE} words"
    assert result.average <= MAX_AVERAGE


@pytest.mark.parametrize("key", list(UNITS))
def test_section_prose_alone_also_passes(key: str) -> None:
    """Short answer options lower the average; the reading text must pass on its own."""
    found = [s for sec in UNITS[key].sections for s in sentences(sec.text)]
    counts = [words(s) for s in found]
    assert max(counts) <= MAX_SENTENCE
    assert sum(counts) / len(counts) <= MAX_AVERAGE


def test_the_check_can_fail() -> None:
    long = " ".join(["woord"] * 26) + "."
    assert [words(s) for s in sentences(long)] == [26]
    assert sentences("- Eén **punt**\n- Twee. Drie!") == ["Eén punt", "Twee.", "Drie!"]
    assert words("Het kost 3,5 uur voor 10.000 mensen.") == 7
