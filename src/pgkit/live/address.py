"""The kit's address as the visitor's browser reached it, to show on a projector.

Voila hands the request's host and port to the kernel (``SERVER_NAME``/``SERVER_PORT``),
so the address the room is asked to type is the one that works from this network.
"""

from __future__ import annotations

import os

from pgkit.urls import kit_url

# The phone page (pgkit.phone.seat.PATH); kept here so the projector imports no handlers.
JOIN_PATH = "meedoen"

DEFAULT_PORTS = ("", "80", "443")


def kit_address() -> str | None:
    """``host`` or ``host:port`` without the scheme (browsers add it), or None."""
    host = os.environ.get("SERVER_NAME", "").strip()
    if not host:
        return None
    port = os.environ.get("SERVER_PORT", "").strip()
    return host if port in DEFAULT_PORTS else f"{host}:{port}"


def join_address() -> str | None:
    """Where phones join: ``host[:port]/meedoen`` (under the hub, the service prefix too)."""
    host = kit_address()
    return f"{host}{kit_url(JOIN_PATH)}" if host else None


def join_link(code: str) -> str:
    """The meeting link a facilitator shares: the phone page with the code filled in."""
    return f"{kit_url(JOIN_PATH)}?code={code}"
