"""The group web on the projector: a 0-10 scale that reads as one (issue 16, item 7)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from pgkit.demo import DEMO_FACILITATOR
from pgkit.identity import current_user
from pgkit.live import groupweb, meetings
from pgkit.store import session_scope
from pgkit.store.models import Enrolment, MeetingKind
from tests.browser import harness
from tests.browser.harness import KitServer

SLOW_MS = 180_000


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
    page.set_viewport_size({"width": 1280, "height": 800})
    # bqplot redraws the web for the new height a moment later: photograph (and check
    # with axe) the page as it settles, not the web of the old size spilling over.
    page.wait_for_function("document.querySelector('.pgkit-stage .bqplot')"
                           ".getBoundingClientRect().height <= 0.7 * innerHeight + 1")
    harness.screenshot(page, "groupweb_projector_1280x800")
