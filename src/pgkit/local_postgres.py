"""A PostgreSQL server in a folder of our own, from Debian's ``postgresql`` package.

Used by ``pgkit hub start`` (the local shared deployment) and by the tests. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user, in a folder
that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

SUPERUSER = "pgkit"


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    if bindir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql); make test installs it"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' user to run the server"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """One server: ``folder/data`` holds the cluster, ``folder`` its socket and log.

    ``password`` None means trust on 127.0.0.1 (throw-away test servers); with a password
    every role must give its own (scram-sha-256), so a least-privilege role means something.
    """

    def __init__(self, folder: Path, port: int, password: str | None = None,
                 fast: bool = False) -> None:
        self.folder, self.port, self.password, self.fast = folder, port, password, fast
        self.data = folder / "data"
        found = bindir()
        if found is None:
            raise RuntimeError(unavailable_reason() or "PostgreSQL is not installed")
        self.bin = found
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *cmd: str, check: bool = True, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *cmd], check=check, capture_output=True,
                              cwd=self.folder, text=True, env=env)

    def initialise(self) -> None:
        """Create the cluster once; a folder that already holds one is kept."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        if (self.data / "PG_VERSION").exists():
            return
        auth = ["-A", "trust"]
        pwfile = self.folder / ".pwfile"
        if self.password is not None:
            pwfile.write_text(self.password + "\n")
            pwfile.chmod(0o600)
            if self.as_user:
                shutil.chown(pwfile, "postgres")
            auth = ["-A", "scram-sha-256", f"--pwfile={pwfile}"]
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), *auth, "-U", SUPERUSER,
                      "-E", "UTF8", "--locale=C.UTF-8")
        finally:
            pwfile.unlink(missing_ok=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if self.fast:
            options += " -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "log"), "-w", "-o", options, "start")

    def stop(self, immediate: bool = False) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                  "immediate" if immediate else "fast", "stop", check=False)

    def running(self) -> bool:
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "status",
                         check=False).returncode == 0

    def url(self, database: str = "postgres", user: str = SUPERUSER,
            password: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3) for a role on this server."""
        secret = self.password if user == SUPERUSER else password
        auth = f"{user}:{secret}" if secret else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE ...)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()

    def exists(self, kind: str, name: str) -> bool:
        from sqlalchemy import create_engine, text

        query = {"database": "SELECT 1 FROM pg_database WHERE datname = :n",
                 "role": "SELECT 1 FROM pg_roles WHERE rolname = :n"}[kind]
        engine = create_engine(self.url())
        try:
            with engine.connect() as conn:
                return conn.execute(text(query), {"n": name}).first() is not None
        finally:
            engine.dispose()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
