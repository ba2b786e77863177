"""The spinnenweb model: six dimensions, scoring and surface area. No widgets, no I/O."""

from __future__ import annotations

from pgkit.textutil import slugify

DIMENSIONS: tuple[str, ...] = (
    "Lichaamsfuncties",
    "Mentaal welbevinden",
    "Zingeving",
    "Kwaliteit van leven",
    "Meedoen",
    "Dagelijks functioneren",
)


def dimension_key(dimension: str) -> str:
    """The stable id of a dimension in the store, e.g. ``mentaal-welbevinden``."""
    return slugify(dimension)
