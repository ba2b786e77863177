"""One module per ``pgkit`` command group; each has ``register(subparsers)``.

A command's handler returns the exit status. Problems the user can fix are raised as
``UserError`` with a Dutch message and end with status 1, never a traceback.
"""

from __future__ import annotations

import argparse

from pgkit.messages import t


class UserError(Exception):
    """A problem the user can fix; the message is already in Dutch."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=t("cli.db_url"))
