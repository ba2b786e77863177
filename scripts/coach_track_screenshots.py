"""Screenshots for docs/coach-track.md: the formgrader, an assignment as a coach sees it in
JupyterLab, and a coach's feedback page.

    .venv/bin/python scripts/coach_track_screenshots.py [--port 8950] [--only coach]

Builds a demo course from the test fixtures (graded with ``pgkit grade``), starts
``jupyter lab`` in it, opens the formgrader with Playwright on /usr/bin/chromium and saves
PNGs in docs/img/. Look at every picture before you commit it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
IMG = ROOT / "docs" / "img"
BIN = Path(sys.executable).parent
ASSIGNMENT = "implementatieplan"


def build_course(tmp: Path) -> Path:
    from tests.grading.helpers import run_lifecycle

    from pgkit.store import upgrade

    store = f"sqlite:///{tmp / 'kit.sqlite'}"
    upgrade(store)
    run = run_lifecycle(tmp, 2, None, store)
    return run.course.root


def wait_for(url: str, seconds: float = 180) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except Exception:
            time.sleep(1)
    raise TimeoutError(url)


def _formgrader_frame(page):
    for frame in page.frames:
        if "/formgrader" in frame.url:
            return frame
    raise LookupError("formgrader iframe")


def _no_news(page) -> None:
    """Answer JupyterLab's 'get notified about news?' toast so it covers nothing."""
    time.sleep(1)
    with contextlib.suppress(Exception):
        page.get_by_role("button", name="No", exact=True).click(timeout=3_000)
    time.sleep(1)


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    IMG.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/lab?reset", wait_until="domcontentloaded")
        page.get_by_text("Nbgrader", exact=True).first.click(timeout=180_000)
        page.get_by_role("menuitem", name="Formgrader").click()
        page.keyboard.press("Control+b")  # hide the file browser: more room for the grader
        frame = page.frame_locator("iframe").first
        table = frame.locator("#main_table, table").first
        frame.get_by_text("implementatieplan").first.wait_for(timeout=120_000)
        table.scroll_into_view_if_needed()
        _no_news(page)
        page.screenshot(path=IMG / "formgrader-opdrachten.png")

        grader = _formgrader_frame(page)
        grader.goto(f"{base}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
        # the rows arrive by AJAX; the toggle only reveals rows that are already there
        grader.locator("a.name-shown", has_text="coach-goed").first.wait_for(
            state="attached", timeout=60_000)
        grader.locator("#toggle_names").click(timeout=60_000)
        grader.locator("a.name-shown", has_text="coach-goed").first.wait_for(timeout=60_000)
        _no_news(page)
        page.screenshot(path=IMG / "formgrader-inleveringen.png")

        href = grader.locator("a.name-shown", has_text="coach-goed").first.get_attribute("href")
        grader.goto(f"{base}{href}")
        scores = grader.locator("input.score")
        scores.first.wait_for(timeout=60_000)
        # grade the reflection as a coordinator would: points and a comment
        scores.last.fill("4")
        scores.last.press("Tab")
        grader.locator("textarea.comment").last.fill(
            "Helder per niveau. Schrijf nog op hoe je meet of het werkt, en wanneer.")
        grader.locator("textarea.comment").last.press("Tab")
        scores.last.scroll_into_view_if_needed()
        _no_news(page)
        page.screenshot(path=IMG / "formgrader-beoordelen.png")
        browser.close()


def _browser(pw):
    return pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"])


def shoot_coach(base: str, course: Path) -> None:
    """The released notebook in JupyterLab, and one feedback page, at 1280x800."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _browser(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/lab/tree/release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?reset",
                  wait_until="domcontentloaded")
        question = page.locator(".jp-RenderedMarkdown h2", has_text="Vraag 1:").first
        question.wait_for(timeout=180_000)
        page.keyboard.press("Control+b")  # hide the file browser
        _no_news(page)
        question.scroll_into_view_if_needed()
        question.evaluate("e => e.scrollIntoView()")
        time.sleep(1)
        page.screenshot(path=IMG / "opdracht-coach.png")

        html = course / "feedback" / "coach-deels" / ASSIGNMENT / f"{ASSIGNMENT}.html"
        page.goto(html.as_uri())
        page.get_by_text("Vraag 1: welke fase?").first.evaluate("e => e.scrollIntoView()")
        page.screenshot(path=IMG / "feedback-coach.png")
        browser.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=8950)
    p.add_argument("--keep", type=Path, help="build the course here once and reuse it")
    p.add_argument("--only", choices=("coach",), help="only the coach's notebook and feedback")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="pgkit-shots-") as tmp:
        work = args.keep or Path(tmp)
        course = work / "cursus"
        if not (course / "feedback").exists():
            work.mkdir(parents=True, exist_ok=True)
            course = build_course(work)
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        server = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={args.port}",
             "--ServerApp.token=", "--ServerApp.password=", "--allow-root",
             "--ServerApp.ip=127.0.0.1"],
            cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_for(f"{base}/api")
            if args.only != "coach":
                shoot(base)
            shoot_coach(base, course)
        finally:
            server.terminate()
            server.wait(30)
    print("\n".join(str(p) for p in sorted(IMG.glob("*.png"))))


if __name__ == "__main__":
    main()
