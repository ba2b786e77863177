"""Benchmark the coach dashboard: SQL aggregation vs a naive load-everything baseline.

    .venv/bin/python benchmarks/dashboard.py [--db URL] [--trainees 10000 --cohorts 50]
                                            [--repeat 5] [--no-render] [--port 8961]

Without ``--db`` a store is made with ``pgkit demo``. Prints the median of ``--repeat``
runs for: the coordinator's overview of all cohorts, one cohort (the largest), and the
same figures from a naive baseline that reads whole tables into pandas. With a browser
available it also times the dashboard page's first render (coach and coordinator).
Record the printed figures in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from pgkit import cohort as C
from pgkit.curriculum import DEFAULT_INTERVISION_MEETINGS, UNIT_KEYS
from pgkit.store import connect, session_scope, upgrade

ROOT = Path(__file__).resolve().parents[1]


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def naive_overview(url: str, now: dt.datetime, cohort_id: int | None = None) -> pd.DataFrame:
    """What a first version would do: read whole tables, aggregate in pandas."""
    engine = connect(url)
    with engine.connect() as conn:
        def table(name: str) -> pd.DataFrame:
            return pd.read_sql(text(f"SELECT * FROM {name}"), conn)

        enr, cohorts, events = table("enrolments"), table("cohorts"), table("progress_events")
        quiz, att, meetings = table("quiz_attempts"), table("attendance"), table("meetings")
    if cohort_id is not None:
        enr = enr[enr.cohort_id == cohort_id]
    for frame, col in ((enr, "enrolled_at"), (events, "created_at"), (meetings, "opened_at")):
        frame[col] = pd.to_datetime(frame[col])
    done = (events[(events.kind == "completed") & events.unit.isin(UNIT_KEYS)]
            .groupby(["person_id", "unit"]).created_at.min().groupby("person_id").count()
            .rename("units"))
    last = events.groupby("person_id").created_at.max().rename("last_event")
    best = (quiz[quiz.score.notna()].groupby(["person_id", "unit"]).score.max()
            .groupby("person_id").mean().rename("quiz"))
    a = att[att.attended.astype(bool)].merge(meetings, left_on="meeting_id", right_on="id")
    per = a.pivot_table(index=["cohort_id", "person_id"], columns="kind", values="meeting_id",
                        aggfunc="count", fill_value=0)
    per["last_meeting"] = a.groupby(["cohort_id", "person_id"]).opened_at.max()
    rows = (enr.merge(done, left_on="person_id", right_index=True, how="left")
            .merge(last, left_on="person_id", right_index=True, how="left")
            .merge(best, left_on="person_id", right_index=True, how="left")
            .merge(per, left_on=["cohort_id", "person_id"], right_index=True, how="left"))
    for kind in ("reflectie1", "reflectie2", "intervisie"):
        rows[kind] = rows[kind].fillna(0) if kind in rows else 0
    rows["units"] = rows.units.fillna(0)
    active = rows[["last_event", "last_meeting"]].max(axis=1).fillna(rows.enrolled_at)
    rows["stalled"] = ((now - active).dt.days >= C.STALLED_DAYS) & (
        rows.intervisie < DEFAULT_INTERVISION_MEETINGS)  # demo cohorts: the default
    rows["elearning"] = rows.units >= len(UNIT_KEYS)
    out = rows.groupby("cohort_id").agg(
        size=("person_id", "count"), elearning=("elearning", "sum"),
        m1=("reflectie1", lambda s: (s > 0).sum()), m2=("reflectie2", lambda s: (s > 0).sum()),
        iv=("intervisie", lambda s: (s > 0).sum()), stalled=("stalled", "sum"))
    return out.join(cohorts.set_index("id").name)


def make_store(trainees: int, cohorts: int) -> str:
    path = Path(tempfile.mkdtemp(prefix="pgkit-bench-")) / "kit.sqlite"
    url = f"sqlite:///{path}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pgkit.cli", "demo", "--db", url, "--trainees",
                    str(trainees), "--cohorts", str(cohorts)], check=True)
    print(f"demo store: {trainees} trainees, {cohorts} cohorts in "
          f"{time.perf_counter() - start:.1f} s -> {path}")
    return url


def render_times(url: str, port: int) -> dict[str, float]:
    """Seconds from navigation to the first dashboard table, per demo persona."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser import harness

    work = Path(tempfile.mkdtemp(prefix="pgkit-bench-serve-"))
    env = {**os.environ, "PGKIT_HOME": str(ROOT), "PGKIT_DB": url,
           "PGKIT_SECRET_FILE": str(work / "secret")}
    log = (work / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "pgkit.cli", "serve", "--port", str(port),
                               "--db", url, "--root", str(ROOT), "--demo"], env=env, stdout=log,
                              stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, float] = {}
    try:
        import urllib.request

        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/pgkit/status", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for role in ("coach", "coordinator"):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(300_000)
                page.set_default_navigation_timeout(300_000)
                harness.persona_cookie(page, base, role)
                start = time.perf_counter()
                page.goto(f"{base}/voila/render/notebooks/dashboard.ipynb",
                          wait_until="commit")
                page.wait_for_selector(".pgkit-dash-table")
                out[role] = time.perf_counter() - start
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def build_times(url: str, repeat: int) -> dict[str, float]:
    """The page's own share of a render: building every widget, without Voila and kernel."""
    os.environ["PGKIT_DB"] = url
    connect.cache_clear()
    from pgkit.identity import current_user
    from pgkit.pages import dashboard

    out = {}
    for role, pseudonym in (("coach", "demo-coach"), ("coordinator", "demo-coordinator")):
        with session_scope(url) as s:
            user = current_user(s, pseudonym)
        out[role], _ = timed(lambda u=user: dashboard.build(u), repeat)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--trainees", type=int, default=10000)
    ap.add_argument("--cohorts", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-render", action="store_true")
    ap.add_argument("--port", type=int, default=8961)
    args = ap.parse_args()
    url = args.db or make_store(args.trainees, args.cohorts)
    upgrade(url)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with session_scope(url) as s:
        counts = {t: s.scalar(text(f"SELECT count(*) FROM {t}")) for t in (
            "enrolments", "cohorts", "progress_events", "quiz_attempts", "attendance")}
        print("store:", ", ".join(f"{k} {v}" for k, v in counts.items()))
        cohorts = C.list_cohorts(s)
        biggest, size = max(cohorts, key=lambda cn: cn[1])
        overview_s, overview = timed(lambda: C.cohort_overview(s, C.OPERATOR, now=now),
                                     args.repeat)
        one_s, rows = timed(lambda: C.progress(s, biggest, now=now), args.repeat)
    naive_all_s, naive = timed(lambda: naive_overview(url, now), args.repeat)
    naive_one_s, _ = timed(lambda: naive_overview(url, now, biggest.id), args.repeat)
    # Both ways must give the same figures, or the comparison means nothing.
    by_name = naive.set_index("name")
    mismatches = [o.cohort for o in overview if o.grootte and (
        int(by_name.loc[o.cohort, "size"]), int(by_name.loc[o.cohort, "elearning"]),
        int(by_name.loc[o.cohort, "m1"]), int(by_name.loc[o.cohort, "m2"]),
        int(by_name.loc[o.cohort, "iv"]), int(by_name.loc[o.cohort, "stalled"]))
        != (o.grootte, *o.steps[1:], o.vastgelopen)]
    print(f"figures agree with the baseline: {mismatches or 'yes'}")
    print(f"coordinator overview, {len(overview)} cohorts: {overview_s * 1000:8.1f} ms"
          f"   naive {naive_all_s * 1000:8.1f} ms   ratio {naive_all_s / overview_s:5.1f}x")
    print(f"one cohort ({biggest.name}, {size} trainees):  {one_s * 1000:8.1f} ms"
          f"   naive {naive_one_s * 1000:8.1f} ms   ratio {naive_one_s / one_s:5.1f}x")
    assert len(rows) == size
    for role, seconds in build_times(url, args.repeat).items():
        print(f"dashboard page build in process as {role}: {seconds * 1000:8.1f} ms")
    if not args.no_render:
        for role, seconds in render_times(url, args.port).items():
            print(f"dashboard first render as {role}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
