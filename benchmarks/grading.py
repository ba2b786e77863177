"""Autograde 40 hand-ins with plain ``nbgrader autograde`` and with
``pgkit grade autograde --workers 2``, in the same run, and print the ratio.

    .venv/bin/python benchmarks/grading.py [--count 40] [--workers 2] [--sequential]

Both runs start from identical course folders (same SQLite gradebook layout, same 40
hand-ins: the good and the partly wrong fixture, alternating). Besides the wall times it
prints where the time goes: the cost of one kernel start, the mean time per hand-in, and
the time the parent spends merging worker results into the main gradebook.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURES = ROOT / "tests" / "files" / "grading" / "submissions"
ASSIGNMENT = "implementatieplan"


def make_course(root: Path, count: int) -> None:
    from pgkit.grading.course import setup_course
    from pgkit.grading.lifecycle import generate

    course = setup_course(root, timeout=30)
    generate(course, ASSIGNMENT)
    kinds = ["coach-goed", "coach-deels"]
    for i in range(count):
        src = FIXTURES / kinds[i % 2] / ASSIGNMENT
        dest = root / "submitted" / f"coach{i:03d}" / ASSIGNMENT
        shutil.copytree(src, dest)
        (dest / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")


def timed(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def kernel_start_seconds(n: int = 5) -> float:
    """Start and stop a python3 kernel n times: the fixed cost of every hand-in."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(n):
        start = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def graded_scores(root: Path) -> dict[str, float]:
    from pgkit.grading.course import Course

    with Course(root).gradebook() as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(ASSIGNMENT).submissions}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--sequential", action="store_true",
                   help="also time pgkit grade autograde --workers 1")
    p.add_argument("--record", action="store_true",
                   help="write the figures into benchmarks/README.md (section 'grading')")
    args = p.parse_args()

    from pgkit.grading.autograde import autograde
    from pgkit.grading.course import Course

    with tempfile.TemporaryDirectory(prefix="pgkit-bench-") as tmp:
        plain, par, seq = Path(tmp, "plain"), Path(tmp, "parallel"), Path(tmp, "sequential")
        for root in (plain, par, *([seq] if args.sequential else [])):
            make_course(root, args.count)
        print(f"cpus: {os.cpu_count()}, load average at start: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        kernel = kernel_start_seconds()
        loads = [os.getloadavg()[0]]
        t_plain = timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain)
        loads.append(os.getloadavg()[0])
        # in-process, so the report's per-hand-in and merge times are visible
        start = time.perf_counter()
        report = autograde(Course(par), ASSIGNMENT, workers=args.workers)
        t_par = time.perf_counter() - start
        loads.append(os.getloadavg()[0])
        t_seq = timed([str(BIN / "pgkit"), "grade", "autograde", ASSIGNMENT, "--course",
                       str(seq)], seq) if args.sequential else None
        same = graded_scores(plain) == graded_scores(par)
        per = statistics.mean(report.seconds.values())
        print(f"hand-ins: {args.count}, graded: {len(report.graded)}, "
              f"failed: {len(report.failed)}, same scores as nbgrader: {same}")
        print(f"kernel start+stop (median of 5): {kernel:.2f} s")
        print(f"plain nbgrader autograde:        {t_plain:.1f} s "
              f"({t_plain / args.count:.2f} s per hand-in)")
        if t_seq is not None:
            print(f"pgkit grade autograde -w 1:      {t_seq:.1f} s")
        print(f"pgkit grade autograde -w {args.workers}:      {t_par:.1f} s "
              f"(mean {per:.2f} s per hand-in inside a worker, "
              f"merge into main gradebook {report.merge_seconds:.2f} s in total)")
        print(f"ratio parallel / plain: {t_par / t_plain:.2f}")
        print("load average before plain, before parallel, after: "
              + " → ".join(f"{x:.1f}" for x in loads))
        if args.record:
            record(args, loads, kernel, t_plain, t_par, per, report.merge_seconds, same)


def record(args, loads, kernel, t_plain, t_par, per, merge, same) -> None:
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    from benchmarks._record import record as write

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    head = ["date (UTC)", "cores, load avg (plain → parallel → end)", "kernel start+stop",
            "plain nbgrader", f"pgkit -w {args.workers}", "ratio",
            "per hand-in in a worker", "merge (total)", "same scores"]
    row = [now, f"{os.cpu_count()}, " + " → ".join(f"{x:.0f}" for x in loads),
           f"{kernel:.2f} s", f"{t_plain:.1f} s", f"{t_par:.1f} s",
           f"**{t_par / t_plain:.2f}**", f"{per:.2f} s", f"{merge:.2f} s", str(same)]
    table = "\n".join("| " + " | ".join(r) + " |" for r in (head, ["---"] * len(head), row))
    write("grading", f"""
## Parallel autograde (`grading.py`)

{args.count} hand-ins of `implementatieplan` (good and partly wrong, alternating), autograded
from identical course folders. Baseline in the same run: plain `nbgrader autograde` (one
process, one hand-in at a time). Then `pgkit grade autograde --workers {args.workers}`.

    .venv/bin/python benchmarks/grading.py --record

{table}
""")


if __name__ == "__main__":
    main()
