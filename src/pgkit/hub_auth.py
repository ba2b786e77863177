"""The kit behind JupyterHub: the signed-in hub user becomes the kit's person.

The kit runs as one hub-managed service (``pgkit serve --hub``). Sign-in is the hub's
(JupyterHub's OAuth, through jupyter_server's ``IdentityProvider`` hook, so every handler
of the service knows who is asking). This module decides who that is in the kit:

- a hub login matches the person the coordinator imported: the pseudonym that
  ``pgkit cohort import`` gave, or the person's e-mail address (organisations that sign in
  with single sign-on usually use the e-mail as the hub name);
- a login nobody imported gets a person only while the coordinator has opened one cohort
  for self-registration (``pgkit hub zelfaanmelding``), and lands in that cohort;
- the hub is the source of truth for the elevated roles: membership of the hub groups in
  :data:`GROUP_ROLES` (and hub admin, which means coordinator) is copied onto the person's
  roles on every sign-in. Being a trainee follows from an import or enrolment, not from
  the hub.

Pages keep reading the signed profile cookie (``pgkit.identity``): the render handler
sets it to the hub user's person before a kernel starts, so a kernel knows whom it serves.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlparse

import tornado.web
from jupyter_server.auth.identity import User
from jupyterhub.services.auth import HubOAuth
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from traitlets import default

from pgkit import identity
from pgkit.app import RENDERABLE, GatedVoilaHandler, KitHandler
from pgkit.hub_config import GROUP_ROLES
from pgkit.messages import t
from pgkit.store import people, session_scope
from pgkit.store.models import Cohort, Person, PersonRole, Role
from pgkit.textutil import slugify
from pgkit.urls import hub_logout_url, kit_url
from pgkit.web_identity import XSRF_COOKIE, KitIdentityProvider, _mac

HUB_MANAGED_ROLES = frozenset(GROUP_ROLES.values())
# A sign-in is looked up in the store at most once per this many seconds per login.
LINK_CACHE_SECONDS = 30.0
# The profile cookie's name behind the hub (``pgkit.identity`` reads PGKIT_PROFILE_COOKIE).
HUB_COOKIE = "pgkit_hubprofiel"


class NotLinked(Exception):
    """A hub login that is no person in the kit, with the Dutch reason."""


@dataclass(frozen=True)
class ServiceSettings:
    prefix: str
    port: int


def service_settings() -> ServiceSettings:
    """Prefix and port JupyterHub gives its managed service through the environment."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    url = os.environ.get("JUPYTERHUB_SERVICE_URL")
    if not prefix or not url:
        raise RuntimeError("pgkit serve --hub runs only as a JupyterHub service "
                           "(JUPYTERHUB_SERVICE_PREFIX and JUPYTERHUB_SERVICE_URL are unset)")
    port = urlparse(url).port
    if port is None:
        raise RuntimeError(f"JUPYTERHUB_SERVICE_URL has no port: {url}")
    return ServiceSettings(prefix=prefix, port=port)


def roles_from_hub(groups: Iterable[str], admin: bool) -> set[Role]:
    """The elevated kit roles that these hub groups (and admin) stand for."""
    roles = {GROUP_ROLES[g] for g in groups if g in GROUP_ROLES}
    if admin:
        roles.add(Role.COORDINATOR)
    return roles


def find_person(session: Session, login: str) -> Person | None:
    """The imported person for a hub login: by pseudonym, else by e-mail address."""
    person = people.person_by_pseudonym(session, login)
    if person is not None:
        return person
    matches = list(session.scalars(
        select(Person).where(func.lower(Person.email) == login.strip().lower()).limit(2)))
    if len(matches) > 1:
        raise NotLinked(t("hub.ambiguous", login=escape(login)))
    return matches[0] if matches else None


def self_registration_cohort(session: Session) -> Cohort | None:
    return session.scalar(select(Cohort).where(Cohort.self_registration.is_(True)))


def set_self_registration(session: Session, cohort: Cohort | None) -> None:
    """Open ``cohort`` for people nobody imported, or close self-registration (None)."""
    for open_cohort in session.scalars(select(Cohort).where(Cohort.self_registration.is_(True))):
        open_cohort.self_registration = False
    if cohort is not None:
        cohort.self_registration = True
    session.flush()


def sync_roles(session: Session, person: Person, wanted: set[Role]) -> None:
    """Make the person's hub-managed roles exactly ``wanted``; other roles stay."""
    have = people.roles_of(session, person.id)
    for role in HUB_MANAGED_ROLES & (wanted - have):
        session.add(PersonRole(person_id=person.id, role=role))
    for role in HUB_MANAGED_ROLES & (have - wanted):
        session.delete(session.get(PersonRole, (person.id, role)))
    session.flush()


def link(session: Session, login: str, groups: Iterable[str] = (), admin: bool = False) -> str:
    """The pseudonym of the kit person behind a hub login; raises :class:`NotLinked`."""
    person = find_person(session, login)
    if person is None:
        cohort = self_registration_cohort(session)
        if cohort is None:
            raise NotLinked(t("hub.not_imported", login=escape(login)))
        email = login if "@" in login else None
        person = people.ensure_person(
            session, people.unique_pseudonym(session, slugify(login.split("@")[0])),
            login.split("@")[0], email=email)
        people.enrol(session, cohort, person)
    sync_roles(session, person, roles_from_hub(groups, admin))
    return person.pseudonym


@dataclass
class HubKitUser(User):
    """A hub sign-in: ``username`` is the kit person's pseudonym, or ``!<hub name>`` (never a
    pseudonym) with the Dutch ``reason`` when the login is nobody in the kit."""

    hub_name: str = ""
    reason: str | None = None

    @property
    def pseudonym(self) -> str | None:
        return None if self.reason else self.username


class _HubOAuth(HubOAuth):
    """The hub's OAuth client, leaving the ``_xsrf`` token to the kit (pgkit.web_identity)."""

    def _patch_xsrf(self, handler: tornado.web.RequestHandler) -> None:  # noqa: ARG002 (override)
        return None

    def set_cookie(self, handler: tornado.web.RequestHandler, access_token: str) -> None:
        super().set_cookie(handler, access_token)
        # The hub also sets its own _xsrf cookie under the service prefix; the page's
        # scripts would send that one, which the kit does not know. Take it back.
        handler.clear_cookie(XSRF_COOKIE, path=self.base_url)


class _HubSignIn(JupyterHubIdentityProvider):
    """JupyterHub's own OAuth sign-in for a service, used by :class:`HubIdentityProvider`."""

    @default("hub_auth")
    def _default_hub_auth(self) -> HubOAuth:
        return _HubOAuth(parent=self)


class HubIdentityProvider(KitIdentityProvider):
    """The kit's identity provider behind the hub: the person is the hub user's.

    Only ``pseudonym`` differs from the standalone provider (web_identity's contract):
    the form token, kernel ownership and every page keep working on the pseudonym.
    """

    _links: dict[tuple[str, tuple[str, ...], bool], tuple[float, str | None, str | None]]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._links = {}
        self._hub = _HubSignIn(parent=self, log=self.log)

    @property
    def login_available(self) -> bool:
        return True

    def get_handlers(self) -> list[tuple[str, object]]:
        return self._hub.get_handlers()  # the OAuth callback and logout

    def validate_security(self, app: Any, ssl_options: Any = None) -> None:  # noqa: ARG002 (override)
        return None  # the hub guards the door; jupyter_server's token warning does not apply

    def pseudonym(self, handler: tornado.web.RequestHandler) -> str | None:
        user = getattr(handler, "_pgkit_hub_user", None)
        return user.pseudonym if isinstance(user, HubKitUser) else None

    # The hub asks for the form token while it checks the sign-in cookie, before anyone
    # knows the person; so behind the hub the token is bound to that sign-in (the hub's
    # OAuth token for this service, in an HttpOnly cookie no other site can read).
    def _hub_session(self, handler: tornado.web.RequestHandler) -> str | None:
        return self._hub.hub_auth._get_token_cookie(handler)

    def form_token(self, handler: tornado.web.RequestHandler) -> str:
        session = self._hub_session(handler)
        return _mac("xsrf-hub", session) if session else super().form_token(handler)

    def form_token_ok(self, handler: tornado.web.RequestHandler, sent: str | None) -> bool:
        session = self._hub_session(handler)
        if not session:
            return super().form_token_ok(handler, sent)
        return sent is not None and hmac.compare_digest(sent, _mac("xsrf-hub", session))

    def _link(self, model: dict[str, Any]) -> tuple[str | None, str | None]:
        key = (model["name"], tuple(sorted(model.get("groups") or ())),
               bool(model.get("admin")))
        cached = self._links.get(key)
        if cached is None or cached[0] < time.monotonic():
            pseudonym, reason = None, None
            try:
                with session_scope() as session:
                    pseudonym = link(session, *key)
            except NotLinked as exc:
                reason = str(exc)
            cached = (time.monotonic() + LINK_CACHE_SECONDS, pseudonym, reason)
            self._links[key] = cached
        return cached[1], cached[2]

    # jupyter_server allows an awaitable here; asking the hub is a network call.
    async def get_user(  # type: ignore[override]
            self, handler: tornado.web.RequestHandler) -> HubKitUser | None:
        if hasattr(handler, "_pgkit_hub_user"):
            return handler._pgkit_hub_user
        hub_user = await self._hub.get_user(handler)
        user = None
        if hub_user is not None:
            model = hub_user.hub_user
            pseudonym, reason = self._link(model)
            user = HubKitUser(username=pseudonym or f"!{model['name']}", name=model["name"],
                              hub_name=model["name"], reason=reason)
        handler._pgkit_hub_user = user  # type: ignore[attr-defined]
        return user


class HubVoilaHandler(GatedVoilaHandler):
    """Renders a kit page for the signed-in hub user, as their kit person."""

    @tornado.web.authenticated  # untyped decorator: the signature is the parent's
    async def get(self, path: str | None = None) -> None:  # type: ignore[override]
        if not path or ".." in path or not RENDERABLE.match(path):
            raise tornado.web.HTTPError(404)
        user: HubKitUser = self.current_user
        if user.pseudonym is None:
            not_linked_page(self, user)
            return
        if identity.verify(self.get_cookie(HUB_COOKIE)) != user.pseudonym:
            # The kernel learns who it serves from this cookie in the request, so it must
            # be there before the page renders: set it, then load the page again.
            self.set_cookie(HUB_COOKIE, identity.sign(user.pseudonym), path=kit_url(),
                            httponly=True, samesite="Lax")
            self.redirect(self.request.uri or kit_url())
            return
        await super().get(path)


def not_linked_page(handler: tornado.web.RequestHandler, user: HubKitUser) -> None:
    """403: the hub login is nobody in the kit; says why, and how to sign out."""
    handler.set_status(403)
    logout = hub_logout_url() or kit_url()
    KitHandler.page(handler, t("hub.not_linked_title"),  # type: ignore[arg-type]
                    f'<p role="alert">{escape(user.reason or "")}</p>'
                    f'<p><a href="{logout}">{t("pages.sign_out")}</a></p>')
