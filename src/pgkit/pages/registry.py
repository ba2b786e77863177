"""The pages of the kit, as the home page links them. Add a page here when it exists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pgkit.store.models import Role
from pgkit.urls import render_url

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the kit's root folder
    title_key: str
    text_key: str
    roles: frozenset[Role] = ALL_ROLES


PAGES: tuple[Page, ...] = (
    Page("modules/index.ipynb", "pages.elearning_title", "pages.elearning_text"),
    Page("notebooks/spinnenweb.ipynb", "pages.spinnenweb_title", "pages.spinnenweb_text"),
    Page("notebooks/meeting.ipynb", "pages.meeting_title", "pages.meeting_text"),
    Page("facilitator/runbook.ipynb", "pages.facilitator_title", "pages.facilitator_text",
         frozenset({Role.FACILITATOR, Role.COACH, Role.COORDINATOR})),
    Page("exercises/intervisie/voorzitter.ipynb", "pages.intervision_title",
         "pages.intervision_text", frozenset({Role.FACILITATOR, Role.COACH, Role.COORDINATOR})),
    Page("exercises/intervisie/deelnemer.ipynb", "intervisie.home_title", "intervisie.home_text"),
    Page("notebooks/dashboard.ipynb", "pages.dashboard_title", "pages.dashboard_text",
         frozenset({Role.COACH, Role.COORDINATOR})),
)


def available(root: Path, roles: frozenset[Role]) -> list[Page]:
    """The pages that exist in this checkout and that these roles may open."""
    return [p for p in PAGES if (root / p.path).exists() and p.roles & roles]


def url(page: Page) -> str:
    return render_url(page.path)
