"""Spinnenweb: time from a slider key press to the redrawn web, in a real browser.

Baseline, measured in the same run on the same server: a bare ipywidgets IntSlider whose
kernel callback echoes the value into an HTML widget (one round trip, no drawing, no
store). Both are timed in the page from the ``keydown`` event to the DOM change, so the
difference is what the spinnenweb adds (scoring, bqplot redraw, saving the answer).

    .venv/bin/python benchmarks/spinnenweb_redraw.py [--trials 30] [--port 8911]

Prints medians and quartiles in milliseconds. Record results in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ECHO_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "echo", "metadata": {},
               "outputs": [], "source": [
                   "import ipywidgets as w\n",
                   "s = w.IntSlider(value=5, min=0, max=10, description='echo')\n",
                   "out = w.HTML('5')\n",
                   "out.add_class('echo-out')\n",
                   "s.observe(lambda ch: setattr(out, 'value', str(ch['new'])), names='value')\n",
                   "w.VBox([s, out])"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5}

# Resolves with ms from the next keydown to the first change of the target's attribute/text.
MEASURE = """([selector, kind]) => { window.__pgkitBench = new Promise((resolve) => {
  const el = document.querySelector(selector);
  const read = () => kind === 'text' ? el.textContent : el.getAttribute('d');
  const before = read();
  let t0 = null;
  const onKey = () => { t0 = performance.now(); };
  document.addEventListener('keydown', onKey, {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (t0 !== null && read() !== before) { obs.disconnect(); resolve(performance.now() - t0); }
  });
  obs.observe(el, {attributes: true, childList: true, characterData: true, subtree: true});
}); }"""
WEB_PATH = "pgkit-bench-web"


def start(root: Path, port: int, work: Path) -> subprocess.Popen:
    db = f"sqlite:///{work / 'kit.sqlite'}"
    env = {**os.environ, "PGKIT_HOME": str(ROOT), "PGKIT_SECRET_FILE": str(work / "secret"),
           "PGKIT_DB": db}
    env.pop("PGKIT_SECRET", None)
    py = [sys.executable, "-m", "pgkit.cli"]
    proc = subprocess.Popen([*py, "serve", "--port", str(port), "--db", db, "--root", str(root)],
                            env=env, stdout=(work / "server.log").open("wb"),
                            stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/pgkit/status", timeout=3):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start; see " + str(work / "server.log"))


def measure(page: Page, selector: str, kind: str, handle: str, trials: int) -> list[float]:
    times = []
    for n in range(trials):
        page.locator(handle).focus()
        page.evaluate(MEASURE, [selector, kind])  # arms the observer, returns at once
        page.keyboard.press("ArrowRight" if n % 2 == 0 else "ArrowLeft")
        times.append(float(page.evaluate("window.__pgkitBench")))
        page.wait_for_timeout(250)  # let the kernel finish saving before the next move
    return times


def summary(name: str, times: list[float]) -> dict:
    q = statistics.quantiles(times, n=4)
    row = {"name": name, "n": len(times), "median_ms": round(statistics.median(times), 1),
           "q1_ms": round(q[0], 1), "q3_ms": round(q[2], 1)}
    print(json.dumps(row))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--port", type=int, default=8911)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pgkit-bench-sw-"))
    root = work / "root"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "spinnenweb.ipynb", root / "notebooks")
    shutil.copy(ROOT / "notebooks" / "start.ipynb", root / "notebooks")
    (root / "notebooks" / "bench_echo.ipynb").write_text(json.dumps(ECHO_NOTEBOOK))
    proc = start(root, args.port, work)
    base = f"http://127.0.0.1:{args.port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(180_000)
            page.set_default_navigation_timeout(180_000)
            target = "/voila/render/notebooks/bench_echo.ipynb"
            page.goto(f"{base}/pgkit/welkom?volgende={quote(target)}")
            page.fill("#naam", "Benchmark")
            page.click("button[type=submit]")
            page.wait_for_selector(".echo-out")
            page.wait_for_selector(".noUi-handle")
            echo = measure(page, ".echo-out", "text", ".noUi-handle", args.trials)

            page.goto(f"{base}/voila/render/notebooks/spinnenweb.ipynb")
            page.wait_for_selector(".pgkit-sw-web svg path.line")
            handle = ".pgkit-sw-slider .noUi-handle >> nth=0"
            page.locator(handle).focus()
            for _ in range(6):  # from "open" to 5, so every trial changes the web
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(1500)
            # The web is the Lines mark drawn in the kit's green.
            page.evaluate("""(cls) => { for (const p of document.querySelectorAll(
                '.pgkit-sw-web path.line')) { if ((p.getAttribute('style') || '')
                .includes('rgb(31, 95, 86)')) { p.classList.add(cls); return; } } }""", WEB_PATH)
            web = measure(page, f"path.{WEB_PATH}", "d", handle, args.trials)
            browser.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    a, b = summary("ipywidgets slider echo (baseline)", echo), summary(
        "spinnenweb slider -> redrawn web", web)
    print(f"load average: {os.getloadavg()[0]:.1f}; overhead median "
          f"{b['median_ms'] - a['median_ms']:.1f} ms")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
