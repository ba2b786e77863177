"""In a real Jupyter kernel (what JupyterLab runs), a failed check shows only its hint."""

from __future__ import annotations

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = pytest.mark.slow


def _run(client, code: str) -> list[dict]:
    """Execute code; return the kernel's output messages for it."""
    msg_id = client.execute(code)
    outputs = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return outputs
        if msg["msg_type"] in ("error", "stream", "execute_result", "display_data"):
            outputs.append(msg)


def test_failed_check_shows_only_the_dutch_hint():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        _run(client, 'antwoord = "F"')
        errors = [m for m in _run(client, 'from pgkit.grading.controle import keuze\n'
                                          'keuze("A", "B", "C")') if m["msg_type"] == "error"]
        assert len(errors) == 1  # nbgrader still sees a failed test
        shown = "\n".join(errors[0]["content"]["traceback"])
        assert shown == 'Let op: "F" is geen keuze bij deze vraag. Kies "A", "B" of "C".'
        # the answer was taken: the next check cannot reuse it
        again = [m for m in _run(client, 'keuze("A", "B", "C")') if m["msg_type"] == "error"]
        assert "Bij deze vraag staat geen antwoord" in again[0]["content"]["traceback"][0]
        _run(client, 'antwoord = "b"')
        assert _run(client, 'keuze("A", "B", "C")') == []
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
