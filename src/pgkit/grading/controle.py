"""The checks the coach-track assignments call from their (locked) test cells.

Coaches are care professionals, not programmers. Every answer cell holds one line,
``antwoord = "..."``, and the test cell right below it calls one of these functions. The
function names are Dutch because coaches see them in the notebook.

* A visible check (``keuze``, ``tekst``) *takes* ``antwoord`` out of the notebook's
  namespace and remembers it. The next question's test can therefore never see this
  question's answer: a deleted or unreadable answer line fails its own test instead of
  silently reusing the previous one.
* A hidden check (``juist``, ``noemt``) looks at the remembered answer.
* A failed check raises ``Tip`` (an ``AssertionError``) with a Dutch hint. A Jupyter
  kernel shows only that hint, never a traceback (``_render_traceback_``); nbgrader still
  sees an error output and gives the test zero points.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence

from pgkit.messages import t

NAME = "antwoord"


class Tip(AssertionError):
    """A failed check; the message is a Dutch hint for the coach."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback (still as an error output, so
        # nbgrader gives the test zero points)
        return [t("grading.controle.prefix") + " " + str(self)]


_state: dict[str, object] = {"answer": None}


def _fail(message: str) -> None:
    raise Tip(message)


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: 'Oriëntatie ' matches 'orientatie'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def _take(depth: int = 2) -> str:
    """Remove ``antwoord`` from the calling cell's namespace and remember it."""
    namespace = sys._getframe(depth).f_globals
    if NAME not in namespace:
        _state["answer"] = None
        _fail(t("grading.controle.missing"))
    value = namespace.pop(NAME)
    if not isinstance(value, str):
        _state["answer"] = None
        _fail(t("grading.controle.not_text"))
    _state["answer"] = value
    return value


def _answer() -> str:
    value = _state["answer"]
    if value is None:
        _fail(t("grading.controle.missing"))
    return str(value)


def keuze(*opties: str) -> None:
    """Visible check: the answer is one of the options (a letter such as "B", or a word)."""
    given = _take()
    value = normalise(given)
    if not value:
        _fail(t("grading.controle.empty_choice", options=_or(opties)))
    if value not in {normalise(o) for o in opties}:
        _fail(t("grading.controle.bad_choice", answer=given.strip(), options=_or(opties)))


def tekst(woorden: int = 1) -> None:
    """Visible check: the answer is a text of at least ``woorden`` words."""
    value = _take()
    count = len(value.split())
    if count == 0:
        _fail(t("grading.controle.empty_text"))
    if count < woorden:
        _fail(t("grading.controle.short_text", words=woorden, count=count))


def juist(goed: str | Sequence[str], hint: str) -> None:
    """Hidden check: the remembered choice is the right one (or one of the right ones)."""
    right = [goed] if isinstance(goed, str) else list(goed)
    if normalise(_answer()) not in {normalise(g) for g in right}:
        _fail(hint)


def noemt(begrippen: Sequence[Sequence[str]], minstens: int, hint: str) -> None:
    """Hidden check: the remembered text names at least ``minstens`` of the concepts.

    Each concept is a group of words that mean the same here (any one of them counts),
    matched in lower case without accents, as part of a word ("regie" in "zelfregie").
    """
    text = normalise(_answer())
    found = sum(1 for group in begrippen if any(normalise(w) in text for w in group))
    if found < minstens:
        _fail(hint)


def _or(options: Sequence[str]) -> str:
    quoted = [f'"{o}"' for o in options]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " " + t("grading.controle.or") + " " + quoted[-1]
