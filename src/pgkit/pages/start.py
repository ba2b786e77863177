"""The home page: a welcome and a card for every part of the kit this user may use."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import ipywidgets as w

from pgkit.identity import User
from pgkit.messages import t
from pgkit.pages import registry
from pgkit.pages.base import Page
from pgkit.store.models import Role


def kit_root() -> Path:
    return Path(os.environ.get("PGKIT_HOME") or Path.cwd().parent)


def _cards(user: User) -> w.HTML:
    items = "".join(
        f'<li class="pgkit-card"><h2><a href="{registry.url(v)}">{t(v.card.title_key)}</a></h2>'
        f"<p>{t(v.card.text_key)}</p></li>"
        for v in registry.available(kit_root(), user.roles) if v.card)
    if not items:
        return w.HTML(f"<p>{t('pages.nothing_yet')}</p>")
    return w.HTML(f'<ul class="pgkit-cards">{items}</ul>')


def build(user: User) -> w.Widget:
    roles = ", ".join(t(f"store.roles.{r.value}") for r in Role if r in user.roles)
    intro = w.HTML(f"<p>{t('pages.start_intro', name=escape(user.display_name), roles=roles)}"
                   "</p>")
    return w.VBox([intro, _cards(user)])


def page(_arg: str | None = None) -> Page:
    return Page(t("pages.start_title"), build)
