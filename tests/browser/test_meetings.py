"""A reflection meeting in the browser: one facilitator, three participants on phones.

The facilitator opens a meeting, participants join with the code (after a wrong code
first), answer a poll, and the facilitator sees the result. Then the role-play: the
observer's checklist reaches the conversation leader and nobody else.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from pgkit.live import codes
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


def _five_shared(kit: KitServer, code: str) -> None:
    """Two more people join and all five share scores, straight into the store.

    Only people enrolled in the cohort count in the group web, so all five are enrolled.
    """
    from sqlalchemy import select

    from pgkit.live import groupweb, meetings
    from pgkit.store import people, session_scope
    from pgkit.store.models import Cohort, Participant, Person

    with session_scope(kit.db_url) as s:
        meeting = meetings.find_by_code(s, code)
        cohort = s.get(Cohort, meeting.cohort_id)
        for n, name in enumerate(("Extra Een", "Extra Twee")):
            extra = people.ensure_person(s, f"extra-{code.lower()}-{n}", name)
            meetings.join(s, code, extra.id, name)
        seats = list(s.scalars(select(Participant).where(Participant.meeting_id == meeting.id)))
        for n, seat in enumerate(seats):
            people.enrol(s, cohort, s.get(Person, seat.person_id))
            groupweb.contribute(s, seat.token, {k: 4 + (n + i) % 5 for i, k in
                                                enumerate(groupweb.KEYS)})


def test_participants_join_answer_a_poll_and_the_facilitator_sees_it(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    host = new_page(1280, 800)
    code = harness.open_meeting(host, kit.url, SLOW)

    phones = [new_page(390, 844) for _ in range(3)]
    # A wrong code first: a clear Dutch message, no join.
    first = phones[0]
    _sign_up_into(first, kit.url, "Zoë", "notebooks/meeting.ipynb")
    harness.screenshot(first, "meeting_join_before_390x844")
    first.get_by_label("Code").fill("ZZZ ZZZ" if code != "ZZZZZZ" else "YYY YYY")
    first.get_by_role("button", name="Meedoen").click()
    expect(first.get_by_role("alert")).to_contain_text("Er is geen bijeenkomst met de code")
    first.get_by_label("Code").fill(code)
    first.get_by_role("button", name="Meedoen").click()
    expect(first.locator(".pgkit-joined")).to_contain_text("Zoë")
    # Nothing active yet: a short page, no empty headings.
    expect(first.locator(".pgkit-waiting")).to_be_visible()
    expect(first.locator(".pgkit-section")).to_have_count(0)
    harness.screenshot(first, "meeting_participant_phone_waiting")
    assert harness.axe_violations(first) == []
    for page, name in zip(phones[1:], ("Mehmet", "Anaïs"), strict=True):
        _join(page, kit.url, name, code)
    expect(host.locator(".pgkit-count")).to_have_attribute("data-joined", "3")

    host.get_by_role("button", name="Start").click()
    expect(host.locator(".pgkit-clock-state")).to_have_text("Loopt")
    host.get_by_role("tab", name="Vragen en groepsweb").click()
    host.get_by_role("button", name="Stel deze vraag").click()
    for page, answer in zip(phones, ("Vol energie", "Vol energie", "Nieuwsgierig"), strict=True):
        page.get_by_role("button", name=answer).click()
        expect(page.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    harness.screenshot(phones[2], "meeting_participant_phone_poll_390x844")
    expect(host.locator(".pgkit-poll-n")).to_have_attribute("data-total", "3")
    expect(host.locator(".pgkit-web-hidden")).to_contain_text("Nog nodig: 5")
    harness.screenshot(host, "meeting_facilitator_1280x800")
    assert harness.axe_violations(host) == []
    host.set_viewport_size({"width": 1920, "height": 1080})
    harness.screenshot(host, "meeting_facilitator_1920x1080")
    host.set_viewport_size({"width": 1280, "height": 800})  # the laptop again

    # Role-play: one three; the observer's checklist reaches only the leader, and only
    # when it is sent.
    host.get_by_role("tab", name="Rollenspel").click()
    host.get_by_role("button", name="Maak drietallen (ronde 1)").click()
    expect(host.locator(".pgkit-groups")).to_contain_text("gesprekvoerder")
    roles = {}
    for page in phones:
        role = page.locator(".pgkit-role")
        expect(role).to_be_visible()
        roles[role.get_attribute("data-role")] = page
    assert set(roles) == {"gesprekvoerder", "gesprekspartner", "observator"}
    observer, leader = roles["observator"], roles["gesprekvoerder"]
    for toggle in observer.locator(".widget-toggle-buttons").all():
        button = toggle.get_by_role("button", name="Vaak")
        button.click()
        expect(button).to_have_class(re.compile("mod-active"))
    observer.get_by_placeholder("Wat zei of deed de gesprekvoerder?").fill("Mooie stilte.")
    observer.get_by_placeholder("Wat zei of deed de gesprekvoerder?").blur()
    expect(observer.get_by_text("nog niet verstuurd")).to_be_visible()
    # A card on the screen reaches every phone on its next refresh: once the leader shows
    # it, the leader's page has refreshed after the draft was saved, and shows no feedback.
    host.get_by_role("tab", name="Dilemma's").click()
    host.get_by_role("button", name="Trek een kaart").click()
    expect(leader.locator(".pgkit-section h2", has_text="Dilemma")).to_be_visible()
    expect(leader.locator(".pgkit-feedback")).to_have_count(0)
    observer.get_by_role("button", name="Feedback versturen").click()
    expect(observer.get_by_text("Je feedback is verstuurd")).to_be_visible()
    expect(leader.locator(".pgkit-feedback")).to_contain_text("Mooie stilte.")
    expect(leader.locator(".pgkit-feedback li")).to_have_count(7)
    expect(roles["gesprekspartner"].locator(".pgkit-feedback")).to_have_count(0)
    expect(observer.locator(".pgkit-feedback")).to_have_count(0)
    expect(host.get_by_text("Mooie stilte.")).to_have_count(0)
    harness.screenshot(observer, "meeting_participant_phone_observer")
    harness.screenshot(leader, "meeting_participant_phone_leader")
    assert harness.axe_violations(observer) == []

    # The projector, opened from the runbook: the poll result in large.
    host.get_by_role("button", name="Vraag", exact=True).click()
    meeting_id = host.locator(".pgkit-projector-link a").get_attribute("href").split("=")[-1]
    projector = new_page(1920, 1080)
    projector.context.add_cookies(host.context.cookies())
    _open(projector, kit.url, f"facilitator/projector.ipynb?bijeenkomst={meeting_id}")
    expect(projector.locator(".pgkit-poll-n")).to_have_attribute("data-total", "3")
    harness.screenshot(projector, "meeting_projector_poll_1920x1080")
    assert harness.axe_violations(projector) == []
    host.get_by_role("button", name="Drietallen", exact=True).click()
    expect(projector.locator(".pgkit-groups")).to_contain_text("3 deelnemers")
    for name in ("Zoë", "Mehmet", "Anaïs"):  # what the room sees: no participant's name
        expect(projector.locator("#rendered_cells")).not_to_contain_text(
            name, use_inner_text=True)
    expect(projector.get_by_text("Ander profiel")).not_to_be_visible()
    harness.screenshot(projector, "meeting_projector_groups_1920x1080")
    assert harness.axe_violations(projector) == []
    host.get_by_role("button", name="Code", exact=True).click()
    expect(projector.locator(".pgkit-join .pgkit-address")).to_contain_text("127.0.0.1:")
    harness.screenshot(projector, "meeting_projector_code_1920x1080")

    # A second facilitator tab follows the one timer: a pause there pauses everywhere.
    second = host.context.new_page()
    second.set_viewport_size({"width": 1280, "height": 800})
    _open(second, kit.url, "facilitator/runbook.ipynb")
    # Other tests of this session may have left meetings open: take this one by its code.
    second.get_by_role("button", name=re.compile(
        "Reflectiebijeenkomst 1 .* code " + re.escape(codes.pretty(code)))).click()
    expect(second.locator(".pgkit-clock-state")).to_have_text("Loopt")
    second.get_by_role("button", name="Pauze").click()
    expect(host.locator(".pgkit-clock-state")).to_have_text("Gepauzeerd")
    expect(projector.locator(".pgkit-clock-state")).to_have_text("Gepauzeerd")
    expect(host.locator(".pgkit-clock [role=alert]")).to_have_count(0)
    harness.screenshot(second, "meeting_facilitator_second_tab_1280x800")
    second.close()

    # The group web fills the wall once five people shared (two more join by the store).
    _five_shared(kit, code)
    host.get_by_role("button", name="Groepsweb", exact=True).click()
    expect(projector.locator(".pgkit-web-shown")).to_contain_text("Gemiddelde van 5")
    radar = projector.locator(".bqplot").first
    expect(radar).to_be_visible()
    box = radar.bounding_box()
    assert box and box["height"] >= 0.6 * 1080, box
    harness.screenshot(projector, "meeting_projector_web_1920x1080")
    assert harness.axe_violations(projector) == []

    # Attendance lists whoever joined, without a refresh button.
    host.get_by_role("tab", name="Aanwezigheid").click()
    expect(host.get_by_role("checkbox", name="Zoë (deed mee met de code)")).to_be_checked()
    harness.screenshot(host, "meeting_attendance_1280x800")
    assert harness.axe_violations(host) == []

    # Closing closes everything: the runbook, the projector and every phone say so, and
    # nothing can be answered any more.
    host.get_by_role("tab", name="Afronden").click()
    host.get_by_role("button", name="Maak de samenvatting").click()
    expect(host.locator(".pgkit-summary table th", has_text="Gepland (min)")).to_be_visible()
    host.get_by_role("button", name="Sluit de bijeenkomst").click()
    warning = host.get_by_text("Zet eerst het vinkje")
    expect(warning).to_be_in_viewport()
    host.get_by_role("checkbox", name=re.compile("Ik wil de bijeenkomst afsluiten")).check()
    host.get_by_role("button", name="Sluit de bijeenkomst").click()
    expect(host.get_by_text("De bijeenkomst is gesloten")).to_be_in_viewport()
    expect(host.locator(".pgkit-clock-state")).to_have_text("Afgelopen")
    expect(projector.locator(".pgkit-clock-state")).to_have_text("Afgelopen")
    for page in phones:
        expect(page.locator('.pgkit-now[data-state="afgelopen"]')).to_have_text("Afgelopen")
        expect(page.get_by_role("button", name="Vol energie")).to_have_count(0)
    harness.screenshot(host, "meeting_closed_1280x800")
    harness.screenshot(projector, "meeting_projector_closed_1920x1080")
    harness.screenshot(phones[0], "meeting_participant_phone_closed")
    assert harness.axe_violations(phones[0]) == []


def test_six_phones_open_the_meeting_page_at_once(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    """Simultaneous first visits, some served by preheated kernels: every page renders."""
    deadline = time.monotonic() + 120  # the pool refills when no page renders
    while kit.status()["ready_in_pool"] < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    heated = kit.log().count("Using pre-heated kernel")
    phones = [new_page(390, 844) for _ in range(6)]
    for n, page in enumerate(phones):
        page.context.set_default_timeout(SLOW)
        page.goto(f"{kit.url}/pgkit/welkom?volgende=/voila/render/notebooks/meeting.ipynb")
        page.fill("#naam", f"Telefoon {n}")
        # Do not wait for the meeting page: the six first visits overlap.
        page.click("button[type=submit]", no_wait_after=True)
    for page in phones:
        expect(page.get_by_role("button", name="Meedoen")).to_be_visible(timeout=SLOW)
    # At least the two kernels warm in the pool served a phone: the path under test.
    assert kit.log().count("Using pre-heated kernel") >= heated + 2
    harness.screenshot(phones[0], "meeting_join_phone_390x844")
    assert harness.axe_violations(phones[0]) == []
