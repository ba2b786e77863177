"""The phone page of a reflection meeting (``/meedoen``, pgkit.phone): no kernel per phone.

A facilitator runs the meeting from the runbook (a Voila page); the participants open
the meeting link on their phones, which the kit's server answers with plain HTML and one
small script. The tests check what a participant must be able to do there, that no phone
starts a kernel, that the page follows the meeting without a reload, that it works
without JavaScript, and that it refuses what it must refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from pgkit.demo import DEMO_FACILITATOR
from pgkit.identity import current_user
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.store import session_scope
from pgkit.store.models import Enrolment, MeetingKind, Participant, PollAnswer
from pgkit.store.models_meetings import WebContribution
from tests.browser import harness
from tests.browser.harness import KitServer

SLOW = 180_000
HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def _sign_up(page: Page, base: str, name: str, code: str = "") -> None:
    """A new visitor opens the meeting link: first the name, then back to the link."""
    page.context.set_default_timeout(SLOW)
    page.goto(f"{base}/meedoen" + (f"?code={code}" if code else ""))
    expect(page).to_have_url(re.compile(r"/pgkit/welkom\?volgende="))
    page.fill("#naam", name)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/meedoen"))


def _join(page: Page, base: str, name: str, code: str) -> None:
    _sign_up(page, base, name, code)
    expect(page.get_by_label("Code")).to_have_value(codes.pretty(code))
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator(".pgkit-joined")).to_contain_text(name)


def _store_meeting(kit: KitServer, *, poll: bool = False, web: bool = False) -> tuple[int, str]:
    """A meeting of the demo facilitator, straight in the store (no Voila host needed)."""
    with session_scope(kit.db_url) as s:
        host = current_user(s, DEMO_FACILITATOR)
        assert host is not None
        cohort_id = s.scalar(select(Enrolment.cohort_id).group_by(Enrolment.cohort_id)
                             .having(func.count() >= 1).limit(1))
        meeting = meetings.open_meeting(s, host, cohort_id, MeetingKind.REFLECTION_1,
                                        method="bijeenkomst1")
        if poll:
            polls.open_poll(s, meeting.id, host, "k", "Hoe kom je binnen?",
                            ["Vol energie", "Nieuwsgierig", "Moe"])
        if web:
            meetings.update_state(s, meeting.id, host, screen="web")
        return meeting.id, meeting.join_code or ""


def _answers(kit: KitServer, meeting_id: int) -> int:
    with session_scope(kit.db_url) as s:
        return s.scalar(select(func.count()).select_from(PollAnswer)
                        .join(Participant, Participant.id == PollAnswer.participant_id)
                        .where(Participant.meeting_id == meeting_id)) or 0


def test_phones_join_answer_and_play_on_the_phone_page_without_a_kernel(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    host = new_page(1280, 800)
    code = harness.open_meeting(host, kit.url, SLOW)
    # The runbook shares the phone page's link, with the code in it.
    expect(host.locator("a.pgkit-join-link")).to_have_attribute("href", f"/meedoen?code={code}")
    kernels = kit.status()["visitor_kernels"]

    phones = [new_page(390, 844) for _ in range(3)]
    first = phones[0]
    _sign_up(first, kit.url, "Zoë", code)
    expect(first.get_by_label("Code")).to_have_value(codes.pretty(code))
    harness.screenshot(first, "phone_join_390x844")
    assert harness.axe_violations(first) == []
    first.get_by_label("Code").fill(code.lower())  # lower case still works
    first.get_by_role("button", name="Meedoen").click()
    expect(first.locator(".pgkit-joined")).to_contain_text("Zoë")
    expect(first.locator(".pgkit-waiting")).to_be_visible()
    expect(first.locator(".pgkit-section")).to_have_count(0)
    for page, name in zip(phones[1:], ("Mehmet", "Anaïs"), strict=True):
        _join(page, kit.url, name, code)
    expect(host.locator(".pgkit-count")).to_have_attribute("data-joined", "3")
    # Three phones in, and not one kernel more: the phone page has none.
    assert kit.status()["visitor_kernels"] == kernels

    # The question appears on every phone by itself: no reload (the marker survives).
    for page in phones:
        page.evaluate("window.__still_here = true")
    host.get_by_role("tab", name="Vragen en groepsweb").click()
    host.get_by_role("button", name="Stel deze vraag").click()
    for page in phones:
        expect(page.get_by_role("button", name="Nieuwsgierig")).to_be_visible()
        assert page.evaluate("window.__still_here") is True
        expect(page.locator(".pgkit-live")).to_have_text("Nieuw: Vraag van je begeleider")
    # Answer with the keyboard on one phone: the focus stays on the chosen answer.
    chosen = phones[2].get_by_role("button", name="Nieuwsgierig")
    chosen.focus()
    phones[2].keyboard.press("Enter")
    expect(phones[2].get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    expect(chosen).to_have_attribute("aria-pressed", "true")
    expect(chosen).to_be_focused()
    for page in phones[:2]:
        page.get_by_role("button", name="Vol energie").click()
        expect(page.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    expect(host.locator(".pgkit-poll-n")).to_have_attribute("data-total", "3")
    harness.screenshot(phones[2], "phone_poll_390x844")
    assert harness.axe_violations(phones[2]) == []
    # A changed answer replaces the old one.
    phones[0].get_by_role("button", name="Nieuwsgierig").click()
    expect(phones[0].get_by_role("button", name="Nieuwsgierig")).to_have_attribute(
        "aria-pressed", "true")
    expect(phones[0].get_by_role("button", name="Vol energie")).to_have_attribute(
        "aria-pressed", "false")

    # Role-play: the observer's checklist is saved as a draft while it is filled in, and
    # reaches the leader, only the leader, when it is sent.
    host.get_by_role("tab", name="Rollenspel").click()
    host.get_by_role("button", name="Maak drietallen (ronde 1)").click()
    roles = {}
    for page in phones:
        role = page.locator(".pgkit-role")
        expect(role).to_be_visible()
        roles[role.get_attribute("data-role")] = page
    assert set(roles) == {"gesprekvoerder", "gesprekspartner", "observator"}
    observer, leader, partner = (roles["observator"], roles["gesprekvoerder"],
                                 roles["gesprekspartner"])
    # The newest part is on top: the role card comes before the question.
    assert observer.locator("section.pgkit-section").first.get_attribute("data-part") == "rol"
    for fieldset in observer.locator("fieldset.pgkit-check").all():
        fieldset.get_by_label("Vaak").check()
    expect(observer.get_by_text("Bewaard, maar nog niet verstuurd")).to_be_visible()
    observer.get_by_label("Voorbeeld of tip").fill(f"Goede vraag {HOSTILE}")
    observer.get_by_role("button", name="Feedback versturen").click()
    expect(observer.get_by_text("Je feedback is verstuurd")).to_be_visible()
    harness.screenshot(observer, "phone_observer_390x844")
    assert harness.axe_violations(observer) == []
    received = leader.locator(".pgkit-feedback")
    expect(received).to_contain_text(f"Goede vraag {HOSTILE}")  # as text, not as markup
    assert leader.evaluate("window.__pwned") is None
    expect(partner.locator(".pgkit-feedback")).to_have_count(0)
    leader.set_viewport_size({"width": 1280, "height": 800})
    harness.screenshot(leader, "phone_leader_1280x800")
    assert harness.axe_violations(leader) == []
    assert kit.status()["visitor_kernels"] == kernels

    # The close: every phone says so by itself, and the refresh stops.
    host.get_by_role("tab", name="Afronden").click()
    host.get_by_role("checkbox", name=re.compile("Ik wil de bijeenkomst afsluiten")).check()
    host.get_by_role("button", name="Sluit de bijeenkomst").click()
    expect(host.get_by_text("De bijeenkomst is gesloten")).to_be_in_viewport()
    for page in phones:
        expect(page.locator('.pgkit-now[data-state="afgelopen"]')).to_have_text("Afgelopen")
        expect(page.get_by_role("button", name="Vol energie")).to_have_count(0)
    expect(leader.locator(".pgkit-feedback")).to_be_visible()  # the feedback stays


def test_a_wrong_code_or_name_gets_a_dutch_message_and_no_seat(
        kit: KitServer, new_page: Callable[..., Page], request: pytest.FixtureRequest) -> None:
    request.node._expects_page_errors = True  # the refused form answers 400, on purpose
    meeting_id, code = _store_meeting(kit)
    page = new_page(390, 844)
    _sign_up(page, kit.url, "Fout Code")
    page.get_by_label("Code").fill("ZZZ ZZZ" if code != "ZZZZZZ" else "YYY YYY")
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("#code-fout")).to_contain_text("Er is geen bijeenkomst met de code")
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Code")).to_be_focused()
    harness.screenshot(page, "phone_wrong_code_390x844")
    assert harness.axe_violations(page) == []
    # The right code, but no name: the message is under the name field.
    page.get_by_label("Code").fill(code)
    page.get_by_label("Je naam in de groep").fill("   ")
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("#naam-fout")).to_contain_text("naam")
    expect(page.get_by_label("Code")).to_have_value(code)  # what was typed stays
    with session_scope(kit.db_url) as s:
        assert s.scalar(select(func.count()).select_from(Participant)
                        .where(Participant.meeting_id == meeting_id)) == 0


def test_the_phone_page_works_without_javascript(kit: KitServer,
                                                 new_page: Callable[..., Page]) -> None:
    meeting_id, code = _store_meeting(kit, poll=True, web=True)
    page = new_page(390, 844, javascript=False)
    _join(page, kit.url, "Zonder Script", code)
    page.get_by_role("button", name="Moe").click()
    expect(page.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    assert _answers(kit, meeting_id) == 1
    # No saved spinnenweb of one's own: it says so, and the form stays.
    page.get_by_role("button", name="Neem mijn opgeslagen spinnenweb over").click()
    expect(page.get_by_text("Je hebt nog geen spinnenweb opgeslagen")).to_be_visible()
    for n, select_ in enumerate(page.locator(".pgkit-web-fields select").all()):
        select_.select_option(str(3 + n))
    page.get_by_role("button", name="Delen met de groep").click()
    expect(page.locator("#groepsweb .pgkit-notice")).to_contain_text("Gedeeld")
    with session_scope(kit.db_url) as s:
        shared = s.scalars(select(WebContribution.scores)
                           .where(WebContribution.meeting_id == meeting_id)).all()
    assert [sorted(x.values()) for x in shared] == [[3, 4, 5, 6, 7, 8]]
    # The page shows what was shared after a reload.
    page.reload()
    expect(page.locator(".pgkit-web-fields select").first).to_have_value("3")
    harness.screenshot(page, "phone_no_script_390x844")


def _form_token(page: Page) -> str:
    token = page.locator('input[name="_xsrf"]').first.get_attribute("value")
    assert token
    return token


def test_the_phone_page_refuses_forged_and_bad_posts(kit: KitServer,
                                                     new_page: Callable[..., Page]) -> None:
    meeting_id, code = _store_meeting(kit, poll=True, web=True)
    other_id, _ = _store_meeting(kit, poll=True)
    page = new_page(390, 844)
    _join(page, kit.url, HOSTILE, code)
    # The name is shown as text.
    expect(page.locator(".pgkit-joined strong")).to_have_text(HOSTILE)
    assert page.evaluate("window.__pwned") is None
    token = _form_token(page)
    with session_scope(kit.db_url) as s:
        poll_id = polls.current_poll_id(s, meeting_id)
        other_poll = polls.current_poll_id(s, other_id)
    post = page.request.post

    # Without the visitor's form token, or from another site: refused, nothing stored.
    for form, headers in (({"bijeenkomst": meeting_id, "vraag": poll_id, "keuze": 0}, {}),
                          ({"_xsrf": "verzonnen", "bijeenkomst": meeting_id, "vraag": poll_id,
                            "keuze": 0}, {}),
                          ({"_xsrf": token, "bijeenkomst": meeting_id, "vraag": poll_id,
                            "keuze": 0}, {"Origin": "https://evil.example"})):
        r = post(f"{kit.url}/meedoen/antwoord", form=form, headers=headers, max_redirects=0)
        assert r.status == 403, (form, r.status)
    assert _answers(kit, meeting_id) == 0

    # A meeting without a seat of mine, and its poll: sent back to the page, nothing stored.
    r = post(f"{kit.url}/meedoen/antwoord", max_redirects=0,
             form={"_xsrf": token, "bijeenkomst": other_id, "vraag": other_poll, "keuze": 0})
    assert r.status == 303
    assert _answers(kit, other_id) == 0
    # My seat, but another meeting's poll: refused with a Dutch message, nothing stored.
    r = post(f"{kit.url}/meedoen/antwoord", max_redirects=0,
             form={"_xsrf": token, "bijeenkomst": meeting_id, "vraag": other_poll, "keuze": 0})
    assert r.status == 409 and "andere bijeenkomst" in r.text()
    assert _answers(kit, other_id) == 0
    # An answer that does not exist, and one that is not a number.
    for choice in ("7", "een"):
        r = post(f"{kit.url}/meedoen/antwoord", max_redirects=0,
                 form={"_xsrf": token, "bijeenkomst": meeting_id, "vraag": poll_id,
                       "keuze": choice})
        assert r.status == 409 and "Kies een van de antwoorden" in r.text(), r.text()[-400:]
    assert _answers(kit, meeting_id) == 0

    # A score out of range: the message names the dimension, nothing is shared.
    scores = dict.fromkeys(groupweb.KEYS, "5") | {groupweb.KEYS[0]: "11"}
    r = post(f"{kit.url}/meedoen/groepsweb", max_redirects=0,
             form={"_xsrf": token, "bijeenkomst": meeting_id, "delen": "1", **scores})
    assert r.status == 409
    assert "Lichaamsfuncties" in r.text() and "tussen 0 en 10" in r.text()
    # A checklist from someone who is not the observer.
    r = post(f"{kit.url}/meedoen/observatie", max_redirects=0,
             form={"_xsrf": token, "bijeenkomst": meeting_id, "actie": "versturen"})
    assert r.status == 409 and "observator" in r.text()
    with session_scope(kit.db_url) as s:
        assert s.scalar(select(func.count()).select_from(WebContribution)
                        .where(WebContribution.meeting_id == meeting_id)) == 0

    # Someone who is not signed in reads nothing: the state sends them to sign in.
    stranger = new_page(390, 844)
    answer = stranger.request.get(f"{kit.url}/meedoen/stand?bijeenkomst={meeting_id}",
                                  max_redirects=0)
    assert answer.status == 302
    assert "/pgkit/welkom" in answer.headers["location"]
    stranger.goto(f"{kit.url}/meedoen/stand?bijeenkomst={meeting_id}")
    expect(stranger).to_have_url(re.compile(r"/pgkit/welkom\?volgende="))
    expect(stranger.locator("#pgkit-seat")).to_have_count(0)
    # And a meeting without my seat gives me nothing of it.
    assert page.request.get(f"{kit.url}/meedoen/stand?bijeenkomst={other_id}").json() == {
        "again": True}
