"""Demo personas only on a store of demo data (issue 11, finding 9).

The attack: `make serve` loads demo data into the default store; after a real cohort
import anyone could become the coordinator through the persona switch and read real names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.browser import harness
from tests.security.raw_client import Client, form_token

REAL_PEOPLE = Path(__file__).parents[1] / "files" / "import" / "excel_semicolon_bom.csv"


def become(kit: harness.KitServer, role: str) -> tuple[int, Client]:
    visitor = Client(kit.url)
    token = form_token(visitor.get("/pgkit/welkom").body)
    return visitor.post(f"/pgkit/persona/{role}", {"_xsrf": token}).status, visitor


def test_after_a_real_import_nobody_becomes_coordinator(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    env = {**os.environ, "PGKIT_SECRET_FILE": str(tmp_path / "secret")}
    py = [sys.executable, "-m", "pgkit.cli"]
    subprocess.run([*py, "demo", "--db", db_url], check=True, env=env, capture_output=True)
    kit = harness.start_server(tmp_path, demo=False)  # no --demo: the store decides
    try:
        assert 'action="/pgkit/persona/coordinator"' in Client(kit.url).get("/pgkit/welkom").body
        status, visitor = become(kit, "coordinator")
        assert status == 302 and "pgkit_profiel" in visitor.cookies

        done = subprocess.run([*py, "cohort", "import", str(REAL_PEOPLE), "--cohort",
                               "Echt 2027", "--db", db_url], env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        assert "kan niemand meer wisselen naar een demo-gebruiker" in done.stderr

        assert "/pgkit/persona/" not in Client(kit.url).get("/pgkit/welkom").body
        status, visitor = become(kit, "coordinator")
        assert status == 404 and "pgkit_profiel" not in visitor.cookies
    finally:
        kit.stop()


def test_an_explicit_demo_flag_keeps_personas(tmp_path: Path) -> None:
    kit = harness.start_server(tmp_path, demo=True)  # adds --demo
    try:
        assert become(kit, "coach")[0] == 302
    finally:
        kit.stop()
