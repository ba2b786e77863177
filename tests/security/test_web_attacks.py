"""Attacks on the kit's own pages over plain HTTP (issue 11): open redirect, stored XSS.

Each test does what the red team did against a real ``pgkit serve``.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from pgkit import app
from pgkit.identity import User
from pgkit.messages import t
from pgkit.pages.base import header
from pgkit.store import session_scope
from pgkit.store.models import Person
from tests.browser import harness
from tests.browser.harness import KitServer
from tests.security.raw_client import Client, Response, form_token

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
# Each of these sent the browser to evil.test, or could: Location is read by the browser.
EVIL_NEXT = ["/%5Cevil.test/phish", "/\\evil.test/phish", "//evil.test", "https://evil.test",
             "javascript:alert(1)", "/\tevil.test", "/voila/render/x.ipynb\r\nSet-Cookie: a=b",
             "/voila/render/../../evil", "evil.test", "/%2F%2Fevil.test"]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    server = harness.start_server(tmp_path_factory.mktemp("kit-web"))
    yield server
    server.stop()


def sign_up(kit: KitServer, name: str, volgende: str | None = None) -> tuple[Client, str | None]:
    visitor = Client(kit.url)
    page = visitor.get("/pgkit/welkom")
    form = {"_xsrf": form_token(page.body), "naam": name}
    if volgende is not None:
        form["volgende"] = volgende
    answer = visitor.post("/pgkit/welkom", form)
    return visitor, answer.location


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_safe_next_refuses_other_hosts(target: str) -> None:
    assert app._safe_next(target) == app.HOME


@pytest.mark.parametrize("target", ["/", app.HOME,
                                    "/voila/render/notebooks/meeting.ipynb?code=ABC123",
                                    "/voila/render/exercises/intervisie/chair.ipynb?bijeenkomst=3"])
def test_safe_next_keeps_the_kits_own_pages(target: str) -> None:
    assert app._safe_next(target) == target


@pytest.mark.parametrize("target", ["/%5Cevil.test/phish", "/\\evil.test/phish", "//evil.test"])
def test_welcome_form_does_not_redirect_to_another_host(kit: KitServer, target: str) -> None:
    _, location = sign_up(kit, "Omar", target)
    assert location == app.HOME


@pytest.mark.parametrize("target", ["/%5Cevil.test/phish", "/\\evil.test/phish"])
def test_welcome_link_does_not_carry_a_foreign_next(kit: KitServer, target: str) -> None:
    page = Client(kit.url).get(f"/pgkit/welkom?volgende={quote(target)}")
    assert "evil.test" not in page.body


def test_display_name_is_escaped_in_the_page_header() -> None:
    html = header("Titel", User(1, "lokaal-x", HOSTILE_NAME)).value
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("target", ["/%5Cevil.test/phish", "/\\evil.test/phish"])
def test_persona_switch_does_not_redirect_to_another_host(kit: KitServer, target: str) -> None:
    visitor = Client(kit.url)
    token = form_token(visitor.get("/pgkit/welkom").body)
    answer = visitor.post("/pgkit/persona/trainee", {"_xsrf": token, "volgende": target})
    assert answer.status == 302 and answer.location == app.HOME


def people_named(kit: KitServer, name: str) -> int:
    with session_scope(kit.db_url) as s:
        return s.scalar(select(func.count()).select_from(Person)
                        .where(Person.display_name == name))


def assert_refused(answer: Response) -> None:
    assert answer.status == 403
    assert t("pages.form_refused") in answer.body and '<html lang="nl">' in answer.body
    assert "pgkit_profiel" not in answer.cookies()


@pytest.mark.parametrize("attack", ["no token", "wrong token", "another visitor's token",
                                    "from another site"])
def test_login_csrf_is_refused_and_signs_nobody_in(kit: KitServer, attack: str) -> None:
    name = f"Slachtoffer {attack}"
    victim = Client(kit.url)
    token = form_token(victim.get("/pgkit/welkom").body)
    headers = {}
    if attack == "no token":
        form = {"naam": name}
    elif attack == "wrong token":
        form = {"naam": name, "_xsrf": "0" * 64}
    elif attack == "another visitor's token":
        attacker = Client(kit.url)
        form = {"naam": name, "_xsrf": form_token(attacker.get("/pgkit/welkom").body)}
        assert form["_xsrf"] != token  # per visitor, not one value for all
    else:
        form, headers = {"naam": name, "_xsrf": token}, {"Origin": "https://evil.test"}
    assert_refused(victim.post("/pgkit/welkom", form, headers=headers))
    assert people_named(kit, name) == 0 and "pgkit_profiel" not in victim.cookies


def test_the_visitors_own_form_still_signs_in(kit: KitServer) -> None:
    visitor, location = sign_up(kit, "Eigen formulier")
    assert location == app.HOME and "pgkit_profiel" in visitor.cookies
    assert people_named(kit, "Eigen formulier") == 1


def test_persona_get_changes_nobody(kit: KitServer) -> None:
    visitor = Client(kit.url)
    answer = visitor.get("/pgkit/persona/coordinator")
    assert answer.status == 302 and answer.location.startswith("/pgkit/welkom")
    assert "pgkit_profiel" not in visitor.cookies


def test_persona_post_needs_the_visitors_token(kit: KitServer) -> None:
    visitor = Client(kit.url)
    visitor.get("/pgkit/welkom")
    assert_refused(visitor.post("/pgkit/persona/coordinator", {"_xsrf": "1" * 64}))
    other = Client(kit.url)
    stolen = form_token(other.get("/pgkit/welkom").body)
    assert_refused(visitor.post("/pgkit/persona/coordinator", {"_xsrf": stolen}))
    token = form_token(visitor.get("/pgkit/welkom").body)
    answer = visitor.post("/pgkit/persona/coordinator", {"_xsrf": token})
    assert answer.status == 302 and "pgkit_profiel" in visitor.cookies
