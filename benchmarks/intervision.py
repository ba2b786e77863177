"""Intervision: the store work of one page refresh, which every open page does every 1.5 s.

A group of 8 (host + 7 seats) during case intake with 7 cases and votes, on a SQLite
store holding the 200-trainee demo. Measured: one participant refresh
(``meeting.seat_view`` + ``cases.intake_for_seat``) and one chair
refresh (meeting, timer, roles, participants, cases with names, ratings). Baseline from
the same run: a ``SELECT 1`` round trip in a fresh session on the same store.

    .venv/bin/python benchmarks/intervision.py --trials 50
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._record import fmt, record, timed
from pgkit import demo
from pgkit.identity import User
from pgkit.intervision import cases, closing, meeting
from pgkit.live import meetings as live
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Enrolment, Role


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kit.sqlite"
        upgrade(url)
        with session_scope(url) as s:
            demo.load(s)
            coach = people.person_by_pseudonym(s, "demo-coach")
            host = User(coach.id, coach.pseudonym, coach.display_name, frozenset({Role.COACH}))
            cohort_id = meeting.cohorts_for(s, host)[0].id
            m, _ = meeting.open_intervision(s, host, cohort_id, "vijfstappenmethode", 1)
            members = s.scalars(Enrolment.__table__.select().with_only_columns(
                Enrolment.person_id).where(Enrolment.cohort_id == cohort_id).limit(7)).all()
            tokens = [live.join(s, m.join_code, pid, f"Lid {i}").token
                      for i, pid in enumerate(members)]
            ids = [cases.submit_case(s, tok, f"Casus {i}", "Een korte beschrijving.", i % 2 == 0).id
                   for i, tok in enumerate(tokens)]
            for i, tok in enumerate(tokens):
                cases.vote(s, tok, ids[i % 3])
            mid = m.id

        def baseline() -> None:
            with session_scope(url) as s:
                s.execute(text("SELECT 1"))

        def participant() -> None:
            with session_scope(url) as s:
                meeting.seat_view(s, tokens[0])
                cases.intake_for_seat(s, tokens[0])

        def chair() -> None:
            with session_scope(url) as s:
                mt = meeting.host_meeting(s, mid, host)
                meeting.timer_of(mt).status()
                meeting.roles_of(mt)
                live.participants(s, mid, host)
                cases.cases_for_host(s, mid, host)
                cases.chosen_case(s, mid)
                closing.rating_summary(s, mid, host)

        for fn in (baseline, participant, chair):  # warm caches and connections
            fn()
        base, seat, host_ms = (timed(fn, args.trials) for fn in (baseline, participant, chair))
    load = os.getloadavg()[0]
    now = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    row = (f"| {now} | {load:.1f} | {fmt(base)} | {fmt(seat)} | {fmt(host_ms)} | "
           f"{args.trials} |")
    print(row)
    record("intervision", f"""## Intervision refresh (`intervision.py`)

The store work of one refresh of the intervision pages (every open page refreshes every
1.5 s): a group of 8 in the case-intake step with 7 cases and votes, on a SQLite store
holding the 200-trainee demo. In-process, no browser. Baseline: a `SELECT 1` round trip
in a fresh session on the same store.

    .venv/bin/python benchmarks/intervision.py --trials 50

| date (UTC) | load average | SELECT 1 | participant refresh | chair refresh | n |
|---|---|---|---|---|---|
{row}

Reading: with 8 pages open the store does 8 such refreshes per 1.5 s.""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
