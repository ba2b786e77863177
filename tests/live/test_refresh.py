"""The one refresh lifecycle every live page uses (``pgkit.live.refresh.Refresher``).

The rules are driven through ``Refresher.step`` with an injected clock, inside a running
event loop with a long interval: ``start()`` then makes its task, but the task never
fires, so each test decides exactly when a beat happens. Two tests run the real loop
(and the thread fallback) with a millisecond interval to show the loop uses those rules.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable

import pytest

from pgkit import lifecycle
from pgkit.live import refresh
from pgkit.live.refresh import MAX_REFRESH_SECONDS, Refresher
from tests.own_loop import run_in_own_loop

NEVER = 3600.0  # an interval after which no test is still running


# Every test starts with a fresh view on screen (tests/live/conftest.py).
pytestmark = pytest.mark.usefixtures("view")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def in_loop(body: Callable[[], None]) -> None:
    """Run ``body`` with a running event loop, as page code runs in a kernel."""

    async def main() -> None:
        body()

    run_in_own_loop(main)


def test_four_hours_after_start_it_stops_itself_and_tells_the_page() -> None:
    clock, ticks, expired = Clock(), [], []
    r = Refresher(lambda: ticks.append(clock.now), NEVER, clock=clock,
                  on_expire=lambda: expired.append(clock.now))

    def body() -> None:
        r.start()
        clock.now += MAX_REFRESH_SECONDS - 1
        assert r.step() and ticks == [clock.now] and not r.expired
        clock.now += 1
        assert r.step() is False
        assert r.expired and expired == [clock.now] and not r.running
        assert ticks == [clock.now - 1]  # no tick once the time is up
        assert r.step() is False and expired == [clock.now]  # told once

    in_loop(body)
    assert MAX_REFRESH_SECONDS == 4 * 3600


def test_a_restart_gets_a_new_four_hours() -> None:
    clock = Clock()
    r = Refresher(lambda: None, NEVER, clock=clock)

    def body() -> None:
        r.start()
        clock.now += MAX_REFRESH_SECONDS
        assert r.step() is False
        r.start()
        assert r.running and not r.expired and r.step()

    in_loop(body)


def test_an_error_in_tick_is_reported_and_the_next_tick_runs(
        capfd: pytest.CaptureFixture[str]) -> None:
    calls = []

    def tick() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("store briefly gone")

    r = Refresher(tick, NEVER, clock=Clock())

    def body() -> None:
        r.start()
        assert r.step() is True  # the error did not stop it
        assert "RuntimeError: store briefly gone" in capfd.readouterr().err
        assert r.step() is True and calls == [1, 1] and r.running

    in_loop(body)


def test_an_error_in_on_expire_is_reported(capfd: pytest.CaptureFixture[str]) -> None:
    clock = Clock()

    def on_expire() -> None:
        raise ValueError("notice failed")

    r = Refresher(lambda: None, NEVER, clock=clock, on_expire=on_expire)

    def body() -> None:
        r.start()
        clock.now += MAX_REFRESH_SECONDS
        assert r.step() is False

    in_loop(body)
    assert "ValueError: notice failed" in capfd.readouterr().err


def test_it_rests_while_the_tab_is_gone_and_ticks_again_when_it_beats() -> None:
    clock, ticks = Clock(), []
    r = Refresher(lambda: ticks.append(clock.now), NEVER, clock=clock)

    def body() -> None:
        r.start()
        lifecycle.heartbeat(clock.now)
        clock.now += lifecycle.TAB_GONE_SECONDS - 1
        assert r.step() and len(ticks) == 1
        clock.now += 1  # three beats missed: the tab is gone
        assert r.step() and r.step() and len(ticks) == 1  # resting, not stopped
        assert r.running
        lifecycle.heartbeat(clock.now)  # the tab is back
        assert r.step() and ticks == [ticks[0], clock.now]

    in_loop(body)


def test_leaving_the_view_stops_it(view: lifecycle.Scope) -> None:
    ticks = []
    r = Refresher(lambda: ticks.append(1), NEVER, clock=Clock())

    def body() -> None:
        r.start()
        assert r.running
        view.close()
        assert not r.running and r.step() is False and ticks == []

    in_loop(body)


def test_started_in_a_view_already_left_it_stops_at_once(view: lifecycle.Scope) -> None:
    view.close()
    r = Refresher(lambda: None, NEVER, clock=Clock())
    in_loop(lambda: (r.start(), None)[1])
    assert not r.running and r.step() is False


def test_a_restart_in_the_same_view_registers_once(view: lifecycle.Scope) -> None:
    r = Refresher(lambda: None, NEVER, clock=Clock())

    def body() -> None:
        r.start()
        r.stop()
        r.start()
        assert r.running
        assert len(view._closers) == 1
        view.close()
        assert not r.running

    in_loop(body)


def test_a_restart_after_the_view_was_left_stops_at_once(view: lifecycle.Scope) -> None:
    r = Refresher(lambda: None, NEVER, clock=Clock())

    def body() -> None:
        r.start()
        view.close()
        r.start()
        assert not r.running

    in_loop(body)


def test_the_kernel_loop_ticks_and_ends_with_the_view(view: lifecycle.Scope) -> None:
    ticked = asyncio.Event()

    async def main() -> None:
        r = Refresher(ticked.set, 0.001).start()
        await asyncio.wait_for(ticked.wait(), 5)
        task = r._task
        assert task is not None
        view.close()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 5)
        assert task.done() and not r.running

    run_in_own_loop(main)


def test_without_a_loop_a_thread_ticks_and_ends_with_the_view(
        view: lifecycle.Scope) -> None:
    ticked = threading.Event()
    made: list[Refresher] = []
    # Started on a plain thread: in a full run the main thread has Playwright's loop.
    starter = threading.Thread(target=lambda: made.append(Refresher(ticked.set, 0.001).start()))
    starter.start()
    starter.join(5)
    r = made[0]
    assert r._thread is not None and ticked.wait(5)
    view.close()
    r._thread.join(5)
    assert not r.running


def test_refresh_reports_through_the_error_log_not_the_pages() -> None:
    from pgkit import errorlog

    assert refresh.report_error is errorlog.report_error


@pytest.mark.slow  # a fresh interpreter: about a second
def test_importing_every_live_module_does_not_import_the_pages() -> None:
    code = ("import importlib, pkgutil, sys, pgkit.live\n"
            "for m in pkgutil.iter_modules(pgkit.live.__path__):\n"
            "    importlib.import_module('pgkit.live.' + m.name)\n"
            "print(sorted(k for k in sys.modules if k.startswith('pgkit.pages')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]", out.stdout
