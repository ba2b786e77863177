"""A chair and three participants run the vijfstappenmethode end to end in real browsers.

Each person has their own browser context (own profile cookie, own kernel). The chair's
screen is projector size, the participants use phone-sized pages.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from pgkit.store.models import Attendance, Meeting, MeetingKind
from pgkit.store.models_intervision import IntervisionCase, IntervisionTakeaway
from tests.browser import harness
from tests.browser.harness import KitServer

pytestmark = pytest.mark.browser

CHAIR_PAGE = "/voila/render/exercises/intervisie/voorzitter.ipynb"
PARTICIPANT_PAGE = "/voila/render/exercises/intervisie/deelnemer.ipynb"
SLOW = 180_000  # a shared 2-core machine: kernels can take a while to start


@pytest.fixture(autouse=True)
def patient_expect():
    """Pages refresh every 1.5 s and kernels share two cores: wait longer than 5 s."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def _slow(page: Page) -> Page:
    page.set_default_navigation_timeout(SLOW)
    page.set_default_timeout(SLOW)
    return page


def _as_coach(page: Page, kit: KitServer) -> None:
    # Straight to the page: no detour over the home page and its kernel.
    harness.login_as(page, kit.url, "coach", CHAIR_PAGE, wait=False)
    harness.wait_for_widgets(page, SLOW)


def _join(page: Page, kit: KitServer, name: str, code: str, enter: bool = False) -> None:
    page.goto(f"{kit.url}/pgkit/welkom?volgende={quote(PARTICIPANT_PAGE)}")
    page.fill("#naam", name)
    page.click("button[type=submit]")
    harness.wait_for_widgets(page, SLOW)
    field = page.get_by_label("Code")
    field.fill(code)
    box = field.bounding_box()
    assert box and box["x"] + box["width"] <= page.viewport_size["width"] - 4, box
    if enter:
        field.press("Enter")  # Enter joins, as on the meeting page
    else:
        page.get_by_role("button", name="Meedoen").click()
    expect(page.locator(".pgkit-iv-role")).to_have_text("Deelnemer")


def _case_block(page: Page, title: str):
    return page.locator(".widget-vbox").filter(
        has=page.locator(".pgkit-iv-case", has_text=title)).last


def _db(kit: KitServer) -> Session:
    return Session(create_engine(kit.db_url))


def test_vijfstappenmethode_end_to_end(kit: KitServer, new_page, artifacts) -> None:
    chair = _slow(new_page(1920, 1080))
    _as_coach(chair, kit)
    expect(chair.get_by_role("heading", name="Intervisie leiden")).to_be_visible()
    chair.get_by_role("radio", name="Vijfstappenmethode").check()
    expect(chair.get_by_text("Samen ongeveer 70 minuten.")).to_be_visible()
    chair.get_by_role("button", name="Intervisie openen").click()
    code = "".join(chair.locator(".pgkit-code").inner_text().split())  # "ABC\u00a0DEF"
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)

    names = ["Anaïs Peeters", "Björn Smeets", "Chloë Vossen"]
    phones = [_slow(new_page(390, 844)) for _ in names]
    join_text = chair.locator(".pgkit-code-box p").first
    expect(join_text).to_contain_text("Meedoen aan intervisie")
    expect(join_text).to_contain_text("127.0.0.1:")
    expect(join_text).not_to_contain_text("/voila/render")
    for n, (page, name) in enumerate(zip(phones, names, strict=True)):
        _join(page, kit, name, code, enter=n == 0)
    expect(chair.get_by_text("Aangemeld: 4")).to_be_visible()
    anais, bjorn, chloe = phones

    # Case intake from two phones; Björn allows the title to stay.
    anais.get_by_label("Titel van je casus").fill("Cliënt wil geen hulp")
    anais.get_by_label("Korte beschrijving (geen namen van cliënten)").fill(
        "Hij zegt dat alles goed gaat, maar de buren maken zich zorgen.")
    anais.get_by_role("button", name="Casus insturen").click()
    expect(anais.get_by_text("Je casus staat in de lijst.")).to_be_visible()
    bjorn.get_by_label("Titel van je casus").fill("Spinnenweb bij de intake")
    bjorn.get_by_label("Korte beschrijving (geen namen van cliënten)").fill(
        "Het team moet een vaste vragenlijst afnemen.")
    bjorn.get_by_label("De titel mag na afloop blijven staan").check()
    bjorn.get_by_role("button", name="Casus insturen").click()
    expect(bjorn.get_by_text("Je casus staat in de lijst.")).to_be_visible()

    # Everyone votes; the chair sees the count and chooses.
    for page in phones:
        block = _case_block(page, "Spinnenweb bij de intake")
        block.get_by_role("button", name="Stem op deze casus").click()
        expect(block.get_by_role("button", name="Jouw stem")).to_be_visible()
    expect(chair.locator(".pgkit-iv-case", has_text="Spinnenweb bij de intake")).to_have_attribute(
        "data-votes", "3")
    expect(chair.locator(".pgkit-iv-case", has_text="Cliënt wil geen hulp")).to_have_attribute(
        "data-votes", "0")
    _case_block(chair, "Spinnenweb bij de intake").get_by_role(
        "button", name="Kies deze casus").click()
    for page in phones:
        expect(page.locator(".pgkit-iv-chosen")).to_contain_text("Spinnenweb bij de intake")
    expect(bjorn.locator(".pgkit-iv-role")).to_have_text("Casusinbrenger")
    expect(chair.get_by_role("combobox", name="Björn Smeets")).to_have_value("Casusinbrenger")
    chair.get_by_role("combobox", name="Chloë Vossen").select_option(label="Tijdbewaker")
    expect(chloe.locator(".pgkit-iv-role")).to_have_text("Tijdbewaker")
    harness.screenshot(anais, "intervisie-deelnemer-telefoon-stemmen")
    assert harness.axe_violations(anais) == []
    assert harness.axe_violations(chair) == []

    # The steps, with the timer; a step that runs over shows a red cue.
    chair.get_by_role("button", name="Start").click()
    expect(chair.locator(".pgkit-clock-state")).to_have_text("Loopt")
    _push_timer_back(kit, minutes=16)
    expect(chair.locator(".pgkit-overrun")).to_contain_text("Over tijd")
    expect(anais.locator(".pgkit-overrun")).to_be_visible()
    harness.screenshot(chair, "intervisie-voorzitter-over-tijd")
    chair.get_by_role("button", name="Volgende stap").click()
    expect(chair.locator(".pgkit-iv-step h2")).to_have_text("Stap 2 van 5: Verkennen")
    expect(anais.locator(".pgkit-iv-step h2")).to_have_text("Stap 2 van 5: Verkennen")
    anais.locator(".pgkit-iv-role").scroll_into_view_if_needed()
    harness.screenshot(anais, "intervisie-deelnemer-telefoon-stap")
    expect(chair.locator(".pgkit-overrun")).to_have_count(0)
    chair.get_by_role("button", name="Volgende stap").click()
    expect(chair.locator(".pgkit-iv-step h2")).to_have_text("Stap 3 van 5: De kern")
    chair.get_by_role("checkbox", name="Mentaal welbevinden").check()
    chair.get_by_role("checkbox", name="Organisatorisch dilemma").check()
    for page in phones:
        expect(page.locator(".pgkit-iv-lens .pgkit-iv-picked", has_text="Organisatorisch dilemma")
               ).to_be_visible()
    harness.screenshot(chloe, "intervisie-deelnemer-telefoon-lenzen")
    chair.get_by_role("button", name="Volgende stap").click()
    chair.get_by_role("button", name="Volgende stap").click()
    expect(chair.locator(".pgkit-iv-step h2")).to_have_text("Stap 5 van 5: Evalueren")

    # Closing: only the case-bringer gets the take-away form; everyone rates.
    expect(bjorn.locator(".pgkit-iv-takeaway")).to_be_visible()
    expect(anais.locator(".pgkit-iv-rating")).to_be_visible()
    expect(anais.locator(".pgkit-iv-takeaway")).to_have_count(0)
    bjorn.get_by_label("Wat neem ik mee?").fill("Eerst vragen wat de cliënt belangrijk vindt.")
    bjorn.get_by_label("Wat is mijn volgende stap?").fill("Maandag met mijn teamleider praten.")
    bjorn.get_by_role("button", name="Bewaren").click()
    expect(bjorn.get_by_text("Bewaard. Alleen jij kunt het lezen.")).to_be_visible()
    for page, score, line in zip(phones, ("4", "5", "3"),
                                 ("Fijn gesprek", "Veel geleerd", "Iets te kort"), strict=True):
        rating = page.locator(".pgkit-iv-rating")
        rating.get_by_role("button", name=score, exact=True).click()
        page.get_by_label("Eén zin over deze intervisie").fill(line)
        page.get_by_role("button", name="Versturen").click()
        expect(page.get_by_text("Dank je wel. Je beoordeling is opgeslagen.")).to_be_visible()
    harness.screenshot(bjorn, "intervisie-deelnemer-telefoon-afsluiten")
    assert harness.axe_violations(bjorn) == []
    expect(chair.locator(".pgkit-iv-ratings")).to_have_attribute("data-count", "3")
    expect(chair.locator(".pgkit-iv-ratings")).to_contain_text("gemiddeld 4,0")
    harness.screenshot(chair, "intervisie-voorzitter-afsluiten")

    # The end: cases are wiped, only the allowed title stays; attendance is recorded.
    chair.get_by_role("button", name="Intervisie afsluiten").click()
    chair.get_by_role("button", name="Ja, afsluiten").click()
    expect(chair.get_by_text("1 casus is gewist, 1 titel is bewaard.")).to_be_visible()
    for page in phones:
        expect(page.get_by_text("De intervisie is afgelopen.")).to_be_visible()
    expect(bjorn.get_by_text("Maandag met mijn teamleider praten.")).to_be_visible()
    expect(anais.get_by_text("Maandag met mijn teamleider praten.")).to_have_count(0)

    with _db(kit) as s:
        m = s.scalars(select(Meeting).where(Meeting.join_code == code)).one()
        assert m.kind == MeetingKind.INTERVISION and m.closed_at is not None
        assert m.method == "vijfstappenmethode"
        rows = s.scalars(select(IntervisionCase).where(IntervisionCase.meeting_id == m.id)).all()
        assert [(r.title, r.description, r.participant_id) for r in rows] == [
            ("Spinnenweb bij de intake", None, None)]
        assert len(s.scalars(select(Attendance).where(Attendance.meeting_id == m.id)).all()) == 4
        takeaways = s.scalars(select(IntervisionTakeaway)
                              .where(IntervisionTakeaway.meeting_id == m.id)).all()
        assert [x.next_step for x in takeaways] == ["Maandag met mijn teamleider praten."]


def _push_timer_back(kit: KitServer, minutes: int) -> None:
    """Pretend the running step started ``minutes`` ago (no waiting in tests)."""
    with _db(kit) as s:
        m = s.scalars(select(Meeting).where(Meeting.kind == MeetingKind.INTERVISION,
                                            Meeting.closed_at.is_(None))
                      .order_by(Meeting.id.desc())).first()
        assert m is not None
        state = dict(m.state)
        timer = dict(state["timer"])
        timer["since"] = time.time() - minutes * 60
        state["timer"] = timer
        m.state = state
        s.commit()
