"""How many visitor kernels may live at once (``PGKIT_MAX_KERNELS``).

Voila starts a kernel for every page it renders and has no limit of its own
(voila-dashboards/voila#617), so a full room or a crawler can start kernels until the
machine runs out of memory, and then every visitor hangs. The render handler asks
``KernelCap.admit`` before a page would start (or take) a kernel; beyond the cap the
visitor gets the Dutch busy page at once instead.

A visitor kernel is one with an owner (``kernel_access.KernelOwners``): preheated kernels
waiting in Voila's pool have none, and their number is fixed by the pool sizes. A page that
was admitted but has not got its kernel yet holds a slot too, so twelve phones arriving
in the same second cannot all slip under the cap before the first kernel is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from pgkit.kernel_access import KernelOwners


class Slot:
    """One admitted page until its kernel is recorded (or the request ends without one)."""


class KernelCap:
    def __init__(self, limit: int, owners: KernelOwners) -> None:
        self.limit = limit  # 0: no cap
        self._owners = owners
        self._pending: set[Slot] = set()

    def visitors(self, running: Iterable[str]) -> int:
        """Kernels that serve a visitor's page, plus pages admitted but still waiting."""
        return sum(1 for k in running if self._owners.owner(k)) + len(self._pending)

    def admit(self, running: Iterable[str]) -> Slot | None:
        """A slot for one more visitor kernel, or None when the cap is reached."""
        if self.limit and self.visitors(running) >= self.limit:
            return None
        slot = Slot()
        self._pending.add(slot)
        return slot

    def settle(self, slot: Slot | None) -> None:
        """The slot's kernel is recorded with its owner, or the page ended without one.

        Called in the same step as the recording, so the kernel is never counted twice."""
        if slot is not None:
            self._pending.discard(slot)
