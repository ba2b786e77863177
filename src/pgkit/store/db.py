"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from pgkit.config import setting

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    """The embedded store: ``data/pgkit.sqlite`` under the kit's folder or the working dir."""
    home = Path(setting("home") or Path.cwd())
    return f"sqlite:///{(home / 'data' / 'pgkit.sqlite').resolve()}"


def resolve_url(url: str | None = None) -> str:
    """``--db`` wins over the ``db`` setting (``PGKIT_DB``), then the embedded default."""
    url = url or setting("db") or default_url()
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain URLs would ask for psycopg2.
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets many Voila kernels read while one writes; busy_timeout makes writers wait.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows (a purged case, an erased person) are overwritten, not just unlinked.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


PRIVATE = 0o600


def _private_sqlite_file(path: Path) -> None:
    """Create the store readable by its owner only, before SQLite does (it would use 0644).

    SQLite gives the -wal and -shm files the mode of the database file, so they follow.
    A store made by an older kit is tightened here too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            try:
                if file.exists() and file.stat().st_mode & 0o777 != PRIVATE:
                    file.chmod(PRIVATE)
            except PermissionError:  # someone else's file: SQLite will say what is wrong
                pass


def checkpoint_after_commit(session: Session) -> None:
    """Once ``session`` commits, fold the WAL into the database and truncate it, so text
    that was just deleted does not linger in the -wal file (SQLite only)."""
    bind = session.get_bind().engine
    if bind.dialect.name != "sqlite":
        return

    def checkpoint(_session: Session) -> None:
        with bind.engine.connect() as conn:  # (Engine.engine is the engine itself)
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    event.listen(session, "after_commit", checkpoint, once=True)


def connect(url: str | None = None) -> Engine:
    """One engine per resolved URL and process (so a changed ``PGKIT_DB`` is honoured)."""
    return _engine(resolve_url(url))


@cache
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///").split("?")[0]
        if path and path != ":memory:":
            _private_sqlite_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # Every Voila kernel is a process with its own pool, so the server sees up to
        # kernels x (pool + overflow) connections: keep each pool small
        # (docs/deployment.md, "Connection pooling").
        engine = create_engine(url, pool_pre_ping=True,
                               pool_size=setting("db_pool_size"),
                               max_overflow=setting("db_max_overflow"),
                               pool_timeout=10)
    return engine


connect.cache_clear = _engine.cache_clear  # type: ignore[attr-defined]  # for tests


@cache
def _sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str | Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    engine = url if isinstance(url, Engine) else connect(url)
    session = _sessionmaker(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str | None = None) -> Config:
    # Alembic is imported here, not at the top: page kernels never migrate, and the
    # import costs seconds on a cold kernel.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Create or migrate the store to ``revision``.

    Areas branch their migrations from ``0001`` so they never collide; ``heads``
    applies every branch.
    """
    from alembic import command

    engine = connect(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def affected_rows(result: Any) -> int:
    """Rows an UPDATE or DELETE touched. ``Session.execute`` is typed as returning a plain
    ``Result``, but for these statements it is a ``CursorResult``; SQLite may report -1."""
    return max(getattr(result, "rowcount", 0) or 0, 0)
