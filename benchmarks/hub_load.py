"""Load test of the shared deployment: N signed-in trainees at once through a real local
hub (JupyterHub, configurable-http-proxy, PostgreSQL, the kit service), driven by locust.

Every simulated trainee signs in with their own demo account, then opens the home page,
the first e-learning unit and the spinnenweb, one after the other, as a browser would: each
page is a full Voila render (its kernel runs the page) and, like a closed tab's unload
beacon, the trainee then shuts that kernel down. Baseline in the same run: the hub's
``/hub/health`` through the same proxy. Recorded: p50/p95 per step, errors, the kit
service's peak memory (server plus kernels) and the load average.

    .venv/bin/python benchmarks/hub_load.py --users 10 25 50
"""

from __future__ import annotations

# locust patches the standard library with gevent; it must come first.
from locust import HttpUser, task  # isort: skip
from locust.env import Environment  # isort: skip
from locust.exception import StopUser  # isort: skip

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import gevent

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._record import machine, record  # noqa: E402
from pgkit import hub_local  # noqa: E402
from pgkit.curriculum import UNIT_KEYS  # noqa: E402
from pgkit.local_postgres import free_port  # noqa: E402

KERNEL = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
PAGE_ERROR = re.compile(r"There was an error when executing cell|pgkit-error\"")
STEPS = ("baseline /hub/health", "1 aanmelden", "2 startpagina", "3 eenheid 1",
         "4 spinnenweb")
PAGES = {"2 startpagina": "notebooks/start.ipynb",
         "3 eenheid 1": f"modules/{UNIT_KEYS[0]}.ipynb",
         "4 spinnenweb": "notebooks/spinnenweb.ipynb"}
logins: list[str] = []


class Trainee(HttpUser):
    """One trainee's visit, once; then the simulated browser closes."""

    def on_start(self) -> None:
        self.login = logins.pop()

    def _render(self, step: str, path: str) -> None:
        with self.client.get(f"/services/pgkit/voila/render/{path}", name=step,
                             catch_response=True, timeout=600) as response:
            if response.status_code != 200 or "/hub/login" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
                return
            if PAGE_ERROR.search(response.text):
                response.failure("error on the page")
                return
            kernel = KERNEL.search(response.text)
        if kernel:  # the unload beacon of a closed tab
            # The kit's own token (path /), not the hub's (path /hub/).
            xsrf = next((c.value for c in self.client.cookies
                         if c.name == "_xsrf" and not c.path.startswith("/hub")), "")
            self.client.post(f"/services/pgkit/voila/api/shutdown/{kernel.group(1)}",
                             headers={"X-XSRFToken": xsrf}, name="(kernel afsluiten)")

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
        for step, path in PAGES.items():
            self._render(step, path)


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


def run(url: str, users: int, kit_pid: int, timeout: float) -> dict:
    global logins
    logins = [f"deelnemer-{n}" for n in range(2, users + 2)]
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
    for step in (*STEPS, "(kernel afsluiten)"):
        entry = env.stats.entries.get((step, "GET")) or env.stats.entries.get((step, "POST"))
        if entry is None:
            continue
        rows[step] = {"n": entry.num_requests, "fail": entry.num_failures,
                      "p50": entry.get_response_time_percentile(0.5) / 1000,
                      "p95": entry.get_response_time_percentile(0.95) / 1000}
    return {"users": users, "rows": rows, "peak_mib": max(peak) / 1024,
            "idle_mib": peak[0] / 1024, "seconds": time.monotonic() - start, "hung": hung,
            "cpu": cpu, "pages": sum(r["n"] for s, r in rows.items() if s in PAGES),
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
        import json
        import urllib.request

        with urllib.request.urlopen(f"{url}/services/pgkit/pgkit/status") as r:
            kit_pid = json.loads(r.read())["pid"]
        for users in args.users:
            result = run(url, users, kit_pid, args.timeout)
            results.append(result)
            print(result, flush=True)
            gevent.sleep(20)  # let shut-down kernels go before the next run
    finally:
        hub_local.stop_hub(proc)
        pg.stop()
        shutil.rmtree(state, ignore_errors=True)
    table = ["| users | step | requests | failed | p50 | p95 |", "|---|---|---|---|---|---|"]
    for res in results:
        for step, row in res["rows"].items():
            table.append(f"| {res['users']} | {step} | {row['n']} | {row['fail']} | "
                         f"{row['p50']:.2f} s | {row['p95']:.2f} s |")
    summary = ["| users | wall time | pages rendered | kit CPU per page | kit memory idle → peak | "
               "load average before → after | still waiting at the end | errors |",
               "|---|---|---|---|---|---|---|---|"]
    for res in results:
        summary.append(
            f"| {res['users']} | {res['seconds']:.0f} s | {res['pages']} | "
            f"{res['cpu'] / max(res['pages'], 1):.1f} CPU-s | {res['idle_mib']:.0f} → "
            f"{res['peak_mib']:.0f} MiB | {res['load'][0]:.1f} → {res['load'][1]:.1f} | "
            f"{res['hung']} | {'; '.join(res['errors'])[:300] or 'none'} |")
    text = "\n".join([
        f"### Hub load (`hub_load.py`, {', '.join(map(str, args.users))} trainees)", "",
        "N trainees at once through a real local hub (JupyterHub 6, configurable-http-proxy, "
        "PostgreSQL 15, the kit service): sign in, home page, unit 1, spinnenweb; each page a "
        "full Voila render whose kernel is shut down afterwards (the unload beacon). "
        "Baseline: `/hub/health` through the same proxy, in the same run.", "",
        f"    .venv/bin/python benchmarks/hub_load.py --users {' '.join(map(str, args.users))}",
        "", f"Run: {machine()}.", "", *table, "", *summary])
    print(text)
    if not args.no_record:
        record(args.section, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
