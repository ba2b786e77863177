"""The welcome form checks the name itself, in Dutch next to the field, and every error
page (an unknown address, an unknown notebook) is the kit's own Dutch page (issue 16, 29)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import harness
from tests.browser.harness import KitServer

ENGLISH = re.compile(r"Please|fill out|Not Found|does not exist|Forbidden|Internal Server",
                     re.IGNORECASE)


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_an_empty_name_gets_the_kits_dutch_message_at_the_field(
        kit: KitServer, new_page: Callable[..., Page], request: pytest.FixtureRequest,
        size: tuple[int, int]) -> None:
    request.node._expects_page_errors = True  # the field's error box is what this test wants
    page = new_page(*size)
    page.goto(kit.url + "/pgkit/welkom")
    hint = page.locator("#naam-hint")
    expect(hint).to_have_text("Je voornaam is genoeg.")
    field = page.get_by_label("Je naam")
    assert field.get_attribute("aria-describedby") == "naam-hint"
    # The browser's own check would stop the form here with its English bubble.
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit]")
    assert posted.value.status == 400
    error = page.locator("#fout")
    expect(error).to_have_text(re.compile(r"^Je naam is nog leeg\. Vul je naam in"))
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "fout naam-hint"
    expect(field).to_be_focused()
    assert not ENGLISH.search(page.inner_text("body"))
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert harness.axe_violations(page) == []
    harness.screenshot(page, f"welkom-leeg-{size[0]}")


@pytest.mark.parametrize("path", ["/bestaat-niet", "/pgkit/onbekend",
                                  "/voila/render/notebooks/bestaat-niet.ipynb"])
def test_an_unknown_page_is_a_dutch_404_with_a_way_home(
        kit: KitServer, browser: Browser, path: str) -> None:
    page, problems = harness.new_tracked_page(browser)
    harness.persona_cookie(page, kit.url, "trainee")
    response = page.goto(kit.url + path)
    assert response is not None and response.status == 404
    assert page.get_attribute("html", "lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    assert not ENGLISH.search(page.inner_text("body"))
    assert "Traceback" not in page.content()
    home = page.get_by_role("link", name="Naar de startpagina")
    assert home.get_attribute("href") == "/"
    harness.screenshot(page, f"niet-gevonden-{path.strip('/').replace('/', '-')}")
    home.click()
    harness.wait_for_widgets(page, timeout=180_000)
    harness.screenshot(page, "niet-gevonden-naar-huis")
    # Chromium logs every 404 document in the console; nothing else may be there.
    assert [m for m in problems.console if "status of 404" not in m] == []
    assert harness.page_errors(page) == []
    page.context.close()


@pytest.mark.parametrize("path", ["/voila/files/pyproject.toml", "/voila/static/nope.js"])
def test_a_refused_file_is_a_dutch_403(kit: KitServer, browser: Browser, path: str) -> None:
    page, problems = harness.new_tracked_page(browser, 390, 844)
    harness.persona_cookie(page, kit.url, "trainee")
    response = page.goto(kit.url + path)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina is niet voor jou")
    assert not ENGLISH.search(page.inner_text("body"))
    assert page.get_by_role("link", name="Naar de startpagina").get_attribute("href") == "/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    harness.screenshot(page, f"geweigerd-{path.strip('/').replace('/', '-')}")
    assert [m for m in problems.console if "status of 403" not in m] == []
    page.context.close()
