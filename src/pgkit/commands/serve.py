"""pgkit serve."""

from __future__ import annotations

import argparse
from pathlib import Path

from pgkit import config
from pgkit.messages import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help=t("cli.serve.help"), description=t("cli.serve.help"))
    # Every setting (--port, --db, --max-kernels, --KitConfig.*) comes from pgkit.config.
    config.add_arguments(p)
    # The folder Voila serves, when it is not the kit's own folder (tests only).
    p.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--demo", action="store_true", default=None, help=argparse.SUPPRESS)
    p.add_argument("--hub", action="store_true", help=t("cli.serve.hub"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Checked in full before anything starts, even Voila's import (pgkit.config).
    settings = config.load(cli=args.kit_settings, file=args.config)
    from pgkit.app import serve

    serve(settings, root=args.root, demo=args.demo, hub=args.hub)
    return 0
