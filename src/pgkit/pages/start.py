"""The home page: a welcome and a card for every part of the kit this user may use."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from pgkit.config import setting
from pgkit.identity import User
from pgkit.markup import html, join
from pgkit.messages import t
from pgkit.pages import registry
from pgkit.pages.base import Page
from pgkit.store.models import Role


def kit_root() -> Path:
    return Path(setting("home") or Path.cwd().parent)


def _cards(user: User) -> w.HTML:
    items = join(
        html('<li class="pgkit-card"><h2><a href="{}">{}</a></h2><p>{}</p></li>',
             registry.url(v), t(v.card.title_key), t(v.card.text_key))
        for v in registry.available(kit_root(), user.roles) if v.card)
    if not items:
        return w.HTML(html("<p>{}</p>", t("pages.nothing_yet")))
    return w.HTML(html('<ul class="pgkit-cards">{}</ul>', items))


def build(user: User) -> w.Widget:
    roles = ", ".join(t(f"store.roles.{r.value}") for r in Role if r in user.roles)
    intro = w.HTML(html("<p>{}</p>", t("pages.start_intro", name=user.display_name,
                                         roles=roles)))
    return w.VBox([intro, _cards(user)])


def page(_arg: str | None = None) -> Page:
    return Page(t("pages.start_title"), build)
