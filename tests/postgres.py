"""A real, throw-away PostgreSQL server for tests (Debian's postgresql package)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pgkit import local_postgres
from tests.browser.harness import free_port


def pg_bindir() -> Path | None:
    return local_postgres.bindir()


def unavailable_reason() -> str | None:
    return local_postgres.unavailable_reason()


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server in a temp dir on a free port; yield a SQLAlchemy URL; remove it all after."""
    server = local_postgres.LocalPostgres(Path(tempfile.mkdtemp(prefix="pgkit-pg-")),
                                          free_port(), fast=True)
    server.initialise()
    server.start()
    try:
        server.execute("CREATE DATABASE kit")
        yield server.url("kit")
    finally:
        server.stop(immediate=True)
        server.remove()


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
