"""A person's own language, without a browser: chosen on their page, kept in the store, and
used for every view the shell builds for them from then on."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as w
import pytest

from pgkit import identity, messages
from pgkit.pages.spinnenweb import SpinnenwebPage
from pgkit.shell import frame
from pgkit.store import db, people, session_scope
from pgkit.store.models import Person

SPINNENWEB = "/voila/render/notebooks/spinnenweb.ipynb"


@pytest.fixture
def anna(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("PGKIT_DB", db_url)
    db.connect.cache_clear()
    with session_scope(db_url) as s:
        person_id = people.ensure_person(s, "anna", "Anna").id

    def signed_in(_shell: frame.Shell) -> identity.User | None:
        with session_scope(db_url) as s:  # the real lookup: the language comes from the store
            return identity.current_user(s, "anna")

    monkeypatch.setattr(frame.Shell, "_user", signed_in)
    yield person_id
    db.connect.cache_clear()


def _texts(widget: w.Widget) -> list[str]:
    """Every text a view shows: HTML, button labels, dropdown labels."""
    out: list[str] = []
    if isinstance(widget, w.HTML):
        out.append(widget.value)
    if isinstance(widget, w.Button):
        out.append(widget.description)
    if isinstance(widget, w.Dropdown):
        out.append(widget.description)
    for child in getattr(widget, "children", ()):
        out.extend(_texts(child))
    return out


def test_choosing_english_shows_the_next_view_with_english_header_and_buttons(
    anna: int, db_url: str
) -> None:
    shell = frame.Shell()
    shell.show(frame.routes.resolve(SPINNENWEB), push=False)
    dutch = " ".join(_texts(shell.main))
    assert "Mijn spinnenweb" in dutch and "Download al mijn gegevens (zip)" in dutch
    assert shell.router.title.startswith("Mijn spinnenweb")

    page = SpinnenwebPage(identity.User(anna, "anna", "Anna"))
    page.widget()
    choice = page.language
    assert dict(choice.options) == {"English": "en", "Nederlands": "nl"}
    assert choice.value == "nl"
    choice.value = "en"
    with session_scope(db_url) as s:
        assert s.get(Person, anna).language == "en"
    [saved] = page.language_status.children
    assert "Open the page again" in saved.value and 'href="' in saved.value

    shell.show(frame.routes.resolve(SPINNENWEB), push=True)
    english = " ".join(_texts(shell.main))
    for text in ("My spider web", "You are signed in as Anna", "Other profile",
                 "Download all my data (zip)", "Erase all my data", "Start a new spider web",
                 "Language of the kit"):
        assert text in english, text
    assert "Download al mijn gegevens" not in english
    assert shell.router.title == "My spider web · Positive Health training kit"
    assert shell.router.lang == "en"
    assert "Trainingskit" not in english  # the header's app name too

    # Back to Dutch: the same control, the same way.
    page = SpinnenwebPage(identity.User(anna, "anna", "Anna", language="en"))
    page.widget()
    assert page.language.value == "en"
    page.language.value = "nl"
    shell.show(frame.routes.resolve(SPINNENWEB), push=True)
    assert "Download al mijn gegevens (zip)" in " ".join(_texts(shell.main))


def test_a_person_who_chose_nothing_gets_the_kits_default(anna: int) -> None:
    shell = frame.Shell()
    messages.use_language("en")  # left over from an earlier visitor: the shell resets it
    shell.show(frame.routes.resolve(SPINNENWEB), push=False)
    assert "Download al mijn gegevens (zip)" in " ".join(_texts(shell.main))


@pytest.mark.parametrize("hostile", ["xx", "", "../nl", "<script>alert(1)</script>",
                                     "en; DROP TABLE people", "NL", "e" * 500])
def test_a_language_the_kit_has_no_catalogue_for_is_refused_in_dutch(
    anna: int, db_url: str, hostile: str
) -> None:
    choices = ", ".join(messages.languages())  # en, nl
    refusal = f"De taal '{hostile[:40]}' kent de kit niet. Kies uit: {choices}."
    with session_scope(db_url) as s, pytest.raises(ValueError, match=r"^De taal ") as refused:
        people.set_language(s, anna, hostile)
    assert str(refused.value) == refusal
    with session_scope(db_url) as s:
        assert s.get(Person, anna).language is None
