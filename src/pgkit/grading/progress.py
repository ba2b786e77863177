"""A small text progress bar for long grading runs (one line, redrawn on a terminal)."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """``label [#####-----] 12/40 name``; on a pipe each step is printed on its own line."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None,
                 width: int = 24) -> None:
        self.total, self.label, self.width, self.done = total, label, width, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, note: str = "") -> None:
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label} [{bar}] {self.done}/{self.total} {note}".rstrip()
        if self.tty:
            self.stream.write("\r\x1b[2K" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
