"""The spinnenweb model: six dimensions, their items, scoring and surface area.

No widgets and no I/O beyond reading its item file once: the page, the store, the SVG
export and the tests all build on this one definition, so dimensions, item texts and the
actiewiel questions exist exactly once. Item texts are the kit's own questions (B1, with
an A2 version) on the public aspects, kept in ``spinnenweb_items.yaml``: content data
(Dutch only, like the units), not the iPH questionnaire.

A dimension is its stable id everywhere in code and in the store; the name a person
reads comes from the catalogue (``spinnenweb.dimension.<id>``, ``dimension_name``), so a
renamed or translated dimension never changes a stored key.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pgkit import yamlfile
from pgkit.messages import t
from pgkit.textutil import slugify

# The six dimensions' stable ids, in the order of the web's axes. Each is the slug of the
# Dutch name the kit stored before names came from the catalogue, so every store written
# since (item ids like ``zingeving.3``, quick answers, group-web scores, and the names in
# the ``dimension`` columns, whose slug is the id) reads without a migration.
DIMENSIONS: tuple[str, ...] = (
    "lichaamsfuncties",
    "mentaal-welbevinden",
    "zingeving",
    "kwaliteit-van-leven",
    "meedoen",
    "dagelijks-functioneren",
)

MIN_SCORE = 0.0
MAX_SCORE = 10.0


def dimension_key(dimension: str) -> str:
    """The stable id of a dimension (an id, or a Dutch name an older row holds), e.g.
    ``mentaal-welbevinden``; ValueError when unknown.

    A quick-mode fill stores one answer per dimension under this id as its item id.
    """
    return dimension_of(dimension)


def dimension_name(dimension: str) -> str:
    """The name a person reads, in their language: ``Mentaal welbevinden``."""
    return t(f"spinnenweb.dimension.{dimension_of(dimension)}")


def stored_id(stored: str | None) -> str | None:
    """The id of a ``dimension`` value read back from the store: an id, or the Dutch name
    an older row holds (its slug is the id); None when it names no dimension."""
    try:
        return dimension_of(stored) if stored else None
    except ValueError:
        return None


def shown_name(stored: str | None) -> str:
    """``dimension_name`` of a value read back from the store or a page, or the value
    itself when it names no dimension (an edited row shows as it is, it breaks no page)."""
    try:
        return dimension_name(stored) if stored else ""
    except ValueError:
        return stored or ""


@dataclass(frozen=True)
class Item:
    """One question a person answers from 0 (not at all) to 10 (fully, very well).

    ``text`` is the kit's B1 wording; ``simple`` the same question in simple language
    (A2) for the "Eenvoudige taal" switch. Every question is put so that 10 is the good
    end, also for pain and worries.
    """

    id: str
    dimension: str
    text: str
    simple: str


ITEMS_FILE = Path(__file__).with_name("spinnenweb_items.yaml")


def load_items(path: Path = ITEMS_FILE) -> dict[str, tuple[tuple[int, str, str], ...]]:
    """The items of ``spinnenweb_items.yaml`` (content, Dutch only), per dimension in page
    order; a broken file fails at import with a Dutch message naming file and question."""
    data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or set(data) != set(DIMENSIONS):
        raise ValueError(t("spinnenweb.error.items_dimensions", file=path.name,
                           expected=", ".join(DIMENSIONS)))
    items: dict[str, tuple[tuple[int, str, str], ...]] = {}
    for d in DIMENSIONS:
        rows = []
        for n, item in enumerate(data[d] or [], 1):
            if not isinstance(item, dict) or not all(item.get(k) for k in ("id", "text", "simple")):
                raise ValueError(t("spinnenweb.error.items_field", file=path.name,
                                   dimension=d, n=n))
            rows.append((int(item["id"]), str(item["text"]), str(item["simple"])))
        items[d] = tuple(rows)
    return items


# The kit's own questions (``spinnenweb_items.yaml``): the number is the item's stable id
# within its dimension, the order is the order on the page.
_ITEMS = load_items()

ITEMS: dict[str, tuple[Item, ...]] = {
    dim: tuple(Item(f"{dim}.{n}", dim, text, simple) for n, text, simple in _ITEMS[dim])
    for dim in DIMENSIONS
}
ALL_ITEMS: dict[str, Item] = {item.id: item for dim in DIMENSIONS for item in ITEMS[dim]}


@dataclass(frozen=True)
class ActiewielQuestion:
    """One spoke of the actiewiel; ``key`` is what the store keeps."""

    key: str

    @property
    def text(self) -> str:
        """The question in the reader's language (``spinnenweb.actiewiel.<key>``)."""
        return t(f"spinnenweb.actiewiel.{self.key}")


ACTIEWIEL: tuple[ActiewielQuestion, ...] = tuple(
    ActiewielQuestion(key) for key in ("nu", "wil", "kun", "tegen", "nodig", "besluit"))
ACTIEWIEL_KEYS: tuple[str, ...] = tuple(q.key for q in ACTIEWIEL)


# --- validation -------------------------------------------------------------------------

def dimension_of(name: str) -> str:
    """The dimension's id for an id or for the Dutch name an older row or file holds
    (``Mentaal welbevinden``: its slug is the id); ValueError when unknown."""
    if name in _ITEMS:
        return name
    key = slugify(name) if isinstance(name, str) else ""
    if key in _ITEMS:
        return key
    raise ValueError(t("spinnenweb.error.unknown_dimension", name=name,
                       choices=", ".join(dimension_name(d) for d in DIMENSIONS)))


def dimension_of_item(item_id: str) -> str:
    """The dimension an item id belongs to (a full item or a quick-mode dimension id)."""
    if item_id in ALL_ITEMS:
        return ALL_ITEMS[item_id].dimension
    if item_id in _ITEMS:
        return item_id
    raise ValueError(t("spinnenweb.error.unknown_item", item=item_id))


def check_score(value: float, what: str = "score") -> float:
    """A valid score as float; ValueError for NaN, infinities, non-numbers or out of 0–10."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(t("spinnenweb.error.not_a_number", what=what, value=value))
    number = float(value)
    if math.isnan(number):
        raise ValueError(t("spinnenweb.error.nan", what=what))
    if not MIN_SCORE <= number <= MAX_SCORE:
        raise ValueError(t("spinnenweb.error.out_of_range", what=what, value=value))
    return number


def complete_scores(scores: Mapping[str, float | None]) -> dict[str, float]:
    """All six dimensions with a valid score, keyed by id, in DIMENSIONS order."""
    named: dict[str, float | None] = {}
    for name, value in scores.items():
        named[dimension_of(name)] = value
    missing = [d for d in DIMENSIONS if named.get(d) is None]
    if missing:
        raise ValueError(t("spinnenweb.error.missing",
                           dimensions=", ".join(dimension_name(d) for d in missing)))
    return {d: check_score(named[d], dimension_name(d))  # type: ignore[arg-type]
            for d in DIMENSIONS}


# --- scoring ----------------------------------------------------------------------------

def dimension_score(values: Iterable[float | None]) -> float | None:
    """The mean of the answered values, or None when nothing is answered ("open")."""
    answered = [check_score(v) for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


def dimension_scores(answers: Mapping[str, float | None]) -> dict[str, float | None]:
    """Per dimension the mean of its answered items; works for quick and full fills.

    ``answers`` maps item ids (``zingeving.3``) or dimension ids (quick mode) to a score
    or None (unanswered). Every dimension appears in the result; open ones are None.
    """
    per_dim: dict[str, list[float | None]] = {d: [] for d in DIMENSIONS}
    for item_id, value in answers.items():
        dim = dimension_of_item(item_id)
        if value is not None:
            check_score(value, item_id)
        per_dim[dim].append(value)
    return {d: dimension_score(vals) for d, vals in per_dim.items()}


def marked_dimensions(marks: Iterable[str]) -> set[str]:
    """The dimensions with at least one item marked "hier wil ik over praten"."""
    return {dimension_of_item(item_id) for item_id in marks}


# --- geometry ---------------------------------------------------------------------------

ANGLE_STEP = 2 * math.pi / len(DIMENSIONS)
_HALF_SIN60 = 0.5 * math.sin(math.radians(60))


def axis_angle(index: int) -> float:
    """The angle (radians) of axis ``index``: the first points up, then clockwise."""
    return math.pi / 2 - index * ANGLE_STEP


def polygon_points(scores: Mapping[str, float | None]) -> list[tuple[float, float]]:
    """The web's corner points, in DIMENSIONS order; an open dimension sits at the centre."""
    named = {dimension_of(k): v for k, v in scores.items()}
    points = []
    for i, dim in enumerate(DIMENSIONS):
        value = named.get(dim)
        r = 0.0 if value is None else check_score(value, dimension_name(dim))
        points.append((r * math.cos(axis_angle(i)), r * math.sin(axis_angle(i))))
    return points


def surface_area(scores: Mapping[str, float | None]) -> float:
    """The gezondheidsoppervlak: ½·sin 60°·Σ rᵢ·rᵢ₊₁ over the hexagon's six triangles."""
    r = list(complete_scores(scores).values())
    return _HALF_SIN60 * sum(r[i] * r[(i + 1) % len(r)] for i in range(len(r)))


MAX_AREA: float = _HALF_SIN60 * len(DIMENSIONS) * MAX_SCORE * MAX_SCORE


def surface_share(scores: Mapping[str, float | None]) -> float:
    """The area as a fraction (0–1) of the largest possible web (all tens)."""
    return surface_area(scores) / MAX_AREA


def is_complete(scores: Mapping[str, float | None]) -> bool:
    named = {dimension_of(k): v for k, v in scores.items()}
    return all(named.get(d) is not None for d in DIMENSIONS)


@dataclass(frozen=True)
class Comparison:
    """Change from an earlier web to a later one; None where either side is open."""

    per_dimension: dict[str, float | None]
    area: float | None

    @property
    def grown(self) -> list[str]:
        return [d for d, v in self.per_dimension.items() if v is not None and v > 0]

    @property
    def shrunk(self) -> list[str]:
        return [d for d, v in self.per_dimension.items() if v is not None and v < 0]


def compare(earlier: Mapping[str, float | None], later: Mapping[str, float | None]) -> Comparison:
    """Later minus earlier per dimension, and in area when both webs are complete."""
    before = {dimension_of(k): v for k, v in earlier.items()}
    after = {dimension_of(k): v for k, v in later.items()}
    for side in (before, after):
        for dim, value in side.items():
            if value is not None:
                check_score(value, dimension_name(dim))
    per_dim = {d: (None if before.get(d) is None or after.get(d) is None
                   else float(after[d]) - float(before[d]))  # type: ignore[arg-type]
               for d in DIMENSIONS}
    area = (surface_area(after) - surface_area(before)
            if is_complete(before) and is_complete(after) else None)
    return Comparison(per_dim, area)
