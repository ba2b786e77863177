"""Who is asking, for every handler of the kit's server: the one place that says so.

``KitIdentityProvider`` is jupyter_server's hook (``identity_provider_class``), so Voila's
own handlers (render, kernel websocket, kernel API, shutdown) and the kit's handlers all
learn the user from it. Standalone the user is the pseudonym in the signed profile cookie
(``pgkit.identity``); under a JupyterHub single-user server it is ``JUPYTERHUB_USER``.
A login through JupyterHub's OAuth replaces ``pseudonym`` and nothing else.

The form token (``_xsrf``) is bound to that user: an HMAC of the pseudonym with the
server's secret, so a token made up by a client, or taken from another visitor, is
refused. Before someone signs in, the token is bound to a random visitor cookie instead
(the welcome form), so it is never one value shared by all.
"""

from __future__ import annotations

import hmac
import os
import secrets
from typing import Any

from jupyter_server.auth.identity import IdentityProvider, User
from tornado import web

from pgkit import identity

VISITOR_COOKIE = "pgkit_bezoeker"  # random, only to bind the welcome form's token
XSRF_COOKIE = "_xsrf"  # Voila's unload beacon reads this name from document.cookie


def _mac(purpose: str, subject: str) -> str:
    return identity._mac(f"{purpose}|", subject)


class KitIdentityProvider(IdentityProvider):
    """The user of a request: the signed profile, or the JupyterHub user."""

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return False  # the kit's own welcome form signs people in, not jupyter's /login

    @property
    def logout_available(self) -> bool:
        return False

    def get_handlers(self) -> list[tuple[str, object]]:
        return []

    def pseudonym(self, handler: web.RequestHandler) -> str | None:
        """The person behind ``handler``'s request, or None."""
        hub_user = os.environ.get("JUPYTERHUB_USER")
        if hub_user:
            return hub_user
        return identity.verify(handler.get_cookie(identity.COOKIE))

    def get_user(self, handler: web.RequestHandler) -> User | None:
        pseudonym = self.pseudonym(handler)
        return User(username=pseudonym) if pseudonym else None

    def form_token(self, handler: web.RequestHandler) -> str:
        """This visitor's ``_xsrf`` token; sets the visitor cookie when it is needed."""
        pseudonym = self.pseudonym(handler)
        if pseudonym:
            return _mac("xsrf-person", pseudonym)
        visitor = handler.get_cookie(VISITOR_COOKIE)
        if not visitor or len(visitor) != 32:
            visitor = secrets.token_hex(16)
            handler.set_cookie(VISITOR_COOKIE, visitor, httponly=True, samesite="Strict")
        return _mac("xsrf-visitor", visitor)

    def form_token_ok(self, handler: web.RequestHandler, sent: str | None) -> bool:
        if not sent:
            return False
        pseudonym = self.pseudonym(handler)
        visitor = handler.get_cookie(VISITOR_COOKIE)
        expected = (_mac("xsrf-person", pseudonym) if pseudonym else
                    _mac("xsrf-visitor", visitor) if visitor else None)
        return expected is not None and hmac.compare_digest(sent, expected)


def provider(handler: web.RequestHandler) -> KitIdentityProvider:
    return handler.settings["identity_provider"]


class ProfileXsrfMixin:
    """Tornado's ``_xsrf`` check, with the token bound to the user instead of a cookie."""

    @property
    def xsrf_token(self) -> bytes:
        handler: Any = self
        if not hasattr(self, "_pgkit_xsrf"):
            token = provider(handler).form_token(handler)
            if handler.get_cookie(XSRF_COOKIE) != token:
                # Not HttpOnly: Voila's unload beacon reads it to shut the kernel down.
                handler.set_cookie(XSRF_COOKIE, token, samesite="Strict")
            self._pgkit_xsrf = token
        return self._pgkit_xsrf.encode()

    def check_xsrf_cookie(self) -> None:
        handler: Any = self
        sent = (handler.get_argument("_xsrf", None)
                or handler.request.headers.get("X-Xsrftoken")
                or handler.request.headers.get("X-Csrftoken"))
        if not provider(handler).form_token_ok(handler, sent):
            raise web.HTTPError(403, "'_xsrf' argument missing or not this visitor's")
