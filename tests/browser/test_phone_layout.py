"""Phone layout at 390x844: nothing runs off the right edge, wrapped answers never overlap.

Measured with the elements' real boxes in Chromium, not by reading CSS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

from tests.browser import harness
from tests.browser.harness import KitServer

SLOW = 180_000
WIDTH, HEIGHT = 390, 844


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=5_000)


def _phone(new_page: Callable[..., Page], kit: KitServer, path: str, name: str) -> Page:
    page = new_page(WIDTH, HEIGHT)
    page.context.set_default_timeout(SLOW)
    page.goto(f"{kit.url}/pgkit/welkom?volgende=/voila/render/{path}")
    page.fill("#naam", name)
    page.click("button[type=submit]")
    harness.wait_for_widgets(page, SLOW)
    return page


def _past_the_edge(page: Page, selector: str) -> list[str]:
    """Visible elements matching ``selector`` whose right side passes the screen's edge."""
    return page.evaluate(
        """([sel, width]) => [...document.querySelectorAll(sel)]
            .filter(e => e.offsetParent !== null)
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width > 0 && r.right > width)
            .map(([e, r]) => `${e.tagName}.${e.className}: ${Math.round(r.right)}`)""",
        [selector, WIDTH])


def test_meeting_and_intervision_fields_stay_inside_a_phone(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    meeting = _phone(new_page, kit, "notebooks/meeting.ipynb", "Ilse")
    expect(meeting.get_by_role("button", name="Meedoen")).to_be_visible()
    assert _past_the_edge(meeting, "input, button, select, textarea, .widget-text") == []
    harness.screenshot(meeting, "phone_meeting_join_390x844")
    intervision = _phone(new_page, kit, "exercises/intervisie/deelnemer.ipynb", "Ilse")
    expect(intervision.get_by_label("Code")).to_be_visible()
    assert _past_the_edge(intervision, "input, button, select, textarea, .widget-text") == []
    harness.screenshot(intervision, "phone_intervision_join_390x844")
    assert harness.axe_violations(intervision) == []


def test_wrapped_quiz_answers_do_not_overlap(kit: KitServer,
                                             new_page: Callable[..., Page]) -> None:
    page = _phone(new_page, kit, "modules/eenheid1.ipynb", "Ilse")
    page.wait_for_selector(".pgkit-steps", timeout=SLOW)
    label = next(x for x in page.locator(".pgkit-steps li").all_inner_texts()
                 if "Kennischeck" in x)
    page.get_by_label("Ga naar stap").select_option(label=label)
    expect(page.locator(".pgkit-question").first).to_be_visible()
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.pgkit-question')].map(q =>
            [...q.querySelectorAll('.widget-radio-box label, .widget-checkbox')]
              .map(l => { const r = l.getBoundingClientRect(); return [r.top, r.bottom]; }))""")
    wrapped = 0
    for n, boxes in enumerate(rows, 1):
        for (top, bottom), (next_top, _) in pairwise(boxes):
            assert bottom <= next_top + 0.5, f"question {n}: answers overlap"
            wrapped += bottom - top > 30
    assert wrapped, "no answer wraps at 390 px: this test would prove nothing"
    assert _past_the_edge(page, ".pgkit-question label, .pgkit-question button") == []
    harness.screenshot(page, "phone_unit1_quiz_390x844")
    assert harness.axe_violations(page) == []
