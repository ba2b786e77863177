"""The kernel routes of the kit's Voila server, closed to everyone but a kernel's owner.

Voila's kernel websocket (``/api/kernels/<id>/channels``) is the only way into a running
page. Voila 0.5.13 reads every message it sends back on that socket as if it were in the
v1 wire format; with the older format (a client that asks for no subprotocol) it reads
the header as a huge count and loops, which blocks the server's event loop for every
visitor. So a kernel websocket must ask for the v1 subprotocol, and no message may be
larger than ``MESSAGE_MAX``.
"""

from __future__ import annotations

from typing import Any

from tornado import web
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# Largest websocket message in either direction (tornado's ``websocket_max_message_size``):
# room for a reflection at its limit and a browser test's 1 MB paste, far below what
# would hurt the server.
MESSAGE_MAX = 2 * 1024 * 1024


def offered_protocols(handler: web.RequestHandler) -> list[str]:
    header = handler.request.headers.get("Sec-WebSocket-Protocol", "")
    return [p.strip() for p in header.split(",") if p.strip()]


class KitKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, only in the v1 wire format."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        if KERNEL_PROTOCOL not in offered_protocols(self):
            # Refused before the handshake: Voila's legacy-format path must never run.
            raise web.HTTPError(400, "kernel websocket needs the v1 subprotocol")
        await super().get(*args, **kwargs)


def replace_handlers(handlers: list[tuple]) -> list[tuple]:
    """Voila's handler list with the kit's guarded versions of the kernel routes."""
    swap = {VoilaKernelWebsocketHandler: KitKernelWebsocketHandler}
    return [(h[0], swap.get(h[1], h[1]), *h[2:]) for h in handlers]
