"""The pool of preheated kernels: hand out ready kernels only, refill when it is calm.

Voila's pool holds start-up tasks, and its handler takes the first one even while that
kernel is still booting; every take starts the refill at once. In a burst (a room of
phones opening the meeting link together) the visitors then wait for booting kernels,
and the refills' CPU lands on top of their kernels. So:

- the kit counts and hands out only kernels that already wait for a visitor
  (``waiting_kernels``); a visitor who finds none starts a kernel of their own, which
  costs the same as waiting for a booting one;
- a refill waits until no page is being rendered (``Renders``), at most
  ``REFILL_WAIT_MAX`` seconds, so it boots in the gaps between visitors.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

from voila.request_info_handler import RequestInfoSocketHandler

# Under a constant stream of visitors the pool still refills after this long.
REFILL_WAIT_MAX = 30.0


def waiting_kernels(km: Any, notebook: str) -> list[asyncio.Task]:
    """The pool's start-up tasks whose kernel is up and waits for its visitor.

    A preheated kit kernel asks ``/voila/query/<id>`` for its visitor once the shell is
    ready (``identity.wait_for_visitor``), so an open query socket means a ready kernel.
    """
    return [task for task in getattr(km, "_pools", {}).get(notebook, [])
            if task.done() and not task.cancelled() and task.exception() is None
            and task.result()["kernel_id"] in RequestInfoSocketHandler._waiters]


def take_first(km: Any, notebook: str) -> bool:
    """Put a ready kernel at the head of the pool, where Voila takes from; False if none."""
    waiting = waiting_kernels(km, notebook)
    if not waiting:
        return False
    tasks = km._pools[notebook]
    tasks.remove(waiting[0])
    tasks.insert(0, waiting[0])
    return True


class Renders:
    """How many kit pages are being rendered right now (the render handler counts them)."""

    def __init__(self) -> None:
        self.active = 0
        self._calm = asyncio.Event()
        self._calm.set()

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        self.active += 1
        self._calm.clear()
        try:
            yield
        finally:
            self.active -= 1
            if not self.active:
                self._calm.set()

    async def calm(self) -> None:
        """Until no page renders, or ``REFILL_WAIT_MAX`` seconds have passed."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._calm.wait(), REFILL_WAIT_MAX)


def refill_when_calm(km: Any, renders: Renders) -> None:
    """Make the pool's refills wait for a moment without renders (see the module doc)."""
    start = getattr(km, "_initialize", None)
    if start is None:  # no preheating: no pool
        return

    async def when_calm(*args: Any, **kwargs: Any) -> Any:
        await renders.calm()
        return await start(*args, **kwargs)

    km._initialize = when_calm
