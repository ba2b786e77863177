"""The sentence splitter and word counter behind the B1 check (tests/content/test_b1.py)."""

from __future__ import annotations

from pgkit.readability import MAX_SENTENCE, sentences, words


def test_the_check_can_fail() -> None:
    long = " ".join(["woord"] * (MAX_SENTENCE + 1)) + "."
    assert [words(s) for s in sentences(long)] == [MAX_SENTENCE + 1]
    assert sentences("- Eén **punt**\n- Twee. Drie!") == ["Eén punt", "Twee.", "Drie!"]
    assert words("Het kost 3,5 uur voor 10.000 mensen.") == 7


def test_html_and_tables_split_like_a_reader_sees_them() -> None:
    assert sentences("<p>Eerste</p><p>Tweede deel.</p>") == ["Eerste", "Tweede deel."]
    assert sentences("| Naam | Rol |") == ["Naam", "Rol"]
