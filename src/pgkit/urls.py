"""The kit's own addresses, under the prefix it is served at.

Standalone the kit owns ``/``; behind JupyterHub it lives under the service prefix
(``/services/pgkit/``), so every link a page writes goes through :func:`kit_url`. The
server sets the ``base_url`` setting (pgkit.config) and its kernels inherit it.
"""

from __future__ import annotations

import os

from pgkit.config import setting


def base_url() -> str:
    """``/`` standalone, ``/services/pgkit/`` behind the hub; always ends with a slash."""
    inner = setting("base_url").strip("/")
    return f"/{inner}/" if inner else "/"


def kit_url(path: str = "") -> str:
    """An absolute path on the kit's server: ``kit_url("voila/render/x.ipynb")``."""
    return base_url() + path.lstrip("/")


def render_url(page_path: str) -> str:
    """The address of a kit page, from its path under the kit's root folder."""
    return kit_url(f"voila/render/{page_path}")


def hub_logout_url() -> str | None:
    """The hub's sign-out page when the kit runs behind JupyterHub, else None."""
    if not os.environ.get("JUPYTERHUB_SERVICE_PREFIX"):
        return None
    hub_base = os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/")
    return f"{hub_base}/hub/logout"
