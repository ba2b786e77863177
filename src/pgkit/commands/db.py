"""pgkit db upgrade."""

from __future__ import annotations

import argparse

from pgkit.commands import add_db_option
from pgkit.messages import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help=t("cli.db_help"), description=t("cli.db_help"))
    dbsub = p.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    up = dbsub.add_parser("upgrade", help=t("cli.upgrade.help"), description=t("cli.upgrade.help"))
    add_db_option(up)
    up.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    from pgkit.store import resolve_url, upgrade

    upgrade(args.db)
    print(t("cli.upgrade.done", url=_hide_password(resolve_url(args.db))))
    return 0


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
