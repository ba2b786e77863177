"""Twelve phones join a reflection meeting at once and answer a poll.

The phones open the link the runbook shares, the phone page (``/meedoen?code=``,
pgkit.phone: plain HTML, no kernel per phone). Measures, against a real ``pgkit serve``
and real Chromium pages (one context per participant), the time from "everyone opens
the page" until the facilitator's page shows all answers, split into page load, join
and answer, plus the server's memory (RSS of the server and all its kernels). Baseline
in the same run: one participant, and the floor room (as many phones opening a bare
one-slider Voila page). Each room size runs at the shipped size of the shell's kernel
pool (``pgkit.app.POOL_SIZE``) unless ``--pools`` asks for others.

    .venv/bin/python benchmarks/meeting_load.py [--participants 12,24] [--pools 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import harness  # noqa: E402

from benchmarks._record import record  # noqa: E402
from benchmarks.page_load import FLOOR, make_root  # noqa: E402
from pgkit.app import POOL_SIZE  # noqa: E402

SLOW = 240_000  # a page that needs longer than this counts as failed
PORT = 8931  # the meetings area's port range is 8930-8939
SERVE = ("import sys; from pathlib import Path; from pgkit import app, config; "
         "app.PREHEATED[app.SHELL_POOL] = int(sys.argv[1]); "
         "cfg = app.kit_config(Path(sys.argv[2])); "
         "cfg.VoilaKernelManager.fill_delay = float(sys.argv[5]); "
         "kit = config.load(); kit.port = int(sys.argv[3]); kit.db = sys.argv[4]; "
         "app.serve(kit, root=Path(sys.argv[2]), config=cfg)")


@dataclass
class Server:
    url: str
    db_url: str
    process: subprocess.Popen
    secret: str = ""

    def status(self) -> dict:
        with urllib.request.urlopen(f"{self.url}/pgkit/status", timeout=10) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(workdir: Path, pool: int, port: int, fill_delay: float = 0) -> Server:
    db_url = f"sqlite:///{workdir / 'kit.sqlite'}"
    env = {**os.environ, "PGKIT_HOME": str(ROOT), "PGKIT_SECRET_FILE": str(workdir / "secret"),
           "PGKIT_DB": db_url}
    env.pop("PGKIT_SECRET", None)
    subprocess.run([sys.executable, "-m", "pgkit.cli", "demo", "--db", db_url], check=True,
                   env=env, capture_output=True)
    log = (workdir / "server.log").open("wb")
    # The kit's folders plus the floor notebook (a one-slider page) beside them.
    root = make_root(workdir)
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(pool), str(root), str(port),
                             db_url, str(fill_delay)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(f"http://127.0.0.1:{port}", db_url, proc)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            server.status()
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.stop()
        raise RuntimeError("server did not start")
    server.secret = (workdir / "secret").read_text().strip()
    return server


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (for the Voila server: its kernels)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    kids = [int(c) for c in f.read().split()]
                found += kids
                todo += kids
        except OSError:
            continue
    return found


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants (the Voila server and its kernels)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime, stime, and the waited-for children's (fields 14-17 of proc(5), after the name)
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu_by_part(server_pid: int) -> dict[str, float]:
    """CPU seconds so far of the server process, its kernels, and every Chromium process."""
    with open("/proc/stat") as f:  # the whole machine, to see what others used
        busy = [int(x) for x in f.readline().split()[1:]]
    total = (sum(busy) - busy[3] - busy[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait
    parts = {"server": 0.0, "kernels": 0.0, "chromium": 0.0, "machine": total}
    kernels = set(descendants(server_pid))
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if pid == server_pid:
                parts["server"] += _cpu_seconds(pid)
            elif pid in kernels:
                parts["kernels"] += _cpu_seconds(pid)
            else:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"chrom" in f.read().split(b"\0")[0]:
                        parts["chromium"] += _cpu_seconds(pid)
        except (OSError, IndexError):
            continue
    return parts


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_flag = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop_flag.wait(0.5):
            self.peak = max(self.peak, tree_rss_mb(self.pid))


def wait_settled(server: Server, pool: int, seconds: float = 240) -> int:
    """Wait until the pool holds ``pool`` ready kernels and the kernel count stops changing."""
    last, stable, deadline = -1, 0, time.monotonic() + seconds
    while time.monotonic() < deadline and stable < 6:
        status = server.status()
        n = status["kernels"]
        stable = stable + 1 if n == last and status["ready_in_pool"] >= pool else 0
        last = n
        time.sleep(1)
    return last


@dataclass
class Round:
    label: str
    n: int
    pool: int
    load: list[float] = field(default_factory=list)
    join: list[float] = field(default_factory=list)
    answer: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    all_seen: float = 0.0
    after_last: float = 0.0
    rss_idle: float = 0.0
    rss_peak: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the round
    # The phones' browser contexts, left and closed when the round ends, so that their
    # kernels are shut down and do not count against the next round's kernel cap.
    contexts: list[BrowserContext] = field(default_factory=list)


async def signed_context(browser: Browser, server: Server, pseudonym: str, width: int,
                         height: int):
    os.environ["PGKIT_SECRET"] = server.secret
    from pgkit import identity

    ctx = await browser.new_context(viewport={"width": width, "height": height})
    ctx.set_default_timeout(SLOW)
    await ctx.add_cookies([{"name": identity.COOKIE, "value": identity.sign(pseudonym),
                            "url": server.url}])
    return ctx


def make_people(server: Server, label: str, n: int) -> list[str]:
    from pgkit.store import people, session_scope

    names = []
    with session_scope(server.db_url) as s:
        for i in range(n):
            p = people.ensure_person(s, f"bench-{label}-{i}", f"Deelnemer {i + 1}")
            names.append(p.pseudonym)
    return names


async def open_host(browser: Browser, server: Server) -> tuple[Page, str]:
    ctx = await signed_context(browser, server, "demo-begeleider", 1280, 800)
    host = await ctx.new_page()
    await host.goto(f"{server.url}/voila/render/facilitator/runbook.ipynb")
    try:
        await host.get_by_role("button", name="Open de bijeenkomst").click()
        code = await host.locator(".pgkit-code").get_attribute("data-code")
    except Exception:
        print("the facilitator's page ends with:",
              (await host.locator("body").inner_text())[-600:], flush=True)
        raise
    await host.get_by_role("tab", name="Vragen en groepsweb").click()
    await host.get_by_role("button", name="Stel deze vraag").click()
    await host.locator(".pgkit-poll-n").wait_for()
    return host, code or ""


async def participant(browser: Browser, server: Server, pseudonym: str, code: str,
                      t0: float, r: Round) -> float | None:
    ctx = await signed_context(browser, server, pseudonym, 390, 844)
    r.contexts.append(ctx)
    page = await ctx.new_page()
    try:
        return await _participant(page, server, code, t0, r)
    except Exception as exc:
        shot = Path(tempfile.gettempdir()) / f"meeting_load_{pseudonym}.png"
        await page.screenshot(path=str(shot))
        text = (await page.locator("body").inner_text())[-300:].replace("\n", " ")
        r.failed.append(f"{pseudonym}: {type(exc).__name__}; page ends with: {text}")
        print(r.failed[-1], f"(screenshot {shot})", flush=True)
        return None


async def _participant(page: Page, server: Server, code: str, t0: float, r: Round) -> float:
    # The link the facilitator shares: the phone page (pgkit.phone), no kernel per phone.
    await page.goto(f"{server.url}/meedoen?code={code}")
    await page.get_by_role("button", name="Meedoen").wait_for()
    t1 = time.perf_counter()
    await page.get_by_role("button", name="Meedoen").click()
    await page.get_by_role("button", name="Nieuwsgierig").wait_for()
    t2 = time.perf_counter()
    await page.get_by_role("button", name="Nieuwsgierig").click()
    await page.get_by_text("Je antwoord is opgeslagen").wait_for()
    t3 = time.perf_counter()
    r.load.append(t1 - t0)
    r.join.append(t2 - t1)
    r.answer.append(t3 - t2)
    return t3


async def leave(ctx: BrowserContext) -> None:
    """Leave every page the way a phone does (so its kernel is shut down), then close."""
    for page in ctx.pages:
        with contextlib.suppress(Exception):  # a page that is stuck still gets closed
            await page.goto("about:blank")
    await ctx.close()


async def floor_page(browser: Browser, server: Server, pseudonym: str, t0: float,
                     r: Round) -> float | None:
    """One phone opens the one-slider page; the time until its slider is on screen."""
    ctx = await signed_context(browser, server, pseudonym, 390, 844)
    r.contexts.append(ctx)
    page = await ctx.new_page()
    try:
        await page.goto(f"{server.url}/voila/render/{FLOOR}")
        await page.locator("#rendered_cells .jupyter-widgets").first.wait_for()
    except Exception as exc:
        r.failed.append(f"{pseudonym}: {type(exc).__name__} on the floor page")
        return None
    done = time.perf_counter()
    r.load.append(done - t0)
    return done


async def run_round(browser: Browser, server: Server, label: str, n: int, pool: int,
                    floor: bool = False) -> Round:
    """One room of ``n`` phones; with ``floor`` they open the one-slider page instead."""
    r = Round(label, n, pool)
    wait_settled(server, pool)
    r.rss_idle = tree_rss_mb(server.status()["pid"])
    host, code = (None, "") if floor else await open_host(browser, server)
    names = make_people(server, label, n)
    sampler = Sampler(server.status()["pid"])
    cpu_before = cpu_by_part(server.status()["pid"])
    sampler.start()
    t0 = time.perf_counter()
    done = [d for d in await asyncio.gather(
        *(floor_page(browser, server, p, t0, r) if floor
          else participant(browser, server, p, code, t0, r) for p in names)) if d is not None]
    if done and host is not None:
        await host.locator(f'.pgkit-poll-n[data-total="{len(done)}"]').wait_for()
    t_seen = time.perf_counter()
    sampler.stop_flag.set()
    sampler.join()
    r.all_seen, r.after_last = t_seen - t0, t_seen - max(done, default=t_seen)
    r.rss_peak = max(sampler.peak, tree_rss_mb(server.status()["pid"]))
    cpu_after = cpu_by_part(server.status()["pid"])
    r.cpu = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
    if host is not None:
        await host.context.close()
    await asyncio.gather(*(leave(ctx) for ctx in r.contexts))
    print(f"{label}: n={n} pool={pool} ok={n - len(r.failed)} all answers seen after "
          f"{r.all_seen:.1f} s (load median {_med(r.load)} s, join {_med(r.join)} s, "
          f"answer {_med(r.answer)} s, "
          f"facilitator saw the last answer {r.after_last:.2f} s later); RSS idle "
          f"{r.rss_idle:.0f} MB, peak {r.rss_peak:.0f} MB; CPU-s server "
          f"{r.cpu['server']:.1f}, kernels {r.cpu['kernels']:.1f}, "
          f"Chromium {r.cpu['chromium']:.1f}, whole machine {r.cpu['machine']:.1f}",
          flush=True)
    return r


def _med(xs: list[float]) -> str:
    return f"{statistics.median(xs):.1f} ({min(xs):.1f}–{max(xs):.1f})" if xs else "–"


async def main_async(sizes: list[int], pools: list[int], fill_delay: float) -> list[Round]:
    rounds = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=harness.CHROMIUM,
                                          args=harness.CHROMIUM_ARGS)
        for k, pool in enumerate(pools):
            with tempfile.TemporaryDirectory() as tmp:
                server = start(Path(tmp), pool, PORT + k, fill_delay)
                try:
                    rounds.append(await run_round(browser, server, f"p{pool}-base", 1, pool))
                    for n in sizes:
                        # The floor first: the same phones, the same moment, a bare page.
                        rounds.append(await run_round(browser, server, f"p{pool}-floor{n}", n,
                                                      pool, floor=True))
                        rounds.append(await run_round(browser, server, f"p{pool}-room{n}", n,
                                                      pool))
                finally:
                    server.stop()
        await browser.close()
    return rounds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--participants", default="12,24", help="room sizes, one round each")
    ap.add_argument("--pools", default=str(POOL_SIZE),
                    help="sizes of the shell's kernel pool to try (the kit ships "
                         f"{POOL_SIZE})")
    ap.add_argument("--fill-delay", type=float, default=0,
                    help="seconds before Voila refills a used kernel pool (the kit ships 0)")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    load_avg = os.getloadavg()[0]
    rounds = asyncio.run(main_async([int(x) for x in args.participants.split(",")],
                                    [int(x) for x in args.pools.split(",")], args.fill_delay))
    if args.no_record:
        return
    rows = ["| page | pool | participants (answered) | all answers seen (s) | "
            "page load median (min–max) (s) | join (s) | answer (s) | "
            "last answer → facilitator (s) | RSS idle (MB) | RSS peak (MB) | "
            "CPU-s server / kernels / Chromium / whole machine |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rounds:
        page = ("floor: one slider (last slider on screen)" if "floor" in r.label
                else "meeting: phone page (/meedoen)")
        rows.append(f"| {page} | {r.pool} | {r.n} ({r.n - len(r.failed)}) | {r.all_seen:.1f} | "
                    f"{_med(r.load)} | {_med(r.join)} | {_med(r.answer)} | "
                    f"{r.after_last:.2f} | {r.rss_idle:.0f} | {r.rss_peak:.0f} | "
                    f"{r.cpu['server']:.0f} / {r.cpu['kernels']:.0f} / "
                    f"{r.cpu['chromium']:.0f} / {r.cpu['machine']:.0f} |")
    stamp = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    record("meetings", "\n".join([
        "## Reflection meeting under load (`meeting_load.py`)",
        "",
        "12 and then 24 participant pages (separate browser contexts, signed in, phone "
        "size) open the meeting link (the phone page `/meedoen?code=`, no kernel per "
        "phone) at once, join with the code and answer the open poll; "
        "the clock stops when the facilitator's page shows all answers. Baseline in the "
        "same run: one participant, and the floor: the same number of phones opening a "
        "one-slider notebook on the same server at once (clock stops at the last slider "
        "on screen). RSS is the Voila server plus all its kernels. `pool` "
        "is the number of preheated shell kernels, which serve every kit page (the kit "
        f"ships {POOL_SIZE}).",
        "",
        "    .venv/bin/python benchmarks/meeting_load.py --participants 12,24",
        "",
        f"Run {stamp} UTC, {os.cpu_count()} cores, load average {load_avg:.1f} at the "
        "start.",
        "",
        *rows,
    ]))


if __name__ == "__main__":
    main()
