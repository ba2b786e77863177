"""pgkit cohort import|list|progress."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from pgkit.commands import UserError, add_db_option
from pgkit.messages import t
from pgkit.regions import parse_region


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cohort", help=t("cli.cohort.help"), description=t("cli.cohort.help"))
    csub = p.add_subparsers(dest="cohort_command", required=True, metavar="COMMAND")
    imp = csub.add_parser("import", help=t("cli.cohort.import_help"),
                          description=t("cli.cohort.import_help"))
    imp.add_argument("file", type=Path, metavar="FILE", help=t("cli.cohort.file"))
    imp.add_argument("--cohort", required=True, metavar="NAME", help=t("cli.cohort.name"))
    imp.add_argument("--region", metavar="R", help=t("cli.cohort.region"))
    add_db_option(imp)
    imp.set_defaults(handler=run_import)
    lst = csub.add_parser("list", help=t("cli.cohort.list_help"),
                          description=t("cli.cohort.list_help"))
    add_db_option(lst)
    lst.set_defaults(handler=run_list)
    prog = csub.add_parser("progress", help=t("cli.cohort.progress_help"),
                           description=t("cli.cohort.progress_help"))
    prog.add_argument("name", metavar="NAME", help=t("cli.cohort.name"))
    prog.add_argument("--format", choices=("table", "csv", "json"), default="table",
                      help=t("cli.cohort.format"))
    prog.add_argument("--stil-dagen", dest="stale_days", type=int, default=None, metavar="N",
                      help=t("dashboard.cli_stale_days"))
    add_db_option(prog)
    prog.set_defaults(handler=run_progress)


def run_import(args: argparse.Namespace) -> int:
    from pgkit.cohort_import import CohortImportError, import_cohort
    from pgkit.store import session_scope, upgrade

    region = None
    if args.region:
        region = parse_region(args.region)
        if region is None:
            raise UserError(t("import.line", file=args.file, line=0, field="--region",
                              message=t("import.bad_region", value=args.region)))
    upgrade(args.db)
    try:
        with session_scope(args.db) as session:
            count = import_cohort(session, args.file, args.cohort, region)
    except CohortImportError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UserError(t("cli.cohort.import_failed", count=len(exc.problems))) from None
    print(t("cli.cohort.imported", count=count, cohort=args.cohort))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from pgkit.cohort import list_cohorts
    from pgkit.store import session_scope, upgrade

    upgrade(args.db)
    with session_scope(args.db) as session:
        rows = list_cohorts(session)
    if not rows:
        print(t("cli.cohort.none"))
    for cohort, size in rows:
        print(f"{cohort.name}\t{cohort.region.value}\t{size}")
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from pgkit.cohort import STALLED_DAYS, TraineeProgress, progress
    from pgkit.store import session_scope, upgrade
    from pgkit.store.people import cohort_by_name

    stale_days = STALLED_DAYS if args.stale_days is None else args.stale_days
    if stale_days < 1:
        raise UserError(t("dashboard.bad_stale_days", value=stale_days))
    upgrade(args.db)
    with session_scope(args.db) as session:
        cohort = cohort_by_name(session, args.name)
        if cohort is None:
            raise UserError(t("cli.cohort.unknown", name=args.name))
        rows = [r.as_dict() for r in progress(session, cohort, stale_days=stale_days)]
        columns = TraineeProgress.columns(coach_track=cohort.is_coach_track)
    sys.stdout.write(render(rows, columns, args.format))
    return 0


def render(rows: list[dict], columns: list[str], fmt: str) -> str:
    """The dashboard's columns, headers and cell format (``pgkit.cohort.cell``)."""
    from pgkit.cohort import cell, column_label

    if fmt == "json":
        return json.dumps([{c: r[c] for c in columns} for r in rows], ensure_ascii=False,
                          default=str, indent=1) + "\n"
    headers = [column_label(c) for c in columns]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([cell(r[c]) for c in columns] for r in rows)
        return out.getvalue()
    cells = [headers] + [[cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "".join("  ".join(v.ljust(wd) for v, wd in zip(row, widths, strict=True)).rstrip()
                   + "\n" for row in cells)
