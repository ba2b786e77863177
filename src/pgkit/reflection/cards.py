"""Which dilemma cards a meeting really discussed.

Drawing a card and drawing again at once is not a discussion, so the summary lists a
card only when it stayed on screen for ``DISCUSSED_AFTER`` seconds or the facilitator
marked it. Pure functions on ``meetings.state``; the page stores what they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DISCUSSED_AFTER = 60.0  # seconds on screen; the kit's own choice


def _stayed(state: Mapping[str, Any], now: float) -> str | None:
    """The card on screen now, if it has been there long enough."""
    current, since = state.get("dilemma"), state.get("dilemma_since")
    if current and since is not None and now - float(since) >= DISCUSSED_AFTER:
        return str(current)
    return None


def _add(ids: list[str], card: str | None) -> list[str]:
    return [*ids, card] if card and card not in ids else ids


def show(state: Mapping[str, Any], dilemma_id: str | None, now: float) -> dict[str, Any]:
    """The state parts after putting ``dilemma_id`` on screen (None takes it away)."""
    discussed = _add(list(state.get("dilemmas_discussed", [])), _stayed(state, now))
    shown = _add(list(state.get("dilemmas_shown", [])), dilemma_id)
    return {"dilemma": dilemma_id, "dilemma_since": now if dilemma_id else None,
            "dilemmas_shown": shown, "dilemmas_discussed": discussed}


def mark(state: Mapping[str, Any], dilemma_id: str) -> dict[str, Any]:
    """The facilitator says this card was discussed, however short it was shown."""
    return {"dilemmas_discussed": _add(list(state.get("dilemmas_discussed", [])), dilemma_id)}


def discussed(state: Mapping[str, Any], now: float) -> list[str]:
    """Cards discussed so far, in order, counting the current one once it has stayed."""
    return _add(list(state.get("dilemmas_discussed", [])), _stayed(state, now))
