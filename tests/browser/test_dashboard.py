"""The coach dashboard in a real browser, on the demo data of the kit server."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from pgkit import cohort as C
from pgkit.identity import current_user
from pgkit.store import session_scope
from tests.browser import harness
from tests.browser.harness import KitServer

DASHBOARD = "notebooks/dashboard.ipynb"
TALL = 2800  # Voila scrolls inside the page: a tall window shows the charts in screenshots
SLOW_MS = 180_000  # a kernel start on a busy 2-core machine


def _open(page: Page, kit: KitServer, role: str) -> None:
    page.set_default_timeout(SLOW_MS)
    page.set_default_navigation_timeout(SLOW_MS)
    # harness.login_as renders the home page first; leaving it posts a kernel shutdown
    # without an _xsrf token (a 403 in the console). Taking only the persona cookie keeps
    # this test about the dashboard.
    harness.persona_cookie(page, kit.url, role)
    harness.open_page(page, kit.url, DASHBOARD)


def _table_rows(page: Page) -> list[list[str]]:
    return [[c.strip() for c in row.locator("td").all_inner_texts()]
            for row in page.locator(".pgkit-dash-table").first.locator("tbody tr").all()]


def test_coach_filters_region_sees_stalled_and_exports_csv(kit: KitServer,
                                                           new_page: Callable[..., Page]) -> None:
    page = new_page(1280, TALL)
    _open(page, kit, "coach")
    expect(page.locator(".pgkit-dash-table").first).to_be_visible()
    with session_scope(kit.db_url) as s:
        coach = current_user(s, "demo-coach")
        rows = C.trainees(s, coach)
    region = rows[0].regio
    expected = sorted(r.naam for r in rows if r.regio == region and r.vastgelopen)
    assert expected, "the demo coach should have stalled trainees"

    page.get_by_label("Regio").select_option(label=region)
    page.get_by_label("Stap").select_option(label="Vastgelopen")
    expect(page.get_by_text(re.compile(rf"^{len(expected)} van {len(rows)} deelnemers getoond"))
           ).to_be_visible()
    shown = _table_rows(page)
    headers = page.locator(".pgkit-dash-table").first.locator("thead th").all_inner_texts()
    assert sorted(r[0] for r in shown) == expected
    assert page.locator("tr.pgkit-stalled").count() == len(expected)
    page.screenshot(path=str(harness.ARTIFACTS / "dashboard-coach.png"), full_page=True)
    assert harness.axe_violations(page) == []
    # The charts (HTML legends under them, "Eenheid" on the quiz axis) at phone, laptop
    # and projector size.
    charts = page.get_by_role("heading", name="Grafieken")
    for width, height in ((390, 844), (1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        charts.scroll_into_view_if_needed()
        page.screenshot(path=str(harness.ARTIFACTS / f"dashboard-charts-{width}x{height}.png"))
    expect(page.locator(".pgkit-legend").first).to_contain_text("Ingeschreven")
    expect(page.get_by_text("Eenheid 7", exact=True)).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": TALL})

    with page.expect_download() as download:
        page.locator("a.pgkit-export-csv").click()
    data = download.value.path().read_bytes().decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(data), delimiter=";"))  # Dutch Excel
    assert exported[0] == [h.strip() for h in headers]  # exactly the columns shown
    assert exported[1:] == shown  # exactly the rows shown, in the same order
    col = exported[0].index
    assert {r[col("Regio")] for r in exported[1:]} == {region}
    assert {r[col("Vastgelopen")] for r in exported[1:]} == {"ja"}

    page.get_by_role("button", name="Maak een Excel-bestand").click()
    with page.expect_download() as download:
        page.locator("a.pgkit-export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == exported[0]
    assert [r[0] for r in cells[1:]] == [r[0] for r in shown]


def test_coordinator_sees_all_cohorts_and_drills_down(kit: KitServer,
                                                      new_page: Callable[..., Page]) -> None:
    page = new_page(1280, TALL)
    _open(page, kit, "coordinator")
    with session_scope(kit.db_url) as s:
        names = [c.name for c in C.visible_cohorts(s, C.OPERATOR)]
    overview = page.locator(".pgkit-dash-table").first
    expect(overview).to_be_visible()
    assert [r[0] for r in _table_rows(page)] == names
    expect(page.get_by_text("Totaal per regio")).to_be_visible()
    assert harness.axe_violations(page) == []
    page.screenshot(path=str(harness.ARTIFACTS / "dashboard-coordinator.png"), full_page=True)

    page.get_by_label("Bekijk cohort").first.select_option(label=names[1])
    expect(page.get_by_role("heading", name=names[1])).to_be_visible()
    detail = page.locator(".pgkit-dash-table").filter(has_text="Deelnemers. Een oranje")
    expect(detail).to_be_visible()
    nth = [h.strip() for h in detail.locator("thead th").all_inner_texts()].index("Cohort") + 1
    cohorts_in_detail = {t.strip() for t in detail.locator(f"tbody tr td:nth-child({nth})")
                         .all_inner_texts()}
    assert cohorts_in_detail == {names[1]}
    page.screenshot(path=str(harness.ARTIFACTS / "dashboard-coordinator-cohort.png"),
                    full_page=True)
    assert harness.axe_violations(page) == []


def test_trainee_gets_no_dashboard(kit: KitServer, browser_page: Page) -> None:
    page = browser_page
    _open(page, kit, "trainee")
    expect(page.get_by_text("Deze pagina is niet voor jouw rol bedoeld.")).to_be_visible()
    assert page.locator(".pgkit-dash-table").count() == 0
    assert harness.axe_violations(page) == []


HOSTILE = '<img src=x onerror="window.pgkitPwned=1">Özlem <b>Vet</b> & Co'


def test_table_fills_the_window_scrolls_by_keyboard_and_escapes_names(
        kit: KitServer, new_page: Callable[..., Page]) -> None:
    """The table is a screenful high with headers that stay, reachable by keyboard, and a
    typed name is shown as text (never run as HTML), at phone, laptop and projector size."""
    from pgkit.store import people

    with session_scope(kit.db_url) as s:
        cohort = C.visible_cohorts(s, current_user(s, "demo-coach"))[0]
        people.enrol(s, cohort, people.ensure_person(s, "vijandig-1", HOSTILE))
        # Rows enough that the table scrolls past its caption at every size, however
        # compact the demo's rows are.
        for n in range(1, 16):
            people.enrol(s, cohort, people.ensure_person(s, f"extra-rij-{n}", f"Extra {n}"))
    # Phone first, then wider: bqplot does not redraw its charts when a Voila window gets
    # narrower, so shrinking a laptop window would test bqplot, not this page.
    page = new_page(390, 844)
    _open(page, kit, "coach")
    box = page.locator(".pgkit-dash-scroll").first
    expect(box).to_be_visible()
    expect(box).to_have_attribute("tabindex", "0")
    expect(page.get_by_role("region", name=re.compile("^Deelnemers"))).to_have_count(1)
    # The name is text: the markup shows literally and nothing ran.
    expect(box.locator("td", has_text=HOSTILE)).to_have_count(1)
    assert box.locator("img, b").count() == 0
    assert page.evaluate("window.pgkitPwned") is None
    # Numbers the Dutch way: a decimal comma, never a point.
    headers = [h.strip() for h in box.locator("thead th").all_inner_texts()]
    quiz = headers.index("Gem. quizscore (%)")
    scores = [r[quiz] for r in _table_rows(page) if r[quiz]]
    assert scores and all(re.fullmatch(r"\d+,\d", v) for v in scores), scores[:5]
    # Dates the Dutch way, never ISO.
    seen = headers.index("Laatst actief")
    dates = [r[seen] for r in _table_rows(page) if r[seen]]
    assert dates and all(re.fullmatch(r"\d\d-\d\d-\d{4}", v) for v in dates), dates[:5]
    # Every header sits on the same side as its column's cells ("Vastgelopen" did not).
    sides = box.evaluate("""el => [...el.querySelectorAll('thead th')].map((th, i) => [
        th.textContent, getComputedStyle(th).textAlign,
        getComputedStyle(el.querySelector(`tbody tr td:nth-child(${i + 1})`)).textAlign])""")
    assert [s for s in sides if s[1] != s[2]] == [], sides
    # A step ("bijeenkomst 2", "e-learning klaar") is never split over two lines.
    steps = box.evaluate("""(el, i) => [...el.querySelectorAll(`tbody td:nth-child(${i + 1})`)]
        .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                     return [td.textContent, r.getClientRects().length]; })""",
                         headers.index("Stap"))
    assert {n for _, n in steps} == {1}, [s for s in steps if s[1] != 1]

    for width, height in ((390, 844), (1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        box.scroll_into_view_if_needed()
        box.evaluate("el => { el.scrollTop = 0; el.scrollLeft = 0; }")
        frame = box.bounding_box()
        rows_height = box.evaluate("el => el.scrollHeight")  # the whole table, unscrolled
        assert frame and frame["height"] >= min(0.8 * height, rows_height), (width, frame)
        # The page itself never gets wider than the window; the box scrolls instead.
        wide = page.evaluate("Math.max(document.documentElement.scrollWidth,"
                             " document.querySelector('#rendered_cells').scrollWidth)")
        assert wide <= width, (width, wide)
        if width >= 1280:  # every column fits, the last ones too (Regio was cut off)
            for name in ("Regio", headers[-1]):
                cell = box.locator("thead th", has_text=name).first.bounding_box()
                assert cell and cell["x"] + cell["width"] <= frame["x"] + frame["width"] + 1
        page.mouse.move(0, 0)
        harness.screenshot(page, f"dashboard-table-{width}x{height}")
        violations = harness.axe_violations(page)
        assert violations == [], (width, violations)
        if rows_height <= frame["height"] + 2:
            continue  # a big screen shows every row: nothing to scroll
        # Keyboard: the box takes focus, End scrolls it, the headers stay on top.
        box.focus()
        page.keyboard.press("End")
        # The key scrolls smoothly: wait until the caption is out of view, then settle.
        page.wait_for_function(
            "el => el.scrollTop > el.querySelector('thead').offsetTop + 20",
            arg=box.element_handle())
        harness.scroll_settled(box)
        frame = box.bounding_box()  # focusing may have scrolled the page a little
        head = box.locator("thead th").first.bounding_box()
        assert frame and head and abs(head["y"] - frame["y"]) <= 2, (head, frame)
        harness.screenshot(page, f"dashboard-table-scrolled-{width}x{height}")
