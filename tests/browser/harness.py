"""A real kit server and a real Chromium for browser tests.

The server is ``pgkit serve`` in a subprocess on a free port with its own SQLite store.
A page fails its test on any JavaScript console error, any Voila error output and any
``.pgkit-error`` box; every test leaves a screenshot in ``test-artifacts/``.

axe-core checks every page structurally, not by each test remembering to: every
``screenshot`` also runs axe, the fixtures photograph (and so check) every tab when the
test ends, and ``axe_report`` (called after every test by ``tests/conftest.py``) fails the
test on a serious or critical violation, and on a tab whose last page was never checked.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urldefrag

from playwright.sync_api import Browser, ConsoleMessage, Frame, Locator, Page
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
VOILA_ERROR = "There was an error when executing cell"
# Messages that are not errors in our pages: JupyterLab's module-federation version notes,
# and anywidget 0.11's fixed 2-second "ready" timeout, which it logs when a loaded machine
# takes longer to set up the router's model; the model still loads and initializes after
# it (the timeout only rejects the runtime's `ready` promise), so navigation keeps working.
BENIGN_CONSOLE = re.compile(r"Unsatisfied version|Federation Runtime|No satisfying version|"
                            r"\[anywidget\] Failed to initialize model\.")
WIDGET_TIMEOUT_MS = 60_000
# The kit's standard is WCAG 2.1 AA: the 2.0 rules and the ones 2.1 added.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_IMPACTS = ("serious", "critical")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class KitServer:
    url: str
    db_url: str
    process: subprocess.Popen
    log_path: Path
    home: Path

    def status(self) -> dict:
        with urllib.request.urlopen(f"{self.url}/pgkit/status", timeout=5) as r:
            return json.loads(r.read())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(workdir: Path, *, demo: bool = True, extra_env: dict[str, str] | None = None,
                 extra_args: list[str] | None = None) -> KitServer:
    """Start ``pgkit serve`` with a fresh store in ``workdir``; demo data when asked."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{workdir / 'kit.sqlite'}"
    env = {**os.environ, "PGKIT_HOME": str(ROOT), "PGKIT_SECRET_FILE": str(workdir / "secret"),
           # One server hosts every test's visitors for the whole session; closed test
           # tabs keep their kernels until the culler, so the production cap (40) would
           # turn later tests away. The cap has its own test (test_busy.py, --max-kernels).
           "PGKIT_DB": db_url, "PGKIT_MAX_KERNELS": "0", **(extra_env or {})}
    env.pop("PGKIT_SECRET", None)
    py = [sys.executable, "-m", "pgkit.cli"]
    if demo:
        subprocess.run([*py, "demo", "--db", db_url], check=True, env=env, capture_output=True)
        # Explicit: tests add real-looking people to this store, which would switch the
        # demo personas off (issue 11, finding 9).
        extra_args = ["--demo", *(extra_args or [])]
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*py, "serve", "--port", str(port), "--db", db_url, "--root", str(ROOT),
             *(extra_args or [])],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    server = KitServer(f"http://127.0.0.1:{port}", db_url, process, log_path, workdir)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pgkit serve ended early:\n{server.log()}")
        try:
            server.status()
            return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"pgkit serve did not answer within 60 s:\n{server.log()}")


@dataclass
class PageProblems:
    console: list[str] = field(default_factory=list)

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error" and not BENIGN_CONSOLE.search(msg.text):
            self.console.append(msg.text)

    def on_page_error(self, exc: Exception) -> None:
        if not BENIGN_CONSOLE.search(str(exc)):
            self.console.append(f"uncaught: {exc}")


# Tabs without JavaScript (a phone page's fallback): axe-core runs as the page's own
# script, which such a tab never runs, so they are photographed but not checked. The same
# HTML is checked in a tab with JavaScript.
_NO_SCRIPT: list[Page] = []


def new_tracked_page(browser: Browser, width: int = 1280, height: int = 800, *,
                     javascript: bool = True) -> tuple[Page, PageProblems]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL",
                                  java_script_enabled=javascript)
    # Voila streams a page while its kernel runs it: slow on 2 busy cores, so be patient.
    context.set_default_navigation_timeout(120_000)
    context.set_default_timeout(WIDGET_TIMEOUT_MS)
    # A second tab the test opens in this context (same user) is checked like the first.
    if javascript:
        context.on("page", track_axe)
    page = context.new_page()
    if javascript:
        track_axe(page)
    else:
        _NO_SCRIPT.append(page)
    problems = PageProblems()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    return page, problems


def page_errors(page: Page) -> list[str]:
    """Voila error output and the kit's own error boxes visible on the page."""
    found = []
    if page.get_by_text(VOILA_ERROR).count():
        found.append(page.get_by_text(VOILA_ERROR).first.inner_text())
    found += [f"pgkit-error: {el.inner_text()}" for el in page.locator(".pgkit-error").all()
              if el.is_visible()]
    found += [f"stderr: {el.inner_text()[:500]}" for el in page.locator(
        '[data-mime-type="application/vnd.jupyter.stderr"]').all()]
    return found


# A kit page is ready when its view is complete: a first view shows its header before its
# body (pgkit.pages.base.VIEW_READY). Other notebooks are ready with their first widget.
VIEW_COMPLETE_JS = """() => !document.querySelector('#rendered_cells .pgkit-shell')
  || !!document.querySelector('#rendered_cells .pgkit-shell .pgkit-view-ready')"""


def wait_for_widgets(page: Page, timeout: float = WIDGET_TIMEOUT_MS) -> None:
    """Voila has rendered: the spinner is gone, at least one widget view is in the DOM,
    and a kit view is complete."""
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout)
    page.wait_for_selector(".jupyter-widgets, .widget-html, .lm-Widget.jupyter-widgets",
                           timeout=timeout)
    page.wait_for_function(VIEW_COMPLETE_JS, timeout=timeout)


def open_page(page: Page, base_url: str, path: str) -> None:
    """Open a kit page (``notebooks/start.ipynb`` or a full ``/voila/render/...`` path)."""
    url = path if path.startswith("http") else (
        base_url + (path if path.startswith("/") else f"/voila/render/{path}"))
    page.goto(url)
    wait_for_widgets(page)


def login_as(page: Page, base_url: str, role: str, volgende: str | None = None,
             wait: bool = True) -> None:
    """Become a demo persona (trainee, facilitator, coach, coordinator) with the welcome
    page's button, which posts the visitor's form token; then open ``volgende``."""
    page.goto(f"{base_url}/pgkit/welkom" + (f"?volgende={quote(volgende)}" if volgende else ""))
    page.locator(f'form[action="/pgkit/persona/{role}"] button').click()
    if wait:
        wait_for_widgets(page)


def open_meeting(host: Page, base_url: str, timeout: float) -> str:
    """Sign in as the demo facilitator, open a meeting from the runbook; its join code."""
    host.context.set_default_timeout(timeout)
    login_as(host, base_url, "facilitator", "/voila/render/facilitator/runbook.ipynb",
             wait=False)
    wait_for_widgets(host, timeout)
    host.get_by_role("button", name="Open de bijeenkomst").click()
    code = host.locator(".pgkit-code").get_attribute("data-code")
    assert code and re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code), code
    return code


def persona_cookie(page: Page, base_url: str, role: str) -> None:
    """Only the persona's profile cookie in the page's context; no page is rendered."""
    form = page.request.get(f"{base_url}/pgkit/welkom")
    token = re.search(r'name="_xsrf" value="([^"]+)"', form.text())
    assert token, "no form token on the welcome page"
    response = page.request.post(f"{base_url}/pgkit/persona/{role}",
                                 form={"_xsrf": token.group(1)}, max_redirects=0)
    assert response.status in (302, 303), response.status


def sign_up(page: Page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/pgkit/welkom")
    page.fill("#naam", name)
    page.click("button[type=submit]")
    wait_for_widgets(page)


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in ``test-artifacts/``; axe checks the same state (``axe_check``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    if page not in _NO_SCRIPT:
        axe_check(page, name)
    return path


@dataclass
class AxeRecord:
    """What axe found in one tab, and whether the page the tab shows now was checked."""
    page: Page
    document: str = "about:blank"  # the URL without its #fragment
    checked: bool = True  # a blank tab needs no check
    violations: list[str] = field(default_factory=list)
    watched: bool = False


# The tabs of the running test; ``axe_report`` empties it after each test.
_AXE_RECORDS: list[AxeRecord] = []


def _axe_record(page: Page) -> AxeRecord:
    for record in _AXE_RECORDS:
        if record.page is page:
            return record
    record = AxeRecord(page)
    _AXE_RECORDS.append(record)
    return record


def track_axe(page: Page) -> None:
    """Watch a tab: each new page it loads needs an axe check before the test ends."""
    record = _axe_record(page)
    if record.watched:  # the context's "page" event and new_tracked_page both ask
        return
    record.watched = True

    def navigated(frame: Frame) -> None:
        # An anchor jump or a Voila widget's history entry is the same page, checked or not.
        if frame.parent_frame is None and urldefrag(frame.url).url != record.document:
            record.document = urldefrag(frame.url).url
            record.checked = not record.document.startswith(("http:", "https:", "file:"))

    page.on("framenavigated", navigated)


def axe_violations(page: Page, tags: tuple[str, ...] = AXE_TAGS) -> list[dict]:
    """Run axe-core in the page; returns its violations (serious and critical ones)."""
    script = Path(os.environ.get("PGKIT_AXE") or ROOT / "node_modules/axe-core/axe.min.js")
    if not script.exists():
        raise FileNotFoundError(f"axe-core not found at {script}; run `make browser-deps`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags))
    _axe_record(page).checked = True
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5],
             "html": [n["html"][:160] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in AXE_IMPACTS]


def axe_check(page: Page, name: str) -> None:
    """Run axe now and keep what it finds for ``axe_report``: the test goes on."""
    try:
        found = axe_violations(page)
    except PlaywrightError as exc:
        # The page is navigating away (a click started it): the page that arrives needs
        # its own check, and ``axe_report`` fails the test if it never gets one.
        if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
            raise
        return
    for v in found:
        nodes = "; ".join(f"{' '.join(map(str, target))} = {html}"
                          for target, html in zip(v["nodes"], v["html"], strict=True))
        _axe_record(page).violations.append(
            f"{name} ({urldefrag(page.url).url}): {v['id']} [{v['impact']}] {v['help']}: {nodes}")


def axe_report() -> list[str]:
    """Everything axe found since the last report, one line per rule and page.

    A tab still open is checked once more as it is now; a closed tab whose last page was
    never checked is a failure too (photograph it before closing it). Starts a new list.
    """
    failures: list[str] = []
    for record in _AXE_RECORDS:
        if record.page.is_closed():
            if not record.checked:
                failures.append(f"{record.document}: the tab was closed without an axe check;"
                                " take a harness.screenshot() of it first")
        elif record.document.startswith(("http:", "https:", "file:")):
            try:
                axe_check(record.page, "end of the test")
            except Exception as exc:  # a page busy navigating away cannot be checked
                failures.append(f"{record.document}: axe could not run: {exc}")
        failures += record.violations
    _AXE_RECORDS.clear()
    _NO_SCRIPT.clear()
    return failures


def next_frames(page: Page, frames: int = 2) -> None:
    """Until the browser has drawn ``frames`` more frames (a new layout is on screen)."""
    page.evaluate("n => new Promise(done => { const step = k => k ? "
                  "requestAnimationFrame(() => step(k - 1)) : done(); step(n); })", frames)


def scroll_settled(box: Locator, frames: int = 5) -> None:
    """Until a (smoothly) scrolling element has kept its position for ``frames`` frames."""
    box.evaluate("(el, n) => new Promise(done => { let last = -1, still = 0; const look = () => {"
                 " still = el.scrollTop === last ? still + 1 : 0; last = el.scrollTop;"
                 " if (still >= n) done(); else requestAnimationFrame(look); }; look(); })",
                 frames)
