"""pgkit persoon export|wis: a person's AVG rights, for the coordinator or operator.

Whoever can open the store can read it anyway (see ``pgkit cohort``), so the command line
runs with coordinator rights. Erasing asks to type the login, unless ``--ja`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pgkit.commands import UserError, add_db_option
from pgkit.messages import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("persoon", help=t("persoon.cli.help"), description=t("persoon.cli.help"))
    psub = p.add_subparsers(dest="persoon_command", required=True, metavar="COMMAND")
    exp = psub.add_parser("export", help=t("persoon.cli.export_help"),
                          description=t("persoon.cli.export_help"))
    exp.add_argument("who", metavar="LOGIN_OF_EMAIL", help=t("persoon.cli.who"))
    exp.add_argument("--uit", dest="out", type=Path, required=True, metavar="FILE",
                     help=t("persoon.cli.out"))
    add_db_option(exp)
    exp.set_defaults(handler=run_export)
    wis = psub.add_parser("wis", help=t("persoon.cli.erase_help"),
                          description=t("persoon.cli.erase_help"))
    wis.add_argument("who", metavar="LOGIN_OF_EMAIL", help=t("persoon.cli.who"))
    wis.add_argument("--ja", dest="yes", action="store_true", help=t("persoon.cli.confirm_flag"))
    add_db_option(wis)
    wis.set_defaults(handler=run_erase)


def _find(session, who: str):
    from pgkit.person_data import find_person

    try:
        return find_person(session, who)
    except LookupError as exc:
        raise UserError(str(exc)) from None


def run_export(args: argparse.Namespace) -> int:
    from pgkit import person_data
    from pgkit.store import session_scope, upgrade

    out: Path = args.out
    if out.exists():
        raise UserError(t("persoon.cli.out_exists", file=out))
    if not out.parent.is_dir():
        raise UserError(t("persoon.cli.out_dir", file=out))
    upgrade(args.db)
    with session_scope(args.db) as session:
        person = _find(session, args.who)
        data = person_data.export_zip(session, person)
        rows, login = person_data.row_count(session, person), person.pseudonym
    files = sum(1 for r in person_data.RULES if r.file)
    # Never overwrite (it may be someone else's export) and readable by the owner only
    # from the first byte: it holds health-related data.
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    print(t("persoon.cli.exported", login=login, file=out, rows=rows, files=files))
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from pgkit import person_data
    from pgkit.store import session_scope, upgrade

    upgrade(args.db)
    with session_scope(args.db) as session:
        person = _find(session, args.who)
        login, name = person.pseudonym, person.display_name
        rows = person_data.row_count(session, person)
        graded = bool(person_data.collect(session, person)["opdrachtcijfers"])
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(t("persoon.cli.no_tty"))
        typed = input(t("persoon.cli.confirm", name=name, login=login, rows=rows))
        if typed.strip() != login:
            print(t("persoon.cli.cancelled"))
            return 1
    with session_scope(args.db) as session:
        # Looked up again: the person may have changed between the question and the answer.
        n = person_data.erase(session, _find(session, login))
    print(t("persoon.cli.erased", login=login, rows=n))
    if graded:
        print(t("persoon.cli.gradebook", login=login))
    return 0
