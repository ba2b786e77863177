"""Identity: JupyterHub's user, or a signed local profile; never an identity a page can type."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from pgkit import identity
from pgkit.store.models import Role
from pgkit.store.people import ensure_person


def test_signed_cookie_round_trip(kit_secret: str) -> None:
    token = identity.sign("lokaal-zoe")
    assert identity.pseudonym_from_cookie_header(f"a=b; pgkit_profiel={token}") == "lokaal-zoe"


@pytest.mark.parametrize("header", [None, "", "pgkit_profiel=lokaal-zoe",
                                    "pgkit_profiel=demo-coordinator:00", "garbage;;=="])
def test_unsigned_or_forged_cookies_give_nobody(kit_secret: str, header: str | None) -> None:
    assert identity.pseudonym_from_cookie_header(header) is None


def test_a_token_signed_with_another_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGKIT_SECRET", "one")
    token = identity.sign("demo-coordinator")
    monkeypatch.setenv("PGKIT_SECRET", "two")
    assert identity.verify(token) is None


def test_jupyterhub_user_is_created_as_trainee_on_first_sight(
        session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "j.peeters")
    user = identity.current_user(session)
    assert user is not None and user.pseudonym == "j.peeters" and user.roles == {Role.TRAINEE}


def test_roles_come_from_the_store(session, kit_secret: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    ensure_person(session, "coach-1", "Koen", (Role.COACH, Role.FACILITATOR))
    monkeypatch.setenv("HTTP_COOKIE", f"pgkit_profiel={identity.sign('coach-1')}")
    user = identity.current_user(session)
    assert user is not None and user.roles == {Role.COACH, Role.FACILITATOR}
    monkeypatch.setenv("HTTP_COOKIE", "pgkit_profiel=coach-1")
    assert identity.current_user(session) is None


def test_secret_file_is_private_and_stable(tmp_path) -> None:
    path = tmp_path / "data" / ".pgkit-secret"
    first = identity.load_or_create_secret(path)
    assert identity.load_or_create_secret(path) == first and len(first) == 64
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_preheated_kernel_gets_its_visitor_without_importing_voila(tmp_path) -> None:
    """The request arrives over Voila's query socket; the kernel never imports Voila."""
    import json
    import subprocess
    import sys
    import threading

    from websockets.sync.server import serve

    request = {"HTTP_COOKIE": "pgkit_profiel=x:y", "SCRIPT_NAME": "/voila/render/a.ipynb"}
    asked: list[str] = []
    proofs: list[str | None] = []

    def answer(socket) -> None:
        asked.append(socket.request.path)
        proofs.append(socket.request.headers.get(identity.PROOF_HEADER))
        socket.send(json.dumps(request))

    with serve(answer, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        code = ("import os, sys; from pgkit import identity; identity.wait_for_visitor(); "
                "print(os.environ['SCRIPT_NAME'], os.environ['VOILA_PREHEAT'], "
                "'voila' in sys.modules)")
        env = {**__import__("os").environ, "VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port),
               "VOILA_SERVER_URL": "/", "VOILA_KERNEL_ID": "k-123",
               "PGKIT_SECRET": "geheim"}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=60)
        server.shutdown()
    assert out.stdout.split() == ["/voila/render/a.ipynb", "False", "False"], out.stderr
    assert asked == ["/voila/query/k-123"]
    expected = hmac.new(b"geheim", b"voila-query:k-123", hashlib.sha256).hexdigest()
    assert proofs == [expected]  # the proof the server asks for (pgkit.kernel_access)


# Computed with the code before identity._mac existed (secret "fixed-test-secret"): a cookie,
# a kernel proof or a form token handed out by an older kit must still verify.
OLD_COOKIE_MAC = "f0136a52e332f37e08f64b2171d1f44cf736adeacca542243021a70fefd6b346"
OLD_KERNEL_PROOF = "1099db2f87f294f10718e74ae42496675b6f2936c15c6ec873bc6ebe53cce82d"
OLD_FORM_TOKEN = "87b7c00e53fe962cd6de6b88210a4b13a43297e83bb04775deb93621f196c40f"


def test_signatures_made_before_the_shared_mac_still_verify(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pgkit import web_identity

    monkeypatch.setenv("PGKIT_SECRET", "fixed-test-secret")
    assert identity.sign("lokaal-zoë") == f"lokaal-zoë:{OLD_COOKIE_MAC}"
    assert identity.verify(f"lokaal-zoë:{OLD_COOKIE_MAC}") == "lokaal-zoë"
    assert identity.kernel_proof("1f0e2d3c-aaaa-bbbb-cccc-000011112222") == OLD_KERNEL_PROOF
    assert web_identity._mac("xsrf-person", "lokaal-zoë") == OLD_FORM_TOKEN
