"""Every time a user reads, in Europe/Amsterdam: the one formatting helper.

The store keeps UTC (naive ``datetime`` columns mean UTC) and servers often run in UTC,
so ``datetime.now().strftime`` would show a time one or two hours off. Pages, exports
and summaries format times only through these functions. A day is written the way the
reader's language writes it (babel, the locale of ``messages.locale``): ``02-12-2026``
in Dutch, ``02/12/2026`` in British English.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")  # the kit serves Limburg

When = dt.datetime | float | int | None


def local(when: When = None) -> dt.datetime:
    """``when`` (now when None; a naive datetime or Unix seconds are UTC) in Amsterdam time."""
    if when is None:
        return dt.datetime.now(LOCAL)
    if isinstance(when, (int, float)):
        return dt.datetime.fromtimestamp(when, LOCAL)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(LOCAL)


def clock(when: When = None, *, seconds: bool = False) -> str:
    """``21:10`` (or ``21:10:05``)."""
    return local(when).strftime("%H:%M:%S" if seconds else "%H:%M")


def date(when: When | dt.date = None) -> str:
    """``02-12-2026``, the Dutch day-month-year (a plain ``date`` is taken as it is)."""
    from babel.dates import format_date

    from pgkit.messages import locale

    day = when if isinstance(when, dt.date) and not isinstance(when, dt.datetime) else local(when)
    return format_date(day, "short", locale=locale())


def long_date(day: dt.date) -> str:
    """``9 maart 2026``: a day in running text, with the month's name in the reader's
    language (a calendar day, so no time zone)."""
    from babel.dates import format_date

    from pgkit.messages import locale

    return format_date(day, "long", locale=locale())


def stamp(when: When = None, *, seconds: bool = False) -> str:
    """``02-12-2026 21:10`` (or ``02-12-2026 21:10:05``)."""
    return f"{date(when)} {clock(when, seconds=seconds)}"
