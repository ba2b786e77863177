"""asyncio.run for tests, on a thread of its own.

In a full run the session's Playwright (sync API) keeps an event loop running on the main
thread, and ``asyncio.run`` refuses to start inside a running loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any


def run_in_own_loop(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # handed to the test's own thread
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():
        raise TimeoutError("the event loop did not finish within 60 s")
    if failure:
        raise failure[0]
