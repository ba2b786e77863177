"""Cohort import of a big file: time taken, and how long another writer has to wait.

A red team's 92k-row import had not finished after 10 minutes and kept other writers
out of the SQLite store. This script generates a file of N trainees, imports it into a
fresh SQLite store, and meanwhile lets a second connection write one row every 100 ms
(with a 60 s busy timeout), recording the longest wait of those writes.

Baseline in the same run: the import as it was before the two-phase rewrite (read from
git at ``--baseline-rev``) on a smaller file, because on the full file it runs for many
minutes; and the floor: one bulk ``executemany`` of the same people rows, no checks.

    .venv/bin/python benchmarks/cohort_import.py --rows 92000 --baseline-rows 3000
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._record import record
from pgkit.store import session_scope, upgrade

ROOT = Path(__file__).resolve().parents[1]


def make_file(folder: Path, n: int) -> Path:
    path = folder / f"deelnemers-{n}.csv"
    lines = ["naam;email;organisatie;regio"]
    lines += [f"Deelnemer {i};deelnemer{i}@voorbeeld.nl;Organisatie {i % 300};Zuid"
              for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Writer(threading.Thread):
    """Another writer: one small INSERT every 100 ms; keeps its longest wait."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.conn = sqlite3.connect(db, timeout=60, check_same_thread=False)
        self.conn.execute("CREATE TABLE IF NOT EXISTS bench_writer (at REAL)")
        self.conn.commit()
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.gave_up = 0

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                self.conn.execute("INSERT INTO bench_writer VALUES (?)", (start,))
                self.conn.commit()
            except sqlite3.OperationalError:  # "database is locked" after the busy timeout
                self.gave_up += 1
            self.waits.append(time.perf_counter() - start)
            self.stop.wait(0.1)

    def finish(self) -> str:
        self.stop.set()
        self.join()
        self.conn.close()
        text = f"{max(self.waits, default=0.0):.1f} s"
        if self.gave_up:
            text += f", {self.gave_up}× locked out (gave up after 60 s)"
        return text


def old_module(rev: str):
    source = subprocess.run(["git", "show", f"{rev}:src/pgkit/cohort_import.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("old_cohort_import")
    sys.modules[module.__name__] = module  # dataclasses look their module up there
    exec(compile(source, "old_cohort_import.py", "exec"), module.__dict__)
    return module


def run(import_fn, path: Path, folder: Path, label: str) -> tuple[float, str]:
    db = folder / f"{label}.sqlite"
    url = f"sqlite:///{db}"
    upgrade(url)
    writer = Writer(db)
    writer.start()
    start = time.perf_counter()
    with session_scope(url) as s:
        import_fn(s, path, "Benchmark")
    took = time.perf_counter() - start
    return took, writer.finish()


def floor(path: Path, folder: Path) -> float:
    """Only the people rows, one executemany: what any import must at least spend."""
    db = folder / "floor.sqlite"
    upgrade(f"sqlite:///{db}")
    rows = [line.split(";") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    conn = sqlite3.connect(db)
    start = time.perf_counter()
    conn.executemany("INSERT INTO people (pseudonym, display_name, email, is_demo, created_at)"
                     " VALUES (?, ?, ?, 0, '2026-01-01')",
                     [(f"p{i}", r[0], r[1]) for i, r in enumerate(rows)])
    conn.commit()
    took = time.perf_counter() - start
    conn.close()
    return took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=92_000)
    ap.add_argument("--baseline-rows", type=int, default=5_000)
    ap.add_argument("--baseline-rev", default="e94422b",
                    help="a commit with the import before the two-phase rewrite")
    args = ap.parse_args()
    from pgkit.cohort_import import import_cohort

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = make_file(folder, args.baseline_rows), make_file(folder, args.rows)
        load = os.getloadavg()[0]
        old = old_module(args.baseline_rev).import_cohort
        old_s, old_wait = run(old, small, folder, "old-small")
        new_s, new_s_wait = run(import_cohort, small, folder, "new-small")
        new_b, new_b_wait = run(import_cohort, big, folder, "new-big")
        floor_b = floor(big, folder)
        load_after = os.getloadavg()[0]
    per_row_old = old_s / args.baseline_rows
    line = (f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {load:.1f} → "
            f"{load_after:.1f} | old, {args.baseline_rows:,} rows: {old_s:.1f} s, writer "
            f"waited up to {old_wait} (≈ {per_row_old * args.rows / 60:.0f} min for "
            f"{args.rows:,}) | new, {args.baseline_rows:,} rows: {new_s:.2f} s, writer "
            f"waited up to {new_s_wait} | new, {args.rows:,} rows: {new_b:.1f} s, writer waited up "
            f"to {new_b_wait} | floor (people executemany), {args.rows:,} rows: "
            f"{floor_b:.2f} s |")
    print(line)
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = "<!-- cohort_import -->"
    rows = []
    if marker in text:
        block = text.split(marker, 1)[1].split("<!-- /cohort_import -->", 1)[0]
        rows = [r for r in block.splitlines() if r.startswith("| 20")]
    record("cohort_import", HEADER + "\n".join([*rows, line]) + "\n")
    return 0


HEADER = """## Cohort import (`cohort_import.py`)

A generated file of N trainees (`;`-separated, 300 organisations) imported into a fresh
SQLite store, while a second connection writes one row every 100 ms (busy timeout 60 s);
"writer waited" is the longest of those writes. Baseline in the same run: the import
before the two-phase rewrite (`--baseline-rev`) on a smaller file (it runs for minutes
on the full one; the minutes shown are its per-row cost times N) and the floor, one
`executemany` of the people rows alone.

    .venv/bin/python benchmarks/cohort_import.py --rows 92000 --baseline-rows 3000

| date (UTC) | load average (start → end) | before | after, small | after, full | floor |
|---|---|---|---|---|---|
"""


if __name__ == "__main__":
    sys.exit(main())
