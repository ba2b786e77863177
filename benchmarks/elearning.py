"""E-learning: loading and validating the seven content files, and the store work behind
one "Controleer" click (store 5 answers, score the attempt, recompute the overview).

Baselines from the same run: plain ``yaml.safe_load`` of the same files (no validation),
and a trivial ``SELECT 1`` round trip on the same SQLite store.

    .venv/bin/python benchmarks/elearning.py --trials 30
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._record import fmt, record, timed
from pgkit import demo
from pgkit import elearning as el
from pgkit.content import _LOADER, load_all
from pgkit.store import people, session_scope, upgrade

CONTENT = Path(__file__).resolve().parents[1] / "modules" / "content"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=30)
    args = ap.parse_args()
    files = sorted(CONTENT.glob("*.yaml"))
    slow = timed(lambda: [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files],
                 args.trials)
    raw = timed(lambda: [yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER)
                         for f in files], args.trials)
    loaded = timed(lambda: load_all(CONTENT), args.trials)
    units = load_all(CONTENT)
    unit = units["eenheid1"]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        upgrade(url)
        with session_scope(url) as s:
            demo.load(s)  # 200 trainees, as in the demo
            pid = people.ensure_person(s, "bench-1", "Bench").id

        def ping() -> None:
            with session_scope(url) as s:
                s.execute(text("SELECT 1"))

        def check_click() -> None:
            with session_scope(url) as s:
                attempt = el.start_attempt(s, pid, unit.unit)
                for q in unit.questions:
                    answer = q.correct_answer()[0] if q.kind == "single" else q.correct_answer()
                    el.record_answer(s, attempt, q.id, answer, True)
                el.finish_attempt(s, attempt, unit)
            with session_scope(url) as s:
                el.overview(s, pid)

        base = timed(ping, args.trials)
        click = timed(check_click, args.trials)
    load = os.getloadavg()[0]
    lines = [
        "## E-learning (`elearning.py`)",
        "",
        "Validating all seven unit files with pydantic, against plain YAML parsing of the same",
        "files (libyaml's C safe loader, which `pgkit.content` uses; the pure-Python",
        "`yaml.safe_load` is shown too); and the store work behind one \"Controleer\" click",
        "(5 answers upserted, the attempt scored, the overview recomputed) on a SQLite store",
        "holding the 200-trainee demo, against a `SELECT 1` round trip on the same store.",
        "In-process, no browser.",
        "",
        f"    .venv/bin/python benchmarks/elearning.py --trials {args.trials}",
        "",
        "| date (UTC) | load average | pure-Python YAML | C YAML | C YAML + validation "
        "| SELECT 1 | check click | n |",
        "|---|---|---|---|---|---|---|---|",
        f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {load:.1f} | {fmt(slow)} | "
        f"{fmt(raw)} | "
        f"{fmt(loaded)} | {fmt(base)} | {fmt(click)} | {args.trials} |",
    ]
    print("\n".join(lines))
    record("elearning", "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
