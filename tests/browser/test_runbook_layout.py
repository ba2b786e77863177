"""The facilitator's runbook and a phone's score dropdowns at the issue's three sizes:
no label is cut off, and a focused dropdown shows its whole focus ring (issue 16,
items 15 and 24)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser import harness
from tests.browser.harness import KitServer

SLOW = 180_000
SIZES = ((390, 844), (1280, 800), (1920, 1080))
TABS = ("Draaiboek", "Vragen en groepsweb", "Rollenspel", "Dilemma's", "Aanwezigheid",
        "Afronden")
# Every label a facilitator clicks: buttons, toggle buttons and the runbook's tabs.
LABELS = ".jupyter-button, .widget-button, .lm-TabBar-tabLabel"
CUT = """sel => [...document.querySelectorAll(sel)]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => [e.textContent.trim(), e.scrollWidth, e.clientWidth])"""
# The part of an element's focus ring that an ancestor which clips (overflow) hides.
CLIPPED_RING = """el => {
    const style = getComputedStyle(el);
    const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
    const r = el.getBoundingClientRect();
    const out = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a);
        if ([o.overflowX, o.overflowY].every(v => v === 'visible')) continue;
        const b = a.getBoundingClientRect();
        if (r.left - ring < b.left - 0.5 || r.right + ring > b.right + 0.5
            || r.top - ring < b.top - 0.5 || r.bottom + ring > b.bottom + 0.5)
            out.push(a.className);
    }
    return {ring: ring, style: style.outlineStyle, clippedBy: out};
}"""

# The line each character of a join code ("D2V VSQ") stands on, for every code in the
# elements: one distinct top per code, or the code is split over two lines.
CODE_LINES = r"""els => els.map(el => {
    const out = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const m = n.data.match(/[2-9A-HJ-NP-Z]{3}\s[2-9A-HJ-NP-Z]{3}/);
        if (!m) continue;
        const tops = new Set();
        for (let i = m.index; i < m.index + m[0].length; i++) {
            if (i === m.index + 3) continue;  // the space between the groups
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            tops.add(Math.round(r.getBoundingClientRect().top));
        }
        out.push([m[0], tops.size]);
    }
    return out;
}).flat()"""


def _codes_split(page: Page, selector: str) -> list:
    """Codes shown in ``selector`` whose characters stand on more than one line."""
    found = page.locator(selector).evaluate_all(CODE_LINES)
    assert found, selector  # the check saw a code at all
    return [code for code, lines in found if lines != 1]



@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=5_000)


def _cut_labels(page: Page) -> list:
    return page.evaluate(CUT, LABELS)


def test_runbook_labels_are_never_cut_off(kit: KitServer,
                                          new_page: Callable[..., Page]) -> None:
    """"Open de bijee…", "Sluit de bijeenko…" and the phone's tabs "Draai", "Rolle"."""
    host = new_page(390, 844)
    host.context.set_default_timeout(SLOW)
    harness.login_as(host, kit.url, "facilitator", "/voila/render/facilitator/runbook.ipynb",
                     wait=False)
    harness.wait_for_widgets(host, SLOW)
    expect(host.get_by_role("button", name="Open de bijeenkomst")).to_be_visible()
    assert _cut_labels(host) == []
    harness.screenshot(host, "runbook_new_390x844")
    host.get_by_role("button", name="Open de bijeenkomst").click()
    expect(host.locator(".pgkit-code")).to_be_visible()
    assert _codes_split(host, ".pgkit-code") == []
    # With a meeting open, the runbook offers the way back to it, under a long label.
    again = host.context.new_page()
    again.goto(f"{kit.url}/voila/render/facilitator/runbook.ipynb")
    harness.wait_for_widgets(again, SLOW)
    expect(again.locator(".pgkit-resume").first).to_be_visible()
    assert _cut_labels(again) == []
    # "... · code D2V" on one line and "VSQ" on the next reads as two codes.
    assert _codes_split(again, ".pgkit-resume") == []
    harness.screenshot(again, "runbook_resume_390x844")
    again.close()
    # Phone first, then wider (bqplot does not redraw for a narrower window).
    for width, height in SIZES:
        host.set_viewport_size({"width": width, "height": height})
        for name in TABS:
            host.get_by_role("tab", name=name).click()
            expect(host.get_by_role("tab", name=name)).to_have_attribute(
                "aria-selected", "true")
            cut = _cut_labels(host)
            assert cut == [], (width, name, cut)
            wide = host.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, (width, name, wide)
            if name in ("Draaiboek", "Afronden"):
                harness.screenshot(host, f"runbook_{name.lower()}_{width}x{height}")
        # The tabs never scroll out of sight, on a phone they wrap onto a second row.
        tabs = host.locator(".lm-TabBar-tab")
        right = max(b["x"] + b["width"] for b in
                    (tabs.nth(i).bounding_box() or {"x": 0, "width": 0}
                     for i in range(tabs.count())))
        assert right <= width, (width, right)
    assert harness.axe_violations(host) == []

    # Feedback where you click: on a phone, the warning and the confirmation after
    # "Sluit de bijeenkomst" appear just below that button, not at the top of the page.
    host.set_viewport_size({"width": 390, "height": 844})
    host.get_by_role("tab", name="Afronden").click()
    close = host.get_by_role("button", name="Sluit de bijeenkomst")
    close.click()
    for text in ("Zet eerst het vinkje", "De bijeenkomst is gesloten"):
        message = host.get_by_text(text)
        expect(message).to_be_in_viewport()
        button_box, message_box = close.bounding_box(), message.bounding_box()
        assert button_box and message_box, text
        gap = message_box["y"] - (button_box["y"] + button_box["height"])
        assert 0 <= gap <= 60, (text, gap)
        if text.startswith("Zet"):
            host.get_by_role("checkbox", name=re.compile("Ik wil de bijeenkomst")).check()
            close.click()
    harness.screenshot(host, "runbook_closed_390x844")


def test_a_focused_score_dropdown_on_a_phone_shows_its_whole_ring(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    from sqlalchemy import func, select

    from pgkit.demo import DEMO_FACILITATOR
    from pgkit.identity import current_user
    from pgkit.live import meetings
    from pgkit.store import session_scope
    from pgkit.store.models import Enrolment, MeetingKind

    with session_scope(kit.db_url) as s:
        host = current_user(s, DEMO_FACILITATOR)
        cohort_id = s.scalar(select(Enrolment.cohort_id).group_by(Enrolment.cohort_id)
                             .having(func.count() >= 5).limit(1))
        meeting = meetings.open_meeting(s, host, cohort_id, MeetingKind.REFLECTION_1,
                                        method="bijeenkomst1")
        meetings.update_state(s, meeting.id, host, screen="web")
        code = meeting.join_code
    phone = new_page(390, 844)
    phone.context.set_default_timeout(SLOW)
    phone.goto(f"{kit.url}/pgkit/welkom?volgende=/voila/render/notebooks/meeting.ipynb")
    phone.fill("#naam", "Sevda")
    phone.click("button[type=submit]")
    harness.wait_for_widgets(phone, SLOW)
    phone.get_by_label("Code").fill(code)
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator(".pgkit-joined")).to_contain_text("Sevda", timeout=SLOW)
    first = phone.get_by_role("combobox", name="Lichaamsfuncties")
    expect(first).to_be_visible(timeout=SLOW)
    # From the keyboard, as :focus-visible is meant for: focus the field before, then Tab.
    first.focus()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Tab")
    expect(first).to_be_focused()
    ring = first.evaluate(CLIPPED_RING)
    assert ring["style"] != "none" and ring["ring"] >= 4, ring
    assert ring["clippedBy"] == [], ring
    first.scroll_into_view_if_needed()
    harness.screenshot(phone, "meeting_phone_score_focus_390x844")
    assert _cut_labels(phone) == []
