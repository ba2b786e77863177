"""What JupyterHub's own process needs from the kit (``deploy/hub/jupyterhub_config.py``).

- :data:`GROUP_ROLES`: the hub groups that stand for kit roles. The hub is the source of
  truth for them (``pgkit.hub_auth`` copies them onto the person at every sign-in); in demo
  mode the groups are filled once from the demo store, so both agree from the start.
- :class:`KitNativeAuthenticator`: NativeAuthenticator (accounts with passwords, approved by
  an admin) that, in demo mode only, creates an approved account with the password ``demo``
  for every demo person.
- :func:`refuse_non_graders`: only coaches and coordinators get a JupyterLab server.
- :func:`prepare_lab_server`: the spawner's ``pre_spawn_hook``: that refusal, then a short
  private runtime folder per lab server, because its kernels listen on Unix sockets there
  (``--KernelManager.transport=ipc``), not on TCP ports every local account can reach.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import bcrypt
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
from nativeauthenticator.orm import UserInfo
from sqlalchemy import select
from traitlets import Unicode

from pgkit.store.models import Person, PersonRole, Role

# Hub group -> kit role. Hub admin counts as coordinator.
GROUP_ROLES: dict[str, Role] = {
    "coordinatoren": Role.COORDINATOR,
    "coaches": Role.COACH,
    "begeleiders": Role.FACILITATOR,
}
# Who may start a JupyterLab server with nbgrader's formgrader (everyone else: none).
GRADER_GROUPS = ("coaches", "coordinatoren")
DEMO_PASSWORD = "demo"
# A Unix socket's path holds at most 107 bytes (sun_path). jupyter_client names a kernel's
# sockets after its connection file: <runtime folder>/kernel-<uuid>-ipc-<n>.
SOCKET_PATH_MAX = 107
LONGEST_SOCKET_NAME = "kernel-00000000-0000-0000-0000-000000000000-ipc-99"


def groups_from_store(url: str) -> dict[str, dict[str, list[str]]]:
    """``c.JupyterHub.load_groups`` from the roles in the store (demo mode's first start)."""
    from pgkit.store import session_scope

    by_role = {role: group for group, role in GROUP_ROLES.items()}
    groups: dict[str, list[str]] = {group: [] for group in GROUP_ROLES}
    with session_scope(url) as session:
        rows = session.execute(select(Person.pseudonym, PersonRole.role)
                               .join(PersonRole, PersonRole.person_id == Person.id)
                               .where(PersonRole.role.in_(list(by_role))))
        for pseudonym, role in rows:
            groups[by_role[role]].append(pseudonym)
    return {group: {"users": sorted(users)} for group, users in groups.items()}


def demo_logins(url: str) -> list[str]:
    from pgkit.store import session_scope

    with session_scope(url) as session:
        return list(session.scalars(select(Person.pseudonym).where(Person.is_demo)
                                    .order_by(Person.pseudonym)))


class _NoStatsd:
    """Stands in for the statsd client JupyterHub 6 removed (nativeauthenticator 1.3 uses it)."""

    def timer(self, _name: str) -> _NoStatsd:
        return self

    def start(self) -> _NoStatsd:
        return self

    def stop(self, send: bool = True) -> None:  # noqa: ARG002 (statsd client's signature)
        return None


class KitLoginHandler(NativeLoginHandler):
    """nativeauthenticator's login page, working on JupyterHub 6 (upstream: see docs)."""

    statsd = _NoStatsd()

    def _render(self, login_error: str | None = None, username: str | None = None,
                **_error_page: Any) -> Any:
        # JupyterHub 6 renders a failed form post through _render with the error page's
        # arguments (sync=True, status_code, ...); the login form needs only these two.
        return super()._render(login_error=login_error, username=username)


class KitNativeAuthenticator(NativeAuthenticator):
    """NativeAuthenticator; in demo mode every demo person has the password ``demo``."""

    def get_handlers(self, app: Any) -> list:
        return [(path, KitLoginHandler if handler is NativeLoginHandler else handler)
                for path, handler in super().get_handlers(app)]

    demo_store = Unicode("", config=True, help="The kit store whose demo people get accounts "
                         "with the password 'demo' (demo mode only; empty: none).")

    def add_new_table(self) -> None:
        super().add_new_table()
        if self.demo_store:
            created = create_accounts(self.db, demo_logins(self.demo_store), DEMO_PASSWORD)
            self.log.info("Demo accounts created: %d (password %r)", created, DEMO_PASSWORD)


def create_accounts(db: Any, logins: list[str], password: str) -> int:
    """Approved NativeAuthenticator accounts for ``logins`` that have none yet."""
    have = {info.username for info in UserInfo.all_users(db)}
    # One hash for all: bcrypt takes ~0.2 s per hash, and the demo password is public.
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    new = [UserInfo(username=login, password=hashed, is_authorized=True)
           for login in logins if login not in have]
    db.add_all(new)
    db.commit()
    return len(new)


def refuse_non_graders(spawner: Any) -> None:
    """``Spawner.pre_spawn_hook``: a lab server only for coaches and coordinators.

    Anyone who can run code can read what their server's credentials reach; trainees,
    participants and facilitators work in the shared kit service only. The hub's roles
    already deny them the ``servers`` scope; this is the second lock.
    """
    user = spawner.user
    groups = {g.name for g in user.groups}
    if not (user.admin or groups & set(GRADER_GROUPS)):
        raise PermissionError(f"{user.name} may not start a server (not a coach or coordinator)")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only this operating-system user can open.

    The lab runtime folders live in the shared temporary folder, so refuse one that someone
    else made first (or a symbolic link put there): its owner could read the kernels' keys.
    """
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise PermissionError(f"{path} is not a folder of this user; refusing to use it")
    path.chmod(0o700)
    return path


def lab_runtime_root(state: Path) -> Path:
    """The short private folder under which each lab server keeps its kernels' sockets.

    Not in the hub's state folder: a checkout's path can be long, and a socket path longer
    than :data:`SOCKET_PATH_MAX` cannot be bound. One per hub state, so two hubs on one
    machine (a test beside ``make hub``) stay apart.
    """
    digest = hashlib.sha256(str(state.resolve()).encode()).hexdigest()[:10]
    return private_dir(Path(tempfile.gettempdir()) / f"pgkit-labs-{digest}")


def lab_runtime_dir(root: Path, user_id: int) -> Path:
    """One lab server's runtime folder (the hub's user id keeps it short for any login)."""
    path = root / str(user_id)
    if len(str(path / LONGEST_SOCKET_NAME)) > SOCKET_PATH_MAX:
        raise RuntimeError(f"{path} is too long for the kernels' Unix sockets "
                           f"(at most {SOCKET_PATH_MAX} characters per socket path)")
    return private_dir(path)


def prepare_lab_server(spawner: Any, runtime_root: Path) -> None:
    """``Spawner.pre_spawn_hook``: refuse non-graders, then give the server its own private
    runtime folder (``JUPYTER_RUNTIME_DIR``) for connection files and kernel sockets."""
    refuse_non_graders(spawner)
    runtime = lab_runtime_dir(runtime_root, spawner.user.id)
    spawner.environment = {**spawner.environment, "JUPYTER_RUNTIME_DIR": str(runtime)}
