"""The shell: one kernel per visitor, and every view of the kit inside it.

A visitor's first page starts (or takes from Voila's pool) one kernel. From then on a
click on a kit link, Back or Forward arrives through the :class:`Router` and the shell
swaps its main area: it closes the old view (its lifecycle scope, so its refreshers and
timers stop, and its widgets, so the browser and the kernel free them), imports the new
view's module the first time it is needed, and builds the view for the visitor.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as w
from IPython.display import display
from ipywidgets.widgets.widget import _instances

from pgkit import lifecycle, messages
from pgkit.identity import User, preheating
from pgkit.messages import t
from pgkit.pages import base, registry
from pgkit.pages.base import Page, report_error
from pgkit.shell import routes
from pgkit.shell.router import Router
from pgkit.shell.routes import Route

log = logging.getLogger("pgkit.shell")

# Views a preheated kernel imports while it waits for its visitor: the ones most
# visitors open first. Heavier views load when they are first shown.
WARM_MODULES = ("start", "elearning", "meeting")


def view_module(view: registry.View) -> Any:
    return importlib.import_module(f"pgkit.pages.{view.module}")


class Shell:
    def __init__(self) -> None:
        self.router = Router(routes.known_paths(), on_go=self.go, on_beat=lifecycle.heartbeat)
        self.main = w.VBox()
        self.main.add_class("pgkit-shell")
        self.root = w.VBox([self.router, self.main])
        self.scope = lifecycle.Scope("before the first view")
        self.route: Route | None = None
        self.seq = 0
        # The shell's own widgets (and anything older) outlive every view.
        self._lasting = set(_instances)

    def open(self, fallback: str) -> None:
        """Show the view Voila was asked for, or ``fallback`` (a notebook in JupyterLab)."""
        route = routes.request_route() or routes.resolve(registry.url(fallback))
        if route is None:  # not a kit view: a notebook outside the registry
            route = routes.resolve(registry.url(registry.START))
        assert route is not None
        self.show(route, push=False, initial=True)

    def go(self, href: str, push: bool) -> None:
        """A click on a kit link (``push``) or Back/Forward in the browser."""
        route = routes.resolve(href)
        if route is None:
            return
        self.show(route, push=push)

    def show(self, route: Route, *, push: bool, initial: bool = False) -> None:
        self._leave()
        self.seq += 1
        self.scope = lifecycle.Scope(route.view.path)
        lifecycle.enter(self.scope)
        base.set_query(route.query)
        self.route = route
        # The first view's header is on screen as soon as the page is; its body is built
        # once the browser has the page (lifecycle.when_on_screen), so a heavy view does
        # not keep the kernel from answering the browser's first requests.
        page, body = self._build(route, later=lifecycle.when_on_screen if initial else None)
        body.add_class(f"pgkit-view-{self.seq}")
        self.main.children = (body,)
        self.router.shown(route.href, f'{page.title} · {t("common.app_name")}', push=push,
                          initial=initial, lang=messages.current_language())

    def _build(self, route: Route, later: Callable[[Callable[[], None]], None] | None = None
               ) -> tuple[Page, w.Widget]:
        try:
            user = self._user()
            # Before the page: its title and every text of the view are in their language.
            messages.use_language(user.language if user else None)
            page = view_module(route.view).page(route.view.arg)
        except Exception as exc:
            report_error(exc)
            page = Page(t("common.app_name"), lambda _user: base.error_box())
            return page, base.render(page, None)
        return page, base.render(page, user, route.view.roles, later=later)

    def _user(self) -> User | None:
        # Asked again for every view: a role taken away counts from the next view on.
        return base.signed_in_user()

    def _leave(self) -> None:
        """Stop what the view on screen started and free its widgets."""
        self.scope.close()
        old = [_instances[k] for k in list(_instances) if k not in self._lasting]
        self.main.children = ()
        # The browser may still be creating the old view's models when the visitor moves
        # on (a quick second click); closing them a moment later spares it "model not found".
        # Not lifecycle.soon: the old view's scope, which would cancel it, is closed above.
        lifecycle.later(lambda: _close(old), CLOSE_AFTER_SECONDS)


CLOSE_AFTER_SECONDS = 5.0


def _close(widgets: list[w.Widget]) -> None:
    for widget in widgets:
        with contextlib.suppress(Exception):
            widget.close()


def open_view(fallback: str) -> None:
    """The entry point of every kit notebook: open the shell at this notebook's view."""
    shell = Shell()
    display(shell.root)
    warmed = preheating()
    if warmed:  # waiting in the pool anyway: get the first views ready
        _warm()
    try:
        base.signed_in_user()  # a preheated kernel waits here for its visitor
    except Exception as exc:  # the view shows the error box
        report_error(exc)
    shell.open(fallback)
    if not warmed:  # while the visitor reads the first view
        lifecycle.soon(_warm, delay=1.0)
    # Nothing is returned: the notebook's last line would print it under the page.


def _warm() -> None:
    for name in WARM_MODULES:
        try:
            module = importlib.import_module(f"pgkit.pages.{name}")
            warm = getattr(module, "warm", None)
            if warm:
                warm()
        except Exception as exc:  # reported again when the view is shown
            report_error(exc)
