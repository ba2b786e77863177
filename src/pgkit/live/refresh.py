"""A light refresh for live pages: re-read the store every second or two, for so long.

Runs as an asyncio task on the kernel's own event loop, so widget updates happen on the
same thread as every other widget message (no locks, no races). ``tick`` should be one
or two small queries; it only touches widgets when something changed.

How long a refresh lives is decided here, once, for every live page:

- it stops when the view that started it is left (``pgkit.lifecycle`` scope);
- it rests while the tab sends no heartbeat (``lifecycle.tab_alive``): a resting kernel
  sends no widget messages, so Voila's culler can reap the kernel of a closed tab, and
  a tab that comes back is refreshed again at the next beat;
- it stops for good after ``MAX_REFRESH_SECONDS``, a safety net for a tab that is gone
  without a router to notice it (then ``on_expire`` tells the page);
- an error in ``tick`` goes to the server log and the next beat tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable

from pgkit import lifecycle
from pgkit.errorlog import report_error

DEFAULT_INTERVAL = 1.5
# A page without a kernel (the phone page, pgkit.phone) asks the server itself; a room of
# phones asking every two seconds is a few small queries per second.
BROWSER_INTERVAL = 2.0
# No meeting runs longer than this; a refresh that never stopped would keep the kernel
# busy (and never culled).
MAX_REFRESH_SECONDS = 4 * 3600


class Refresher:
    """Calls ``tick()`` every ``interval`` seconds until ``stop()``, the view is left or
    ``max_seconds`` have passed since ``start()``.

    ``clock`` must be monotonic seconds on the same scale as ``lifecycle.heartbeat``.
    """

    def __init__(self, tick: Callable[[], None], interval: float = DEFAULT_INTERVAL, *,
                 on_expire: Callable[[], None] | None = None,
                 max_seconds: float = MAX_REFRESH_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.tick = tick
        self.interval = interval
        self.on_expire = on_expire
        self.max_seconds = max_seconds
        self.clock = clock
        self.started: float | None = None
        self.expired = False
        self._task: asyncio.Task | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._scope: lifecycle.Scope | None = None

    def start(self) -> Refresher:
        if self.running:
            return self
        self._stop.clear()
        self.started = self.clock()
        self.expired = False
        scope = lifecycle.current()
        # Once per view however often it restarts; a view already left calls stop() here.
        if scope is not self._scope or scope.closed:
            self._scope = scope
            scope.on_close(self.stop)
        if self._stop.is_set():
            return self
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a plain script): fall back to a thread
            self._thread = threading.Thread(target=self._run_thread, daemon=True)
            self._thread.start()
        else:
            self._task = loop.create_task(self._run())
        return self

    @property
    def running(self) -> bool:
        return (self._task is not None and not self._task.done()) or (
            self._thread is not None and self._thread.is_alive())

    def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def step(self) -> bool:
        """One beat of the loop; False once the refresher has stopped."""
        if self._stop.is_set():
            return False
        now = self.clock()
        if self.started is not None and now - self.started >= self.max_seconds:
            self.expired = True
            self.stop()
            if self.on_expire is not None:
                self._call(self.on_expire)
            return False
        if lifecycle.tab_alive(now):
            self._call(self.tick)
        return not self._stop.is_set()

    @staticmethod
    def _call(func: Callable[[], None]) -> None:
        try:
            func()
        except Exception as exc:  # keep refreshing; the next tick may work
            report_error(exc)

    async def _run(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                await asyncio.sleep(self.interval)
                if not self.step():
                    break

    def _run_thread(self) -> None:
        while not self._stop.wait(self.interval):
            if not self.step():
                break
