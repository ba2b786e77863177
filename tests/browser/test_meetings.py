"""A reflection meeting in the browser: one facilitator, three participants on phones.

The facilitator opens a meeting, participants join with the code (after a wrong code
first), answer a poll, and the facilitator sees the result. Then the role-play: the
observer's checklist reaches the conversation leader and nobody else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser import harness
from tests.browser.harness import KitServer

SLOW = 180_000  # a loaded 2-core machine can take long to start a kernel


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    """Kernels answer slowly when the machine is busy; wait up to a minute per check."""
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=5_000)


def _open(page: Page, base: str, path: str) -> None:
    page.context.set_default_timeout(SLOW)
    page.goto(f"{base}/voila/render/{path}")
    harness.wait_for_widgets(page, SLOW)


def _sign_up_into(page: Page, base: str, name: str, path: str) -> None:
    """Sign up and land straight on ``path`` (no detour over the home page)."""
    page.context.set_default_timeout(SLOW)
    page.goto(f"{base}/pgkit/welkom?volgende=/voila/render/{path}")
    page.fill("#naam", name)
    page.click("button[type=submit]")
    harness.wait_for_widgets(page, SLOW)


def _join(page: Page, base: str, name: str, code: str) -> None:
    _sign_up_into(page, base, name, "notebooks/meeting.ipynb")
    page.get_by_label("Code").fill(code.lower())  # lower case and no space still work
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator(".pgkit-joined")).to_contain_text(name, timeout=SLOW)


def test_participants_join_answer_a_poll_and_the_facilitator_sees_it(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    host = new_page(1280, 800)
    host.context.set_default_timeout(SLOW)
    host.goto(f"{kit.url}/pgkit/persona/facilitator"
              "?volgende=/voila/render/facilitator/runbook.ipynb")
    harness.wait_for_widgets(host, SLOW)
    host.get_by_role("button", name="Open de bijeenkomst").click()
    code = host.locator(".pgkit-code").get_attribute("data-code")
    assert code and re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)

    phones = [new_page(390, 844) for _ in range(3)]
    # A wrong code first: a clear Dutch message, no join.
    first = phones[0]
    _sign_up_into(first, kit.url, "Zoë", "notebooks/meeting.ipynb")
    first.get_by_label("Code").fill("ZZZ ZZZ" if code != "ZZZZZZ" else "YYY YYY")
    first.get_by_role("button", name="Meedoen").click()
    expect(first.get_by_role("alert")).to_contain_text("Er is geen bijeenkomst met de code")
    first.get_by_label("Code").fill(code)
    first.get_by_role("button", name="Meedoen").click()
    expect(first.locator(".pgkit-joined")).to_contain_text("Zoë")
    assert harness.axe_violations(first) == []
    for page, name in zip(phones[1:], ("Mehmet", "Anaïs"), strict=True):
        _join(page, kit.url, name, code)
    expect(host.locator(".pgkit-count")).to_have_attribute("data-joined", "3")

    host.get_by_role("button", name="Start").click()
    host.get_by_role("tab", name="Vragen en groepsweb").click()
    host.get_by_role("button", name="Stel deze vraag").click()
    for page, answer in zip(phones, ("Vol energie", "Vol energie", "Nieuwsgierig"), strict=True):
        page.get_by_role("button", name=answer).click()
        expect(page.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    expect(host.locator(".pgkit-poll-n")).to_have_attribute("data-total", "3")
    expect(host.locator(".pgkit-web-hidden")).to_contain_text("Nog nodig: 5")
    harness.screenshot(host, "meeting_facilitator_1280x800")
    assert harness.axe_violations(host) == []
    host.set_viewport_size({"width": 1920, "height": 1080})
    harness.screenshot(host, "meeting_facilitator_1920x1080")

    # Role-play: one three; the observer's checklist reaches only the leader.
    host.get_by_role("tab", name="Rollenspel").click()
    host.get_by_role("button", name="Maak drietallen (ronde 1)").click()
    expect(host.locator(".pgkit-groups")).to_contain_text("gesprekvoerder")
    roles = {}
    for page in phones:
        role = page.locator(".pgkit-role")
        expect(role).to_be_visible()
        roles[role.get_attribute("data-role")] = page
    assert set(roles) == {"gesprekvoerder", "gesprekspartner", "observator"}
    observer = roles["observator"]
    for toggle in observer.locator(".widget-toggle-buttons").all():
        button = toggle.get_by_role("button", name="Vaak")
        button.click()
        expect(button).to_have_class(re.compile("mod-active"))
    observer.get_by_placeholder("Wat zei of deed de gesprekvoerder?").fill("Mooie stilte.")
    observer.get_by_role("button", name="Feedback versturen").click()
    expect(observer.get_by_text("Je feedback is verstuurd")).to_be_visible()
    leader = roles["gesprekvoerder"]
    expect(leader.locator(".pgkit-feedback")).to_contain_text("Mooie stilte.")
    expect(leader.locator(".pgkit-feedback li")).to_have_count(7)
    expect(roles["gesprekspartner"].locator(".pgkit-feedback")).to_have_count(0)
    expect(observer.locator(".pgkit-feedback")).to_have_count(0)
    expect(host.get_by_text("Mooie stilte.")).to_have_count(0)
    harness.screenshot(observer, "meeting_participant_phone_observer")
    harness.screenshot(leader, "meeting_participant_phone_leader")

    # The projector view shows the poll result in large.
    host.get_by_role("button", name="Vraag", exact=True).click()
    projector = host.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    _open(projector, kit.url, f"facilitator/projector.ipynb?bijeenkomst="
          f"{host.locator('.pgkit-projector-link a').get_attribute('href').split('=')[-1]}")
    expect(projector.locator(".pgkit-poll-n")).to_have_attribute("data-total", "3")
    harness.screenshot(projector, "meeting_projector_1920x1080")
    assert harness.page_errors(projector) == []
    projector.close()
