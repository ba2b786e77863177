"""A raw HTTP client for attack tests: no browser, no redirects followed, cookies by hand.

The red team attacked the kit with plain HTTP and websocket clients; these helpers do the
same against a real ``pgkit serve`` (``tests.browser.harness.start_server``).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: the browser tests' session-wide Playwright
    keeps an event loop running on the main thread, where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {k: m.value for k, m in jar.items()}

    def set_cookie_header(self, name: str) -> str:
        return next(v for v in self.headers.get_all("Set-Cookie") or [] if v.startswith(f"{name}="))


@dataclass
class Client:
    """One visitor: keeps the cookies the server sets, sends them back."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Response:
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        raw = conn.getresponse()
        response = Response(raw.status, raw.headers, raw.read().decode(errors="replace"))
        conn.close()
        self.cookies.update(response.cookies())
        return response

    def get(self, path: str, **kw: object) -> Response:
        return self.request("GET", path, **kw)  # type: ignore[arg-type]

    def post(self, path: str, form: dict[str, str], **kw: object) -> Response:
        return self.request("POST", path, form=form, **kw)  # type: ignore[arg-type]


def form_token(html: str) -> str:
    match = re.search(r'name="_xsrf" value="([^"]+)"', html)
    assert match, "no _xsrf field in the form"
    return match.group(1)


def kernel_id(html: str) -> str:
    """The kernel id Voila writes into every page it renders."""
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html) or re.search(
        r"kernel_id[\"']?\s*[:=]\s*[\"']([0-9a-f-]{36})", html)
    assert match, "no kernel id in the page"
    return match.group(1)


KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"


async def kernel_socket(client: Client, kernel: str, *, protocol: bool = True,
                        cookies: bool = True) -> WebSocketClientConnection:
    """A raw websocket to a kernel, as a script would open it (no browser)."""
    headers = {}
    if cookies and client.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    url = client.base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels?session_id=raw"
    return await websocket_connect(HTTPRequest(url, headers=headers),
                                   subprotocols=[KERNEL_PROTOCOL] if protocol else None)


def kernel_message(msg_type: str, content: dict | None = None,
                   channel: str = "shell") -> bytes:
    msg = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "raw",
                      "session": "raw", "date": "", "version": "5.3"},
           "parent_header": {}, "metadata": {}, "content": content or {}}
    return serialize_msg_to_ws_v1(msg, channel, pack=lambda o: json.dumps(o).encode())


async def reply_to(ws: WebSocketClientConnection, msg_type: str,
                   content: dict | None = None, timeout: float = 30) -> dict:
    """Send a request on the shell channel and wait for its reply."""
    await ws.write_message(kernel_message(msg_type, content), binary=True)
    reply_type = msg_type.replace("_request", "_reply")
    while True:
        raw = await asyncio.wait_for(ws.read_message(), timeout)
        if raw is None:
            raise ConnectionError("the server closed the kernel websocket")
        if isinstance(raw, bytes):
            msg = deserialize_v1(raw)
            if msg["header"]["msg_type"] == reply_type:
                return msg


def deserialize_v1(raw: bytes) -> dict:
    channel, parts = deserialize_msg_from_ws_v1(raw)
    msg = {k: json.loads(p) for k, p in zip(("header", "parent_header", "metadata", "content"),
                                             parts[:4], strict=True)}
    return {"channel": channel, **msg}
