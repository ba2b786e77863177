"""pgkit serve."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pgkit.commands import add_db_option
from pgkit.messages import t

DEFAULT_PORT = 8866
# Visitor kernels alive at once (PGKIT_MAX_KERNELS): a kernel with an open page costs
# 130-215 MiB (benchmarks/README.md, "Hub load"), so 40 fit an 8 GiB node with room for the
# server and the preheated pool, and hold a room of 24 phones with their facilitators.
DEFAULT_MAX_KERNELS = 40


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help=t("cli.serve.help"), description=t("cli.serve.help"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("cli.serve.port"))
    add_db_option(p)
    p.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--demo", action="store_true", default=None, help=argparse.SUPPRESS)
    p.add_argument("--hub", action="store_true", help=t("cli.serve.hub"))
    p.add_argument("--max-kernels", type=int, default=None, metavar="N",
                   help=t("cli.serve.max_kernels", n=DEFAULT_MAX_KERNELS))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pgkit.app import serve

    root = (args.root or Path(os.environ.get("PGKIT_HOME") or Path.cwd())).resolve()
    serve(root, port=args.port, db_url=args.db, demo=args.demo, hub=args.hub,
          max_kernels=args.max_kernels)
    return 0
