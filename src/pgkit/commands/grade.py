"""pgkit grade setup|generate|release|collect|autograde|feedback|export|sync.

Each subcommand is a thin wrapper over ``pgkit.grading`` (and so over nbgrader's API);
this module only parses arguments and prints Dutch results.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from pgkit.commands import UserError, add_db_option
from pgkit.messages import t, tn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade", help=t("grading.cli.help"), description=t("grading.cli.help"))
    gsub = p.add_subparsers(dest="grade_command", required=True, metavar="COMMAND")

    def command(name: str, handler, *, assignment: bool = True) -> argparse.ArgumentParser:
        sp = gsub.add_parser(name, help=t(f"grading.cli.{name}"),
                             description=t(f"grading.cli.{name}"))
        if assignment:
            sp.add_argument("assignment", metavar="ASSIGNMENT", help=t("grading.cli.assignment"))
        sp.add_argument("--course", metavar="DIR", help=t("grading.cli.course"))
        sp.set_defaults(handler=handler)
        return sp

    setup = gsub.add_parser("setup", help=t("grading.cli.setup"),
                            description=t("grading.cli.setup"))
    setup.add_argument("course_dir", metavar="COURSE_DIR", type=Path,
                       help=t("grading.cli.course_dir"))
    setup.add_argument("--db", metavar="URL", help=t("grading.cli.gradebook_url"))
    setup.add_argument("--exchange", metavar="DIR", type=Path, help=t("grading.cli.exchange"))
    setup.add_argument("--timeout", type=int, default=30, metavar="S",
                       help=t("grading.cli.timeout"))
    setup.set_defaults(handler=run_setup)

    command("generate", run_generate)
    command("release", run_release)
    command("collect", run_collect)
    auto = command("autograde", run_autograde)
    auto.add_argument("--workers", type=int, default=1, metavar="N",
                      help=t("grading.cli.workers"))
    auto.add_argument("--force", action="store_true", help=t("grading.cli.force"))
    auto.add_argument("--timeout", type=int, metavar="S", help=t("grading.cli.timeout"))
    auto.add_argument("--student", action="append", metavar="ID",
                      help=t("grading.cli.student"))
    fb = command("feedback", run_feedback)
    fb.add_argument("--no-release", action="store_true", help=t("grading.cli.no_release"))
    export = command("export", run_export, assignment=False)
    export.add_argument("--format", choices=("csv",), default="csv",
                        help=t("grading.cli.format"))
    export.add_argument("--to", metavar="FILE", type=Path, help=t("grading.cli.to"))
    sync = command("sync", run_sync, assignment=False)
    add_db_option(sync)


def _quiet() -> None:
    """nbgrader's ORM warnings mean nothing to a coordinator."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def _course(args: argparse.Namespace):
    from pgkit.grading.course import open_course

    _quiet()
    try:
        return open_course(args.course)
    except FileNotFoundError as exc:
        raise UserError(t("grading.cli.no_course", path=exc.args[0])) from None


def _assignment(course, name: str) -> str:
    from pgkit.grading.course import assignment_names

    names = assignment_names(course)
    if name not in names:
        raise UserError(t("grading.cli.unknown_assignment", name=name, names=", ".join(names)))
    return name


def _step(func, course, *args, **kwargs):
    from pgkit.grading.lifecycle import StepFailed

    try:
        return func(course, *args, **kwargs)
    except StepFailed as exc:
        print(exc.detail, file=sys.stderr)
        raise UserError(t("grading.cli.step_failed", step=exc.step)) from None


def run_setup(args: argparse.Namespace) -> int:
    from pgkit.grading.course import setup_course

    _quiet()
    if args.timeout < 1:
        raise UserError(t("grading.cli.bad_timeout"))
    try:
        course = setup_course(args.course_dir, args.db, exchange=args.exchange,
                              timeout=args.timeout)
    except Exception as exc:  # a wrong URL or an unreachable server
        raise UserError(t("grading.cli.setup_failed", detail=str(exc).splitlines()[0])) \
            from None
    print(t("grading.cli.setup_done", path=course.root, config=course.config_file))
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from pgkit.grading.lifecycle import generate

    course = _course(args)
    _step(generate, course, _assignment(course, args.assignment))
    print(t("grading.cli.generated", name=args.assignment,
            path=course.root / "release" / args.assignment))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from pgkit.grading.lifecycle import release

    course = _course(args)
    _step(release, course, _assignment(course, args.assignment))
    print(t("grading.cli.released", name=args.assignment))
    return 0


def run_collect(args: argparse.Namespace) -> int:
    from pgkit.grading.autograde import submitted_students
    from pgkit.grading.lifecycle import collect

    course = _course(args)
    _step(collect, course, _assignment(course, args.assignment))
    count = len(submitted_students(course, args.assignment))
    print(tn("grading.cli.collected", count, name=args.assignment))
    return 0


def run_autograde(args: argparse.Namespace) -> int:
    from pgkit.grading.autograde import autograde, needs_grading, submitted_students
    from pgkit.grading.progress import Progress

    course = _course(args)
    name = _assignment(course, args.assignment)
    if args.workers < 1:
        raise UserError(t("grading.cli.bad_workers"))
    if args.timeout is not None and args.timeout < 1:
        raise UserError(t("grading.cli.bad_timeout"))
    students = args.student or submitted_students(course, name)
    missing = [s for s in students if not (course.root / "submitted" / s / name).is_dir()]
    if missing:
        raise UserError(t("grading.cli.not_submitted", students=", ".join(missing), name=name))
    todo = [s for s in students if args.force or needs_grading(course, name, s)]
    bar = Progress(len(todo), t("grading.cli.progress"))
    report = autograde(course, name, workers=args.workers, students=students, force=args.force,
                       timeout=args.timeout, on_done=lambda o: bar.step(o.student))
    print(t("grading.cli.autograded", graded=len(report.graded), failed=len(report.failed),
            skipped=len(report.skipped)))
    for student, reason in report.failed.items():
        print(t("grading.cli.failed_student", student=student, reason=reason), file=sys.stderr)
    return 1 if report.failed else 0


def run_feedback(args: argparse.Namespace) -> int:
    from pgkit.grading.lifecycle import feedback

    course = _course(args)
    _step(feedback, course, _assignment(course, args.assignment),
          release_to_exchange=not args.no_release)
    print(t("grading.cli.feedback_done", path=course.root / "feedback"))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pgkit.grading.lifecycle import export_csv

    course = _course(args)
    dest = args.to or course.root / "grades.csv"
    export_csv(course, dest)
    if args.to is None:
        sys.stdout.write(dest.read_text(encoding="utf-8-sig"))
    else:
        print(t("grading.cli.exported", path=dest))
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from pgkit.grading.sync import rejected_label, sync
    from pgkit.store import session_scope, upgrade

    course = _course(args)
    upgrade(args.db)
    with session_scope(args.db) as session:
        result = sync(course, session)
    print(tn("grading.cli.synced", result.copied))
    for student, name, reason in result.rejected:
        print(t("grading.cli.sync_rejected", student=student, name=name,
                status=rejected_label(reason)))
    if result.unknown:
        print(t("grading.cli.unknown_coaches", students=", ".join(result.unknown)),
              file=sys.stderr)
    return 0
