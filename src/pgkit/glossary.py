"""The glossary (begrippenlijst): one content file, shown on every unit page.

Terms marked ``eerst_uitleggen`` must be marked where a unit first uses them:
``[[cohort]]`` in an intro or a section text. The page turns that mark into a link to
the explanation, and ``tests/content/test_b1.py`` fails when a unit uses such a term
before it is marked. Titles do not count as a use: the text under them comes first.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import Field

from pgkit.content import NonEmpty, _Strict, content_dir, load_yaml
from pgkit.markup import Markup, html, join

MARK = re.compile(r"\[\[([^\[\]|]+)\]\]")
FILE = "begrippen.yaml"


class Term(_Strict):
    id: NonEmpty
    term: NonEmpty
    forms: list[NonEmpty] = Field(min_length=1)
    explanation: NonEmpty
    eerst_uitleggen: bool = False


class Glossary(_Strict):
    terms: list[Term] = Field(min_length=1)

    def by_form(self, form: str) -> Term | None:
        low = form.strip().lower()
        return next((t for t in self.terms if low in (f.lower() for f in t.forms)), None)

    def pattern(self, term: Term) -> re.Pattern[str]:
        """Any form of the term as a whole word, longest form first.

        Case does not matter, except for an abbreviation in capitals (``WHO``, ``HR``):
        the Dutch or English word with the same letters is not the term.
        """
        forms = sorted(term.forms, key=len, reverse=True)
        alts = [f"(?-i:{re.escape(f)})" if f.isupper() else re.escape(f) for f in forms]
        return re.compile(r"(?<![\wÀ-ÿ])(?:" + "|".join(alts) + r")(?![\wÀ-ÿ])",
                          re.IGNORECASE)


def load(folder: Path | None = None) -> Glossary:
    return load_yaml((folder or content_dir()) / FILE, Glossary)


@cache
def cached(folder: str) -> Glossary:
    return load(Path(folder))


def glossary() -> Glossary:
    return cached(str(content_dir()))


def unmark(text: str) -> str:
    """The text as read: ``[[cohort]]`` becomes ``cohort``."""
    return MARK.sub(lambda m: m.group(1), text)


def anchor(term: Term) -> str:
    return f"begrip-{term.id}"


def link_marks(rendered: Markup, terms: Glossary) -> Markup:
    """Turn each ``[[form]]`` in rendered markup into a link to its explanation in the
    glossary panel (the form is already escaped text of that markup)."""

    def one(m: re.Match[str]) -> str:
        term = terms.by_form(m.group(1))
        if term is None:
            return m.group(1)
        return html('<a class="pgkit-term" href="#{}" title="{}">{}</a>', anchor(term),
                    term.explanation, Markup(m.group(1)))

    return Markup(MARK.sub(one, rendered))


def panel_html(terms: Glossary, summary: str, intro: str) -> Markup:
    """A closed ``<details>`` panel; a link to a term inside opens it (fragment navigation)."""
    rows = join(html('<dt id="{}">{}</dt><dd>{}</dd>', anchor(t), t.term, t.explanation)
                for t in sorted(terms.terms, key=lambda t: t.term.lower()))
    return html('<details class="pgkit-glossary" id="pgkit-begrippen"><summary>{}</summary>'
                "<p>{}</p><dl>{}</dl></details>", summary, intro, rows)
