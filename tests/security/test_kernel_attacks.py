"""Attacks on kernels over a raw websocket, as the red team made them (issue 11).

A real ``pgkit serve`` with demo data; the clients are tornado's websocket client and
plain HTTP, never a browser, so nothing the page's JavaScript does can hide a hole.
"""

from __future__ import annotations

import asyncio
import json
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect
from voila.request_info_handler import RequestInfoSocketHandler

from pgkit import app, identity, kernel_access
from tests.browser import harness
from tests.browser.harness import KitServer
from tests.security import raw_client
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

    raw_client.run(attack())


def test_oversized_message_closes_the_socket_and_others_carry_on(kit: KitServer) -> None:
    attacker, kernel = visitor_with_kernel(kit, "Mees")
    other, other_kernel = visitor_with_kernel(kit, "Noor")

    async def attack() -> None:
        ws = await kernel_socket(attacker, kernel)
        await ws.write_message(b"\0" * (kernel_access.MESSAGE_MAX + 1024), binary=True)
        while await asyncio.wait_for(ws.read_message(), 30) is not None:
            pass  # status messages the kernel sent before the big one arrived
        # The server refuses the frame and closes ("message too big", 1009). When it drops
        # the connection while our 2 MiB are still in flight, the close frame is lost in
        # the reset and tornado reports no code: either way the socket is closed (the loop
        # above ended) and, below, the server still serves another visitor.
        assert ws.close_code in (1009, None)
        calm = await kernel_socket(other, other_kernel)
        assert (await reply_to(calm, "kernel_info_request"))["content"]["status"] == "ok"
        calm.close()

    raw_client.run(attack())
    assert kit.status()["kernels"] >= 2
    assert Client(kit.url).get("/pgkit/welkom").status == 200
    assert app.HOME == START


@pytest.fixture(scope="module")
def victim(kit: KitServer) -> tuple[Client, str]:
    """A trainee with their start page open; the attacker learnt the kernel id from it."""
    return visitor_with_kernel(kit, "Sanne")


def test_the_owner_reads_their_widgets_over_the_socket(victim: tuple[Client, str]) -> None:
    owner, kernel = victim

    async def read() -> dict:
        ws = await kernel_socket(owner, kernel)
        reply = await reply_to(ws, "comm_info_request", {"target_name": "jupyter.widget"})
        ws.close()
        return reply["content"]["comms"]

    assert raw_client.run(read())  # what the attacks below must not reach


@pytest.mark.parametrize("who", ["no cookie", "forged cookie", "another visitor"])
def test_a_strangers_websocket_to_the_kernel_is_refused(kit: KitServer,
                                                        victim: tuple[Client, str],
                                                        who: str) -> None:
    _, kernel = victim
    if who == "another visitor":
        stranger, _ = visitor_with_kernel(kit, "Teun")
    else:
        stranger = Client(kit.url)
        if who == "forged cookie":
            stranger.cookies["pgkit_profiel"] = "lokaal-sanne:" + "0" * 64

    async def attack() -> None:
        with pytest.raises(HTTPClientError) as refused:
            await kernel_socket(stranger, kernel)
        assert refused.value.code == 403

    raw_client.run(attack())


def test_a_strangers_kernel_api_calls_are_refused(kit: KitServer,
                                                  victim: tuple[Client, str]) -> None:
    owner, kernel = victim
    stranger = Client(kit.url, {"_xsrf": "made-up"})
    assert stranger.get(f"/api/kernels/{kernel}").status == 403
    assert stranger.request("DELETE", f"/api/kernels/{kernel}",
                            headers={"X-XSRFToken": "made-up"}).status == 403
    assert owner.get(f"/api/kernels/{kernel}").status == 200


def test_a_forged_xsrf_pair_cannot_shut_down_someone_elses_kernel(
        kit: KitServer, victim: tuple[Client, str]) -> None:
    owner, kernel = victim
    forged = Client(kit.url, {"_xsrf": "2|aaaaaaaa|" + "b" * 32 + "|1700000000"})
    answer = forged.post(f"/voila/api/shutdown/{kernel}", {"_xsrf": forged.cookies["_xsrf"]})
    assert answer.status == 403
    # Signed in, with their own valid token: still not their kernel.
    other, _ = visitor_with_kernel(kit, "Ruben")
    answer = other.post(f"/voila/api/shutdown/{kernel}", {"_xsrf": other.cookies["_xsrf"]})
    assert answer.status == 403
    # The victim's profile with a made-up token: refused too.
    made_up = Client(kit.url, {**owner.cookies, "_xsrf": "c" * 64})
    assert made_up.post(f"/voila/api/shutdown/{kernel}", {"_xsrf": "c" * 64}).status == 403
    assert owner.get(f"/api/kernels/{kernel}").status == 200


def test_the_owner_still_shuts_down_their_kernel(kit: KitServer,
                                                 victim: tuple[Client, str]) -> None:
    owner, kernel = victim
    answer = owner.post(f"/voila/api/shutdown/{kernel}", {"_xsrf": owner.cookies["_xsrf"]})
    assert answer.status == 204
    assert owner.get(f"/api/kernels/{kernel}").status in (403, 404)


@pytest.mark.parametrize("who", ["no cookie", "the visitor's own cookie", "a made-up proof"])
def test_a_stranger_cannot_open_the_kernels_request_socket(kit: KitServer,
                                                           victim: tuple[Client, str],
                                                           who: str) -> None:
    """``/voila/query/<id>`` carries the visitor's Cookie header to a preheated kernel."""
    owner, kernel = victim
    headers = {}
    if who == "the visitor's own cookie":  # even the owner's browser has no business there
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in owner.cookies.items())
    if who == "a made-up proof":
        headers[identity.PROOF_HEADER] = "0" * 64

    async def attack() -> None:
        url = kit.url.replace("http://", "ws://") + f"/voila/query/{kernel}"
        with pytest.raises(HTTPClientError) as refused:
            await websocket_connect(HTTPRequest(url, headers=headers))
        assert refused.value.code == 403

    raw_client.run(attack())


def test_a_request_is_handed_over_once_and_then_forgotten() -> None:
    """Voila kept a request its kernel had not fetched yet for good, cookie and all."""
    cache = RequestInfoSocketHandler._cache
    request = {"HTTP_COOKIE": "pgkit_profiel=sanne:abc"}
    RequestInfoSocketHandler.send_updates({"kernel_id": "k-1", "payload": request})
    RequestInfoSocketHandler.send_updates({"kernel_id": "k-gone", "payload": request})
    assert cache["k-1"] == request  # nobody was waiting yet
    sent: list[dict] = []
    kernel = object.__new__(kernel_access.KitRequestInfoHandler)
    kernel.write_message = sent.append  # type: ignore[method-assign, assignment]
    kernel.open("k-1")
    assert sent == [request] and "k-1" not in cache
    del RequestInfoSocketHandler._waiters["k-1"]
    # A kernel that was shut down before it asked: its request goes with it.
    kernel_access.KernelOwners().record("k-2", "sanne", running=["k-2"])
    assert "k-gone" not in cache


def test_a_closing_query_socket_never_removes_another_kernels_waiter() -> None:
    """Voila 0.5.13 deleted the last waiter when the closing socket was not in the table:
    that kernel never got its visitor's request, and the visitor's page stayed blank."""
    waiters = RequestInfoSocketHandler._waiters
    ready, stray = (object.__new__(kernel_access.KitRequestInfoHandler) for _ in range(2))
    sent: list[dict] = []
    ready.write_message = sent.append  # type: ignore[method-assign, assignment]
    try:
        ready.open("k-ready")
        stray.on_close()  # never in the table
        assert waiters.get("k-ready") is ready
        RequestInfoSocketHandler.send_updates({"kernel_id": "k-ready", "payload": {"a": 1}})
        assert sent == [{"a": 1}]
        ready.on_close()
        assert "k-ready" not in waiters
    finally:
        waiters.pop("k-ready", None)


def test_kernels_listen_on_unix_sockets_not_tcp_ports(kit: KitServer) -> None:
    """On TCP every local account could reach a kernel's ports; a socket file in Voila's
    connection folder (a private temporary folder, 0700) only the kit's own account."""
    _, kernel = visitor_with_kernel(kit, "Fenna")
    [connection] = Path(tempfile.gettempdir()).glob(f"voila_*/kernel-{kernel}.json")
    info = json.loads(connection.read_text())
    assert info["transport"] == "ipc"
    assert Path(info["ip"]).parent == connection.parent
    assert connection.parent.stat().st_mode & 0o077 == 0
    for port in ("shell_port", "iopub_port", "control_port", "hb_port"):
        assert stat.S_ISSOCK(Path(f"{info['ip']}-{info[port]}").stat().st_mode), port
