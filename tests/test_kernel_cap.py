"""The kernel cap's counting and how its setting is read (pgkit.config)."""

from __future__ import annotations

import pytest

from pgkit.commands import UserError
from pgkit.config import load
from pgkit.kernel_access import KernelOwners
from pgkit.kernel_cap import KernelCap


def test_only_owned_kernels_and_admitted_pages_count() -> None:
    owners = KernelOwners()
    cap = KernelCap(2, owners)
    running = ["pool-1", "pool-2"]  # preheated, nobody's yet
    first = cap.admit(running)
    assert first is not None and cap.visitors(running) == 1
    second = cap.admit(running)  # arrives before the first kernel is recorded
    assert second is not None
    assert cap.admit(running) is None  # a third page in the same moment is refused
    running.append("k1")
    owners.record("k1", "anna", running)
    cap.settle(first)
    assert cap.visitors(running) == 2  # recorded once, not as a slot as well
    cap.settle(second)  # that page ended without a kernel
    assert cap.visitors(running) == 1 and cap.admit(running) is not None


def test_no_cap_admits_everyone() -> None:
    cap = KernelCap(0, KernelOwners())
    assert all(cap.admit([]) is not None for _ in range(100))


def test_settings_come_from_the_option_then_the_environment() -> None:
    env = {"PGKIT_MAX_KERNELS": "7"}
    assert load(environ=env).max_kernels == 7
    assert load(cli={"max_kernels": ("--max-kernels", "3")}, environ=env).max_kernels == 3
    assert load(environ={"PGKIT_MAX_KERNELS": " "}).max_kernels == 40


@pytest.mark.parametrize("raw", ["veel", "-1", "2.5"])
def test_a_bad_number_names_the_setting_in_dutch(raw: str) -> None:
    with pytest.raises(UserError, match=r"PGKIT_MAX_KERNELS moet een heel getal van 0 of meer"):
        load(environ={"PGKIT_MAX_KERNELS": raw})


def test_a_negative_option_names_the_option() -> None:
    with pytest.raises(UserError, match=r"^--max-kernels moet"):
        load(cli={"max_kernels": ("--max-kernels", "-2")}, environ={})
