"""One kernel per visitor: moving between views, deep links, reload and Back (issue 12)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from pgkit.pages import registry
from tests.browser import harness
from tests.browser.harness import KitServer

VIEW_HEADING = "#rendered_cells .pgkit-shell h1"


def settled_kernels(kit: KitServer, seconds: float = 90) -> int:
    """The kernel count once it has stopped changing (the pool has refilled)."""
    last, stable, deadline = -1, 0, time.monotonic() + seconds
    while time.monotonic() < deadline and stable < 6:
        n = kit.status()["kernels"]
        stable, last = (stable + 1, n) if n == last else (0, n)
        time.sleep(0.5)
    return last


def click_link(page: Page, href: str) -> None:
    """Click a link the way the kit's own links are clicked (``<a href>`` in the page)."""
    page.locator(f'#rendered_cells a[href="{href}"]').first.click()


def heading(page: Page, text: str) -> None:
    expect(page.locator(VIEW_HEADING)).to_have_text(text, timeout=harness.WIDGET_TIMEOUT_MS)
    # The router has finished moving to this view (its heading has the focus), so the
    # test's next click is a visitor's next click, not one into a view still arriving.
    page.wait_for_function("!document.body.classList.contains('pgkit-navigating')",
                           timeout=harness.WIDGET_TIMEOUT_MS)


class Diagnosis:
    """What a failing navigation leaves behind: the browser's console and the server's log.

    This test has failed in full runs only (2 of 6, never alone) with the old view still
    on screen after a click; the next failure must say why.
    """

    def __init__(self, page: Page, kit: KitServer) -> None:
        self.page, self.kit, self.console = page, kit, []
        page.on("console", lambda m: self.console.append(
            f"{time.strftime('%H:%M:%S')} {m.type}: {m.text[:300]}"))

    def go(self, href: str, text: str, click: Callable[[], None] | None = None) -> None:
        (click or (lambda: click_link(self.page, href)))()
        try:
            heading(self.page, text)
        except AssertionError as exc:
            state = self.page.evaluate(
                "({url: location.href, navigating: document.body.classList.contains("
                "'pgkit-navigating'), h1: [...document.querySelectorAll('h1')].map("
                "h => h.textContent), views: [...document.querySelectorAll("
                "'[class*=pgkit-view-]')].map(v => v.className)})")
            raise AssertionError(
                f"{exc}\nclicked {href} at {time.strftime('%H:%M:%S')}; page: {state}; "
                f"kit: {self.kit.status()}\nconsole:\n" + "\n".join(self.console[-30:])
                + "\nserver log:\n" + "\n".join(self.kit.log().splitlines()[-40:])
            ) from None


def test_moving_between_views_starts_no_kernel(kit: KitServer,
                                               browser_page: Page) -> None:
    page = browser_page
    harness.login_as(page, kit.url, "trainee")
    heading(page, "Welkom bij de trainingskit Positieve Gezondheid")
    # The notebook's one line prints nothing under the page (no "<pgkit.shell... at 0x>").
    expect(page.locator("#rendered_cells")).not_to_contain_text("pgkit.shell")
    page.evaluate("window.pgkitSameDocument = 'ja'")
    before = settled_kernels(kit)
    moves = Diagnosis(page, kit)
    moves.go(registry.url("modules/index.ipynb"), "E-learning Positieve Gezondheid")
    expect(page).to_have_url(kit.url + registry.url("modules/index.ipynb"))
    moves.go(registry.url("modules/eenheid1.ipynb"), "Eenheid 1: Een nieuwe kijk op gezondheid")
    moves.go(registry.url("modules/eenheid2.ipynb"), "Eenheid 2: Het spinnenweb")  # "next unit"
    moves.go("header home link", "Welkom bij de trainingskit Positieve Gezondheid",
             click=page.locator(".pgkit-header a.pgkit-home").click)
    expect(page).to_have_url(kit.url + registry.url(registry.START))
    moves.go(registry.url("notebooks/spinnenweb.ipynb"), "Mijn spinnenweb")
    # Still the first document, and no kernel was started for the four views.
    assert page.evaluate("window.pgkitSameDocument") == "ja"
    assert kit.status()["kernels"] <= before
    # The keyboard focus is on the new view's heading, so Tab goes on from there.
    assert page.evaluate("document.activeElement.tagName") == "H1"
    assert page.title().startswith("Mijn spinnenweb")
    assert harness.axe_violations(page) == []


def test_deep_link_reload_back_and_forward(kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    harness.persona_cookie(page, kit.url, "trainee")
    unit2 = registry.url("modules/eenheid2.ipynb")
    harness.open_page(page, kit.url, unit2)
    heading(page, "Eenheid 2: Het spinnenweb")
    click_link(page, registry.url("modules/index.ipynb"))
    heading(page, "E-learning Positieve Gezondheid")
    page.go_back()
    heading(page, "Eenheid 2: Het spinnenweb")
    expect(page).to_have_url(kit.url + unit2)
    page.go_forward()
    heading(page, "E-learning Positieve Gezondheid")
    page.reload()
    harness.wait_for_widgets(page)
    heading(page, "E-learning Positieve Gezondheid")
    expect(page).to_have_url(kit.url + registry.url("modules/index.ipynb"))


def test_a_meeting_code_link_opens_the_meeting_view_with_its_code(
        kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    # A new person: the demo trainee may already hold a seat from another test, and a
    # seat is resumed instead of the join form.
    harness.sign_up(page, kit.url, "Lotte Code")
    heading(page, "Welkom bij de trainingskit Positieve Gezondheid")
    target = registry.url("notebooks/meeting.ipynb") + "?code=ABC123"
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href;
        a.textContent = 'code'; document.querySelector('#rendered_cells').append(a);
        a.click(); a.remove(); }""", target)
    expect(page.locator(".pgkit-code-input input")).to_have_value("ABC 123")
    expect(page).to_have_url(kit.url + target)
    assert page.evaluate("document.activeElement.tagName") == "H1"


def test_a_view_for_other_roles_says_so_in_dutch(kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    harness.login_as(page, kit.url, "trainee")
    heading(page, "Welkom bij de trainingskit Positieve Gezondheid")
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href;
        a.textContent = 'dashboard'; document.querySelector('#rendered_cells').append(a);
        a.click(); a.remove(); }""", registry.url("notebooks/dashboard.ipynb"))
    expect(page.locator(".pgkit-notice.pgkit-warn")).to_contain_text("niet voor jouw rol")
    expect(page.locator(".pgkit-cohort-table, .pgkit-table")).to_have_count(0)


@pytest.mark.parametrize("view", registry.VIEWS, ids=lambda v: v.name)
def test_every_address_opens_its_view(kit: KitServer, new_page: Callable[..., Page],
                                      view: registry.View) -> None:
    """A bookmark of any kit notebook renders on its own and opens the shell at its view."""
    page = new_page()
    role = "coordinator" if view.roles != registry.ALL_ROLES else "trainee"
    harness.persona_cookie(page, kit.url, role)
    harness.open_page(page, kit.url, registry.url(view.path))
    expect(page.locator(VIEW_HEADING)).to_be_visible(timeout=harness.WIDGET_TIMEOUT_MS)
    assert page.locator(".pgkit-shell").count() == 1
    expect(page).to_have_url(kit.url + registry.url(view.path))
