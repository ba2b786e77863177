"""How long the things a view starts may live: the one place for the refresh lifecycle.

A visitor has one kernel and sees one view at a time (``pgkit.shell``). Everything a
view starts that outlives a callback (a refresher, a timer) registers a closer with
:func:`on_close`; the shell closes the view's :class:`Scope` when the visitor moves on,
so a view that is left stops its loops. Without a shell (a notebook in JupyterLab) the
kernel's whole life is one scope.

A closed tab cannot tell its kernel. The shell's router sends a heartbeat while its tab
is open; :func:`tab_alive` says whether one came recently, so a loop can rest when no
one is looking (a resting kernel sends nothing, so the culler can reap it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable

log = logging.getLogger("pgkit.lifecycle")

# Browsers run a hidden tab's timers about once a minute; three missed beats mean gone.
HEARTBEAT_SECONDS = 20.0
TAB_GONE_SECONDS = 180.0


class Scope:
    """The closers of one view, run once, newest first, when the view is left."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.closed = False
        self._closers: list[Callable[[], None]] = []

    def on_close(self, closer: Callable[[], None]) -> None:
        if self.closed:  # registered after the view was left: stop it at once
            _run(closer)
            return
        self._closers.append(closer)

    def forget(self, closer: Callable[[], None]) -> None:
        """Drop a closer that is no longer needed (its work ran or was cancelled), so a
        view that schedules work on every key press does not collect one per key."""
        with contextlib.suppress(ValueError):  # it already ran, or was already dropped
            self._closers.remove(closer)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        while self._closers:
            _run(self._closers.pop())


def _run(closer: Callable[[], None]) -> None:
    try:
        closer()
    except Exception:  # one failing closer must not keep the others running
        log.exception("closing a view failed")


_kernel_scope = Scope("kernel")
_current: Scope = _kernel_scope
_last_beat: float | None = None  # None: no router in this kernel, so always "alive"
_on_screen: list[Callable[[], None]] = []  # waiting for the page to be on screen
# A page whose router never speaks (a blocked script, an old browser) still gets its view.
ON_SCREEN_WAIT_MAX = 5.0


def current() -> Scope:
    """The scope of the view on screen (the kernel's own scope outside the shell)."""
    return _current


def enter(scope: Scope) -> Scope:
    """Make ``scope`` the view on screen; returns the one it replaces (not closed here)."""
    global _current
    previous, _current = _current, scope
    return previous


def on_close(closer: Callable[[], None]) -> None:
    """Run ``closer`` when the view on screen is left."""
    _current.on_close(closer)


def heartbeat(now: float | None = None) -> None:
    """The tab showed a sign of life (the router calls this)."""
    global _last_beat
    _last_beat = time.monotonic() if now is None else now
    waiting = list(_on_screen)
    _on_screen.clear()
    for run in waiting:
        run()


def tab_alive(now: float | None = None) -> bool:
    """False when a router has been heard from but not for ``TAB_GONE_SECONDS``."""
    if _last_beat is None:
        return True
    now = time.monotonic() if now is None else now
    return now - _last_beat < TAB_GONE_SECONDS


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running loop of the IPython kernel this code runs in, or None.

    Not just any running loop: in a test run Playwright's loop runs on the main thread,
    and work put on it would wait until the browser is next driven.
    """
    from IPython import get_ipython

    if getattr(get_ipython(), "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def when_on_screen(work: Callable[[], None]) -> None:
    """Do ``work`` once the browser shows the page, unless the view is left first.

    The router's first heartbeat says the browser has the page's widgets. Until then the
    kernel must stay free to answer the browser's requests for them: work done earlier
    (building a heavy first view) would hold up the whole page. At most
    ``ON_SCREEN_WAIT_MAX`` seconds; outside a kernel (a script, a test) at once, and
    outside Voila (a notebook run headless) as ``soon``.
    """
    loop = _kernel_loop()
    if loop is None:
        work()
        return
    if _last_beat is not None or "VOILA_SERVER_URL" not in os.environ:
        soon(work)  # already on screen, or no browser to wait for
        return
    scope = _current
    done = False

    def run() -> None:
        nonlocal done
        if not done and not scope.closed:
            done = True
            _run(work)

    _on_screen.append(run)
    handle = loop.call_later(ON_SCREEN_WAIT_MAX, run)
    scope.on_close(handle.cancel)


def soon(work: Callable[[], None], delay: float = 0.05) -> Callable[[], None]:
    """Do ``work`` ``delay`` seconds from now, unless the view is left (or the returned
    function is called) first; returns that cancel function.

    For slow extras (a certificate to generate) that should not hold up the view, and for
    waiting until a typist pauses. It runs on the kernel's own event loop, like every other
    widget message, so the work needs no lock. Outside a kernel (a script, a test) the
    work is done at once.
    """
    scope = _current

    def run() -> None:  # runs on a later turn of the loop, when ``cancel`` exists
        scope.forget(cancel)
        if not scope.closed:
            _run(work)

    stop = _on_kernel_loop(run, delay)
    if stop is None:
        work()
        return _nothing

    def cancel() -> None:
        scope.forget(cancel)
        stop()

    scope.on_close(cancel)
    return cancel


def later(work: Callable[[], None], delay: float) -> Callable[[], None]:
    """Do ``work`` ``delay`` seconds from now whichever view is on screen by then; returns
    a function that cancels it.

    For tidying up after a view that has already been left (its scope is closed, so
    :func:`soon` would drop the work). Same loop and the same "at once outside a kernel"
    rule as :func:`soon`; tied to no scope, so nothing holds on to the work once it ran.
    """
    cancel = _on_kernel_loop(lambda: _run(work), delay)
    if cancel is None:
        work()
        return _nothing
    return cancel


def _on_kernel_loop(run: Callable[[], None], delay: float) -> Callable[[], None] | None:
    """``run`` in ``delay`` seconds on the kernel's loop (its cancel function), or None
    outside a kernel."""
    loop = _kernel_loop()
    return None if loop is None else loop.call_later(delay, run).cancel


def _nothing() -> None:
    return None
