"""pgkit demo."""

from __future__ import annotations

import argparse

from pgkit.commands import UserError, add_db_option
from pgkit.messages import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help=t("cli.demo.help"), description=t("cli.demo.help"))
    p.add_argument("--trainees", type=int, default=200, help=t("cli.demo.trainees"))
    p.add_argument("--cohorts", type=int, default=10, help=t("cli.demo.cohorts"))
    p.add_argument("--seed", type=int, default=2026, help=t("cli.demo.seed"))
    p.add_argument("--if-empty", action="store_true", help=t("cli.demo.if_empty"))
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pgkit import demo
    from pgkit.store import session_scope, upgrade
    from pgkit.store.people import store_is_empty

    if args.trainees < 1 or args.cohorts < 1 or args.cohorts > args.trainees:
        raise UserError(t("cli.demo.bad_numbers"))
    upgrade(args.db)
    with session_scope(args.db) as session:
        if not store_is_empty(session):
            if args.if_empty:
                print(t("cli.demo.kept"))
                return 0
            raise UserError(t("cli.demo.not_empty"))
        summary = demo.load(session, args.trainees, args.cohorts, args.seed)
    print(t("cli.demo.done", trainees=summary.trainees, cohorts=summary.cohorts,
            coaches=summary.coaches, facilitators=summary.facilitators))
    return 0
