"""Attacks on kernels over a raw websocket, as the red team made them (issue 11).

A real ``pgkit serve`` with demo data; the clients are tornado's websocket client and
plain HTTP, never a browser, so nothing the page's JavaScript does can hide a hole.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from tornado.httpclient import HTTPClientError

from pgkit import app, kernel_access
from tests.browser import harness
from tests.browser.harness import KitServer
from tests.security.raw_client import Client, form_token, kernel_id, kernel_socket, reply_to

START = "/voila/render/notebooks/start.ipynb"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    server = harness.start_server(tmp_path_factory.mktemp("kit-kernels"))
    yield server
    server.stop()


def visitor_with_kernel(kit: KitServer, name: str) -> tuple[Client, str]:
    """A new visitor who signed in and opened the start page; their kernel's id."""
    visitor = Client(kit.url)
    form = visitor.get("/pgkit/welkom")
    visitor.post("/pgkit/welkom", {"_xsrf": form_token(form.body), "naam": name})
    page = visitor.get(START)
    assert page.status == 200
    return visitor, kernel_id(page.body)


def test_kernel_websocket_without_subprotocol_is_refused(kit: KitServer) -> None:
    visitor, kernel = visitor_with_kernel(kit, "Lotte")

    async def attack() -> None:
        with pytest.raises(HTTPClientError) as refused:
            await kernel_socket(visitor, kernel, protocol=False)
        assert refused.value.code == 400
        ws = await kernel_socket(visitor, kernel)  # the page's own way still works
        assert (await reply_to(ws, "kernel_info_request"))["content"]["status"] == "ok"
        ws.close()

    asyncio.run(attack())


def test_oversized_message_closes_the_socket_and_others_carry_on(kit: KitServer) -> None:
    attacker, kernel = visitor_with_kernel(kit, "Mees")
    other, other_kernel = visitor_with_kernel(kit, "Noor")

    async def attack() -> None:
        ws = await kernel_socket(attacker, kernel)
        await ws.write_message(b"\0" * (kernel_access.MESSAGE_MAX + 1024), binary=True)
        while await asyncio.wait_for(ws.read_message(), 30) is not None:
            pass  # status messages the kernel sent before the big one arrived
        assert ws.close_code == 1009  # "message too big"
        calm = await kernel_socket(other, other_kernel)
        assert (await reply_to(calm, "kernel_info_request"))["content"]["status"] == "ok"
        calm.close()

    asyncio.run(attack())
    assert kit.status()["kernels"] >= 2
    assert Client(kit.url).get("/pgkit/welkom").status == 200
    assert app.HOME == START
