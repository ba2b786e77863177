"""A light refresh for live pages: re-read the store every second or two.

Runs as an asyncio task on the kernel's own event loop, so widget updates happen on the
same thread as every other widget message (no locks, no races). ``tick`` should be one
or two small queries; it only touches widgets when something changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

from pgkit.pages.base import report_error

DEFAULT_INTERVAL = 1.5


class Refresher:
    """Calls ``tick()`` every ``interval`` seconds until ``stop()``."""

    def __init__(self, tick: Callable[[], None], interval: float = DEFAULT_INTERVAL) -> None:
        self.tick = tick
        self.interval = interval
        self._task: asyncio.Task | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> Refresher:
        if self.running:
            return self
        self._stop.clear()
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

    def _safe_tick(self) -> None:
        try:
            self.tick()
        except Exception as exc:  # keep refreshing; the next tick may work
            report_error(exc)

    async def _run(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while not self._stop.is_set():
                await asyncio.sleep(self.interval)
                self._safe_tick()

    def _run_thread(self) -> None:
        while not self._stop.wait(self.interval):
            self._safe_tick()
