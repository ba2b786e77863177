"""Load test of the shared deployment: N signed-in trainees at once through a real local
hub (JupyterHub, configurable-http-proxy, PostgreSQL, the kit service), driven by locust.

Every simulated trainee signs in with their own demo account and then does what the
browser does with the kit's shell (one kernel per visitor, views swap in place): the home
page is a full Voila render; its kernel's websocket then carries the rest, with the
browser's own widget messages: the router goes to the first e-learning unit and then to
the spinnenweb, and the trainee moves one spinnenweb slider and waits for the page to say
"Bewaard om ...". Like a closed tab's unload beacon, the trainee then shuts the kernel
down. After the run the store must hold every answer a trainee was told was saved.
Baseline in the same run: the hub's ``/hub/health`` through the same proxy. Recorded:
p50/p95 per step, errors, the kit service's peak memory (server plus kernels) and the
load average.

    .venv/bin/python benchmarks/hub_load.py --users 10 25 50
"""

from __future__ import annotations

# locust patches the standard library with gevent; it must come first.
from locust import HttpUser, task  # isort: skip
from locust.env import Environment  # isort: skip
from locust.exception import StopUser  # isort: skip

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import gevent
import websocket

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyter_server.services.kernels.connection.base import (  # noqa: E402
    serialize_msg_to_ws_v1,
)
from tests.security.raw_client import KERNEL_PROTOCOL, deserialize_v1  # noqa: E402

from benchmarks._record import machine, record  # noqa: E402
from pgkit import hub_config, hub_local  # noqa: E402
from pgkit.curriculum import UNIT_KEYS  # noqa: E402
from pgkit.local_postgres import free_port  # noqa: E402
from pgkit.messages import t  # noqa: E402
from pgkit.store.models import utcnow  # noqa: E402

KERNEL = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
PAGE_ERROR = re.compile(r"There was an error when executing cell|pgkit-error\"")
STEPS = ("baseline /hub/health", "1 aanmelden", "2 startpagina", "3 eenheid 1",
         "4 spinnenweb", "5 antwoord")
HOME = "notebooks/start.ipynb"
VIEWS = {"3 eenheid 1": f"modules/{UNIT_KEYS[0]}.ipynb",
         "4 spinnenweb": "notebooks/spinnenweb.ipynb"}
PREFIX = "/services/pgkit/voila/render/"
# What the spinnenweb page shows once an answer is in the store (spinnenweb.saved).
SAVED = t("spinnenweb.saved", time="").rstrip(".").strip()
BUSY = t("pages.busy_title")
STEP_TIMEOUT = 300.0
T = TypeVar("T")
logins: list[str] = []
# login -> the score the page said was saved; checked against the store after the run.
told_saved: dict[str, int] = {}


class StepFailed(Exception):
    pass


class KernelSocket:
    """The page's kernel channel, spoken as the browser's widget manager does.

    Keeps every widget model's state (``comm_open`` and ``update`` messages) so a step can
    wait until the kernel has drawn what a visitor would see.
    """

    def __init__(self, url: str, cookie: str, origin: str) -> None:
        self.ws = websocket.create_connection(url, header=[f"Cookie: {cookie}"],
                                              origin=origin, subprotocols=[KERNEL_PROTOCOL],
                                              timeout=STEP_TIMEOUT)
        self.session = uuid.uuid4().hex
        self.models: dict[str, dict] = {}
        self.changed: dict[str, int] = {}  # model id -> number of the message that set it
        self.count = 0
        control = uuid.uuid4().hex
        # ipywidgets refuses a control comm without its protocol version.
        self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                "data": {}}, metadata={"version": "1.0.0"})
        self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        msg = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type,
                          "username": "hub_load", "session": self.session, "date": "",
                          "version": "5.3"},
               "parent_header": {}, "metadata": metadata or {}, "content": content}
        self.ws.send_binary(serialize_msg_to_ws_v1(msg, "shell",
                                                   pack=lambda o: json.dumps(o).encode()))

    def _take(self, state: dict, model: str) -> None:
        self.count += 1
        self.models.setdefault(model, {}).update(state)
        self.changed[model] = self.count
        if 'class="pgkit-error"' in str(state.get("value", "")):
            raise StepFailed("the kit's error box on the page")

    def pump(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed(f"no {what} within {STEP_TIMEOUT:.0f} s")
            self.ws.settimeout(left)
            raw = self.ws.recv()
            if not isinstance(raw, bytes):
                continue
            msg = deserialize_v1(raw)
            kind, content = msg["header"]["msg_type"], msg["content"]
            data = content.get("data") or {}
            if kind == "comm_open" or (kind == "comm_msg" and data.get("method") == "update"):
                self._take(data.get("state") or {}, content["comm_id"])
            elif kind == "comm_msg" and data.get("method") == "update_states":
                for model, entry in data.get("states", {}).items():
                    self._take(entry.get("state") or {}, model)
            elif kind == "comm_close":  # a view left: its widgets are gone
                self.models.pop(content["comm_id"], None)
                self.changed.pop(content["comm_id"], None)

    def router(self) -> str:
        self.pump(lambda: any("routes" in m for m in self.models.values()), "router")
        return next(i for i, m in self.models.items() if "routes" in m)

    def go(self, page: str) -> int:
        """Follow a link to ``page`` as the router does, until the kernel says it is on
        screen; returns the message count before, so later steps find its widgets."""
        router, href = self.router(), PREFIX + page
        seq, before = self.models[router].get("seq", 0), self.count
        self.send("comm_msg", {"comm_id": router, "data": {
            "method": "custom", "content": {"type": "go", "href": href}}})
        self.pump(lambda: self.models[router].get("seq", 0) > seq
                  and self.models[router].get("href", "").endswith(href), f"view {page}")
        return before

    def answer(self, since: int, score: int) -> None:
        """Move the first spinnenweb slider drawn since ``since`` to ``score``."""
        sliders = [i for i, m in self.models.items() if self.changed[i] > since
                   and m.get("_model_name") == "SelectionSliderModel"]
        if not sliders:
            raise StepFailed("no slider on the spinnenweb page")
        sent = self.count
        # The slider's first position is "open" (no answer); score n is position n + 1.
        self.send("comm_msg", {"comm_id": sliders[0], "data": {
            "method": "update", "state": {"index": score + 1}, "buffer_paths": []}})
        self.pump(lambda: any(self.changed[i] > sent and SAVED in str(m.get("value", ""))
                              for i, m in self.models.items()), "'saved' on the page")

    def close(self) -> None:
        self.ws.close()


class Trainee(HttpUser):
    """One trainee's visit, once; then the simulated browser closes."""

    def on_start(self) -> None:
        self.login = logins.pop()

    def _render(self, step: str, path: str) -> str | None:
        """One full Voila render; the kernel id in the page."""
        with self.client.get(f"{PREFIX}{path}", name=step,
                             catch_response=True, timeout=600) as response:
            if response.status_code == 503 and BUSY in response.text:
                response.failure("busy page (503)")  # the kernel cap's clear refusal
                return None
            if response.status_code != 200 or "/hub/login" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
                return None
            if PAGE_ERROR.search(response.text):
                response.failure("error on the page")
                return None
            kernel = KERNEL.search(response.text)
            if kernel is None:
                response.failure("no kernel in the page")
                return None
            return kernel.group(1)

    def _step(self, step: str, action: Callable[[], T]) -> tuple[bool, T | None]:
        """Time one websocket step as a locust request (so it gets p50/p95 and failures)."""
        start = time.perf_counter()
        error: Exception | None = None
        value = None
        try:
            value = action()
        except (StepFailed, OSError, websocket.WebSocketException) as exc:
            error = exc
        self.environment.events.request.fire(
            request_type="WS", name=step, response_time=(time.perf_counter() - start) * 1000,
            response_length=0, exception=error, context={})
        return error is None, value

    def _cookies(self, *paths: str) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.client.cookies
                         if c.path == "/" or c.path.startswith(paths))

    @task
    def visit(self) -> None:
        try:
            self._visit()
        finally:
            raise StopUser()  # one visit per trainee, also when a step broke

    def _visit(self) -> None:
        self.client.get("/hub/health", name=STEPS[0])
        form = self.client.get("/hub/login", name="(aanmeldpagina)")
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
        with self.client.post("/hub/login?next=%2Fhub%2F", name=STEPS[1],
                              data={"username": self.login, "password": "demo",
                                    "_xsrf": xsrf.group(1) if xsrf else ""},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")
                return
        kernel = self._render(STEPS[2], HOME)
        if kernel is None:
            return
        try:
            self._journey(kernel)
        finally:  # the unload beacon of a closed tab
            # The kit's own token (path /), not the hub's (path /hub/).
            xsrf_kit = next((c.value for c in self.client.cookies
                             if c.name == "_xsrf" and not c.path.startswith("/hub")), "")
            self.client.post(f"/services/pgkit/voila/api/shutdown/{kernel}",
                             headers={"X-XSRFToken": xsrf_kit}, name="(kernel afsluiten)")

    def _journey(self, kernel: str) -> None:
        host = self.environment.host or ""
        url = host.replace("http", "ws", 1) + f"/services/pgkit/api/kernels/{kernel}/channels"
        ok, ws = self._step("(websocket)", lambda: KernelSocket(
            url, self._cookies("/services/pgkit"), host))
        if not ok or ws is None:
            return
        try:
            shown: int | None = 0
            for step, page in VIEWS.items():
                ok, shown = self._step(step, lambda p=page: ws.go(p))  # type: ignore[misc]
                if not ok:
                    return
            score = random.randint(0, 10)
            if self._step(STEPS[5], lambda: ws.answer(shown or 0, score))[0]:
                told_saved[self.login] = score
        finally:
            ws.close()


def saved_in_store(db_url: str, since: dt.datetime) -> dict[str, list[float | None]]:
    """Per trainee login, the spinnenweb scores the store got since ``since``."""
    from sqlalchemy import select

    from pgkit.store import session_scope
    from pgkit.store.models import Person, SpinnenwebAnswer, SpinnenwebFill

    found: dict[str, list[float | None]] = {}
    with session_scope(db_url) as session:
        rows = session.execute(
            select(Person.pseudonym, SpinnenwebAnswer.score)
            .join(SpinnenwebFill, SpinnenwebFill.person_id == Person.id)
            .join(SpinnenwebAnswer, SpinnenwebAnswer.fill_id == SpinnenwebFill.id)
            .where(SpinnenwebAnswer.answered_at >= since))
        for login, score in rows:
            found.setdefault(login, []).append(score)
    return found


def _rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (kernels), in KiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            for task_dir in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task_dir / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def _cpu_seconds(pid: int) -> float:
    """CPU time of the kit service so far: its own, its finished kernels' (reaped children)
    and its running kernels'. Independent of what else the machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")

    def own(p: int, with_children: bool) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        used = int(fields[11]) + int(fields[12])  # utime, stime
        if with_children:
            used += int(fields[13]) + int(fields[14])  # cutime, cstime
        return used / ticks

    total = own(pid, True)
    for task_dir in Path(f"/proc/{pid}/task").iterdir():
        for child in (task_dir / "children").read_text().split():
            try:
                total += own(int(child), True)
            except OSError:
                continue
    return total


def run(url: str, users: int, kit_pid: int, timeout: float, db_url: str) -> dict:
    global logins
    logins = [f"deelnemer-{n}" for n in range(2, users + 2)]
    told_saved.clear()
    since = utcnow()
    env = Environment(user_classes=[Trainee], host=url)
    runner = env.create_local_runner()
    peak = [_rss_kib(kit_pid)]

    def sample() -> None:
        while True:
            peak.append(_rss_kib(kit_pid))
            gevent.sleep(1)

    sampler = gevent.spawn(sample)
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds(kit_pid)
    start = time.monotonic()
    runner.start(users, spawn_rate=users)
    gevent.sleep(1)
    while runner.user_count > 0 and time.monotonic() - start < timeout:
        gevent.sleep(0.5)
    hung = runner.user_count
    runner.quit()
    cpu = _cpu_seconds(kit_pid) - cpu_before
    sampler.kill()
    rows = {}
    for step in (*STEPS, "(websocket)", "(kernel afsluiten)"):
        entry = next((e for (name, _method), e in env.stats.entries.items() if name == step),
                     None)
        if entry is None:
            continue
        rows[step] = {"n": entry.num_requests, "fail": entry.num_failures,
                      "p50": entry.get_response_time_percentile(0.5) / 1000,
                      "p95": entry.get_response_time_percentile(0.95) / 1000}
    # Every answer a trainee was told was saved must be in the store, with that score.
    stored = saved_in_store(db_url, since)
    lost = sorted(login for login, score in told_saved.items()
                  if float(score) not in stored.get(login, []))
    return {"users": users, "rows": rows, "peak_mib": max(peak) / 1024,
            "told_saved": len(told_saved), "lost": lost,
            "idle_mib": peak[0] / 1024, "seconds": time.monotonic() - start, "hung": hung,
            "cpu": cpu, "pages": sum(r["n"] for s, r in rows.items() if s in (STEPS[2], *VIEWS)),
            "load": (load_before, os.getloadavg()[0]),
            "errors": [f"{e.method} {e.name}: {e.error} x{e.occurrences}"
                       for e in env.stats.errors.values()]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--timeout", type=float, default=420, help="seconds per run")
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--section", default="hub_load",
                        help="the README section to write (one per kind of run)")
    args = parser.parse_args()
    state = Path(tempfile.mkdtemp(prefix="pgkit-hubload-"))
    state.chmod(0o711)
    pg, dbs = hub_local.prepare(state, demo=True, pg_port=free_port())
    port = free_port()
    env = hub_local.hub_environment(ROOT, state, dbs, port=port, demo=True,
                                    hub_port=free_port(), proxy_port=free_port(),
                                    kit_port=free_port())
    env["PGKIT_CULL_IDLE_SECONDS"] = "120"
    proc = hub_local.start_hub(ROOT, env, log=state / "hub.log")
    url = f"http://127.0.0.1:{port}"
    results = []
    try:
        hub_local.wait_until_up(f"{url}/services/pgkit/pgkit/status", proc)
        import urllib.request

        with urllib.request.urlopen(f"{url}/services/pgkit/pgkit/status") as r:
            kit_pid = json.loads(r.read())["pid"]
        for users in args.users:
            result = run(url, users, kit_pid, args.timeout, dbs.kit)
            results.append(result)
            print(result, flush=True)
            if result["lost"]:
                print(f"LOST ANSWERS: {result['lost']}", flush=True)
            gevent.sleep(20)  # let shut-down kernels go before the next run
    finally:
        hub_local.stop_hub(proc)
        pg.stop()
        shutil.rmtree(hub_config.lab_runtime_root(state), ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
    table = ["| users | step | requests | failed | p50 | p95 |", "|---|---|---|---|---|---|"]
    for res in results:
        for step, row in res["rows"].items():
            table.append(f"| {res['users']} | {step} | {row['n']} | {row['fail']} | "
                         f"{row['p50']:.2f} s | {row['p95']:.2f} s |")
    summary = ["| users | wall time | views shown | kit CPU per view | kit memory idle → peak | "
               "load average before → after | still waiting at the end | told saved → "
               "missing in the store | errors |",
               "|---|---|---|---|---|---|---|---|---|"]
    for res in results:
        summary.append(
            f"| {res['users']} | {res['seconds']:.0f} s | {res['pages']} | "
            f"{res['cpu'] / max(res['pages'], 1):.1f} CPU-s | {res['idle_mib']:.0f} → "
            f"{res['peak_mib']:.0f} MiB | {res['load'][0]:.1f} → {res['load'][1]:.1f} | "
            f"{res['hung']} | {res['told_saved']} → {len(res['lost'])} | "
            f"{'; '.join(res['errors'])[:300] or 'none'} |")
    text = "\n".join([
        f"### Hub load (`hub_load.py`, {', '.join(map(str, args.users))} trainees)", "",
        "N trainees at once through a real local hub (JupyterHub 6, configurable-http-proxy, "
        "PostgreSQL 15, the kit service): sign in, the home page (a full Voila render), then "
        "over that page's kernel websocket, as the browser's shell does: unit 1, the "
        "spinnenweb, one slider moved until the page says it was saved; then the kernel is "
        "shut down (the unload beacon). Afterwards the store is checked for every answer "
        "a trainee was told was saved. Baseline: `/hub/health` through the same proxy, in "
        "the same run.", "",
        f"    .venv/bin/python benchmarks/hub_load.py --users {' '.join(map(str, args.users))}",
        "", f"Run: {machine()}.", "", *table, "", *summary])
    print(text)
    if not args.no_record:
        record(args.section, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
