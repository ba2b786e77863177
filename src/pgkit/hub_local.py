"""A complete shared deployment on this computer: ``pgkit hub start`` (``make hub``).

PostgreSQL (Debian's) in ``data/hub/postgres`` with three databases: ``kit`` (the kit's
store), ``gradebook`` (nbgrader's own database: it keeps its own ``alembic_version``) and
``hub`` (JupyterHub's). Each has its own role and password; ``pgkit_grader`` is the role a
coach's JupyterLab server gets, and it may only read people's ids and pseudonyms and write
``assignment_grades`` (:data:`GRADER_GRANTS`).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pgkit.local_postgres import LocalPostgres

KIT_ROLE, GRADER_ROLE, HUB_ROLE = "pgkit_kit", "pgkit_grader", "pgkit_hub"
KIT_DB, GRADEBOOK_DB, HUB_DB = "kit", "gradebook", "hub"
# Everything the grade sync (``pgkit grade sync``) needs in the kit's store, and nothing
# more: match nbgrader's student ids to people, then upsert their grades.
GRADER_GRANTS = (
    f"GRANT SELECT (id, pseudonym) ON people TO {GRADER_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE ON assignment_grades TO {GRADER_ROLE}",
)
CONFIG = Path("deploy") / "hub" / "jupyterhub_config.py"
DEFAULT_PORT = 8000
DEFAULT_PG_PORT = 54329


@dataclass(frozen=True)
class Databases:
    kit: str  # the kit service's own role: owns the store, runs migrations
    grader: str  # what a coach's lab server gets
    gradebook: str  # nbgrader's gradebook, for the lab servers
    hub: str  # JupyterHub's database


def _secrets(state: Path) -> dict[str, str]:
    path = state / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {name: secrets.token_urlsafe(24) for name in
              ("superuser", KIT_ROLE, GRADER_ROLE, HUB_ROLE, "proxy", "kit_secret")}
    state.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def server(state: Path, port: int = DEFAULT_PG_PORT) -> LocalPostgres:
    return LocalPostgres(state / "postgres", port, password=_secrets(state)["superuser"])


def provision(pg: LocalPostgres, passwords: dict[str, str]) -> Databases:
    """Roles and databases, created once; safe to run on every start."""
    for role in (KIT_ROLE, GRADER_ROLE, HUB_ROLE):
        verb = "ALTER" if pg.exists("role", role) else "CREATE"
        pg.execute(f"{verb} ROLE {role} LOGIN PASSWORD '{passwords[role]}'")
    for db, owner in ((KIT_DB, KIT_ROLE), (GRADEBOOK_DB, GRADER_ROLE), (HUB_DB, HUB_ROLE)):
        if not pg.exists("database", db):
            pg.execute(f"CREATE DATABASE {db} OWNER {owner}")
        # Nobody but the owner may connect (PUBLIC may by default).
        pg.execute(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
                   f"GRANT CONNECT ON DATABASE {db} TO {owner}")
    pg.execute(f"GRANT CONNECT ON DATABASE {KIT_DB} TO {GRADER_ROLE}")
    # PostgreSQL 15 no longer lets PUBLIC create in schema public; the owner may.
    pg.execute(f"ALTER SCHEMA public OWNER TO {KIT_ROLE}", database=KIT_DB)
    pg.execute(f"ALTER SCHEMA public OWNER TO {GRADER_ROLE}", database=GRADEBOOK_DB)
    pg.execute(f"ALTER SCHEMA public OWNER TO {HUB_ROLE}", database=HUB_DB)
    return Databases(
        kit=pg.url(KIT_DB, KIT_ROLE, passwords[KIT_ROLE]),
        grader=pg.url(KIT_DB, GRADER_ROLE, passwords[GRADER_ROLE]),
        gradebook=pg.url(GRADEBOOK_DB, GRADER_ROLE, passwords[GRADER_ROLE]),
        hub=pg.url(HUB_DB, HUB_ROLE, passwords[HUB_ROLE]))


def grant_grader(pg: LocalPostgres) -> None:
    """After migrating: the grader's column and table rights (tables must exist)."""
    pg.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {GRADER_ROLE}",
               f"GRANT USAGE ON SCHEMA public TO {GRADER_ROLE}", *GRADER_GRANTS,
               database=KIT_DB)


def prepare(state: Path, demo: bool, pg_port: int = DEFAULT_PG_PORT,
            trainees: int | None = None, cohorts: int | None = None) -> tuple[
                LocalPostgres, Databases]:
    """Start PostgreSQL, create roles and databases, migrate, load the demo cohort."""
    from pgkit import demo as demo_data
    from pgkit.store import people, session_scope, upgrade

    passwords = _secrets(state)
    pg = server(state, pg_port)
    pg.initialise()
    if not pg.running():
        pg.start()
    dbs = provision(pg, passwords)
    upgrade(dbs.kit)
    if demo:
        with session_scope(dbs.kit) as session:
            if people.store_is_empty(session):
                demo_data.load(session, trainees=trainees or 200, cohorts=cohorts or 10)
    grant_grader(pg)
    return pg, dbs


def hub_environment(root: Path, state: Path, dbs: Databases, *, port: int, demo: bool,
                    hub_port: int, proxy_port: int, kit_port: int) -> dict[str, str]:
    """Everything ``deploy/hub/jupyterhub_config.py`` reads."""
    passwords = _secrets(state)
    proxy = shutil.which("configurable-http-proxy", path=str(root / "node_modules" / ".bin"))
    return {
        **os.environ,
        "PGKIT_HOME": str(root),
        "PGKIT_HUB_STATE": str(state),
        "PGKIT_HUB_PORT": str(port),
        "PGKIT_HUB_API_PORT": str(hub_port),
        "PGKIT_HUB_PROXY_API_PORT": str(proxy_port),
        "PGKIT_HUB_KIT_PORT": str(kit_port),
        "PGKIT_HUB_DEMO": "1" if demo else "",
        "PGKIT_HUB_DB": dbs.hub,
        "PGKIT_DB": dbs.kit,
        "PGKIT_GRADER_DB": dbs.grader,
        "PGKIT_GRADEBOOK_DB": dbs.gradebook,
        "PGKIT_SECRET": passwords["kit_secret"],
        "CONFIGPROXY_AUTH_TOKEN": passwords["proxy"],
        "PGKIT_HUB_PROXY": proxy or "configurable-http-proxy",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 300.0) -> None:
    """Until the hub answers its health check (and the kit service its status page)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} after {timeout:.0f} s")


def start_hub(root: Path, env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    out = open(log, "ab") if log else None  # noqa: SIM115 - lives as long as the hub
    return subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(root / CONFIG)],
        cwd=env["PGKIT_HUB_STATE"], env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
        start_new_session=True)


def stop_hub(proc: subprocess.Popen) -> None:
    """SIGTERM lets the hub stop its proxy and services; then the whole group goes."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
