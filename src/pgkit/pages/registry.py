"""The one list of the kit's views: their addresses, who may open them, and their cards.

Every view has an entry notebook at ``path`` (its address, ``/voila/render/<path>``) and
lives in a module of ``pgkit.pages`` with a ``page(arg) -> base.Page`` function. The shell
(``pgkit.shell``) imports that module the first time the view is shown. A view with a
``card`` is offered on the home page to the roles that may open it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pgkit.curriculum import UNITS
from pgkit.store.models import Role
from pgkit.urls import render_url

ALL_ROLES = frozenset(Role)
HOSTS = frozenset({Role.FACILITATOR, Role.COACH, Role.COORDINATOR})
FOLLOWERS = frozenset({Role.COACH, Role.COORDINATOR})


@dataclass(frozen=True)
class Card:
    title_key: str
    text_key: str


@dataclass(frozen=True)
class View:
    path: str  # the entry notebook, relative to the kit's root folder
    module: str  # in pgkit.pages
    arg: str | None = None  # what the module's page() needs to know (a unit's key)
    roles: frozenset[Role] = ALL_ROLES
    card: Card | None = None

    @property
    def name(self) -> str:
        return self.path.removesuffix(".ipynb")


START = "notebooks/start.ipynb"

VIEWS: tuple[View, ...] = (
    View(START, "start"),
    View("modules/index.ipynb", "elearning",
         card=Card("pages.elearning_title", "pages.elearning_text")),
    *(View(f"modules/{u.key}.ipynb", "elearning", arg=u.key) for u in UNITS),
    View("notebooks/spinnenweb.ipynb", "spinnenweb",
         card=Card("pages.spinnenweb_title", "pages.spinnenweb_text")),
    View("notebooks/meeting.ipynb", "meeting",
         card=Card("pages.meeting_title", "pages.meeting_text")),
    View("facilitator/runbook.ipynb", "facilitator", roles=HOSTS,
         card=Card("pages.facilitator_title", "pages.facilitator_text")),
    View("facilitator/projector.ipynb", "projector", roles=HOSTS),
    View("exercises/intervisie/voorzitter.ipynb", "intervision_chair", roles=HOSTS,
         card=Card("pages.intervision_title", "pages.intervision_text")),
    View("exercises/intervisie/deelnemer.ipynb", "intervision_participant",
         card=Card("intervisie.home_title", "intervisie.home_text")),
    View("notebooks/dashboard.ipynb", "dashboard", roles=FOLLOWERS,
         card=Card("pages.dashboard_title", "pages.dashboard_text")),
)
BY_PATH = {v.path: v for v in VIEWS}


def view(path: str) -> View | None:
    return BY_PATH.get(path)


def available(root: Path, roles: frozenset[Role]) -> list[View]:
    """The views with a card that exist in this checkout and that these roles may open."""
    return [v for v in VIEWS
            if v.card and (root / v.path).exists() and v.roles & roles]


def url(v: View | str) -> str:
    return render_url(v.path if isinstance(v, View) else v)
