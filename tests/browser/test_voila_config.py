"""Voila's configuration: errors are visible to tests but never show a traceback to users,
and kernels of closed tabs are culled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser

from tests.browser import harness
from tests.browser.harness import KitServer

CULL_IDLE = 15
BROKEN = {
    "notebooks/kapot.ipynb": 'raise RuntimeError("geheime-fout-123")',
    "notebooks/pagina_fout.ipynb": (
        "from pgkit.pages.base import run_page\n\n"
        "def build(user):\n    raise ValueError('geheime-fout-456')\n\n"
        "run_page('Testpagina', build)"),
}


@pytest.fixture(scope="module")
def broken_kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    root = tmp_path_factory.mktemp("root")
    for rel, code in BROKEN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, root / rel)
    server = harness.start_server(
        tmp_path_factory.mktemp("kit"), extra_args=["--root", str(root)],
        extra_env={"PGKIT_CULL_IDLE_SECONDS": str(CULL_IDLE), "PGKIT_CULL_INTERVAL_SECONDS": "2"})
    yield server
    server.stop()


def _visit(browser: Browser, kit: KitServer, path: str) -> tuple[list[str], str]:
    page, _ = harness.new_tracked_page(browser)
    harness.login_as(page, kit.url, "trainee", f"/voila/render/{path}", wait=False)
    page.locator(".pgkit-error").or_(page.get_by_text(harness.VOILA_ERROR)).first.wait_for()
    errors, text = harness.page_errors(page), page.inner_text("body")
    harness.screenshot(page, f"voila-error-{Path(path).stem}")
    page.context.close()
    return errors, text


def test_a_failing_cell_is_caught_by_the_harness_without_traceback(
        broken_kit: KitServer, browser: Browser) -> None:
    errors, text = _visit(browser, broken_kit, "notebooks/kapot.ipynb")
    assert any(harness.VOILA_ERROR in e for e in errors)
    assert "geheime-fout-123" not in text and "Traceback" not in text


def test_a_failing_page_shows_a_dutch_message_and_logs_the_cause(
        broken_kit: KitServer, browser: Browser) -> None:
    errors, text = _visit(browser, broken_kit, "notebooks/pagina_fout.ipynb")
    assert any(e.startswith("pgkit-error: Er ging iets mis") for e in errors)
    assert "geheime-fout-456" not in text
    assert "geheime-fout-456" in broken_kit.log()


def _kernels(kit: KitServer) -> int:
    return kit.status()["kernels"]


def test_kernels_of_closed_tabs_are_culled(broken_kit: KitServer, browser: Browser) -> None:
    # This root has no preheated pages; earlier tests' closed tabs must be culled first.
    deadline = time.monotonic() + 90
    while _kernels(broken_kit) and time.monotonic() < deadline:
        time.sleep(0.5)
    baseline = _kernels(broken_kit)
    assert baseline == 0
    page, _ = harness.new_tracked_page(browser)
    harness.login_as(page, broken_kit.url, "trainee", "/voila/render/notebooks/pagina_fout.ipynb",
                     wait=False)
    page.locator(".pgkit-error").wait_for()
    harness.screenshot(page, "voila-error-open-tab")  # the error page passes axe too
    time.sleep(CULL_IDLE + 3)  # an open tab keeps its kernel, however idle
    assert _kernels(broken_kit) == baseline + 1
    page.context.close()  # the tab is gone; nothing tells the server
    deadline = time.monotonic() + 90
    while _kernels(broken_kit) > baseline and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _kernels(broken_kit) == baseline
    assert "Culling 'idle' kernel" in broken_kit.log()


def test_closing_a_tab_shuts_its_kernel_down_through_the_owners_beacon(
        broken_kit: KitServer, browser: Browser) -> None:
    # Voila's unload beacon posts the _xsrf cookie; bound to the profile, it must still work.
    deadline = time.monotonic() + 90
    while _kernels(broken_kit) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _kernels(broken_kit) == 0
    page, _ = harness.new_tracked_page(browser)
    harness.login_as(page, broken_kit.url, "trainee", "/voila/render/notebooks/pagina_fout.ipynb",
                     wait=False)
    page.locator(".pgkit-error").wait_for()
    assert _kernels(broken_kit) == 1
    harness.screenshot(page, "voila-error-before-closing")
    page.close(run_before_unload=True)
    deadline = time.monotonic() + CULL_IDLE - 5  # sooner than any culling could do it
    while _kernels(broken_kit) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _kernels(broken_kit) == 0
    assert "Culling 'idle' kernel" not in broken_kit.log().split("pagina_fout")[-1]
    page.context.close()
