"""Every time a user reads is Amsterdam time, through one helper."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pgkit import localtime

SRC = Path(__file__).resolve().parents[1] / "src" / "pgkit"


def test_utc_from_the_store_shows_as_amsterdam_time():
    summer = dt.datetime(2026, 7, 1, 19, 10)  # naive = UTC, as the store keeps it
    winter = dt.datetime(2026, 12, 2, 20, 10, tzinfo=dt.UTC)
    assert localtime.clock(summer) == "21:10"
    assert localtime.clock(winter) == "21:10"
    assert localtime.stamp(summer) == "01-07-2026 21:10"
    assert localtime.date(winter.timestamp()) == "02-12-2026"


def test_no_module_formats_a_clock_time_itself():
    """A strftime with hours or a bare now() elsewhere would show the server's zone."""
    clock_format = re.compile(r"%H|datetime\.now\(\)")
    offenders = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
                 if p.name != "localtime.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if clock_format.search(line) and "localtime." not in line]
    assert offenders == []
