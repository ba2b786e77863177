"""The group web on the projector: a 0-10 scale that reads as one (issue 16, item 7),
centred, with names readable from the back of the room and nothing below the fold."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from pgkit.demo import DEMO_FACILITATOR
from pgkit.identity import current_user
from pgkit.live import groupweb, meetings
from pgkit.spinnenweb import DIMENSIONS, dimension_name
from pgkit.store import session_scope
from pgkit.store.models import Enrolment, MeetingKind
from tests.browser import harness
from tests.browser.harness import KitServer

SLOW_MS = 180_000
# The drawn web (spokes, rings, loop and names) as the eye sees it, and its names' sizes.
WEB = """() => {
    const fig = document.querySelector('.pgkit-stage .bqplot');
    const drawn = [...fig.querySelectorAll('svg path, svg text')]
        .filter(e => !e.closest('.g_legend'));  // hidden: the web has one loop
    const parts = drawn.map(e => e.getBoundingClientRect())
        .filter(r => r.width > 0 && r.height > 0);
    const names = drawn.filter(e => e.tagName === 'text' && e.textContent.trim().length > 2);
    return {left: Math.min(...parts.map(r => r.left)), right: Math.max(...parts.map(r => r.right)),
            top: Math.min(...parts.map(r => r.top)), bottom: Math.max(...parts.map(r => r.bottom)),
            names: names.map(e => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)]),
            scrollY: scrollY, width: innerWidth, height: innerHeight};
}"""
# bqplot has redrawn the web for the figure's new size: the drawing lies inside it.
REDRAWN = f"""() => {{
    const box = document.querySelector('.pgkit-stage .bqplot').getBoundingClientRect();
    const web = ({WEB})();
    return box.height < 0.5 * innerHeight && web.bottom <= box.bottom + 1
        && web.right <= box.right + 1;
}}"""
CAPTION = """() => document.querySelector('.pgkit-web-shown').getBoundingClientRect().top"""


def _meeting_with_a_group_web(kit: KitServer) -> int:
    """A meeting of the demo facilitator where five enrolled trainees shared scores."""
    with session_scope(kit.db_url) as s:
        host = current_user(s, DEMO_FACILITATOR)
        cohort_id = s.scalar(select(Enrolment.cohort_id).group_by(Enrolment.cohort_id)
                             .having(func.count() >= 5).limit(1))
        members = list(s.scalars(select(Enrolment.person_id)
                                 .where(Enrolment.cohort_id == cohort_id).limit(5)))
        meeting = meetings.open_meeting(s, host, cohort_id, MeetingKind.REFLECTION_1,
                                        method="bijeenkomst1")
        for i, pid in enumerate(members):
            token = meetings.join(s, meeting.join_code, pid, f"Deelnemer {i}").token
            groupweb.contribute(s, token, {k: (3 + i + j) % 10 for j, k in
                                           enumerate(groupweb.KEYS)})
        meetings.update_state(s, meeting.id, host, screen="web")
        return meeting.id


def test_projector_group_web_axis_reads_0_to_10(kit: KitServer,
                                                new_page: Callable[..., Page]) -> None:
    mid = _meeting_with_a_group_web(kit)
    page = new_page(1920, 1080)
    page.set_default_timeout(SLOW_MS)
    harness.login_as(page, kit.url, "facilitator")
    harness.open_page(page, kit.url, f"facilitator/projector.ipynb?bijeenkomst={mid}")
    expect(page.locator(".pgkit-web-shown")).to_contain_text("Gemiddelde van 5 deelnemers")
    radar = page.locator(".bqplot").first
    expect(radar).to_be_visible()
    labels = [x.strip() for x in radar.locator("text").all_text_contents() if x.strip()]
    assert {"2", "4", "6", "8", "10"} <= set(labels), labels
    assert not any("%" in x for x in labels), labels  # bqplot wrote "0% ... 1000%"
    harness.screenshot(page, "groupweb_projector_1920x1080")
    assert harness.axe_violations(page) == []
    _assert_fits_and_reads(page, min_name_px=24)
    page.set_viewport_size({"width": 1280, "height": 800})
    # bqplot redraws the web for the new size a moment later: photograph (and check
    # with axe) the page as it settles, not the web of the old size spilling over.
    page.wait_for_function(REDRAWN, timeout=30_000)
    harness.screenshot(page, "groupweb_projector_1280x800")
    _assert_fits_and_reads(page, min_name_px=18)


def _assert_fits_and_reads(page: Page, min_name_px: float) -> None:
    """Centred, the whole web and its caption on the first screen, every name large."""
    web = page.evaluate(WEB)
    assert web["scrollY"] == 0, web
    assert page.evaluate(CAPTION) >= 0, web
    assert web["top"] >= 0 and web["bottom"] <= web["height"], web  # no scrolling needed
    assert web["left"] >= 0 and web["right"] <= web["width"], web
    centre = (web["left"] + web["right"]) / 2
    assert abs(centre - web["width"] / 2) <= 0.03 * web["width"], (centre, web)
    names = dict(web["names"])
    shown = [dimension_name(d) for d in DIMENSIONS]
    assert set(shown) <= set(names), web["names"]
    assert all(names[d] >= min_name_px for d in shown), web["names"]
