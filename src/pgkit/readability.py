"""The B1 check: short sentences, an easy Dutch reading score, and jargon explained.

It reads every text a learner or facilitator reads: the units, the glossary, the
runbooks and their cards, cases, polls and role play (``facilitator/*.yaml``), the
intervision methods, the message catalogue of the pages, the Markdown cells of every page
notebook and coach assignment, the hints of the assignments' checks, the spinnenweb items
(B1 and simple language) and the concepts in ``pgkit.concepts``. The thresholds below are
the only place the rules are set; the tests (``tests/content/test_b1.py``) and
``pgkit elearning check`` import them.

- **Sentences.** Markdown, HTML and ``{placeholders}`` are stripped. A blank line or a
  list item ends a sentence; a line break inside a paragraph does not. A number such as
  ``3,5`` or ``10.000`` is one word. A title or a label (one line without ``.``, ``?``,
  ``!`` or ``:``) is not a sentence, unless it is longer than ``MAX_SENTENCE`` words.
- **Reading ease.** Flesch-Douma, the Dutch form of Flesch reading ease:
  ``206.835 - 0.93 * words per sentence - 77 * syllables per word``. Syllables come from
  ``textstat`` with Dutch hyphenation (pyphen's dictionary, so it works offline).
  About 60-70 reads as fairly easy, above 70 as easy.
- **Jargon.** A glossary term with ``eerst_uitleggen`` must be marked ``[[term]]`` where a
  unit first uses it, in the intro or a section (Markdown, so the page can link it).
  Titles and goals do not count as a use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pgkit import yamlfile
from pgkit.content import ChoiceExercise, DialogueExercise, SortExercise, UnitContent
from pgkit.messages import t

# --- the thresholds, in one place ---------------------------------------------------------
MAX_AVERAGE = 15.0  # words per sentence, averaged over one document
MAX_SENTENCE = 25  # words in any one sentence
MIN_DOUMA = 60.0  # Flesch-Douma reading ease of one document (higher is easier)

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)|<br\s*/?>|</p>|</li>|</h\d>|\|")
_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+")
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ'’]+(?:[.,\-][0-9A-Za-zÀ-ÿ]+)*")
_TAGS = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_EMPHASIS = re.compile(r"\*\*|__|`|\[\[|\]\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LIST = re.compile(r"^\s*(?:[-*#]+|\d+\.)\s+", re.MULTILINE)
_LABEL_END = re.compile(r"[.!?…:]")


def clean(text: str) -> str:
    """Markup out, the words a reader sees in."""
    text = _PLACEHOLDER.sub("X", text)
    text = _LINK.sub(r"\1", text)
    return _EMPHASIS.sub("", text)


def sentences(text: str) -> list[str]:
    """Split prose into sentences; empty pieces are dropped."""
    out = []
    for para in _PARAGRAPH.split(clean(text)):
        para = _LIST.sub("", _TAGS.sub(" ", para))
        para = re.sub(r"\s+", " ", para).strip()
        out += [s.strip() for s in _END.split(para) if _WORD.search(s)]
    return out


def words(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def is_label(text: str) -> bool:
    """A title or a button text: one short line without sentence punctuation."""
    plain = _TAGS.sub(" ", clean(text)).strip()
    return ("\n" not in plain and not _LABEL_END.search(plain)
            and words(plain) <= MAX_SENTENCE)


# --- what a reader reads ------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One text as shown: ``where`` names it for the author (``s2``, ``v3 optie 1``)."""

    where: str
    text: str
    markdown: bool = False  # rendered as Markdown, so a glossary mark becomes a link
    title: bool = False


def unit_pieces(unit: UnitContent) -> list[Piece]:
    """Every text a trainee reads in a unit, in reading order, titles included."""
    out = [Piece("intro", unit.intro, markdown=True)]
    out += [Piece(f"doel {i + 1}", g) for i, g in enumerate(unit.goals)]
    for s in unit.sections:
        out += [Piece(s.id, s.title, title=True), Piece(s.id, s.text, markdown=True)]
    for e in unit.exercises:
        out += [Piece(e.id, e.title, title=True), Piece(e.id, e.instruction)]
        if isinstance(e, SortExercise):
            out += [Piece(e.id, c, title=True) for c in e.categories]
            out += [Piece(f"{e.id} {i.id}", f"{i.text}\n\n{i.feedback}") for i in e.items]
        elif isinstance(e, ChoiceExercise):
            out += [Piece(e.id, e.fragment)] if e.fragment else []
            out += [Piece(e.id, f"{o.text}\n\n{o.feedback}") for o in e.options]
        elif isinstance(e, DialogueExercise):
            out += [Piece(e.id, x) for x in e.texts()]
    for q in unit.questions:
        out.append(Piece(q.id, q.prompt))
        out += [Piece(f"{q.id} optie {i + 1}", f"{o.text}\n\n{o.feedback}")
                for i, o in enumerate(q.options)]
    out += [Piece("reflectie", unit.reflection.prompt)]
    out += [Piece("reflectie", unit.reflection.hint)] if unit.reflection.hint else []
    return out


def unit_texts(unit: UnitContent) -> list[str]:
    return [p.text for p in unit_pieces(unit)]


def unit_prose(unit: UnitContent) -> list[str]:
    """Every sentence a trainee reads in a unit, in reading order (titles left out)."""
    return prose(unit_pieces(unit))


def unit_words(unit: UnitContent) -> int:
    """How many words a trainee reads in a unit, titles included: its study load."""
    return sum(words(s) for p in unit_pieces(unit) for s in sentences(p.text))


# Keys whose values are codes, names or choices rather than text to read.
_SKIP_KEYS = {"id", "kind", "level", "who", "activity", "poll", "move", "widget", "speaker",
              "answer", "case", "organisation", "organisatie", "key", "forms", "unit",
              "category", "dimension", "correct", "minutes", "sequence", "method", "type",
              "options_key", "name_key", "icon", "id_prefix"}
_TITLE_KEYS = {"title", "titel", "name", "naam", "label", "categories", "term", "role",
               "summary"}


def yaml_pieces(data: Any, where: str = "") -> Iterator[Piece]:
    """Every string in a YAML tree, except codes; titles flagged by their key."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _SKIP_KEYS:
                continue
            here = f"{where}.{key}" if where else str(key)
            if key in _TITLE_KEYS and isinstance(value, str):
                yield Piece(here, value, title=True)
            elif key in _TITLE_KEYS and isinstance(value, list):
                yield from (Piece(here, v, title=True) for v in value if isinstance(v, str))
            else:
                yield from yaml_pieces(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            ident = item.get("id") if isinstance(item, dict) else None
            yield from yaml_pieces(item, f"{where}[{ident if ident is not None else i + 1}]")
    elif isinstance(data, str) and _WORD.search(data):
        yield Piece(where, data)


def _hints(code: str) -> Iterator[str]:
    """The hint texts a coach reads in feedback: the ``hint`` of each check in a code cell.

    The checks are the functions of ``pgkit.grading.controle`` that take a ``hint``
    (``juist(goed, hint)``, ``noemt(begrippen, minstens, hint)``), given by keyword or
    by position.
    """
    import ast
    import inspect

    from pgkit.grading import controle

    try:
        tree = ast.parse(code)
    except SyntaxError:  # not Python (a magic, a sketch): nbgrader reports it itself
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        check = getattr(controle, node.func.id, None)
        if not callable(check) or "hint" not in inspect.signature(check).parameters:
            continue
        at = list(inspect.signature(check).parameters).index("hint")
        given = [k.value for k in node.keywords if k.arg == "hint"]
        given += node.args[at:at + 1]
        yield from (v.value for v in given
                    if isinstance(v, ast.Constant) and isinstance(v.value, str))


def notebook_pieces(path: Path) -> Iterator[Piece]:
    """The Markdown cells of a notebook, and the hints of its checks (coach assignments)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for i, cell in enumerate(cells):
        text = "".join(cell.get("source", []))
        if cell.get("cell_type") == "markdown":
            yield Piece(f"cel {i + 1}", re.sub(r"^#+ .*$", "", text, flags=re.MULTILINE))
        elif cell.get("cell_type") == "code":
            yield from (Piece(f"cel {i + 1} hint", h) for h in _hints(text))


def prose(pieces: Iterable[Piece]) -> list[str]:
    """The sentences of these pieces: titles and labels are not sentences."""
    out = []
    for p in pieces:
        if p.title or is_label(p.text):
            out += [s for s in sentences(p.text) if words(s) > MAX_SENTENCE]
        else:
            out += sentences(p.text)
    return out


# The notebooks people open; their Markdown cells are read like any other page text.
NOTEBOOKS = ("modules/*.ipynb", "notebooks/*.ipynb", "facilitator/*.ipynb",
             "exercises/intervisie/*.ipynb", "exercises/assignments/source/*/*.ipynb")
SPINNENWEB_B1 = "pgkit.spinnenweb (B1)"
SPINNENWEB_A2 = "pgkit.spinnenweb (eenvoudige taal)"
CONCEPTS = "pgkit.concepts"


def code_pieces() -> dict[str, list[Piece]]:
    """Learner-facing text that lives in the package: spinnenweb items and concepts."""
    from pgkit import concepts, spinnenweb

    items = spinnenweb.ALL_ITEMS.values()
    return {
        SPINNENWEB_B1: [Piece(i.id, i.text) for i in items]
        + [Piece(f"actiewiel {q.key}", q.text) for q in spinnenweb.ACTIEWIEL],
        SPINNENWEB_A2: [Piece(i.id, i.simple) for i in items],
        CONCEPTS: [p for c in (*concepts.DILEMMA_KINDS, *concepts.CONVERSATION_QUESTIONS)
                   for p in (Piece(c.key, c.title, title=True), Piece(c.key, c.explanation))],
    }


def documents(root: Path) -> dict[str, list[Piece]]:
    """Every learner-facing text of the kit except the units, by path from ``root``.

    Files are named by their path from ``root``; the texts kept in the package by the
    names above (``pgkit.spinnenweb (B1)``, ...).
    """
    found: dict[str, list[Piece]] = {}
    yamls = [root / "modules" / "content" / "begrippen.yaml",
             *sorted((root / "facilitator").glob("*.yaml")),
             *sorted((root / "exercises" / "intervisie" / "methods").glob("*.yaml")),
             *sorted((root / "src" / "pgkit" / "messages" / "nl").glob("*.yaml"))]
    for path in yamls:
        if path.exists():
            data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
            found[str(path.relative_to(root))] = list(yaml_pieces(data))
    for pattern in NOTEBOOKS:
        for path in sorted(root.glob(pattern)):
            found[str(path.relative_to(root))] = list(notebook_pieces(path))
    found.update(code_pieces())
    return found


# --- the measures ---------------------------------------------------------------------------


@cache
def _syllable_counter():
    from textstat.textstat import textstatistics

    counter = textstatistics()
    counter.set_lang("nl")  # pyphen's Dutch dictionary ships with the package: no download
    return counter


def syllables(text: str) -> int:
    return int(_syllable_counter().syllable_count(text))


def douma(found: list[str]) -> float:
    """Flesch-Douma reading ease of these sentences."""
    n_words = sum(words(s) for s in found)
    if not found or not n_words:
        return 100.0
    per_sentence = n_words / len(found)
    per_word = sum(syllables(" ".join(_WORD.findall(s))) for s in found) / n_words
    return round(206.835 - 0.93 * per_sentence - 77 * per_word, 1)


@dataclass(frozen=True)
class Readability:
    sentences: int
    average: float
    longest: int
    too_long: list[str]
    douma: float = 100.0
    problems: list[str] = field(default_factory=list)  # e.g. jargon used before it is marked

    @property
    def ok(self) -> bool:
        return (self.average <= MAX_AVERAGE and not self.too_long and self.douma >= MIN_DOUMA
                and not self.problems)


def measure(found: list[str], problems: list[str] | None = None) -> Readability:
    counts = [words(s) for s in found]
    return Readability(len(found), round(sum(counts) / len(counts), 1) if counts else 0.0,
                       max(counts, default=0),
                       [s for s, n in zip(found, counts, strict=True) if n > MAX_SENTENCE],
                       douma(found), problems or [])


def jargon_problems(unit: UnitContent, terms: Any) -> list[str]:
    """Terms that must be explained, used in the unit before they are marked ``[[...]]``.

    The first use must be a mark in Markdown text; a mark anywhere else would show as
    brackets, so it is a problem too. Titles and goals do not count as a use: they name
    what the text under them explains.
    """
    from pgkit.glossary import MARK

    problems = []
    pieces = [p for p in unit_pieces(unit) if not p.title and not p.where.startswith("doel ")]
    for p in pieces:
        if MARK.search(p.text) and not p.markdown:
            problems.append(t("elearning.cli.mark_outside", unit=unit.unit, where=p.where))
    for term in (x for x in terms.terms if x.eerst_uitleggen):
        pattern = terms.pattern(term)
        for p in pieces:
            hit = pattern.search(p.text)
            if hit is None:
                continue
            marked = any(m.start() <= hit.start() < m.end() for m in MARK.finditer(p.text))
            if not (marked and p.markdown):
                problems.append(t("elearning.cli.first_use", unit=unit.unit, where=p.where,
                                  term=hit.group(0)))
            break
    return problems


def check(unit: UnitContent, terms: Any = None) -> Readability:
    """The B1 figures of one unit; ``terms`` (the glossary) adds the jargon rule."""
    problems = jargon_problems(unit, terms) if terms is not None else []
    return measure(unit_prose(unit), problems)
