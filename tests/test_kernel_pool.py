"""The preheated pool: only ready kernels are handed out, refills wait for calm."""

from __future__ import annotations

import asyncio
from typing import Any

from voila.request_info_handler import RequestInfoSocketHandler

from pgkit import kernel_pool
from tests.own_loop import run_in_own_loop

POOL = "notebooks/start.ipynb"


class FakePool:
    """Voila's kernel manager as far as the pool goes: start-up tasks per notebook."""

    def __init__(self, tasks: list[asyncio.Task]) -> None:
        self._pools = {POOL: tasks}
        self.started: list[str] = []

    async def _initialize(self, notebook: str, *_: Any) -> dict:
        self.started.append(notebook)
        return {"kernel_id": f"k{len(self.started)}"}


async def started(kernel_id: str) -> dict:
    return {"kernel_id": kernel_id}


def test_only_kernels_that_wait_for_a_visitor_count_and_one_of_them_goes_first() -> None:
    async def main() -> None:
        booting = asyncio.ensure_future(asyncio.sleep(60))  # a kernel still starting
        up_not_waiting = asyncio.ensure_future(started("k-busy"))
        ready = asyncio.ensure_future(started("k-ready"))
        await asyncio.sleep(0)
        km = FakePool([booting, up_not_waiting, ready])
        RequestInfoSocketHandler._waiters["k-ready"] = object()  # its query socket is open
        try:
            assert kernel_pool.waiting_kernels(km, POOL) == [ready]
            assert kernel_pool.take_first(km, POOL)
            assert km._pools[POOL][0] is ready  # Voila takes the head of the pool
            del RequestInfoSocketHandler._waiters["k-ready"]
            assert kernel_pool.waiting_kernels(km, POOL) == []
            assert not kernel_pool.take_first(km, POOL)
            assert kernel_pool.waiting_kernels(km, "modules/eenheid1.ipynb") == []
        finally:
            RequestInfoSocketHandler._waiters.pop("k-ready", None)
            booting.cancel()

    run_in_own_loop(main)


def test_a_refill_waits_until_no_page_is_rendering() -> None:
    async def main() -> None:
        km = FakePool([])
        renders = kernel_pool.Renders()
        kernel_pool.refill_when_calm(km, renders)
        with renders.rendering():
            refill = asyncio.ensure_future(km._initialize(POOL, None))
            with renders.rendering():  # a second visitor arrives
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.05)
            assert km.started == []  # one page still renders: the refill waits
        assert (await asyncio.wait_for(refill, 5))["kernel_id"] == "k1"
        assert km.started == [POOL] and renders.active == 0

    run_in_own_loop(main)


def test_under_a_constant_stream_the_pool_still_refills(monkeypatch) -> None:
    monkeypatch.setattr(kernel_pool, "REFILL_WAIT_MAX", 0.1)

    async def main() -> None:
        km = FakePool([])
        renders = kernel_pool.Renders()
        kernel_pool.refill_when_calm(km, renders)
        with renders.rendering():
            await asyncio.wait_for(km._initialize(POOL, None), 5)
            assert km.started == [POOL]

    run_in_own_loop(main)
