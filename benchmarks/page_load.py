"""Time from navigation to the first visible widget, for every page in notebooks/.

The floor is a bare one-slider notebook served by the same Voila in the same run; each
page's median over RUNS visits is reported as a ratio to the floor's median.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import harness  # noqa: E402

from benchmarks._record import machine, record  # noqa: E402

RUNS = 5
FLOOR = "notebooks/_floor.ipynb"
# Who opens which page: the role a real visitor would have.
ROLE = {"notebooks/dashboard.ipynb": "coach"}


def make_root(tmp: Path) -> Path:
    """The kit's folders, plus the floor notebook beside the real pages."""
    root = tmp / "root"
    (root / "notebooks").mkdir(parents=True)
    for name in ("modules", "facilitator", "exercises"):
        if (ROOT / name).exists():
            (root / name).symlink_to(ROOT / name)
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        (root / "notebooks" / nb.name).symlink_to(nb)
    floor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as w\nw.IntSlider(description='vloer')")])
    floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    nbformat.write(floor, root / FLOOR)
    return root


def time_page(browser, kit, path: str) -> list[float]:
    page, _ = harness.new_tracked_page(browser)
    harness.login_as(page, kit.url, ROLE.get(path, "trainee"))
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        page.goto(f"{kit.url}/voila/render/{path}", wait_until="commit")
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
    page.context.close()
    return times


def main() -> None:
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp))
        kit = harness.start_server(Path(tmp) / "kit", extra_args=["--root", str(root)])
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=harness.CHROMIUM,
                                            args=harness.CHROMIUM_ARGS)
                results = {path: time_page(browser, kit, path) for path in [FLOOR, *pages]}
                browser.close()
        finally:
            kit.stop()
    floor = statistics.median(results[FLOOR])
    rows = ["| page | median (s) | min–max (s) | ratio to floor |", "|---|---|---|---|"]
    for path, times in results.items():
        med = statistics.median(times)
        label = "floor: one slider" if path == FLOOR else path
        rows.append(f"| {label} | {med:.2f} | {min(times):.2f}–{max(times):.2f} | "
                    f"{med / floor:.2f} |")
        print(f"{label:40s} median {med:6.2f} s  ratio {med / floor:5.2f}")
    record("page_load", "\n".join([
        "## Page load: navigation to first visible widget",
        f"`make bench` → `benchmarks/page_load.py`; median of {RUNS} visits per page, "
        f"same server and browser for all; {machine()}.",
        "", *rows]))


if __name__ == "__main__":
    main()
