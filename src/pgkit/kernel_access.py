"""The kernel routes of the kit's Voila server, closed to everyone but a kernel's owner.

A kernel holds one person's page: their name, their scores, the answers they give. Its
id is in the page's HTML, so knowing it must not be enough. The render handler records
the owner (``KernelOwners``) the moment a kernel is started for a visitor, or a preheated
one is handed to them; ``KitAuthorizer`` lets only that user use the kernel websocket and
``/api/kernels/<id>``, and the shutdown handler asks the authorizer as well. A preheated
kernel that waits in the pool has no owner, so nobody can reach it.

Voila's kernel websocket (``/api/kernels/<id>/channels``) is the only way into a running
page. Voila 0.5.13 reads every message it sends back on that socket as if it were in the
v1 wire format; with the older format (a client that asks for no subprotocol) it reads
the header as a huge count and loops, which blocks the server's event loop for every
visitor. So a kernel websocket must ask for the v1 subprotocol, and no message may be
larger than ``MESSAGE_MAX``.

A preheated kernel learns its visitor (the request's Cookie header, so their signed
profile) from ``/voila/query/<id>``. Voila leaves that socket open to anyone who knows
the id and keeps every request it could not deliver at once for good, so a stranger
could read a visitor's cookie, or take the kernel's place and leave it waiting. Only the
kernel itself can prove it may ask (``identity.kernel_proof``, from the kit's secret),
and a request is handed over once and then forgotten.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import User
from jupyter_server.services.kernels.handlers import KernelHandler
from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from pgkit import kernel_pool
from pgkit.identity import PROOF_HEADER, kernel_proof
from pgkit.web_identity import ProfileXsrfMixin

KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# Largest websocket message in either direction (tornado's ``websocket_max_message_size``):
# room for a reflection at its limit and a browser test's 1 MB paste, far below what
# would hurt the server.
MESSAGE_MAX = 2 * 1024 * 1024


def offered_protocols(handler: web.RequestHandler) -> list[str]:
    header = handler.request.headers.get("Sec-WebSocket-Protocol", "")
    return [p.strip() for p in header.split(",") if p.strip()]


class KernelOwners:
    """Kernel id -> the pseudonym of the person whose page it runs."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def record(self, kernel_id: str, pseudonym: str, running: list[str]) -> None:
        live = set(running)
        for gone in [k for k in self._owners if k not in live]:  # culled or shut down
            del self._owners[gone]
        for gone in [k for k in RequestInfoSocketHandler._cache if k not in live]:
            del RequestInfoSocketHandler._cache[gone]  # a request its kernel never fetched
        self._owners[kernel_id] = pseudonym

    def owner(self, kernel_id: str | None) -> str | None:
        return self._owners.get(kernel_id) if kernel_id else None


def owners(handler: web.RequestHandler) -> KernelOwners:
    return handler.settings["pgkit_kernel_owners"]


class KitAuthorizer(Authorizer):
    """Only a kernel's owner may use it; everything else needs a known user."""

    def is_authorized(self, handler: web.RequestHandler, user: User,
                      action: str, resource: str) -> bool:  # noqa: ARG002 (every action alike)
        if user is None:
            return False
        if resource != "kernels":
            return True
        kernel_id = handler.path_kwargs.get("kernel_id") or getattr(handler, "kernel_id", None)
        return owners(handler).owner(kernel_id) == user.username


class OwnerRecordingKernelManager:
    """The kernel manager as the render handler sees it: notes who each new kernel is for."""

    def __init__(self, handler: web.RequestHandler, pseudonym: str,
                 pools: Mapping[str, str] | None = None) -> None:
        self._km = handler.settings["kernel_manager"]
        self._owners = owners(handler)
        self._pseudonym = pseudonym
        self._pools = pools or {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._km, name)

    # Every kit notebook runs the same shell, so one pool of preheated kernels serves
    # them all: ``pools`` maps a page to the notebook whose pool it takes from.
    def _pool(self, notebook: str) -> str:
        return self._pools.get(notebook, notebook)

    @property
    def notebook_data(self) -> dict[str, Any]:
        data = self._km.notebook_data
        return {**data, **{page: data[pool] for page, pool in self._pools.items()
                           if pool in data}}

    # Only kernels that wait for a visitor count (pgkit.kernel_pool).
    def get_pool_size(self, notebook: str) -> int:
        return len(kernel_pool.waiting_kernels(self._km, self._pool(notebook)))

    def _record(self, kernel_id: str) -> None:
        self._owners.record(kernel_id, self._pseudonym, self._km.list_kernel_ids())

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        kernel_id = await ensure_async(self._km.start_kernel(*args, **kwargs))
        self._record(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, notebook_name: str, **kwargs: Any) -> Any:
        pool = self._pool(notebook_name)
        kernel_pool.take_first(self._km, pool)
        result = await self._km.get_rendered_notebook(notebook_name=pool, **kwargs)
        self._record(result[2])  # (render task, rendered cells, kernel id)
        return result


class KitKernelHandler(ProfileXsrfMixin, KernelHandler):
    """``/api/kernels/<id>`` (model, DELETE) with the per-user _xsrf; owner via the authorizer."""


class KitShutdownHandler(ProfileXsrfMixin, VoilaShutdownKernelHandler):
    """Voila's unload beacon (``POST /voila/api/shutdown/<id>``), for the owner only."""

    @web.authenticated
    async def post(self, kernel_id: str) -> None:
        self.kernel_id = kernel_id
        allowed = await ensure_async(
            self.authorizer.is_authorized(self, self.current_user, "write", "kernels"))
        if not allowed or kernel_id not in self.kernel_manager.list_kernel_ids():
            raise web.HTTPError(403)
        await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id))
        self.set_status(204)
        self.finish()


class KitKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, only in the v1 wire format."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        if KERNEL_PROTOCOL not in offered_protocols(self):
            # Refused before the handshake: Voila's legacy-format path must never run.
            raise web.HTTPError(400, "kernel websocket needs the v1 subprotocol")
        await super().get(*args, **kwargs)


class KitRequestInfoHandler(RequestInfoSocketHandler):
    """``/voila/query/<id>``: a visitor's request, for the kernel that serves them only."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        kernel_id = str(args[0] if args else kwargs.get("kernel_id", ""))
        proof = self.request.headers.get(PROOF_HEADER, "")
        if not hmac.compare_digest(proof.encode(), kernel_proof(kernel_id).encode()):
            raise web.HTTPError(403)  # before the handshake: a stranger never gets a socket
        await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:  # type: ignore[override]
        RequestInfoSocketHandler._waiters[kernel_id] = self
        waiting = RequestInfoSocketHandler._cache.pop(kernel_id, None)
        if waiting is not None:  # handed over once, then no longer kept
            self.write_message(waiting)

    def on_close(self) -> None:
        # Voila's on_close deletes the last waiter in the table when this socket is not
        # in it (a second socket for the same kernel replaced it, or it closed before
        # it opened): that other kernel then never gets its visitor's request and its
        # page stays blank, without an error. Only this socket's own entry goes.
        waiters = RequestInfoSocketHandler._waiters
        for kernel_id in [k for k, socket in waiters.items() if socket is self]:
            del waiters[kernel_id]


def replace_handlers(handlers: list[tuple]) -> list[tuple]:
    """Voila's handler list with the kit's guarded versions of the kernel routes."""
    swap = {VoilaKernelWebsocketHandler: KitKernelWebsocketHandler,
            KernelHandler: KitKernelHandler, VoilaShutdownKernelHandler: KitShutdownHandler,
            RequestInfoSocketHandler: KitRequestInfoHandler}
    return [(h[0], swap.get(h[1], h[1]), *h[2:]) for h in handlers]
