"""The first visit: a new user gives a name and lands on the home page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser import harness
from tests.browser.harness import KitServer


def test_new_user_sees_welcome_then_home(kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    page.goto(kit.url + "/")
    expect(page).to_have_url(re.compile(r"/pgkit/welkom"))
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()
    page.get_by_label("Je naam").fill("Zoë d'Hondt")
    page.keyboard.press("Enter")
    harness.wait_for_widgets(page)
    heading = page.get_by_role("heading", name=re.compile("Welkom bij de trainingskit"))
    expect(heading).to_be_visible()
    expect(page.get_by_text("Je bent ingelogd als Zoë d'Hondt")).to_be_visible()
    assert harness.axe_violations(page) == []


def test_a_hostile_name_shows_as_text_and_runs_nothing(kit: KitServer,
                                                       browser_page: Page) -> None:
    page = browser_page
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    harness.sign_up(page, kit.url, "<img src=x onerror=alert(1)>")
    expect(page.locator(".pgkit-who")).to_contain_text(
        "Je bent ingelogd als <img src=x onerror=alert(1)>")
    assert page.locator(".pgkit-header img").count() == 0 and alerts == []


def test_empty_name_is_refused_with_a_message(kit: KitServer, browser_page: Page,
                                               request: pytest.FixtureRequest) -> None:
    request.node._expects_page_errors = True  # the error box is what this test wants
    page = browser_page
    page.goto(kit.url + "/pgkit/welkom")
    page.evaluate("document.querySelector('#naam').removeAttribute('required')")
    page.fill("#naam", "   ")
    page.click("button[type=submit]")
    expect(page.locator("#fout")).to_have_text(re.compile("Vul je naam in"))
    expect(page.get_by_label("Je naam")).to_be_focused()


def test_forged_profile_cookie_is_not_trusted(kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    page.context.add_cookies([{"name": "pgkit_profiel", "value": "demo-coordinator:00",
                               "url": kit.url}])
    page.goto(kit.url + "/voila/render/notebooks/start.ipynb")
    expect(page).to_have_url(re.compile(r"/pgkit/welkom"))


def test_demo_persona_sees_role_pages(kit: KitServer, browser_page: Page) -> None:
    harness.login_as(browser_page, kit.url, "coordinator")
    expect(browser_page.get_by_text("Je rol: opleidingscoördinator")).to_be_visible()


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_persona_buttons_work_by_keyboard(kit: KitServer, new_page: Callable[..., Page],
                                          size: tuple[int, int]) -> None:
    page = new_page(*size)
    page.goto(kit.url + "/pgkit/welkom")
    buttons = page.locator(".pgkit-personas button")
    expect(buttons).to_have_count(4)
    assert harness.axe_violations(page) == []
    harness.screenshot(page, f"welkom-personas-{size[0]}")
    buttons.nth(1).focus()
    page.keyboard.press("Enter")
    harness.wait_for_widgets(page)
    expect(page.get_by_text(re.compile("Je rol: .*begeleider"))).to_be_visible()


def test_a_link_from_another_site_keeps_the_profile(kit: KitServer, browser_page: Page) -> None:
    # Join links arrive by mail or chat: a cross-site navigation must still be signed in,
    # which is why the profile cookie is SameSite=Lax and not Strict.
    page = browser_page
    harness.sign_up(page, kit.url, "Femke")
    page.goto("about:blank")
    page.set_content(f'<a href="{kit.url}/voila/render/notebooks/start.ipynb">naar de kit</a>')
    page.click("a")
    harness.wait_for_widgets(page)
    expect(page.get_by_text("Je bent ingelogd als Femke")).to_be_visible()


@pytest.mark.parametrize("path", [
    "/voila/render/.venv/lib/python3.11/site-packages/nbgrader/docs/source/user_guide/"
    "source/header.ipynb",
    "/voila/files/data/kit.sqlite",
    "/voila/files/pyproject.toml",
])
def test_files_outside_the_kit_are_not_served(kit: KitServer, browser_page: Page,
                                               path: str) -> None:
    harness.login_as(browser_page, kit.url, "trainee")
    response = browser_page.request.get(kit.url + path)
    assert response.status in (403, 404)
