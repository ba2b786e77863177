"""The kernel cap (issue 12, point 5): beyond ``--max-kernels`` a visitor gets the Dutch busy
page at once, with a 503 and Retry-After, and the page comes by itself once a kernel is free."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import harness
from tests.browser.harness import KitServer

START = "/voila/render/notebooks/start.ipynb"
SIZES = [(390, 844), (1280, 800), (1920, 1080)]
# Chromium reports every non-2xx document in the console; for the busy page that is expected.
EXPECTED_503 = re.compile(r"status of 503")
# A kernel start on two cores shared with other test runs can take minutes.
PATIENCE_MS = 180_000


@pytest.fixture(scope="module")
def capped_kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    server = harness.start_server(tmp_path_factory.mktemp("kit"), extra_args=["--max-kernels", "1"])
    yield server
    server.stop()


def _axe_with_held_clock(page: Page) -> list[dict]:
    """``harness.axe_violations`` for a page whose clock the test holds: axe waits on
    timers, so they are run 1 ms at a time (the countdown's 1 s ticks do not move)."""
    script = Path(os.environ.get("PGKIT_AXE") or harness.ROOT / "node_modules/axe-core/axe.min.js")
    page.add_script_tag(path=str(script))
    page.evaluate("""() => { window.pgkitAxe = null; axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa']}}).then(r => { window.pgkitAxe = r; }); }""")
    for _ in range(5_000):
        if page.evaluate("window.pgkitAxe !== null"):
            break
        page.clock.run_for(1)
    result = page.evaluate("window.pgkitAxe")
    assert result is not None, "axe did not finish"
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _busy_page(browser: Browser, kit: KitServer, width: int,
               height: int) -> tuple[Page, harness.PageProblems]:
    page, problems = harness.new_tracked_page(browser, width, height)
    page.clock.install()
    harness.persona_cookie(page, kit.url, "trainee")
    response = page.goto(kit.url + START)
    page.clock.pause_at(time.time() + 1)
    assert response is not None and response.status == 503
    return page, problems


def _wait_for_visitors(kit: KitServer, n: int) -> None:
    deadline = time.monotonic() + 90
    while kit.status()["visitor_kernels"] != n and time.monotonic() < deadline:
        time.sleep(0.3)
    assert kit.status()["visitor_kernels"] == n


def test_a_visitor_beyond_the_cap_gets_the_busy_page_and_then_the_real_page(
        capped_kit: KitServer, browser: Browser) -> None:
    assert capped_kit.status()["max_kernels"] == 1
    first, first_problems = harness.new_tracked_page(browser)
    harness.login_as(first, capped_kit.url, "trainee", wait=False)
    harness.wait_for_widgets(first, timeout=PATIENCE_MS)
    _wait_for_visitors(capped_kit, 1)

    second, second_problems = harness.new_tracked_page(browser, *SIZES[0])
    # The page's own clock, so its countdown waits for the test (the machine may be slow).
    second.clock.install()
    harness.persona_cookie(second, capped_kit.url, "coach")
    response = second.goto(capped_kit.url + START)
    second.clock.pause_at(time.time() + 1)
    assert response is not None
    assert response.status == 503
    assert response.headers["retry-after"] == "20"
    assert second.url == capped_kit.url + START  # no redirect: a reload keeps the address
    assert second.get_attribute("html", "lang") == "nl"
    assert second.locator("h1").inner_text() == "Het is nu erg druk"
    body = second.inner_text("body")
    assert re.search(r"probeert het over \d+ seconden zelf opnieuw", body)
    assert "Please" not in body and "Service Unavailable" not in body
    again = second.get_by_role("link", name="Nu opnieuw proberen")
    assert again.get_attribute("href") == START
    # The busy page started no kernel and holds no slot.
    assert capped_kit.status()["visitor_kernels"] == 1
    # Each size in its own context: resizing a page whose clock is held waits forever.
    for width, height in SIZES:
        page, problems = _busy_page(browser, capped_kit, width, height) if width != SIZES[0][0] \
            else (second, second_problems)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _axe_with_held_clock(page) == []
        page.clock.resume()  # harness.screenshot runs axe, which waits on timers
        harness.screenshot(page, f"busy-{width}x{height}")
        page.clock.pause_at(time.time() + 1)
        if page is not second:
            assert [m for m in problems.console if not EXPECTED_503.search(m)] == []
            page.context.close()
    counted = int(second.locator("#pgkit-busy-seconds").inner_text())
    second.clock.run_for(5_000)
    assert int(second.locator("#pgkit-busy-seconds").inner_text()) == counted - 5

    # A visitor may stop the retry (WCAG 2.2.1; a bare meta refresh fails axe for it).
    third, third_problems = harness.new_tracked_page(browser)
    third.clock.install()
    harness.persona_cookie(third, capped_kit.url, "facilitator")
    third.goto(capped_kit.url + START)
    third.clock.pause_at(time.time() + 1)
    third.get_by_role("button", name="Niet vanzelf opnieuw proberen").click()
    third.clock.run_for(60_000)
    assert third.locator("h1").inner_text() == "Het is nu erg druk"
    assert "probeert het niet meer vanzelf" in third.inner_text("body")
    third.clock.resume()  # harness.screenshot runs axe, which waits on timers
    harness.screenshot(third, "busy-stopped")
    third.context.close()

    harness.screenshot(first, "busy-first-visitor")
    first.close(run_before_unload=True)  # the unload beacon shuts the first kernel down
    _wait_for_visitors(capped_kit, 0)
    # The countdown ends, the page reloads itself and now gets the real page.
    second.clock.run_for(20_000)
    second.clock.resume()
    harness.wait_for_widgets(second, timeout=PATIENCE_MS)
    assert second.url == capped_kit.url + START
    assert harness.page_errors(second) == []
    assert "Het is nu erg druk" not in second.inner_text("body")
    _wait_for_visitors(capped_kit, 1)
    harness.screenshot(second, "busy-after-retry")
    assert first_problems.console == []
    for problems in (second_problems, third_problems):
        assert [m for m in problems.console if not EXPECTED_503.search(m)] == []
    second.context.close()
    first.context.close()
