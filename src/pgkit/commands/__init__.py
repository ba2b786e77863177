"""One module per ``pgkit`` command group; each has ``register(subparsers)``.

A command's handler returns the exit status. Problems the user can fix are raised as
``UserError`` with a Dutch message and end with status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from pgkit.messages import t


class UserError(Exception):
    """A problem the user can fix; the message is already in Dutch."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=t("cli.db_url"))


def progress_bar(stream: TextIO = sys.stderr, width: int = 30) -> Callable[[str, int, int], None]:
    """``progress(step, done, total)`` drawing one line that redraws itself on a terminal.

    Off a terminal (a log, a pipe) it prints nothing: a log full of bars helps no one.
    """
    if not stream.isatty():
        return lambda _step, _done, _total: None

    def show(step: str, done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        stream.write(f"\r{'#' * filled}{'.' * (width - filled)} "
                     + t("import.progress", step=step, done=done, total=total) + "  ")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show
