"""Parsing the three Limburg regions as people write them."""

from __future__ import annotations

from pgkit.store.models import Region

_ALIASES = {
    "noord": Region.NOORD,
    "midden": Region.MIDDEN,
    "zuid": Region.ZUID,
}


def parse_region(value: str) -> Region | None:
    """``Noord``, ``noord-limburg`` and ``Noord Limburg`` all mean the same region."""
    key = value.strip().lower().replace("limburg", "").strip(" -")
    return _ALIASES.get(key)
