"""What every page shares: identity, role checks, the kit's style and an error boundary.

Users never see a traceback: errors go to the server log (the kernel's real stderr)
and the page shows a Dutch message with the class ``pgkit-error``, which the browser
tests fail on.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w
from IPython.display import display

from pgkit.errorlog import report_error as report_error  # re-exported for the pages
from pgkit.identity import User, current_user
from pgkit.markup import Markup, html, msg, notice_html
from pgkit.messages import t, use_language
from pgkit.store import session_scope
from pgkit.store.models import Role
from pgkit.urls import hub_logout_url, kit_url

log = logging.getLogger("pgkit.pages")
CSS = (Path(__file__).with_name("kit.css")).read_text(encoding="utf-8")
# The kit's own stylesheet, put in every page header as it is (escaping would break ">").
STYLE = Markup(CSS)


def error_box(message: str | None = None) -> w.HTML:
    """The Dutch error box; ``message`` is escaped unless it is ``Markup``."""
    return w.HTML(html('<div class="pgkit-error" role="alert">{}</div>',
                       message or t("common.error_generic")))


def notice(message: str, kind: str = "info") -> w.HTML:
    """A short Dutch message in a box (``markup.notice_html``) as a widget."""
    return w.HTML(notice_html(message, kind))


def guarded(status: w.Output | w.Box | None = None) -> Callable:
    """Wrap a widget callback so an error shows as a Dutch message, never a traceback."""

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                report_error(exc)
                if isinstance(status, w.Box):
                    status.children = (error_box(),)
                elif isinstance(status, w.Output):
                    with status:
                        display(error_box())
            return None

        return inner

    return wrap


def header(title: str, user: User | None, subtitle: str | None = None) -> w.HTML:
    # Behind the hub, signing out is the hub's; standalone, the profile form switches.
    logout = hub_logout_url()
    switch = (html('<a href="{}">{}</a>', logout, t("pages.sign_out")) if logout else
              html('<a href="{}?opnieuw=1">{}</a>', kit_url("pgkit/welkom"),
                   t("pages.switch_profile")))
    who = (html('<span class="pgkit-who">{} · {}</span>',
                t("pages.signed_in_as", name=user.display_name), switch) if user else "")
    sub = html('<p class="pgkit-subtitle">{}</p>', subtitle) if subtitle else ""
    return w.HTML(html(
        "<style>{css}</style>"
        '<header class="pgkit-header"><a class="pgkit-home" href="{home}">{app}</a>'
        "{who}</header><h1>{title}</h1>{sub}",
        css=STYLE, home=kit_url(), app=t("common.app_name"), who=who, title=title, sub=sub))


@dataclass(frozen=True)
class Page:
    """What a view shows: its title and how to build its body for one user.

    ``max_width`` keeps lines of prose readable; a page of wide tables may take more.
    """

    title: str
    build: Callable[[User], w.Widget]
    subtitle: str | None = None
    max_width: str = "1100px"


# The query of the address on screen; the shell sets it when it shows a view. Outside
# the shell (a plain notebook page) it is the request's own query string.
_query: str | None = None


def set_query(query: str | None) -> None:
    global _query
    _query = query


def query_param(name: str) -> str:
    """One value from the address's query (``?code=ABC123``), or ``""``."""
    query = _query if _query is not None else os.environ.get("QUERY_STRING", "")
    return (parse_qs(query).get(name) or [""])[0].strip()


# The class of a view that is complete: header and body (a first view gets its body a
# moment after its header).
VIEW_READY = "pgkit-view-ready"


def render(page: Page, user: User | None, roles: Iterable[Role] | None = None,
           later: Callable[[Callable[[], None]], None] | None = None) -> w.Widget:
    """The page for this user, or a Dutch message when they have no profile or no right.

    ``roles`` limits who may see it; every error becomes a Dutch box, never a traceback.
    With ``later`` the header is shown at once and the body is built when ``later`` runs
    the work it is given (``lifecycle.when_on_screen``): the shell's first view, so the
    visitor's page shows while the view is still being built.
    """
    try:
        if user is None:
            return _ready(w.VBox([header(page.title, None), notice(
                msg("pages.no_profile", url=kit_url("pgkit/welkom")), "warn")]))
        allowed = set(roles) if roles is not None else None
        if allowed is not None and not (allowed & user.roles):
            return _ready(w.VBox([header(page.title, user),
                                  notice(t("common.not_allowed"), "warn")]))
        head = header(page.title, user, page.subtitle)
        frame = w.VBox([head, _building() if later else page.build(user)],
                       layout=w.Layout(max_width=page.max_width))
    except Exception as exc:
        report_error(exc)
        return _ready(w.VBox([header(page.title, None), error_box()]))
    if later is None:
        return _ready(frame)

    def fill() -> None:
        try:
            frame.children = (head, page.build(user))
        except Exception as exc:
            report_error(exc)
            frame.children = (header(page.title, None), error_box())
        _ready(frame)

    later(fill)
    return frame


def _ready(view: w.Box) -> w.Box:
    """Mark a view whose body is on screen (tests and the browser wait for it)."""
    view.add_class(VIEW_READY)
    return view


def _building() -> w.HTML:
    return w.HTML(html('<p class="pgkit-building" role="status">{}</p>', t("pages.building")))


def signed_in_user() -> User | None:
    with session_scope() as session:
        return current_user(session)


def run_page(title: str, build: Callable[[User], w.Widget],
             roles: Iterable[Role] | None = None, subtitle: str | None = None,
             max_width: str = "1100px") -> None:
    """Show one page on its own, outside the shell (a notebook of its own)."""
    try:
        user = signed_in_user()
    except Exception as exc:
        report_error(exc)
        display(w.VBox([header(title, None), error_box()]))
        return
    use_language(user.language if user else None)
    display(render(Page(title, build, subtitle, max_width), user, roles))
