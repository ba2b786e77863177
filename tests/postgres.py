"""A real, throw-away PostgreSQL server for tests (Debian's postgresql package)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.harness import free_port


def pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    if pg_bindir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql); make test installs it"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' user to run the server"
    return None


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server in a temp dir on a free port; yield a SQLAlchemy URL; remove it all after."""
    bindir = pg_bindir()
    assert bindir is not None
    tmp = Path(tempfile.mkdtemp(prefix="pgkit-pg-"))
    data, port = tmp / "data", free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        shutil.chown(tmp, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, cwd=tmp)

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "pgkit", "-E", "UTF8",
        "--locale=C.UTF-8")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"), "-w", "-o",
        f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "pgkit", "kit")
        yield f"postgresql+psycopg://pgkit@127.0.0.1:{port}/kit"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True, cwd=tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_database(server_url: str, prefix: str = "t") -> str:
    """A new, empty database on the test server: tests that write never see each other."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    finally:
        admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
