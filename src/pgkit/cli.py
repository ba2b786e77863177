"""The ``pgkit`` command line: one module per command group in ``pgkit.commands``."""

from __future__ import annotations

import argparse
import importlib
import sys

from pgkit.commands import UserError
from pgkit.messages import t

# Command groups, in the order ``pgkit --help`` lists them.
COMMANDS = ("serve", "hub", "db", "demo", "cohort", "persoon", "grade", "elearning")


def _dutch_argparse() -> None:
    """argparse's own words (usage, options, errors) in the catalogue's language too."""
    from pgkit.messages import catalogue

    texts = {k.removeprefix("cli.argparse."): v for k, v in catalogue().items()
             if k.startswith("cli.argparse.")}
    argparse._ = lambda s: texts.get(s, s)  # type: ignore[attr-defined]


def parser() -> argparse.ArgumentParser:
    _dutch_argparse()
    p = argparse.ArgumentParser(prog="pgkit", description=t("cli.description"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"pgkit.commands.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
