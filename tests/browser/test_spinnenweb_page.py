"""The spinnenweb page in a real browser, as a brand-new user.

Leaving or reloading a Voila page makes Voila post a kernel shutdown that the server
refuses (403, no ``_xsrf``); that one known console message is allowed here, every other
console error, Voila error or ``.pgkit-error`` box fails the test.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Response, expect
from sqlalchemy import create_engine, text

from tests.browser import harness
from tests.browser.harness import KitServer

PAGE = "/voila/render/notebooks/spinnenweb.ipynb"
TIMEOUT = 240_000  # the 2-core test machine is shared; a cold first kernel can be slow


class Tracked:
    """A page whose problems are checked when the test ends."""

    def __init__(self, browser: Browser, width: int, height: int) -> None:
        self.page, self.problems = harness.new_tracked_page(browser, width, height)
        self.page.set_default_timeout(TIMEOUT)
        self.page.set_default_navigation_timeout(TIMEOUT)
        self.refused: list[str] = []
        self.page.on("response", self._response)

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.refused.append(f"{response.status} {response.url}")

    def check(self) -> list[str]:
        shutdowns = [r for r in self.refused if re.match(r"403 .*/voila/api/shutdown/", r)]
        other = [r for r in self.refused if r not in shutdowns]
        console = [m for m in self.problems.console
                   if not (shutdowns and "status of 403" in m)]
        return other + console + harness.page_errors(self.page)


@pytest.fixture
def tracked(browser: Browser, request: pytest.FixtureRequest) -> Iterator:
    made: list[Tracked] = []

    def make(width: int = 1280, height: int = 800) -> Tracked:
        made.append(Tracked(browser, width, height))
        return made[-1]

    yield make
    problems = []
    for n, tp in enumerate(made):
        harness.screenshot(tp.page, f"{request.node.name}-{n}")
        problems += tp.check()
        tp.page.context.close()
    if problems:
        pytest.fail("page problems:\n" + "\n".join(problems), pytrace=False)


def sign_up_here(page: Page, kit: KitServer, name: str) -> None:
    page.goto(f"{kit.url}/pgkit/welkom?volgende={quote(PAGE)}")
    page.fill("#naam", name)
    page.click("button[type=submit]")
    wait_for_web(page)


def wait_for_web(page: Page) -> None:
    harness.wait_for_widgets(page, TIMEOUT)
    page.wait_for_selector(".pgkit-sw-web svg", timeout=TIMEOUT)
    expect(page.locator(".pgkit-sw-history").first.or_(
        page.get_by_text("Je hebt nog geen spinnenweb bewaard."))).to_be_visible()


def set_slider(page: Page, index: int, score: int) -> None:
    """Keyboard only: the first step leaves "open" for 0.

    A screen reader hears the question as the slider's name and the number shown as its
    value ("open" before the first step), not ipywidgets' option index.
    """
    handle = page.locator(".pgkit-sw-slider .noUi-handle:visible").nth(index)
    question = page.locator(".pgkit-sw-slider:visible .widget-label").nth(index).inner_text()
    assert question.strip()
    expect(page.get_by_role("slider", name=question, exact=True)).to_have_count(1)
    readout = page.locator(".pgkit-sw-slider:visible .widget-readout").nth(index)
    expect(readout).to_have_text("open")
    expect(handle).to_have_attribute("aria-valuetext", "open")
    handle.focus()
    for _ in range(score + 1):
        page.keyboard.press("ArrowRight")
    expect(readout).to_have_text(str(score))
    expect(handle).to_have_attribute("aria-valuetext", str(score))


def full_screenshot(page: Page, name: str) -> None:
    """The whole page: Voila scrolls inside #rendered_cells, so grow the viewport to fit."""
    size = page.viewport_size
    assert size is not None
    page.locator(".pgkit-sw-web").scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no hover effects in the picture
    harness.screenshot(page, f"{name}-viewport")
    height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    harness.next_frames(page)  # laid out again at the new size
    harness.screenshot(page, name)
    page.set_viewport_size(size)


def person_fills(kit: KitServer, name: str) -> list[tuple[int, int]]:
    """(fill id, number of answers) for the person with this display name, from the store."""
    engine = create_engine(kit.db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT f.id, (SELECT count(*) FROM spinnenweb_answers a WHERE a.fill_id = f.id"
                " AND a.score IS NOT NULL) FROM spinnenweb_fills f JOIN people p"
                " ON p.id = f.person_id WHERE p.display_name = :n ORDER BY f.id"), {"n": name})]
    finally:
        engine.dispose()


def wait_until_stored(kit: KitServer, name: str, text_: str, seconds: float = 30) -> None:
    """Until an actiewiel answer of this person holds ``text_`` (polls the store)."""
    engine = create_engine(kit.db_url)
    try:
        deadline = time.monotonic() + seconds
        while True:
            with engine.connect() as conn:
                found = conn.execute(text(
                    "SELECT count(*) FROM actiewiel_answers a JOIN spinnenweb_fills f"
                    " ON f.id = a.fill_id JOIN people p ON p.id = f.person_id"
                    " WHERE p.display_name = :n AND a.text = :t"),
                    {"n": name, "t": text_}).scalar()
            if found:
                return
            assert time.monotonic() < deadline, f"{text_!r} not stored within {seconds} s"
            time.sleep(0.1)
    finally:
        engine.dispose()


def person_scores(kit: KitServer, name: str) -> dict[str, float]:
    """item id -> score of this person's answers, from the store."""
    engine = create_engine(kit.db_url)
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text(
                "SELECT a.item_id, a.score FROM spinnenweb_answers a JOIN spinnenweb_fills f"
                " ON f.id = a.fill_id JOIN people p ON p.id = f.person_id"
                " WHERE p.display_name = :n AND a.score IS NOT NULL"), {"n": name}).all())
    finally:
        engine.dispose()


def wait_for_scores(kit: KitServer, name: str, expected: dict[str, float]) -> None:
    """The kernel saves each slider step as it arrives; on a busy machine the last arrives late."""
    deadline = time.monotonic() + 60
    while person_scores(kit, name) != expected and time.monotonic() < deadline:
        time.sleep(0.25)
    assert person_scores(kit, name) == expected


def test_new_user_fills_reloads_overlays_and_erases(kit: KitServer, tracked) -> None:
    tp = tracked(1280, 800)
    page = tp.page
    sign_up_here(page, kit, "Sanne Spin")
    area = page.locator(".pgkit-sw-area")
    expect(area).to_have_text(re.compile("nog niets ingevuld"))
    before = area.inner_text()
    for index, score in ((0, 7), (2, 4), (4, 9)):
        set_slider(page, index, score)
    expect(area).to_have_text(re.compile("Nog 3 van de 6 dimensies open"))
    assert area.inner_text() != before
    expect(page.get_by_text(re.compile(r"Bewaard om \d"))).to_be_visible()
    # The three answers are in the store now, before any "save" or reload.
    assert [n for _, n in person_fills(kit, "Sanne Spin")] == [3]
    wait_for_scores(kit, "Sanne Spin", {"lichaamsfuncties": 7, "zingeving": 4, "meedoen": 9})

    page.reload()
    wait_for_web(page)
    rows = page.locator(".pgkit-sw-history")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("snel · oppervlakte open")
    expect(area).to_have_text(re.compile("nog niets ingevuld"))  # a new visit starts fresh

    marks_before = page.locator(".pgkit-sw-web path.line").count()
    rows.first.get_by_label("Leg over mijn web").check()
    date = re.match(r"\S+ \S+", rows.first.inner_text()).group(0)  # type: ignore[union-attr]
    expect(page.locator(".pgkit-sw-legend")).to_contain_text(date)
    expect(page.locator(".pgkit-sw-web path.line")).to_have_count(marks_before + 1)

    page.get_by_role("button", name="Download al mijn gegevens (zip)").click()
    link = page.locator("a.pgkit-download")
    expect(link).to_have_attribute("download", re.compile(r"mijn-gegevens-.*\.zip"))
    data = base64.b64decode(link.get_attribute("href").split(",", 1)[1])
    text = zipfile.ZipFile(io.BytesIO(data)).read("spinnenweb_antwoorden.csv").decode("utf-8-sig")
    answers = {r["dimensie"]: r["score"] for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert answers == {"Lichaamsfuncties": "7", "Zingeving": "4", "Meedoen": "9"}

    rows.first.get_by_role("button", name="Wissen").click()
    expect(page.get_by_text(re.compile("echt wissen"))).to_be_visible()
    page.get_by_role("button", name="Ja, wissen").click()
    expect(page.get_by_text("Je hebt nog geen spinnenweb bewaard.")).to_be_visible()
    expect(page.locator(".pgkit-sw-legend")).not_to_contain_text(date)
    assert person_fills(kit, "Sanne Spin") == []


def test_marks_actiewiel_and_image(kit: KitServer, tracked) -> None:
    tp = tracked(1280, 800)
    page = tp.page
    sign_up_here(page, kit, "Piet Plan")
    for index in range(6):
        set_slider(page, index, 5)
    expect(page.locator(".pgkit-sw-area")).to_contain_text("65,0 van 259,8 (25%)")
    page.get_by_label("Hier wil ik over praten").nth(4).check()
    expect(page.locator(".pgkit-sw-web text", has_text="★")).to_have_count(1)
    page.get_by_label("Dimensie").select_option("Meedoen")
    page.get_by_placeholder("Schrijf hier je antwoord").nth(1).fill("Vaker met vrienden eten")
    expect(page.get_by_text(re.compile(r"Bewaard om \d"))).to_be_visible()
    # Typed text travels to the kernel a moment after the keys: wait until it is stored.
    wait_until_stored(kit, "Piet Plan", "Vaker met vrienden eten")

    page.reload()
    wait_for_web(page)
    previous = page.locator(".pgkit-sw-previous")
    expect(previous).to_contain_text("koos je: Meedoen")
    expect(previous).to_contain_text("Vaker met vrienden eten")
    page.locator(".pgkit-sw-history").first.get_by_role("button", name="Afbeelding").click()
    link = page.locator("a.pgkit-download")
    expect(link).to_have_attribute("download", re.compile(r"spinnenweb-.*\.svg"))
    svg = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "Meedoen" in svg and "5,0 ★" in svg


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_screenshots_quick_and_full(kit: KitServer, tracked, width: int, height: int) -> None:
    tp = tracked(width, height)
    page = tp.page
    sign_up_here(page, kit, f"Schermafdruk {width}")
    for index, score in enumerate((6, 8, 5, 7, 4, 9)):
        set_slider(page, index, score)
    page.get_by_label("Hier wil ik over praten").nth(3).check()
    expect(page.locator(".pgkit-sw-area")).to_contain_text("van 259,8")
    box = page.locator(".pgkit-sw-web").bounding_box()
    assert box is not None and abs(box["width"] - box["height"]) <= 2  # square
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    full_screenshot(page, f"spinnenweb-quick-{width}x{height}")

    page.get_by_role("button", name="Uitgebreid: 42 vragen").click()
    expect(page.locator("p", has_text="Hoe gezond voel je je in je lichaam?")).to_be_visible()
    for index in range(7):
        set_slider(page, index, 3 + index % 5)
    page.get_by_label("Hier wil ik over praten").locator("visible=true").nth(2).check()
    page.locator(".pgkit-sw-history").nth(1).get_by_label("Leg over mijn web").check()
    expect(page.locator(".pgkit-sw-legend")).to_contain_text(":")
    full_screenshot(page, f"spinnenweb-full-{width}x{height}")

    # Simple language: other words and pictograms, the same answers.
    page.get_by_label("Eenvoudige taal").check()
    expect(page.locator(".pgkit-sw-simple", has_text="Voelt je lichaam gezond?")).to_be_visible()
    expect(page.get_by_role("img", name="plaatje van een hart").first).to_be_visible()
    expect(page.locator(".pgkit-sw-slider:visible .widget-readout").first).to_have_text("3")
    # The sliders keep a name in either language (the question in its simple words).
    simple = page.locator(".pgkit-sw-slider:visible .widget-label").first.inner_text()
    expect(page.get_by_role("slider", name=simple, exact=True)).to_have_count(1)
    assert harness.axe_violations(page) == []
    full_screenshot(page, f"spinnenweb-simple-{width}x{height}")

def person_count(kit: KitServer, name: str) -> int:
    engine = create_engine(kit.db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM people WHERE display_name = :n"),
                                {"n": name}).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800), (1920, 1080)])
def test_erase_all_my_data_asks_first(kit: KitServer, tracked, width: int, height: int) -> None:
    tp = tracked(width, height)
    page = tp.page
    name = f"Wis Mij {width}"
    sign_up_here(page, kit, name)
    set_slider(page, 0, 6)
    expect(page.get_by_text(re.compile(r"Bewaard om \d"))).to_be_visible()
    page.get_by_role("button", name="Wis al mijn gegevens").click()
    question = page.get_by_text(re.compile("Weet je het zeker"))
    expect(question).to_be_visible()
    question.scroll_into_view_if_needed()
    harness.screenshot(page, f"spinnenweb-wis-vraag-{width}x{height}")
    assert harness.axe_violations(page) == []
    assert person_count(kit, name) == 1  # only asked, nothing erased
    page.get_by_role("button", name="Ja, wis alles over mij").click()
    expect(page.get_by_text(re.compile("Al je gegevens zijn gewist"))).to_be_visible()
    harness.screenshot(page, f"spinnenweb-wis-klaar-{width}x{height}")
    assert person_count(kit, name) == 0
    assert person_fills(kit, name) == []


def test_switching_to_english_shows_the_next_view_in_english(kit: KitServer, tracked) -> None:
    tp = tracked()
    page = tp.page
    sign_up_here(page, kit, "Taal Wissel")
    page.get_by_label("Taal van de kit").select_option(label="English")
    page.get_by_role("link", name="Open the page again").click()
    expect(page.get_by_role("heading", name="My spider web")).to_be_visible()
    expect(page.get_by_role("button", name="Download all my data (zip)")).to_be_visible()
    expect(page.get_by_text("You are signed in as Taal Wissel")).to_be_visible()
    expect(page.get_by_label("Language of the kit")).to_have_value("English")
    assert page.evaluate("document.documentElement.lang") == "en"  # for screen readers
    expect(page.locator("p.pgkit-sw-dim", has_text="Bodily functions")).to_be_visible()
    harness.screenshot(page, "spinnenweb-english")
