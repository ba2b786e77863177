"""Attacks on the kit's own pages over plain HTTP (issue 11): open redirect, stored XSS.

Each test does what the red team did against a real ``pgkit serve``.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from pgkit import app
from pgkit.identity import User
from pgkit.pages.base import header
from tests.browser import harness
from tests.browser.harness import KitServer
from tests.security.raw_client import Client, form_token

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
    answer = Client(kit.url).get(f"/pgkit/persona/trainee?volgende={quote(target)}")
    assert answer.status == 302 and answer.location == app.HOME
