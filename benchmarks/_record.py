"""Write a benchmark's figures into its own section of benchmarks/README.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
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
