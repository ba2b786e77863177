"""The agenda timer: a pure state machine with an injectable clock.

Its state is a plain dict so the host page can keep it in ``meetings.state["timer"]``
and pick up where it was after a reload. Times are Unix seconds from ``clock``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]


@dataclass(frozen=True)
class Slot:
    """One agenda block as the timer sees it."""

    key: str
    title: str
    minutes: int


@dataclass(frozen=True)
class TimerStatus:
    index: int
    slot: Slot | None  # None when the agenda is finished
    running: bool
    elapsed: float  # seconds spent in the current block
    remaining: float  # seconds left in the current block; negative when over time
    overrun: bool
    finished: bool
    started: bool


@dataclass
class TimerState:
    index: int = 0
    running: bool = False
    since: float | None = None  # when the current run began
    banked: float = 0.0  # seconds of the current block before ``since``
    log: list[dict[str, Any]] = field(default_factory=list)  # real start/end per block

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "running": self.running, "since": self.since,
                "banked": self.banked, "log": [dict(e) for e in self.log]}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TimerState:
        data = data or {}
        return cls(int(data.get("index", 0)), bool(data.get("running", False)),
                   data.get("since"), float(data.get("banked", 0.0)),
                   [dict(e) for e in data.get("log", [])])


class AgendaTimer:
    """Start, pause, next block; reports time left and overrun for the current block."""

    def __init__(self, slots: Sequence[Slot], state: TimerState | dict | None = None,
                 clock: Clock = time.time) -> None:
        if not slots:
            raise ValueError("an agenda needs at least one block")
        self.slots = tuple(slots)
        self.state = state if isinstance(state, TimerState) else TimerState.from_dict(state)
        self.clock = clock

    @property
    def finished(self) -> bool:
        return self.state.index >= len(self.slots)

    def _entry(self) -> dict[str, Any] | None:
        for entry in self.state.log:
            if entry["index"] == self.state.index:
                return entry
        return None

    def elapsed(self) -> float:
        s = self.state
        running = self.clock() - s.since if s.running and s.since is not None else 0.0
        return s.banked + max(0.0, running)

    def start(self) -> None:
        """Start or resume the current block."""
        if self.finished or self.state.running:
            return
        now = self.clock()
        self.state.running, self.state.since = True, now
        if self._entry() is None:
            slot = self.slots[self.state.index]
            self.state.log.append({"index": self.state.index, "key": slot.key,
                                   "planned": slot.minutes, "start": now, "end": None,
                                   "used": None})

    def pause(self) -> None:
        if not self.state.running:
            return
        self.state.banked = self.elapsed()
        self.state.running, self.state.since = False, None

    def next_block(self) -> None:
        """Close the current block; the next one starts at once if the clock was running."""
        if self.finished:
            return
        was_running = self.state.running
        used = self.elapsed()
        entry = self._entry()
        if entry is not None:
            entry["end"] = self.clock()
            entry["used"] = round(used)
        self.state.index += 1
        self.state.banked, self.state.running, self.state.since = 0.0, False, None
        if not self.finished and was_running:
            self.start()

    def status(self) -> TimerStatus:
        if self.finished:
            return TimerStatus(self.state.index, None, False, 0.0, 0.0, False, True,
                               bool(self.state.log))
        slot = self.slots[self.state.index]
        elapsed = self.elapsed()
        remaining = slot.minutes * 60 - elapsed
        return TimerStatus(self.state.index, slot, self.state.running, elapsed, remaining,
                           remaining < 0, False, bool(self.state.log))

    def planned_total(self) -> int:
        return sum(s.minutes for s in self.slots)


def halt(state: TimerState | dict | None, clock: Clock = time.time) -> dict[str, Any]:
    """The timer stopped for good (the meeting closed): paused, the current block logged.

    Works without the agenda, so closing a meeting needs no runbook. A block that never
    started stays out of the log, as it was.
    """
    s = state if isinstance(state, TimerState) else TimerState.from_dict(state)
    now = clock()
    if s.running and s.since is not None:
        s.banked += max(0.0, now - s.since)
    s.running, s.since = False, None
    for entry in s.log:
        if entry["index"] == s.index and entry.get("end") is None:
            entry["end"], entry["used"] = now, round(s.banked)
    return s.to_dict()


def clock_text(seconds: float) -> str:
    """``12:05`` or ``-3:10`` (minutes:seconds); negative means over time."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0 if seconds < 0 else 0.999))
    return f"{sign}{whole // 60}:{whole % 60:02d}"
