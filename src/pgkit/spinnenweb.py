"""The spinnenweb model: six dimensions, their items, scoring and surface area.

No widgets, no I/O: the page, the store, the SVG export and the tests all build on
this one definition, so dimension names, item texts and the actiewiel questions exist
exactly once. Item texts are the kit's own B1 wording on the public aspects; they are
content data, not the iPH questionnaire.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pgkit.textutil import slugify

DIMENSIONS: tuple[str, ...] = (
    "Lichaamsfuncties",
    "Mentaal welbevinden",
    "Zingeving",
    "Kwaliteit van leven",
    "Meedoen",
    "Dagelijks functioneren",
)

MIN_SCORE = 0.0
MAX_SCORE = 10.0


def dimension_key(dimension: str) -> str:
    """The stable id of a dimension in the store, e.g. ``mentaal-welbevinden``.

    A quick-mode fill stores one answer per dimension under this id as its item id.
    """
    return slugify(dimension)


@dataclass(frozen=True)
class Item:
    """One statement a person scores from 0 (not at all) to 10 (completely)."""

    id: str
    dimension: str
    text: str


_ITEM_TEXTS: dict[str, tuple[str, ...]] = {
    "Lichaamsfuncties": (
        "Ik voel me gezond in mijn lijf.",
        "Ik voel me fit.",
        "Pijn of klachten houden mij weinig tegen.",
        "Ik slaap goed en word uitgerust wakker.",
        "Ik eet op een manier die goed voor mij is.",
        "Mijn conditie is goed genoeg voor wat ik wil doen.",
        "Ik beweeg genoeg op een dag.",
    ),
    "Mentaal welbevinden": (
        "Ik kan dingen goed onthouden.",
        "Ik kan mijn aandacht goed bij iets houden.",
        "Ik kan goed zeggen wat ik bedoel.",
        "Ik voel me vaak vrolijk.",
        "Ik ben tevreden met wie ik ben.",
        "Als er iets verandert, kan ik me daaraan aanpassen.",
        "Ik heb het gevoel dat ik zelf de touwtjes in handen heb.",
    ),
    "Zingeving": (
        "Mijn leven heeft voor mij betekenis.",
        "Ik heb zin in de dagen die komen.",
        "Ik weet wat ik belangrijk vind en wil bereiken.",
        "Ik heb vertrouwen in mijn eigen toekomst.",
        "Ik kan leven met dingen die ik niet kan veranderen.",
        "Ik voel me dankbaar voor wat ik heb.",
        "Ik blijf graag nieuwe dingen leren.",
    ),
    "Kwaliteit van leven": (
        "Ik kan genieten van gewone dingen.",
        "Ik voel me gelukkig.",
        "Ik voel me over het algemeen goed.",
        "Mijn leven is goed in balans.",
        "Ik voel me veilig, thuis en buiten.",
        "Ik ben tevreden over mijn huis en mijn buurt.",
        "Ik kom rond met het geld dat ik heb.",
    ),
    "Meedoen": (
        "Ik heb genoeg contact met andere mensen.",
        "Andere mensen nemen mij serieus.",
        "Ik doe leuke dingen samen met anderen.",
        "Als ik hulp nodig heb, zijn er mensen die mij steunen.",
        "Ik voel dat ik ergens bij hoor.",
        "Ik doe dingen die voor mij of anderen zinvol zijn.",
        "Ik vind het fijn om te volgen wat er in de wereld gebeurt.",
    ),
    "Dagelijks functioneren": (
        "Ik kan goed voor mezelf zorgen.",
        "Ik weet wat ik aankan en wat niet.",
        "Ik weet genoeg over mijn gezondheid om goede keuzes te maken.",
        "Ik kan mijn tijd goed indelen.",
        "Ik kan goed met mijn geld omgaan.",
        "Ik kan werken of iets anders doen wat ik wil doen.",
        "Ik durf hulp te vragen als ik die nodig heb.",
    ),
}

ITEMS: dict[str, tuple[Item, ...]] = {
    dim: tuple(Item(f"{dimension_key(dim)}.{n}", dim, text)
               for n, text in enumerate(_ITEM_TEXTS[dim], start=1))
    for dim in DIMENSIONS
}
ALL_ITEMS: dict[str, Item] = {item.id: item for dim in DIMENSIONS for item in ITEMS[dim]}
_BY_KEY: dict[str, str] = {dimension_key(d): d for d in DIMENSIONS}


@dataclass(frozen=True)
class ActiewielQuestion:
    """One spoke of the actiewiel; ``key`` is what the store keeps."""

    key: str
    text: str


ACTIEWIEL: tuple[ActiewielQuestion, ...] = (
    ActiewielQuestion("nu", "Hoe gaat het nu?"),
    ActiewielQuestion("wil", "Wat wil je?"),
    ActiewielQuestion("kun", "Wat kun je?"),
    ActiewielQuestion("tegen", "Wat houdt je tegen?"),
    ActiewielQuestion("nodig", "Wat heb je nodig?"),
    ActiewielQuestion("besluit", "Wat besluit je?"),
)
ACTIEWIEL_KEYS: tuple[str, ...] = tuple(q.key for q in ACTIEWIEL)


# --- validation -------------------------------------------------------------------------

def dimension_of(name: str) -> str:
    """The dimension's display name for a name or key; ValueError when unknown."""
    if name in _ITEM_TEXTS:
        return name
    if name in _BY_KEY:
        return _BY_KEY[name]
    raise ValueError(f"onbekende dimensie {name!r}; kies uit: {', '.join(DIMENSIONS)}")


def dimension_of_item(item_id: str) -> str:
    """The dimension an item id belongs to (a full item or a quick-mode dimension key)."""
    if item_id in ALL_ITEMS:
        return ALL_ITEMS[item_id].dimension
    if item_id in _BY_KEY:
        return _BY_KEY[item_id]
    raise ValueError(f"onbekend item {item_id!r}")


def check_score(value: float, what: str = "score") -> float:
    """A valid score as float; ValueError for NaN, infinities, non-numbers or out of 0–10."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what}: {value!r} is geen getal")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{what}: geen getal (NaN)")
    if not MIN_SCORE <= number <= MAX_SCORE:
        raise ValueError(f"{what}: {value!r} ligt niet tussen 0 en 10")
    return number


def complete_scores(scores: Mapping[str, float | None]) -> dict[str, float]:
    """All six dimensions with a valid score, keyed by display name, in DIMENSIONS order."""
    named: dict[str, float | None] = {}
    for name, value in scores.items():
        named[dimension_of(name)] = value
    missing = [d for d in DIMENSIONS if named.get(d) is None]
    if missing:
        raise ValueError(f"score ontbreekt voor: {', '.join(missing)}")
    return {d: check_score(named[d], d) for d in DIMENSIONS}  # type: ignore[arg-type]


# --- scoring ----------------------------------------------------------------------------

def dimension_score(values: Iterable[float | None]) -> float | None:
    """The mean of the answered values, or None when nothing is answered ("open")."""
    answered = [check_score(v) for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


def dimension_scores(answers: Mapping[str, float | None]) -> dict[str, float | None]:
    """Per dimension the mean of its answered items; works for quick and full fills.

    ``answers`` maps item ids (``zingeving.3``) or dimension keys (quick mode) to a score
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
        r = 0.0 if value is None else check_score(value, dim)
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
                check_score(value, dim)
    per_dim = {d: (None if before.get(d) is None or after.get(d) is None
                   else float(after[d]) - float(before[d]))  # type: ignore[arg-type]
               for d in DIMENSIONS}
    area = (surface_area(after) - surface_area(before)
            if is_complete(before) and is_complete(after) else None)
    return Comparison(per_dim, area)
