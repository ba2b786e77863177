"""Addresses and views: which view an address in the browser means, and back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from pgkit.pages import registry
from pgkit.pages.registry import View
from pgkit.urls import kit_url, render_url


@dataclass(frozen=True)
class Route:
    view: View
    query: str

    @property
    def href(self) -> str:
        """The address the browser shows for this view (reload comes back here)."""
        return render_url(self.view.path) + (f"?{self.query}" if self.query else "")


def known_paths() -> list[str]:
    """Every path the router may handle without loading a new page."""
    return [kit_url(), *(render_url(v.path) for v in registry.VIEWS)]


def resolve(href: str) -> Route | None:
    """The route of ``/voila/render/<path>?query`` (or the kit's home), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:  # the router sends paths only; anything else is not ours
        return None
    if parts.path in (kit_url(), kit_url().rstrip("/")):
        view = registry.view(registry.START)
    else:
        prefix = render_url("")
        if not parts.path.startswith(prefix):
            return None
        view = registry.view(parts.path[len(prefix):])
    return Route(view, parts.query) if view else None


def request_route() -> Route | None:
    """The route Voila was asked for (its CGI-style variables), if any."""
    path = os.environ.get("SCRIPT_NAME", "")
    if not path:
        return None
    query = os.environ.get("QUERY_STRING", "")
    return resolve(path + (f"?{query}" if query else ""))
