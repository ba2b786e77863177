"""Import time and idle memory per view (issue 12, point 5).

For every view: the ``python -X importtime`` cumulative time of its page module, the five
packages that cost most of it (their own import time), the time spent importing while
the view is built, and the resident memory (RSS) of the Python process after the import
and after building the view against a demo SQLite store, idle. Which heavy libraries
(bqplot, pandas, fpdf2, openpyxl, nbgrader, Alembic) are loaded after the build is shown
too. Each figure is the median of RUNS fresh interpreters; a view is built headless with
``build(user)``, as the tests do (ipywidgets without a kernel), so the kernel's own
memory (ipykernel, zmq, the comm channel) is not in these figures: a Voila kernel adds
the same amount to every view.

    .venv/bin/python benchmarks/imports.py [--before REV] [--runs N]

``--before REV`` also measures the package as it was at git revision REV (its ``src/`` is
unpacked into a temp folder), interleaved with the current one in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._record import machine, record  # noqa: E402

RUNS = 3
HEAVY = ("bqplot", "pandas", "fpdf", "openpyxl", "nbgrader", "alembic")
# name: (module, builder, demo login, extra): how a visitor opens that view.
VIEWS: dict[str, tuple[str, str, str, str]] = {
    "floor (one slider)": ("ipywidgets", "", "", ""),
    "shell (import only)": ("pgkit.shell.frame", "", "", ""),
    "start": ("pgkit.pages.start", "build", "demo-deelnemer", ""),
    "e-learning overview": ("pgkit.pages.elearning", "build_index", "demo-deelnemer", ""),
    "e-learning unit 1": ("pgkit.pages.elearning", "build_unit", "demo-deelnemer", "eenheid1"),
    "spinnenweb": ("pgkit.pages.spinnenweb", "build", "demo-deelnemer", ""),
    "meeting (join)": ("pgkit.pages.meeting", "build", "demo-deelnemer", ""),
    "facilitator (setup)": ("pgkit.pages.facilitator", "build", "demo-begeleider", ""),
    "facilitator (running)": ("pgkit.pages.facilitator", "HostView", "demo-begeleider",
                              "meeting"),
    "projector": ("pgkit.pages.projector", "build", "demo-begeleider", "meeting"),
    "intervision chair": ("pgkit.pages.intervision_chair", "build", "demo-begeleider", ""),
    "intervision participant": ("pgkit.pages.intervision_participant", "build",
                                "demo-deelnemer", ""),
    "dashboard (coach)": ("pgkit.pages.dashboard", "build", "demo-coach", ""),
}

# Runs in a fresh interpreter with -X importtime. The markers on stderr split the
# import lines into: interpreter and probe start-up, the page module, the build.
PROBE = r"""
import gc, importlib, json, os, sys
def rss_mb():
    with open("/proc/self/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024
module_name, builder, login, extra, heavy = sys.argv[1:6]
print("--import--", file=sys.stderr, flush=True)
module = importlib.import_module(module_name)
gc.collect()
after_import = rss_mb()
print("--build--", file=sys.stderr, flush=True)
if builder:
    from pgkit.identity import current_user
    from pgkit.store import session_scope
    with session_scope() as s:
        user = current_user(s, login)
    if extra == "meeting":
        os.environ["QUERY_STRING"] = "bijeenkomst=" + os.environ["BENCH_MEETING"]
    if builder == "HostView":
        view = module.HostView(user, int(os.environ["BENCH_MEETING"]))
    elif extra and extra != "meeting":
        view = getattr(module, builder)(extra)(user)
    else:
        view = getattr(module, builder)(user)
elif module_name == "ipywidgets":
    view = module.IntSlider(description="vloer")
gc.collect()
built = rss_mb()
print(json.dumps({"import_mb": after_import, "built_mb": built,
                  "heavy": sorted({m.partition(".")[0] for m in sys.modules}
                                  & set(heavy.split(",")))}))
sys.stdout.flush()
os._exit(0)  # a view's refresh thread must not keep the probe alive
"""

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def parse_importtime(stderr: str) -> dict:
    """The page module's cumulative time, its top packages, and the build's imports."""
    phase, build_us, module_us = "", 0, 0
    top: Counter[str] = Counter()
    for line in stderr.splitlines():
        if line.startswith("--import--"):
            phase = "import"
        elif line.startswith("--build--"):
            phase = "build"
        elif (m := LINE.match(line)) and phase:
            own, cumulative, depth = int(m[1]), int(m[2]), len(m[3]) // 2
            if phase == "import":
                top[m[4].partition(".")[0]] += own
                if depth == 0:
                    module_us += cumulative
            elif depth == 0:
                build_us += cumulative
    return {"import_ms": module_us / 1000, "build_import_ms": build_us / 1000,
            "top": [(name, us / 1000) for name, us in top.most_common(5)]}


def probe(src: Path, view: str, env: dict[str, str]) -> dict | None:
    """One fresh interpreter's figures, or None when this tree has no such module."""
    module, builder, login, extra = VIEWS[view]
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PROBE, module, builder, login, extra,
         ",".join(HEAVY)],
        env={**env, "PYTHONPATH": str(src)}, cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False)
    missing = re.search(r"No module named '([\w.]+)'", run.stderr)
    if run.returncode and missing and module.startswith(missing[1]):
        return None
    if run.returncode:
        raise RuntimeError(f"{view} ({src}): {run.stderr[-2000:]}")
    return {**json.loads(run.stdout.splitlines()[-1]), **parse_importtime(run.stderr)}


def median_of(runs: list[dict | None]) -> dict | None:
    """Medians of the numbers; the top packages and heavy list of the median-time run."""
    samples = [s for s in runs if s is not None]
    if not samples:
        return None
    middle = sorted(samples, key=lambda s: s["import_ms"])[len(samples) // 2]
    return {**middle, **{k: statistics.median(s[k] for s in samples)
                         for k in ("import_ms", "build_import_ms", "import_mb", "built_mb")}}


def demo_store(folder: Path) -> tuple[str, int]:
    """A migrated demo store, and an open reflection meeting of the demo facilitator."""
    from pgkit import demo
    from pgkit.access import Purpose, cohorts_for
    from pgkit.identity import current_user
    from pgkit.live import meetings
    from pgkit.store import session_scope, upgrade
    from pgkit.store.models import MeetingKind

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    upgrade(url)
    with session_scope(url) as s:
        demo.load(s)
    with session_scope(url) as s:
        host = current_user(s, demo.DEMO_FACILITATOR)
        assert host is not None
        cohort = cohorts_for(s, host, Purpose.HOST, trainee_cohorts_only=True)[0]
        kind = MeetingKind.REFLECTION_1
        meeting = meetings.open_meeting(s, host, cohort.id, kind, method=kind.value,
                                        state={"screen": "poll"})
        return url, meeting.id


def unpack(rev: str, folder: Path) -> Path:
    """``src/`` of the package at git revision ``rev``."""
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def fmt_top(top: list) -> str:
    return ", ".join(f"{name} {ms:.0f}" for name, ms in top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="also measure the package at this git revision")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, meeting_id = demo_store(folder)
        env = {**os.environ, "PGKIT_DB": url, "PGKIT_HOME": str(ROOT),
               "BENCH_MEETING": str(meeting_id)}
        trees = {"after": ROOT / "src"}
        if args.before:
            (folder / "before").mkdir()
            trees = {"before": unpack(args.before, folder / "before"), **trees}
        load_start = loadavg()
        results: dict[str, dict[str, dict | None]] = {name: {} for name in trees}
        for view in VIEWS:
            samples: dict[str, list[dict | None]] = {name: [] for name in trees}
            for _ in range(args.runs):
                for name, src in trees.items():  # interleaved: both see the same load
                    samples[name].append(probe(src, view, env))
            for name in trees:
                results[name][view] = median_of(samples[name])
            now = results["after"][view]
            if now is None:
                raise RuntimeError(f"{view}: {VIEWS[view][0]} is missing")
            print(f"{view:26} import {now['import_ms']:6.0f} ms  build imports "
                  f"{now['build_import_ms']:5.0f} ms  RSS {now['import_mb']:5.1f} -> "
                  f"{now['built_mb']:5.1f} MB  heavy: {','.join(now['heavy']) or '-'}",
                  flush=True)
        load_end = loadavg()
    head = (f"{machine()}; load average (1, 5, 15 min) {load_start} at the start, "
            f"{load_end} at the end; median of {args.runs} fresh interpreters per view.")
    lines = [head, "",
             "| view | import (ms) | top 5 packages (own ms) | imports while building (ms) "
             "| RSS imported (MB) | RSS built, idle (MB) | heavy libraries after the build |",
             "|---|---:|---|---:|---:|---:|---|"]
    for view, r in results["after"].items():
        assert r is not None
        lines.append(f"| {view} | {r['import_ms']:.0f} | {fmt_top(r['top'])} | "
                     f"{r['build_import_ms']:.0f} | {r['import_mb']:.1f} | {r['built_mb']:.1f} "
                     f"| {', '.join(r['heavy']) or '-'} |")
    record("imports", "\n".join(lines))
    if args.before:
        lines = [f"Before = `{args.before}`, after = this tree; " + head, "",
                 "| view | import before → after (ms) | import + build before → after (ms) "
                 "| RSS built before → after (MB) | heavy libraries before → after |",
                 "|---|---:|---:|---:|---|"]
        for view in VIEWS:
            b, a = results["before"][view], results["after"][view]
            if b is None or a is None:  # a module the older tree does not have
                continue
            lines.append(
                f"| {view} | {b['import_ms']:.0f} → {a['import_ms']:.0f} | "
                f"{b['import_ms'] + b['build_import_ms']:.0f} → "
                f"{a['import_ms'] + a['build_import_ms']:.0f} | "
                f"{b['built_mb']:.1f} → {a['built_mb']:.1f} | "
                f"{', '.join(b['heavy']) or '-'} → {', '.join(a['heavy']) or '-'} |")
        record("imports-before-after", "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
