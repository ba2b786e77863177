"""Four visitors walk through the kit in Chromium; every step's time beside the floor's.

Against a real ``pgkit serve`` (shipped defaults) and real Chromium:

- **journeys**: a trainee (home → e-learning → unit 1 → unit 2 → unit 3 → spinnenweb →
  meeting → home), a facilitator (home → runbook → intervision chair), a coach (home →
  dashboard) and a coordinator (dashboard). The first step opens the address; every
  next step clicks a link to the next view, as a visitor would. A step ends when the
  new view's heading is visible at the new address.
- **first visits**: every entry page opened three times in a fresh tab, each time right
  after a visit to the floor page in the same tab; time to the first widget and to the
  whole view (heading and body), and the ratio to the floor visits beside it.
- **the floor**: a one-slider notebook served by the same server in the same run,
  three visits; every figure is also given as a ratio to the floor's median.

    .venv/bin/python benchmarks/journey.py [--label after] [--no-record]

``--src`` runs another checkout's package (``git worktree`` of an older commit) to
record a "before" figure with the same script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import harness  # noqa: E402

from benchmarks._record import record  # noqa: E402
from benchmarks.page_load import FLOOR, make_root  # noqa: E402

VISITS = 3
TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Step:
    label: str
    path: str  # under /voila/render/


HOME = Step("home", "notebooks/start.ipynb")
JOURNEYS: dict[str, list[Step]] = {
    "trainee": [HOME, Step("e-learning", "modules/index.ipynb"),
                Step("unit 1", "modules/eenheid1.ipynb"), Step("unit 2", "modules/eenheid2.ipynb"),
                Step("unit 3", "modules/eenheid3.ipynb"),
                Step("spinnenweb", "notebooks/spinnenweb.ipynb"),
                Step("meeting", "notebooks/meeting.ipynb"), HOME],
    "facilitator": [HOME, Step("runbook", "facilitator/runbook.ipynb"),
                    Step("intervision chair", "exercises/intervisie/voorzitter.ipynb")],
    "coach": [HOME, Step("dashboard", "notebooks/dashboard.ipynb")],
    "coordinator": [Step("dashboard", "notebooks/dashboard.ipynb")],
}
ENTRY_ROLE = {"notebooks/dashboard.ipynb": "coach", "facilitator/runbook.ipynb": "facilitator",
              "exercises/intervisie/voorzitter.ipynb": "facilitator"}

# The address and the heading of the view on screen, or None while a page loads. A first
# view shows its header before its body is built (".pgkit-building"): it counts as on
# screen only once the body is there.
STATE_JS = """() => {
  const h = document.querySelector('#rendered_cells h1');
  const building = document.querySelector('#rendered_cells .pgkit-building');
  return [location.pathname,
          h && h.offsetParent !== null && !building ? h.textContent : null];
}"""
FIRST_WIDGET_JS = "() => !!document.querySelector('#rendered_cells .jupyter-widgets')"


def _state(page: Page) -> tuple[str, str | None]:
    try:
        path, heading = page.evaluate(STATE_JS)
        return path, heading
    except Exception:  # the old document is gone, the new one not there yet
        return "", None


def wait_for_view(page: Page, path: str, old_heading: str | None, start: float) -> float:
    """Seconds from ``start`` until ``path``'s heading (a new one) is on screen."""
    while time.perf_counter() - start < TIMEOUT_S:
        where, heading = _state(page)
        if where.endswith("/voila/render/" + path) and heading and heading != old_heading:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{path} did not show within {TIMEOUT_S:.0f} s")


def click_link_to(page: Page, url: str) -> None:
    """Click a link to ``url`` the way a visitor's click arrives (a real anchor)."""
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href;
        a.textContent = 'benchmark'; document.body.appendChild(a); a.click(); a.remove(); }""",
                  url)


def first_visit(page: Page, base: str, path: str) -> tuple[float, float]:
    """(first widget, whole view) in seconds for a fresh load of ``path``."""
    start = time.perf_counter()
    page.goto(f"{base}/voila/render/{path}", wait_until="commit")
    widget = None
    while time.perf_counter() - start < TIMEOUT_S:
        try:
            if page.evaluate(FIRST_WIDGET_JS):
                widget = time.perf_counter() - start
                break
        except Exception:
            pass
        time.sleep(0.02)
    if widget is None:
        raise TimeoutError(f"{path}: no widget within {TIMEOUT_S:.0f} s")
    if path == FLOOR:
        return widget, widget
    return widget, wait_for_view(page, path, None, start)


def walk(page: Page, base: str, steps: list[Step]) -> list[float]:
    times = [first_visit(page, base, steps[0].path)[1]]
    for step in steps[1:]:
        _, heading = _state(page)
        start = time.perf_counter()
        click_link_to(page, f"{base}/voila/render/{step.path}")
        times.append(wait_for_view(page, step.path, heading, start))
    return times


def kernels(kit: harness.KitServer) -> int:
    return int(kit.status()["kernels"])


def run(label: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp))
        kit = harness.start_server(Path(tmp) / "kit", extra_args=["--root", str(root)])
        time.sleep(20)  # let the pool fill, as on a server that has been up a while
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=harness.CHROMIUM,
                                            args=harness.CHROMIUM_ARGS)
                page, _ = harness.new_tracked_page(browser)
                harness.login_as(page, kit.url, "trainee")
                floor = [first_visit(page, kit.url, FLOOR)[0] for _ in range(VISITS)]
                page.context.close()
                floor_med = statistics.median(floor)
                rows = [f"**{label}** · floor (one slider, first widget): median "
                        f"{floor_med:.2f} s over {VISITS} visits · load average "
                        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} at the start",
                        "", "| journey | step | time (s) | ratio to floor | kernels after |",
                        "|---|---|---|---|---|"]
                for role, steps in JOURNEYS.items():
                    page, _ = harness.new_tracked_page(browser)
                    harness.login_as(page, kit.url, role)
                    times = walk(page, kit.url, steps)
                    for step, took in zip(steps, times, strict=True):
                        rows.append(f"| {role} | {step.label} | {took:.2f} | "
                                    f"{took / floor_med:.2f} | {kernels(kit)} |")
                        print(f"{role:12s} {step.label:18s} {took:6.2f} s "
                              f"{took / floor_med:5.2f}×")
                    moves = times[1:]
                    if moves:
                        rows.append(f"| {role} | *median of the moves* | "
                                    f"{statistics.median(moves):.2f} | "
                                    f"{statistics.median(moves) / floor_med:.2f} | |")
                    page.context.close()
                rows += ["", "| entry page | first widget, visits 1/2/3 (s) | whole view (s) | "
                         "floor beside it, visits 1/2/3 (s) | worst first widget ÷ floor "
                         "beside it (÷ floor at the start) |", "|---|---|---|---|---|"]
                for path in [HOME.path, *sorted({s.path for j in JOURNEYS.values() for s in j}
                                                - {HOME.path})]:
                    page, _ = harness.new_tracked_page(browser)
                    harness.login_as(page, kit.url, ENTRY_ROLE.get(path, "trainee"))
                    # The floor visit right before each page visit: the machine's state
                    # (pool refills, other tabs' kernels closing) drifts during a run, and
                    # a floor measured only at the quiet start would not be "the same run".
                    beside, visits = [], []
                    for _ in range(VISITS):
                        beside.append(first_visit(page, kit.url, FLOOR)[0])
                        visits.append(first_visit(page, kit.url, path))
                    page.context.close()
                    widget = [v[0] for v in visits]
                    near = statistics.median(beside)
                    rows.append(f"| {path} | {' / '.join(f'{x:.2f}' for x in widget)} | "
                                f"{' / '.join(f'{v[1]:.2f}' for v in visits)} | "
                                f"{' / '.join(f'{x:.2f}' for x in beside)} | "
                                f"{max(widget) / near:.2f} ({max(widget) / floor_med:.2f}) |")
                    print(f"{path:40s} {widget} floor beside {beside} ratio "
                          f"{max(widget) / near:.2f} (start floor {max(widget) / floor_med:.2f})")
                browser.close()
        finally:
            kit.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--section", default="journey")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    rows = run(args.label)
    if not args.no_record:
        record(args.section, "\n".join([
            f"## Journeys and first visits ({args.label})",
            "`benchmarks/journey.py`: real `pgkit serve` at the shipped defaults, Chromium; "
            "a step ends when the new view's heading is on screen at its address.", "",
            *rows]))


if __name__ == "__main__":
    main()
