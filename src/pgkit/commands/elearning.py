"""pgkit elearning check: content authors validate their unit files before a pull request."""

from __future__ import annotations

import argparse
from pathlib import Path

from pgkit.export_format import number
from pgkit.messages import t, tn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("elearning", help=t("elearning.cli.help"),
                       description=t("elearning.cli.help"))
    esub = p.add_subparsers(dest="elearning_command", required=True, metavar="COMMAND")
    check = esub.add_parser("check", help=t("elearning.cli.check_help"),
                            description=t("elearning.cli.check_help"))
    check.add_argument("--map", type=Path, default=None, metavar="MAP",
                       help=t("elearning.cli.map_help"))
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    from pgkit import glossary
    from pgkit import quiz_quality as qq
    from pgkit.commands import UserError
    from pgkit.content import ContentError, content_dir, load_all
    from pgkit.readability import (
        MAX_AVERAGE,
        MAX_SENTENCE,
        MIN_DOUMA,
        Readability,
        check,
        documents,
        measure,
        prose,
    )

    try:
        units = load_all(args.map)
        terms = glossary.load(args.map)
    except ContentError as exc:
        raise UserError(str(exc)) from None
    def b1_problems(r: Readability) -> int:
        found = 0
        if r.douma < MIN_DOUMA:
            found += 1
            print("  " + t("elearning.cli.douma_too_low", min=number(MIN_DOUMA)))
        for problem in r.problems:
            found += 1
            print("  " + problem)
        if r.average > MAX_AVERAGE:
            found += 1
            print("  " + t("elearning.cli.average_too_high", max=MAX_AVERAGE))
        for sentence in r.too_long:
            found += 1
            print("  " + t("elearning.cli.too_long", max=MAX_SENTENCE, sentence=sentence))
        return found

    bad = 0
    for key, unit in units.items():
        r = check(unit, terms)
        share = qq.understanding_share(unit)
        giveaway = qq.longest_share([unit])
        print(t("elearning.cli.unit_line", unit=key, sentences=r.sentences,
                average=number(r.average), longest=r.longest, douma=number(r.douma)))
        print("  " + t("elearning.cli.quiz_line", questions=len(unit.questions),
                       pct=round(share * 100), longest_n=len(giveaway.longest),
                       single=giveaway.total))
        bad += b1_problems(r)
        if share < qq.MIN_UNDERSTANDING:
            bad += 1
            print("  " + t("elearning.cli.too_much_recall", pct=round(share * 100),
                           min=round(qq.MIN_UNDERSTANDING * 100)))
        for qid in qq.without_situation(unit):
            bad += 1
            print("  " + t("elearning.cli.no_situation", question=qid))
        for item in qq.feedback_problems(unit):
            bad += 1
            print("  " + t("elearning.cli.feedback_repeats", item=item))
        for qid in qq.actiewiel_orderings(unit):
            bad += 1
            print("  " + t("elearning.cli.actiewiel_order", question=qid))
    for rule, limit, key in ((qq.correct_is_longest, qq.MAX_CORRECT_LONGEST, "longest"),
                             (qq.correct_is_shortest, qq.MAX_CORRECT_SHORTEST, "shortest")):
        found = qq.longest_share(units.values(), rule)
        print(t(f"elearning.cli.{key}_line", n=len(found.longest), total=found.total))
        if found.share > limit:
            bad += 1
            print("  " + t("elearning.cli.giveaway", max=round(limit * 100),
                           items=", ".join(found.longest)))
    # The other texts come from the kit the units belong to: the one around --map when it
    # is a kit's modules/content, else PGKIT_HOME or the working folder (a copy of the
    # unit files elsewhere is checked against the kit's own runbooks and pages).
    around = args.map.resolve().parent.parent if args.map else None
    root = around if around and (around / "facilitator").is_dir() else content_dir().parent.parent
    others = documents(root)
    print(t("elearning.cli.documents_head"))
    if not any(name.endswith((".yaml", ".ipynb")) for name in others):
        bad += 1
        print("  " + t("elearning.cli.documents_none", root=root))
    for name, pieces in others.items():
        r = measure(prose(pieces))
        print(t("elearning.cli.document_line", name=name, sentences=r.sentences,
                average=number(r.average), longest=r.longest, douma=number(r.douma)))
        bad += b1_problems(r)
    print(t("elearning.cli.ok") if not bad else tn("elearning.cli.problems", bad))
    return 1 if bad else 0
