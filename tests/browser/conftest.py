"""Browser-test fixtures: one kit server per test session, one fresh context per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import harness
from tests.browser.harness import KitServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    """``pgkit serve`` on a free port with its own store holding the demo data."""
    server = harness.start_server(tmp_path_factory.mktemp("kit"))
    yield server
    server.stop()


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Make pages in separate contexts (separate users); each is checked after the test."""
    made: list[tuple[Page, harness.PageProblems]] = []

    def make(width: int = 1280, height: int = 800, *, javascript: bool = True) -> Page:
        page, problems = harness.new_tracked_page(browser, width, height, javascript=javascript)
        made.append((page, problems))
        return page

    yield make
    failures = []
    for n, (page, problems) in enumerate(made):
        name = request.node.name + ("" if n == 0 else f"-{n}")
        try:
            # The photograph is also the end-of-test axe check, of every tab of this user.
            for k, tab in enumerate(page.context.pages):
                harness.screenshot(tab, name + ("" if k == 0 else f"-tab{k}"))
            errors = harness.page_errors(page)
        except Exception as exc:  # a closed page still reports its console
            errors = [f"page could not be inspected: {exc}"]
        failures += [f"[page {n}] console: {m}" for m in problems.console]
        failures += [f"[page {n}] {m}" for m in errors]
        page.context.close()
    if failures and not getattr(request.node, "_expects_page_errors", False):
        pytest.fail("page problems:\n" + "\n".join(failures), pytrace=False)


@pytest.fixture
def browser_page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def artifacts() -> Path:
    harness.ARTIFACTS.mkdir(exist_ok=True)
    return harness.ARTIFACTS
