"""pgkit elearning check: content authors validate their unit files before a pull request."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pgkit.export_format import number
from pgkit.messages import t, tn

if TYPE_CHECKING:
    from pgkit.content import UnitContent
    from pgkit.glossary import Glossary
    from pgkit.readability import Readability


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("elearning", help=t("elearning.cli.help"),
                       description=t("elearning.cli.help"))
    esub = p.add_subparsers(dest="elearning_command", required=True, metavar="COMMAND")
    check = esub.add_parser("check", help=t("elearning.cli.check_help"),
                            description=t("elearning.cli.check_help"))
    check.add_argument("--map", type=Path, default=None, metavar="MAP",
                       help=t("elearning.cli.map_help"))
    check.set_defaults(handler=run_check)


def _problems(messages: Iterable[str]) -> int:
    """Print each problem indented under its line; how many there were."""
    found = 0
    for message in messages:
        found += 1
        print("  " + message)
    return found


def _b1_messages(r: Readability) -> Iterator[str]:
    """What keeps a text from B1: Douma score, jargon, average and longest sentences."""
    from pgkit.readability import MAX_AVERAGE, MAX_SENTENCE, MIN_DOUMA

    if r.douma < MIN_DOUMA:
        yield t("elearning.cli.douma_too_low", min=number(MIN_DOUMA))
    yield from r.problems
    if r.average > MAX_AVERAGE:
        yield t("elearning.cli.average_too_high", max=MAX_AVERAGE)
    for sentence in r.too_long:
        yield t("elearning.cli.too_long", max=MAX_SENTENCE, sentence=sentence)


def _quiz_messages(unit: UnitContent, share: float) -> Iterator[str]:
    """What the unit's quiz gets wrong (``share``: its scenario and application part)."""
    from pgkit import quiz_quality as qq

    if share < qq.MIN_UNDERSTANDING:
        yield t("elearning.cli.too_much_recall", pct=round(share * 100),
                min=round(qq.MIN_UNDERSTANDING * 100))
    for qid in qq.without_situation(unit):
        yield t("elearning.cli.no_situation", question=qid)
    for item in qq.feedback_problems(unit):
        yield t("elearning.cli.feedback_repeats", item=item)
    for qid in qq.actiewiel_orderings(unit):
        yield t("elearning.cli.actiewiel_order", question=qid)


def _check_unit(key: str, unit: UnitContent, terms: Glossary) -> int:
    from pgkit import quiz_quality as qq
    from pgkit.readability import check

    r = check(unit, terms)
    share = qq.understanding_share(unit)
    giveaway = qq.longest_share([unit])
    print(t("elearning.cli.unit_line", unit=key, sentences=r.sentences,
            average=number(r.average), longest=r.longest, douma=number(r.douma)))
    print("  " + t("elearning.cli.quiz_line", questions=len(unit.questions),
                   pct=round(share * 100), longest_n=len(giveaway.longest),
                   single=giveaway.total))
    return _problems(_b1_messages(r)) + _problems(_quiz_messages(unit, share))


def _check_giveaways(units: Iterable[UnitContent]) -> int:
    """Over all units: how often the correct option is the longest, or the shortest."""
    from pgkit import quiz_quality as qq

    bad = 0
    for rule, limit, key in ((qq.correct_is_longest, qq.MAX_CORRECT_LONGEST, "longest"),
                             (qq.correct_is_shortest, qq.MAX_CORRECT_SHORTEST, "shortest")):
        found = qq.longest_share(units, rule)
        print(t(f"elearning.cli.{key}_line", n=len(found.longest), total=found.total))
        if found.share > limit:
            bad += _problems([t("elearning.cli.giveaway", max=round(limit * 100),
                                items=", ".join(found.longest))])
    return bad


def _kit_root(map_dir: Path | None) -> Path:
    """The kit the units belong to: the one around --map when it is a kit's
    modules/content, else PGKIT_HOME or the working folder (a copy of the unit files
    elsewhere is checked against the kit's own runbooks and pages)."""
    from pgkit.content import content_dir

    around = map_dir.resolve().parent.parent if map_dir else None
    return around if around and (around / "facilitator").is_dir() else content_dir().parent.parent


def _check_documents(root: Path) -> int:
    """The kit's other texts: runbooks, cards, cases, pages, assignments, the spinnenweb."""
    from pgkit.readability import documents, measure, prose

    others = documents(root)
    print(t("elearning.cli.documents_head"))
    bad = 0
    if not any(name.endswith((".yaml", ".ipynb")) for name in others):
        bad += _problems([t("elearning.cli.documents_none", root=root)])
    for name, pieces in others.items():
        r = measure(prose(pieces))
        print(t("elearning.cli.document_line", name=name, sentences=r.sentences,
                average=number(r.average), longest=r.longest, douma=number(r.douma)))
        bad += _problems(_b1_messages(r))
    return bad


def run_check(args: argparse.Namespace) -> int:
    from pgkit import glossary
    from pgkit.commands import UserError
    from pgkit.content import ContentError, load_all

    try:
        units = load_all(args.map)
        terms = glossary.load(args.map)
    except ContentError as exc:
        raise UserError(str(exc)) from None
    bad = sum(_check_unit(key, unit, terms) for key, unit in units.items())
    bad += _check_giveaways(units.values())
    bad += _check_documents(_kit_root(args.map))
    print(t("elearning.cli.ok") if not bad else tn("elearning.cli.problems", bad))
    return 1 if bad else 0
