"""Who is using this page, and in which roles.

Under JupyterHub the user is ``JUPYTERHUB_USER``. Standalone, the server hands out a
signed profile cookie (``pgkit.app`` asks a first-time visitor for a display name) and
Voila passes the Cookie header to the kernel; a page cannot type its own identity
because it cannot sign one without the server's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from sqlalchemy.orm import Session

from pgkit.config import env_name, setting
from pgkit.store import people
from pgkit.store.models import Role

# Behind the hub the kit uses its own cookie name, so a standalone kit's profile cookie on
# the same host (cookies ignore the port) is never read in its place.
COOKIE: str = setting("profile_cookie")


@dataclass(frozen=True)
class User:
    person_id: int
    pseudonym: str
    display_name: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    language: str | None = None  # the person's own choice; None: the kit's default

    def has(self, role: Role) -> bool:
        return role in self.roles


class SecretMissing(Exception):
    """The signing key is empty; the message is Dutch and names the file or variable."""


def load_or_create_secret(path: Path) -> str:
    """The signing key, kept beside the store so profiles survive a restart.

    Created with mode 0600 in one step (never written first and tightened after), and
    never overwritten: an empty file is an error, because a new key would sign everyone
    out and an empty one would let anyone sign.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text().strip()
        if not value:
            from pgkit.messages import t

            raise SecretMissing(t("cli.serve.empty_secret", path=path)) from None
        return value
    value = secrets.token_hex(32)
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value


def secret() -> bytes:
    value = setting("secret")
    if not value:
        raise RuntimeError(f"{env_name('secret')} is not set; start the kit with `pgkit serve`")
    return value.encode()


def _mac(purpose: str, data: str) -> str:
    """The kit's one HMAC with its secret. ``purpose`` is prefixed so a MAC made for one use
    is worthless for another; the profile cookie's purpose is empty because cookies signed
    before purposes existed must still verify."""
    return hmac.new(secret(), (purpose + data).encode(), hashlib.sha256).hexdigest()


def sign(pseudonym: str) -> str:
    return f"{pseudonym}:{_mac('', pseudonym)}"


def verify(token: str | None) -> str | None:
    """The pseudonym inside a signed token, or None when it is absent or forged."""
    if not token or ":" not in token:
        return None
    pseudonym, mac = token.rsplit(":", 1)
    return pseudonym if hmac.compare_digest(mac, _mac("", pseudonym)) else None


def pseudonym_from_cookie_header(header: str | None) -> str | None:
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:
        return None
    morsel = jar.get(COOKIE)
    return verify(morsel.value) if morsel else None


def request_pseudonym() -> str | None:
    """The pseudonym of the person behind this kernel's request."""
    hub_user = os.environ.get("JUPYTERHUB_USER")
    if hub_user:
        return hub_user
    wait_for_visitor()
    return pseudonym_from_cookie_header(os.environ.get("HTTP_COOKIE"))


def wait_for_visitor() -> None:
    """Block a preheated kernel until Voila hands it a visitor's request (env variables).

    Voila's ``wait_for_request`` waits again on every call, so once the request is in
    this kernel is marked as no longer preheating.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    # Voila's own ``voila.utils.wait_for_request`` would import all of Voila, Jupyter
    # Server and nbconvert into the kernel: seconds of CPU and ~40 MB per kernel for a
    # one-message websocket. This is the same exchange with the light sync client.
    import json

    from websockets.sync.client import connect

    env = os.environ
    base = env.get("VOILA_WS_BASE_URL") or env.get("VOILA_SERVER_URL", "/")
    url = (f'{env.get("VOILA_WS_PROTOCOL", "ws")}://{env.get("VOILA_APP_IP", "127.0.0.1")}:'
           f'{env.get("VOILA_APP_PORT", "8866")}{base}voila/query/{env.get("VOILA_KERNEL_ID", "")}')
    proof = {PROOF_HEADER: kernel_proof(env.get("VOILA_KERNEL_ID", ""))}
    with connect(url, open_timeout=5, max_size=2**20, additional_headers=proof) as socket:
        request = json.loads(socket.recv())
    for key, value in request.items():
        os.environ[str(key)] = str(value)
    os.environ["VOILA_PREHEAT"] = "False"


# The header a preheated kernel sends on ``/voila/query/<id>``; pgkit.kernel_access
# refuses the socket without it, so no stranger can read or steal a visitor's request.
PROOF_HEADER = "X-Pgkit-Kernel-Proof"


def kernel_proof(kernel_id: str) -> str:
    """What only the kit's own kernels can compute: an HMAC of their id with the secret."""
    return _mac("voila-query:", kernel_id)


def preheating() -> bool:
    """True while this kernel is waiting in Voila's pool for a visitor."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def current_user(session: Session, pseudonym: str | None = None) -> User | None:
    """The user of this page, created on first sight under JupyterHub."""
    pseudonym = pseudonym or request_pseudonym()
    if not pseudonym:
        return None
    person = people.person_by_pseudonym(session, pseudonym)
    if person is None and os.environ.get("JUPYTERHUB_USER") == pseudonym:
        person = people.ensure_person(session, pseudonym, pseudonym)
    if person is None:
        return None
    return User(person.id, person.pseudonym, person.display_name,
                frozenset(people.roles_of(session, person.id)), person.language)
