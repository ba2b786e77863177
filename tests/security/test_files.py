"""The store and the secret on disk (issue 11, finding 10): private from their first byte,
and the kit refuses to run without a key instead of failing on every page."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pgkit import app, identity
from pgkit.messages import t
from pgkit.store import connect, session_scope, upgrade


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: any mode we see comes from the kit, not the shell."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_store_wal_and_shm_are_private(tmp_path: Path, open_umask: None) -> None:
    db = tmp_path / "data" / "kit.sqlite"
    url = f"sqlite:///{db}"
    upgrade(url)
    with connect(url).connect() as conn:  # an open connection keeps -wal and -shm
        conn.execute(text("CREATE TABLE IF NOT EXISTS probe (x)"))
        conn.execute(text("INSERT INTO probe VALUES (1)"))
        conn.commit()
        files = [db, db.with_name("kit.sqlite-wal"), db.with_name("kit.sqlite-shm")]
        assert [(f.name, mode(f)) for f in files] == [(f.name, 0o600) for f in files]
    connect.cache_clear()


def test_an_old_world_readable_store_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    db.touch(mode=0o644)
    db.chmod(0o644)
    with session_scope(f"sqlite:///{db}") as s:
        s.execute(text("SELECT 1"))
    assert mode(db) == 0o600
    connect.cache_clear()


def test_sqlite_connections_overwrite_deleted_content(tmp_path: Path) -> None:
    with session_scope(f"sqlite:///{tmp_path / 'k.sqlite'}") as s:
        assert s.execute(text("PRAGMA secure_delete")).scalar() == 1
    connect.cache_clear()


def test_the_secret_is_private_from_creation(tmp_path: Path, open_umask: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # No write-then-chmod: with chmod gone, the mode must still come out 0600.
    monkeypatch.setattr(Path, "chmod", lambda *_, **__: None)
    path = tmp_path / "data" / ".pgkit-secret"
    first = identity.load_or_create_secret(path)
    assert mode(path) == 0o600 and len(first) == 64
    assert identity.load_or_create_secret(path) == first


@pytest.mark.parametrize("how", ["empty file", "empty variable"])
def test_serve_refuses_an_empty_secret_in_dutch(tmp_path: Path, how: str) -> None:
    secret = tmp_path / "secret"
    env = {**os.environ, "PGKIT_SECRET_FILE": str(secret), "PGKIT_HOME": str(tmp_path)}
    env.pop("PGKIT_SECRET", None)
    if how == "empty file":
        secret.write_text("\n")
        expected = t("cli.serve.empty_secret", path=secret)
    else:
        env["PGKIT_SECRET"] = ""
        expected = t("cli.serve.empty_secret_env", name="PGKIT_SECRET")
    done = subprocess.run(
        [sys.executable, "-m", "pgkit.cli", "serve", "--port", "1", "--db",
         f"sqlite:///{tmp_path / 'k.sqlite'}", "--root", str(Path(app.__file__).parents[2])],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert expected in done.stderr and "Traceback" not in done.stderr
    # Nothing changed: the empty file is not replaced by a new key behind anyone's back.
    assert secret.read_text() == "\n" if how == "empty file" else not secret.exists()
