"""The shared deployment for real: JupyterHub, configurable-http-proxy, PostgreSQL and the
kit as the hub's one service, driven by Chromium.

One hub for the module (about half a minute to start): an imported trainee signs in with
their e-mail address and sees their own progress, on a laptop and on a phone; a coach sees
only their own cohort; a facilitator opens a meeting that three participants join from
their own browsers; a trainee finds no way to run code (and gets the kit's Dutch refusal,
with no server spawned); the kit's status answers anonymous visitors with counts only; a
coach's lab server runs its kernels over Unix sockets in a private folder.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import stat
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import APIResponse, Page, expect
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session

from pgkit import elearning, hub_config, hub_local
from pgkit.cohort_import import import_cohort
from pgkit.curriculum import UNIT_KEYS
from pgkit.live import codes
from pgkit.local_postgres import free_port, unavailable_reason
from pgkit.messages import t
from pgkit.store import people, session_scope
from pgkit.store.models import Cohort, CohortCoach, Enrolment, Person
from tests.browser import harness
from tests.security.raw_client import (
    KERNEL_PROTOCOL,
    deserialize_v1,
    kernel_id,
    kernel_message,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SLOW = 180_000
EMAIL = "ilse.hendriks@voorbeeld.nl"
PASSWORD = "Lente-in-Venlo-2026"  # not the demo password: this person is no demo person


@dataclass
class Hub:
    url: str
    dbs: hub_local.Databases
    own_cohort: str  # the demo coach's only cohort (the imported trainee is in it)
    own_trainee: str  # a display name in that cohort
    other_trainee: str  # a display name in another cohort
    participants: list[str]  # demo logins that join the meeting
    state: Path  # the hub's state folder (lab servers' runtime folders derive from it)


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    expect.set_options(timeout=90_000)
    yield
    expect.set_options(timeout=5_000)


def _arrange(session: Session, csv: Path) -> tuple[str, str, str, list[str]]:
    """The demo coach keeps one cohort; Ilse is imported into it and finished unit 1."""
    coach = people.person_by_pseudonym(session, "demo-coach")
    assert coach is not None
    mine = session.scalars(select(CohortCoach.cohort_id)
                           .where(CohortCoach.person_id == coach.id)).all()
    own = session.get(Cohort, min(mine))
    session.execute(delete(CohortCoach).where(CohortCoach.person_id == coach.id,
                                              CohortCoach.cohort_id != own.id))
    import_cohort(session, csv, own.name)
    ilse = session.scalar(select(Person).where(Person.email == EMAIL))
    elearning.record_event(session, ilse.id, UNIT_KEYS[0], "completed")

    def names(inside: bool) -> list[str]:
        cond = Enrolment.cohort_id == own.id if inside else Enrolment.cohort_id != own.id
        return list(session.scalars(select(Person.display_name).join(
            Enrolment, Enrolment.person_id == Person.id).where(cond, Person.is_demo)
            .order_by(Person.id)))

    logins = list(session.scalars(select(Person.pseudonym).join(
        Enrolment, Enrolment.person_id == Person.id).where(
        Enrolment.cohort_id == own.id, Person.is_demo).order_by(Person.id).limit(3)))
    return own.name, names(True)[0], names(False)[0], logins


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    # Not under pytest's tmp folder: as root, PostgreSQL runs as 'postgres'.
    state = Path(tempfile.mkdtemp(prefix="pgkit-hub-"))
    state.chmod(0o711)
    pg, dbs = hub_local.prepare(state, demo=True, pg_port=free_port(), trainees=24, cohorts=2)
    proc = None
    try:
        csv = state / "import.csv"
        csv.write_text(f"naam;email;organisatie;regio\nIlse Hendriks;{EMAIL};"
                       "GGD Limburg-Noord;Noord\n", encoding="utf-8")
        with session_scope(dbs.kit) as session:
            own, inside, outside, logins = _arrange(session, csv)
        port = free_port()
        env = hub_local.hub_environment(harness.ROOT, state, dbs, port=port, demo=True,
                                        hub_port=free_port(), proxy_port=free_port(),
                                        kit_port=free_port())
        proc = hub_local.start_hub(harness.ROOT, env, log=state / "hub.log")
        url = f"http://127.0.0.1:{port}"
        hub_local.wait_until_up(f"{url}/services/pgkit/pgkit/status", proc)
        _give_account(dbs.hub, EMAIL, PASSWORD)
        yield Hub(url, dbs, own, inside, outside, logins, state)
    finally:
        if proc is not None:
            hub_local.stop_hub(proc)
            log = (state / "hub.log").read_text(errors="replace")
            harness.ARTIFACTS.mkdir(exist_ok=True)
            (harness.ARTIFACTS / "hub.log").write_text(log)
        pg.stop(immediate=True)
        shutil.rmtree(hub_config.lab_runtime_root(state), ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)


def _give_account(hub_db: str, login: str, password: str) -> None:
    """What a coordinator does in the hub's authorize page: an approved account."""
    from pgkit.hub_config import create_accounts

    engine = create_engine(hub_db)
    try:
        with Session(engine) as db:
            assert create_accounts(db, [login], password) == 1
    finally:
        engine.dispose()


def _sign_in(page: Page, hub: Hub, login: str, password: str = "demo",
             path: str = "notebooks/start.ipynb") -> None:
    page.context.set_default_timeout(SLOW)
    page.goto(f"{hub.url}/services/pgkit/voila/render/{path}")
    page.fill("#username_input", login)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(r".*/services/pgkit/voila/render/.*"), timeout=SLOW)
    harness.wait_for_widgets(page, SLOW)


def test_login_page_names_the_demo_and_refuses_a_wrong_password(
        hub: Hub, new_page: Callable[..., Page]) -> None:
    for width, height in ((390, 844), (1280, 800)):
        page = new_page(width, height)
        page.goto(f"{hub.url}/hub/login")
        expect(page.locator("#demo")).to_contain_text("wachtwoord is voor iedereen: demo")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert harness.axe_violations(page) == []
        harness.screenshot(page, f"hub_login_{width}x{height}")
    # Outside the demo there is no default password: the imported trainee's 'demo' fails.
    page.fill("#username_input", EMAIL)
    page.fill("#password_input", "demo")
    page.click("#login_submit")
    expect(page.get_by_role("alert")).to_contain_text("horen niet bij elkaar")
    assert "/hub/login" in page.url
    assert harness.axe_violations(page) == []


def test_imported_trainee_sees_own_progress_on_laptop_and_phone(
        hub: Hub, new_page: Callable[..., Page]) -> None:
    for width, height in ((1280, 800), (390, 844)):
        page = new_page(width, height)
        _sign_in(page, hub, EMAIL.upper(), PASSWORD, "modules/index.ipynb")
        expect(page.locator(".pgkit-who")).to_contain_text("Ilse Hendriks")
        expect(page.get_by_text("1 van de 7 eenheden klaar")).to_be_visible()
        harness.screenshot(page, f"hub_trainee_progress_{width}x{height}")
        assert harness.axe_violations(page) == []


def test_coach_sees_only_their_own_cohort(hub: Hub, new_page: Callable[..., Page]) -> None:
    page = new_page(1920, 1080)
    _sign_in(page, hub, "demo-coach", path="notebooks/dashboard.ipynb")
    expect(page.get_by_text("Ilse Hendriks").first).to_be_visible()
    expect(page.get_by_text(hub.own_trainee).first).to_be_visible()
    assert page.get_by_text(hub.other_trainee).count() == 0
    harness.screenshot(page, "hub_coach_dashboard_1920x1080")
    assert harness.axe_violations(page) == []


def test_facilitator_meeting_with_three_participants(
        hub: Hub, new_page: Callable[..., Page]) -> None:
    host = new_page(1280, 800)
    _sign_in(host, hub, "demo-begeleider", path="facilitator/runbook.ipynb")
    host.get_by_role("button", name="Open de bijeenkomst").click()
    code = host.locator(".pgkit-code").get_attribute("data-code")
    assert code and re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)
    in_app, *on_phone = hub.participants
    phone = new_page(390, 844)
    _sign_in(phone, hub, in_app, path=f"notebooks/meeting.ipynb?code={code}")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator(".pgkit-joined")).to_be_visible(timeout=SLOW)
    harness.screenshot(phone, "hub_meeting_participant_390x844")
    # The meeting link the runbook shares: the phone page, behind the hub's sign-in too.
    link = host.locator("a.pgkit-join-link").get_attribute("href")
    assert link == f"/services/pgkit/meedoen?code={code}"
    phones = []
    for login in on_phone:
        phone = new_page(390, 844)
        phones.append(phone)
        phone.context.set_default_timeout(SLOW)
        phone.goto(f"{hub.url}{link}")
        phone.fill("#username_input", login)
        phone.fill("#password_input", "demo")
        phone.click("#login_submit")
        phone.wait_for_url(re.compile(r".*/services/pgkit/meedoen\?code="), timeout=SLOW)
        expect(phone.get_by_label("Code")).to_have_value(codes.pretty(code))
        phone.get_by_role("button", name="Meedoen").click()
        expect(phone.locator(".pgkit-joined")).to_be_visible()
    expect(host.locator(".pgkit-count")).to_have_attribute("data-joined", "3")
    # The phone page's own requests (the poll for news, an answer) pass the hub's sign-in.
    host.get_by_role("tab", name="Vragen en groepsweb").click()
    host.get_by_role("button", name="Stel deze vraag").click()
    for phone in phones:
        phone.get_by_role("button", name="Nieuwsgierig").click()
        expect(phone.get_by_text("Je antwoord is opgeslagen")).to_be_visible()
    harness.screenshot(phones[-1], "hub_meeting_phone_page_390x844")
    expect(host.locator(".pgkit-poll-n")).to_have_attribute("data-total", "2")
    assert harness.axe_violations(host) == []


async def _try_execute(ws_url: str, cookie: str, origin: str) -> list[str]:
    """Open the page's own kernel channel and ask it to run code; the reply types seen."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Cookie": cookie,
                                                                "Origin": origin}),
                                   subprotocols=[KERNEL_PROTOCOL])
    await conn.write_message(kernel_message("execute_request", {
        "code": "import os; print(os.environ.get('PGKIT_DB'))", "silent": False,
        "store_history": False, "user_expressions": {}, "allow_stdin": False}), binary=True)
    await conn.write_message(kernel_message("kernel_info_request"), binary=True)
    seen: list[str] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while loop.time() < deadline and "kernel_info_reply" not in seen:
        try:
            raw = await asyncio.wait_for(conn.read_message(), timeout=2)
        except TimeoutError:
            continue
        if raw is None:
            break
        if isinstance(raw, bytes):
            seen.append(deserialize_v1(raw)["header"]["msg_type"])
    # Anything the kernel would have sent for the code comes before the info reply.
    conn.close()
    return seen


def _hub_xsrf(page: Page) -> str:
    """The hub's own form token (path /hub/), which its API wants beside the cookie."""
    return next((c["value"] for c in page.context.cookies()
                 if c["name"] == "_xsrf" and c["path"].startswith("/hub")), "")


def _hub_api(page: Page, hub: Hub, method: str, path: str, data: dict | None = None,
             token: str | None = None) -> APIResponse:
    """The hub's REST API as the page's signed-in user (cookie and form token) or a token."""
    headers = {"Authorization": f"token {token}"} if token else {"X-XSRFToken": _hub_xsrf(page)}
    if data is not None:
        headers["Content-Type"] = "application/json"  # the hub refuses other POST bodies
    return page.context.request.fetch(f"{hub.url}{path}", method=method, headers=headers,
                                      data=json.dumps(data) if data is not None else None)


def test_a_trainee_finds_no_way_to_run_code(hub: Hub, new_page: Callable[..., Page]) -> None:
    page = new_page()
    _sign_in(page, hub, "demo-deelnemer")
    request = page.context.request
    # No JupyterLab of their own: the proxy knows no /user/demo-deelnemer/ route, so the hub
    # answers; without the access:servers scope that is its 404, in the kit's Dutch page.
    first = request.get(f"{hub.url}/user/demo-deelnemer/lab", max_redirects=0)
    assert first.status == 302, first.status
    assert first.headers["location"].endswith("/hub/user/demo-deelnemer/lab")
    lab = request.get(f"{hub.url}/user/demo-deelnemer/lab")
    assert lab.status == 404, lab.status
    assert lab.url == f"{hub.url}/hub/user/demo-deelnemer/lab"
    refusal = lab.text()
    assert '<html lang="nl">' in refusal
    assert t("pages.error_title_404") in refusal and t("hub.no_server") in refusal
    assert "jp-LabShell" not in refusal and "JupyterLab" not in refusal.replace(
        t("hub.no_server"), "")
    # And no way to start one.
    for method, path in (("POST", "/hub/api/users/demo-deelnemer/server"),
                         ("POST", "/hub/api/users/demo-deelnemer/servers/extra"),
                         ("GET", "/hub/spawn"), ("GET", "/hub/spawn/demo-deelnemer")):
        response = request.fetch(f"{hub.url}{path}", method=method,
                                 headers={"X-XSRFToken": _hub_xsrf(page)})
        assert response.status == 403, (method, path, response.status)
        if method == "GET":
            assert t("pages.error_title_403") in response.text(), path
    # What the trainee sees, in a second tab of the same browser.
    tab = page.context.new_page()
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{hub.url}/user/demo-deelnemer/lab")
    expect(tab.locator("#geen-server")).to_have_text(t("hub.no_server"))
    assert tab.locator("html").get_attribute("lang") == "nl"
    harness.screenshot(tab, "hub_trainee_no_lab_390x844")
    # The hub itself (asked by an admin) confirms: the trainee has no server, none pending.
    admin = new_page()
    _sign_in(admin, hub, "demo-coordinator")
    model = _hub_api(admin, hub, "GET", "/hub/api/users/demo-deelnemer")
    assert model.status == 200, model.status
    assert model.json()["servers"] == {}, model.json()
    assert model.json()["pending"] is None
    # The kit service offers no kernel list and no way to start a kernel.
    for method in ("GET", "POST"):
        response = request.fetch(f"{hub.url}/services/pgkit/api/kernels", method=method)
        assert response.status in (404, 405), (method, response.status)
    # Their own page's kernel runs the page, never code they send.
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies()
                       if c["path"].startswith("/services/pgkit") or c["path"] == "/")
    kernel = kernel_id(page.content())
    ws = hub.url.replace("http", "ws") + f"/services/pgkit/api/kernels/{kernel}/channels"
    # Playwright's sync API owns this thread's event loop; the websocket gets its own.
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(asyncio.run, _try_execute(ws, cookie, hub.url)).result()
    assert "kernel_info_reply" in seen, seen  # the channel was open and answering
    assert not {"execute_reply", "execute_input", "stream", "execute_result"} & set(seen), seen


def test_kit_status_tells_anonymous_visitors_only_counts(hub: Hub) -> None:
    """The status address stays open for health checks (docs/deployment.md), so it may hold
    nothing about anyone: four counts and the service's process id, no cookie."""
    status = f"{hub.url}/services/pgkit/pgkit/status"
    with urllib.request.urlopen(status, timeout=30) as response:
        assert response.status == 200
        assert response.headers.get_all("Set-Cookie") is None
        body = json.loads(response.read())
    # A new field must be as impersonal as these: add it here and to docs/deployment.md.
    assert set(body) == {"kernels", "visitor_kernels", "max_kernels", "ready_in_pool",
                         "pid"}, body
    assert all(isinstance(value, int) for value in body.values()), body
    # Every other address of the kit wants a sign-in first: the hub's OAuth.
    page = f"{hub.url}/services/pgkit/voila/render/notebooks/start.ipynb"
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(page, timeout=60)
    assert refused.value.code == 302
    assert "/hub/api/oauth2/authorize" in refused.value.headers["Location"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


def _wait_for(what: str, check: Callable[[], bool], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(1)


def test_coach_lab_server_runs_kernels_over_unix_sockets(
        hub: Hub, new_page: Callable[..., Page]) -> None:
    page = new_page()
    _sign_in(page, hub, "demo-coach", path="notebooks/dashboard.ipynb")
    made = _hub_api(page, hub, "POST", "/hub/api/users/demo-coach/tokens",
                    {"note": "test_hub", "expires_in": 900})
    assert made.status == 201, (made.status, made.text())
    token = made.json()["token"]
    api = "/hub/api/users/demo-coach"
    started = _hub_api(page, hub, "POST", f"{api}/server", token=token)
    assert started.status in (201, 202), (started.status, started.text())
    try:
        _wait_for("the coach's lab server is ready", lambda: bool(
            _hub_api(page, hub, "GET", api, token=token).json()["servers"].get("", {})
            .get("ready")))
        lab = "/user/demo-coach/api/kernels"
        kernel = _hub_api(page, hub, "POST", lab, {"name": "python3"}, token=token)
        assert kernel.status == 201, (kernel.status, kernel.text())
        kid = kernel.json()["id"]
        root = hub_config.lab_runtime_root(hub.state)
        _wait_for("the kernel's connection file", lambda: any(
            root.glob(f"*/kernel-{kid}.json")))
        found = list(root.glob(f"*/kernel-{kid}.json"))
        assert len(found) == 1, (root, list(root.rglob("*")))
        connection = json.loads(found[0].read_text())
        assert connection["transport"] == "ipc", connection
        folder = found[0].parent
        assert connection["ip"] == str(folder / f"kernel-{kid}-ipc")
        for where in (root, folder):  # jupyter_server adds the sticky bit to its own
            assert where.stat().st_mode & 0o777 == 0o700, where
        sockets = [Path(f"{connection['ip']}-{connection[f'{channel}_port']}")
                   for channel in ("shell", "iopub", "stdin", "control", "hb")]
        # The kernel binds them once it runs.
        _wait_for("the kernel's sockets", lambda: all(p.exists() for p in sockets))
        for socket_path in sockets:
            assert stat.S_ISSOCK(socket_path.stat().st_mode), socket_path
            assert len(str(socket_path)) <= hub_config.SOCKET_PATH_MAX, socket_path
    finally:
        _hub_api(page, hub, "DELETE", f"{api}/server", token=token)
        _wait_for("the lab server has stopped", lambda: not _hub_api(
            page, hub, "GET", api, token=token).json()["servers"])
