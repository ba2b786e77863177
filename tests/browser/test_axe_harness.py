"""The automatic axe check itself: it must be able to fail, and be on for every test."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser import harness
from tests.browser.harness import KitServer

UNLABELLED = "document.body.insertAdjacentHTML('beforeend', '<input id=\"probe\">')"


def test_every_test_gets_the_automatic_check(request: pytest.FixtureRequest) -> None:
    assert "axe_on_every_page" in request.fixturenames  # autouse, from tests/conftest.py


def test_the_report_names_violations_and_unchecked_tabs(kit: KitServer,
                                                        browser: Browser) -> None:
    welcome = kit.url + "/pgkit/welkom"
    photographed, _ = harness.new_tracked_page(browser)
    photographed.goto(welcome)
    photographed.evaluate(UNLABELLED)
    harness.screenshot(photographed, "axe-probe-unlabelled")
    photographed.evaluate("document.getElementById('probe').remove()")  # seen, so it counts
    unchecked = photographed.context.new_page()  # a second tab of the same user
    unchecked.goto(welcome)
    photographed.context.close()
    left_open, _ = harness.new_tracked_page(browser)
    left_open.goto(welcome)
    left_open.evaluate(UNLABELLED)
    try:
        report = harness.axe_report()
    finally:
        left_open.context.close()
    assert len(report) == 3, report
    assert report[0].startswith(f"axe-probe-unlabelled ({welcome}): label [critical]")
    assert ': #probe = <input id="probe"' in report[0]  # the node, as selector and HTML
    assert report[1] == (f"{welcome}: the tab was closed without an axe check;"
                         " take a harness.screenshot() of it first")
    assert report[2].startswith(f"end of the test ({welcome}): label [critical]")
    assert harness.axe_report() == []  # each report starts a new list
