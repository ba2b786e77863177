"""pgkit cohort import|list|progress|set."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pgkit.commands import UserError, add_db_option, progress_bar
from pgkit.curriculum import MAX_INTERVISION_MEETINGS
from pgkit.messages import t, tn
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
    settings = csub.add_parser("set", help=t("cli.cohort.set_help"),
                               description=t("cli.cohort.set_help"))
    settings.add_argument("name", metavar="NAME", help=t("cli.cohort.name"))
    settings.add_argument("--intervisies", dest="intervisions", required=True, metavar="N",
                          help=t("cli.cohort.intervisions"))
    add_db_option(settings)
    settings.set_defaults(handler=run_set)


def run_import(args: argparse.Namespace) -> int:
    from pgkit.cohort_import import CohortImportError, import_cohort
    from pgkit.store import people, session_scope, upgrade

    region = None
    if args.region:
        region = parse_region(args.region)
        if region is None:
            raise UserError(t("import.line", file=args.file, line=0, field="--region",
                              message=t("import.bad_region", value=args.region)))
    upgrade(args.db)
    try:
        with session_scope(args.db) as session:
            count = import_cohort(session, args.file, args.cohort, region,
                                  progress=progress_bar())
    except CohortImportError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UserError(tn("cli.cohort.import_failed", len(exc.problems))) from None
    print(t("cli.cohort.imported", count=count, cohort=args.cohort))
    with session_scope(args.db) as session:
        if people.holds_demo_data(session):
            # A running `pgkit serve` checks the store on every switch, so this is at once.
            print(t("cli.cohort.demo_personas_off"), file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from pgkit.cohort import list_cohorts
    from pgkit.store import session_scope, upgrade

    upgrade(args.db)
    with session_scope(args.db) as session:
        rows = list_cohorts(session)
    if not rows:
        print(t("cli.cohort.none"))
    else:
        print(t("cli.cohort.list_head"))
    for cohort, size in rows:
        print(f"{cohort.name}\t{cohort.region.value}\t{size}\t"
              + t("cli.cohort.planned", n=cohort.intervision_meetings))
    return 0


def parse_intervisions(value: str) -> int:
    """A planned number of intervisions, or a UserError naming the option and the range."""
    text = value.strip()
    number = int(text) if text.isdigit() else 0
    if not 1 <= number <= MAX_INTERVISION_MEETINGS:
        raise UserError(t("cli.cohort.bad_intervisions", value=value,
                          max=MAX_INTERVISION_MEETINGS))
    return number


def run_set(args: argparse.Namespace) -> int:
    from pgkit.store import session_scope, upgrade
    from pgkit.store.people import cohort_by_name

    number = parse_intervisions(args.intervisions)
    upgrade(args.db)
    with session_scope(args.db) as session:
        cohort = cohort_by_name(session, args.name)
        if cohort is None:
            raise UserError(t("cli.cohort.unknown", name=args.name))
        cohort.intervision_meetings = number
    print(t("cli.cohort.set_done", cohort=args.name, n=number))
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from pgkit.cohort import STALLED_DAYS, TraineeProgress, column_label, progress
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
        found = progress(session, cohort, stale_days=stale_days)
        columns = TraineeProgress.columns(coach_track=cohort.is_coach_track)
        headers = [column_label(c, [cohort.intervision_meetings]) for c in columns]
    sys.stdout.write(render([r.as_dict() for r in found], columns, headers, args.format))
    return 0


def render(rows: list[dict], columns: list[str], headers: list[str], fmt: str) -> str:
    """The dashboard's columns, headers and cell format (``pgkit.cohort.cell``)."""
    from pgkit.cohort import cell

    if fmt == "json":
        return json.dumps([{c: r[c] for c in columns} for r in rows], ensure_ascii=False,
                          default=str, indent=1) + "\n"
    if fmt == "csv":
        from pgkit.export_format import csv_text

        return csv_text(headers, ([r[c] for c in columns] for r in rows))
    cells = [headers] + [[cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "".join("  ".join(v.ljust(wd) for v, wd in zip(row, widths, strict=True)).rstrip()
                   + "\n" for row in cells)
