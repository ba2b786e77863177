"""Write a benchmark's figures into its own section of benchmarks/README.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).with_name("README.md")


def machine() -> str:
    return (f"{platform.node() or 'machine'}: {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {dt.date.today().isoformat()}")


def record(section: str, markdown: str) -> None:
    """Replace the text between ``<!-- section -->`` and ``<!-- /section -->``."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"<!-- {section} -->\n{markdown.strip()}\n<!-- /{section} -->"
    pattern = re.compile(rf"<!-- {re.escape(section)} -->.*?<!-- /{re.escape(section)} -->",
                         re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else \
        text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def timed(fn: Callable[[], object], trials: int) -> list[float]:
    """Milliseconds per call of ``fn``, ``trials`` times."""
    out = []
    for _ in range(trials):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def fmt(ms: list[float]) -> str:
    """Median with the quartiles, as the benchmark tables show it."""
    q = statistics.quantiles(ms, n=4)
    return f"{statistics.median(ms):.1f} ms ({q[0]:.1f}–{q[2]:.1f})"
