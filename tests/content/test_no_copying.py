"""Learner-facing text is written in the kit's own words: no run of 8+ words from the seeds.

Facts from the source documents carry over, sentences do not. This test collects every
text a trainee, facilitator or coach reads (units, runbooks, cards, cases, polls, role play,
intervision methods, the message catalogue, coach assignments, page notebooks, the
spinnenweb items and the concepts) and fails on any run of ``RUN`` words that also occurs
in ``../shared/seeds/`` (beside the repository, as in CI). Case, punctuation, diacritics
and hyphens are normalised away first.

The only exceptions are the named fixed lists below: names and questions a text must use
as they are (the actiewiel questions, the dimension names, ...). They are cut out of the
text before comparing, so a run can never pass *through* them. Fix a failure by rewriting
the text, never by adding prose to these lists.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from pgkit import concepts, spinnenweb

ROOT = Path(__file__).resolve().parents[2]
# CI checks the repository out with shared/ beside it; a git worktree elsewhere can point
# at the same folder with PGKIT_SEEDS_DIR.
SEEDS = Path(os.environ.get("PGKIT_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
RUN = 8

# Named fixed lists: terms and questions that must stay as they are.
ACTIEWIEL = [q.text for q in spinnenweb.ACTIEWIEL]
DIMENSIONS = [spinnenweb.dimension_name(d) for d in spinnenweb.DIMENSIONS]
INVULLINGEN = ["brede benadering", "reflectie-instrument", "aanjager van verandering",
               "gezamenlijk kader", "beweging"]
FASES_GROL_WENSING = ["Oriëntatie", "Inzicht", "Acceptatie", "Verandering", "Behoud"]
# The handreiking's five helping questions (lesson 1) and five questions around het andere
# gesprek (lesson 3), as the seed words them: a text may quote them as a list.
HELPENDE_VRAGEN = ["Welke invullingen van Positieve Gezondheid zijn voor ons relevant?",
                   "Wat willen we precies veranderen?",
                   "Welke interventies horen hierbij, hoe passen ze bij bestaande manieren "
                   "van werken, wie zijn de beoogde gebruikers?",
                   "Welke strategieën kunnen in verschillende fases worden ingezet?",
                   "Hoe gaan we de verandering evalueren?"]
INBEDDING_VRAGEN = ["Wie is aan zet bij het aangaan van het andere gesprek?",
                    "Wat is de plek van het spinnenweb in het andere gesprek?",
                    "Hoe past het gesprek in het traject?",
                    "Welke rol spelen afhankelijkheid en ongelijkheid bij eigen regie?",
                    "Hoe ziet het vervolg eruit?"]
# The titles of the tips for municipalities (seed 004) and provinces (seed 001).
TIP_TITLES = ["Zoek een haakje", "Draag de verantwoordelijkheid breed",
              "Houd oog voor waar het schuurt", "Denk vooraf na over burgerparticipatie",
              "Breng focus aan", "Stuur op de grondbeginselen van Positieve Gezondheid",
              "Durf los te laten", "Maak massa om muren te slechten",
              "Kies meerdere middelen"]
NAMED_LISTS = {"actiewiel": ACTIEWIEL, "dimensies": DIMENSIONS, "invullingen": INVULLINGEN,
               "fases": FASES_GROL_WENSING, "helpende vragen": HELPENDE_VRAGEN,
               "vragen rond het gesprek": INBEDDING_VRAGEN, "tips": TIP_TITLES}

BREAK = "\x00"  # stands where a named term was cut out; no run crosses it


def normalise(text: str) -> str:
    """Lower case, no diacritics, no markup, hyphens joined, punctuation as spaces."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "", text)  # a word broken over two lines
    text = re.sub(r"(?<=\w)[-\u2010\u2011]+(?=\w)", "", text)
    return re.sub(r"[^a-z0-9\x00]+", " ", text)


def words(text: str) -> list[str]:
    return normalise(text).split()


def _named_terms() -> list[list[str]]:
    terms = {tuple(words(term)) for items in NAMED_LISTS.values() for term in items}
    return sorted((list(t) for t in terms if t), key=len, reverse=True)


TERMS = _named_terms()


def without_named_terms(tokens: list[str]) -> list[str]:
    """The tokens with every named term replaced by one BREAK token."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for term in TERMS:
            if tokens[i:i + len(term)] == term:
                out.append(BREAK)
                i += len(term)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def runs(tokens: list[str]) -> Iterator[tuple[int, tuple[str, ...]]]:
    for i in range(len(tokens) - RUN + 1):
        gram = tuple(tokens[i:i + RUN])
        if BREAK not in gram:
            yield i, gram


def seed_runs(folder: Path) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            grams.update(g for _, g in runs(words(path.read_text(encoding="utf-8"))))
    return grams


def shared_runs(text: str, seeds: set[tuple[str, ...]]) -> list[str]:
    """Each maximal stretch of the text made of runs that also occur in the seeds."""
    tokens = without_named_terms(words(text))
    hits = [i for i, gram in runs(tokens) if gram in seeds]
    found: list[str] = []
    start = end = None
    for i in hits:
        if end is not None and i <= end:
            end = i + RUN
            continue
        if start is not None:
            found.append(" ".join(tokens[start:end]))
        start, end = i, i + RUN
    if start is not None:
        found.append(" ".join(tokens[start:end]))
    return found


# ------------------------------------------------------------ learner-facing text


def _strings(node: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            label = value.get("id") if isinstance(value, dict) and "id" in value else key
            yield from _strings(value, f"{where}/{label}")
    elif isinstance(node, list):
        for n, value in enumerate(node, start=1):
            label = value.get("id", n) if isinstance(value, dict) else n
            yield from _strings(value, f"{where}/{label}")


def _notebook_text(path: Path) -> Iterator[tuple[str, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for n, cell in enumerate(cells, start=1):
        source = cell["source"]
        yield f"cel {n}", "".join(source) if isinstance(source, list) else source


YAML_GLOBS = ("modules/content/**/*.yaml", "facilitator/**/*.yaml",
              "exercises/intervisie/**/*.yaml", "src/pgkit/messages/nl/**/*.yaml")
NOTEBOOK_GLOBS = ("modules/**/*.ipynb", "notebooks/**/*.ipynb", "facilitator/**/*.ipynb",
                  "exercises/intervisie/**/*.ipynb", "exercises/assignments/source/**/*.ipynb")


def learner_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text the kit shows to the people who use it."""
    for pattern in YAML_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for where, text in _strings(data, ""):
                yield f"{path.relative_to(ROOT)}:{where}", text
    for pattern in NOTEBOOK_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if ".ipynb_checkpoints" in path.parts:
                continue
            for where, text in _notebook_text(path):
                yield f"{path.relative_to(ROOT)}:{where}", text
    for item in spinnenweb.ALL_ITEMS.values():
        yield f"pgkit.spinnenweb:{item.id}", item.text
        yield f"pgkit.spinnenweb:{item.id} (eenvoudig)", item.simple
    for concept in (*concepts.DILEMMA_KINDS, *concepts.CONVERSATION_QUESTIONS):
        yield f"pgkit.concepts:{concept.key}", f"{concept.title}\n{concept.explanation}"


# ------------------------------------------------------------ tests


def test_the_guard_finds_copied_words_and_spares_named_lists() -> None:
    seeds = {g for _, g in runs(words(
        "Goed luisteren kan door stiltes te laten vallen en niet voor de ander in te vullen. "
        "Hoe gaat het nu? Wat wil je? Wat kun je? Wat houdt je tegen? Wat heb je nodig?"))}
    copied = "Tip: goed luisteren kan door stiltes te laten vallen, en niet in te vullen."
    assert shared_runs(copied, seeds) == ["goed luisteren kan door stiltes te laten vallen en niet"]
    assert shared_runs("GOED LUISTEREN kán door stil-tes te laten vallen!", seeds)
    assert shared_runs("Goed luisteren kan door stiltes te laten gebeuren.", seeds) == []
    wheel = "Vraag: Hoe gaat het nu? Wat wil je? Wat kun je? Wat houdt je tegen?"
    assert shared_runs(wheel, seeds) == []


def test_the_seed_folder_beside_the_repository_is_used() -> None:
    assert SEEDS.name == "seeds" and SEEDS.parent.name == "shared"


def test_learner_text_shares_no_run_of_eight_words_with_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"de bronteksten staan niet in {SEEDS} (verwacht: shared/seeds naast de "
                    "repository, of zet PGKIT_SEEDS_DIR)")
    seeds = seed_runs(SEEDS)
    assert len(seeds) > 10_000  # the seeds were read, not an empty folder
    texts = list(learner_texts())
    assert len(texts) > 500  # the content was found
    problems = [f"{where}: '{run}'" for where, text in texts
                for run in shared_runs(text, seeds)]
    assert not problems, ("Deze teksten delen 8 of meer woorden op rij met de bronnen. "
                          "Schrijf ze in eigen woorden:\n" + "\n".join(problems))
