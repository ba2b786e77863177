"""One trainee, one reflection, two tabs, in a real browser against `pgkit serve`.

The red team typed in two tabs: the last write won silently and the other tab's text was
gone on reload; and a 1 MB text was never saved while the page said "Bewaard om …".
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from pgkit.store import session_scope
from pgkit.store.models import Person, Reflection
from tests.browser import harness
from tests.browser.harness import KitServer

UNIT = "/voila/render/modules/eenheid1.ipynb"
TIMEOUT = 240_000  # the 2-core machine is shared
NAME = "Twee Vensters"


def open_reflection(page: Page, url: str) -> None:
    page.goto(url)
    harness.wait_for_widgets(page, TIMEOUT)
    page.wait_for_selector(".pgkit-steps", timeout=TIMEOUT)
    jump = page.get_by_label("Ga naar stap")
    label = jump.locator("option").last.inner_text()
    jump.select_option(label=label)
    expect(page.locator(".pgkit-step-now")).to_have_text(label)


def test_two_tabs_conflict_visibly_and_too_long_is_refused(kit: KitServer,
                                                           browser: Browser) -> None:
    first, problems = harness.new_tracked_page(browser, 390, 844)
    first.context.set_default_timeout(TIMEOUT)
    first.context.set_default_navigation_timeout(TIMEOUT)
    second = first.context.new_page()  # same cookie: the same trainee in a second tab
    try:
        first.goto(f"{kit.url}/pgkit/welkom?volgende={UNIT}")
        first.fill("#naam", NAME)
        first.click("button[type=submit]")
        open_reflection(first, kit.url + UNIT)
        open_reflection(second, kit.url + UNIT)

        first.locator(".pgkit-refl-text textarea").fill("Tekst uit venster A.")
        expect(first.locator(".pgkit-refl-status")).to_contain_text("Bewaard om")
        second.locator(".pgkit-refl-text textarea").fill("Tekst uit venster B.")
        status = second.locator(".pgkit-refl-status")
        expect(status).to_contain_text("ook in een ander venster veranderd")
        expect(second.locator(".pgkit-refl-other")).to_have_text("Tekst uit venster A.")
        expect(second.locator(".pgkit-refl-text textarea")).to_have_value("Tekst uit venster B.")
        for width, height in ((390, 844), (1280, 800), (1920, 1080)):
            second.set_viewport_size({"width": width, "height": height})
            second.locator(".pgkit-refl-other").scroll_into_view_if_needed()
            harness.screenshot(second, f"reflectie-conflict-{width}x{height}")
        assert harness.axe_violations(second) == []
        with session_scope(kit.db_url) as s:
            pid = s.scalar(select(Person.id).where(Person.display_name == NAME))
            assert s.scalar(select(Reflection.text).where(Reflection.person_id == pid)) \
                == "Tekst uit venster A."

        second.get_by_role("button", name="Bewaar mijn tekst van hier").click()
        expect(status).to_contain_text(re.compile(r"Bewaard om .*\(20 van 10\.000 tekens\)"))
        with session_scope(kit.db_url) as s:
            assert s.scalar(select(Reflection.text).where(Reflection.person_id == pid)) \
                == "Tekst uit venster B."

        second.locator(".pgkit-refl-text textarea").fill("x" * 1_000_000)
        expect(status).to_contain_text("Je tekst is te lang: 1.000.000 tekens")
        expect(status).not_to_contain_text("Bewaard")
        harness.screenshot(second, "reflectie-te-lang-1920x1080")
        with session_scope(kit.db_url) as s:
            assert s.scalar(select(Reflection.text).where(Reflection.person_id == pid)) \
                == "Tekst uit venster B."
        harness.screenshot(first, "reflectie-eerste-venster-390x844")  # and its axe check
        assert problems.console == [] or all("status of 403" in m for m in problems.console)
        assert harness.page_errors(first) == [] and harness.page_errors(second) == []
    finally:
        first.context.close()
