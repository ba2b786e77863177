"""The catalogue: every translation has every key with the same placeholders; the language
follows the person, and numbers and dates follow the language."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from pgkit import export_format, localtime, messages
from pgkit.messages import catalogue, t

SRC = Path(__file__).resolve().parents[1] / "src" / "pgkit"


def _placeholders(text: str) -> list[str]:
    """The ``{names}`` ``str.format`` fills, and argparse's ``%s``/``%(name)s``."""
    names = [f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted(names + re.findall(r"%(?:\(\w+\))?[sr]", text))


@pytest.mark.parametrize("lang", [lang for lang in messages.languages() if lang != "nl"])
def test_every_translation_has_every_key_with_the_same_placeholders(lang: str) -> None:
    nl, other = catalogue("nl"), catalogue(lang)
    assert sorted(set(nl) - set(other)) == []
    assert sorted(set(other) - set(nl)) == []
    assert [k for k in nl if _placeholders(nl[k]) != _placeholders(other[k])] == []
    assert other["common.language"] == lang


def test_the_kit_has_dutch_and_english() -> None:
    """A folder with texts is a language (so adding one needs no code); Dutch is complete."""
    assert {"en", "nl"} <= set(messages.languages())
    assert "__pycache__" not in messages.languages()


def test_a_persons_language_picks_the_texts_and_unknown_keys_fall_back_to_dutch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert t("pages.sign_out") == "Afmelden"
    messages.use_language("en")
    assert t("pages.sign_out") == "Sign out"
    assert messages.current_language() == "en"
    # A key only the Dutch catalogue has (a new text not translated yet) shows in Dutch.
    english = dict(catalogue("en"))
    del english["pages.sign_out"]
    monkeypatch.setattr(messages, "catalogue",
                        lambda lang="nl": english if lang == "en" else catalogue("nl"))
    assert t("pages.sign_out") == "Afmelden"


def test_an_unknown_language_is_the_default_not_an_error() -> None:
    for hostile in ("../nl", "xx", "", "en; DROP TABLE people"):
        messages.use_language(hostile)
        assert messages.current_language() == "nl", hostile
        assert t("pages.sign_out") == "Afmelden"


def test_numbers_and_dates_follow_the_language() -> None:
    when = dt.datetime(2026, 12, 2, 20, 10)  # UTC: 21:10 in Amsterdam
    assert (export_format.number(5.5), export_format.dutch_int(10000)) == ("5,5", "10.000")
    assert localtime.stamp(when) == "02-12-2026 21:10"
    assert export_format.display(dt.date(2026, 7, 1)) == "01-07-2026"
    messages.use_language("en")
    assert (export_format.number(5.5), export_format.dutch_int(10000)) == ("5.5", "10,000")
    assert localtime.stamp(when) == "02/12/2026 21:10"


def test_no_code_makes_a_decimal_comma_by_hand() -> None:
    """Numbers go through babel (export_format.number) in the reader's locale."""
    by_hand = re.compile(r"""\.replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)""")
    offenders = [f"{p.relative_to(SRC.parent.parent)}:{n}"
                 for root in (SRC, SRC.parents[1] / "tests")
                 for p in root.rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if by_hand.search(line) and p.name != "test_messages.py"]
    assert offenders == []
