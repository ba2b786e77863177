"""Repository functions for a person's own spinnenweb fills, marks and actiewiel answers.

Every function takes the owner's ``person_id`` and filters on it: a fill id from another
person behaves exactly like a fill that does not exist (``LookupError``), so no page can
reach someone else's scores by guessing ids. Answers are upserted one by one, so each
slider move or keystroke is stored as it is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pgkit import spinnenweb as sw
from pgkit.messages import t
from pgkit.store.models import ActiewielAnswer, SpinnenwebAnswer, SpinnenwebFill, utcnow

MODES = ("quick", "full")
CSV_COLUMNS = ("fill_id", "created_at", "mode", "kind", "dimension", "item_id", "item_text",
               "score", "marked", "question", "text")


@dataclass
class FillView:
    """A detached, read-only picture of one fill, safe to keep in a widget."""

    id: int
    created_at: dt.datetime
    mode: str
    context: str | None
    answers: dict[str, float | None] = field(default_factory=dict)
    marks: set[str] = field(default_factory=set)
    actiewiel_dimension: str | None = None
    actiewiel: dict[str, str] = field(default_factory=dict)

    @property
    def scores(self) -> dict[str, float | None]:
        return sw.dimension_scores(self.answers)

    @property
    def complete(self) -> bool:
        return sw.is_complete(self.scores)

    @property
    def area(self) -> float | None:
        return sw.surface_area(self.scores) if self.complete else None

    @property
    def marked_dimensions(self) -> set[str]:
        return sw.marked_dimensions(self.marks)


def _view(fill: SpinnenwebFill) -> FillView:
    view = FillView(fill.id, fill.created_at, fill.mode, fill.context)
    for ans in fill.answers:
        view.answers[ans.item_id] = ans.score
        if ans.marked:
            view.marks.add(ans.item_id)
    for aw in fill.actiewiel:
        view.actiewiel_dimension = sw.stored_id(aw.dimension) or aw.dimension
        view.actiewiel[aw.question] = aw.text
    return view


def _own_fill(session: Session, person_id: int, fill_id: int) -> SpinnenwebFill:
    fill = session.scalar(select(SpinnenwebFill).where(
        SpinnenwebFill.id == fill_id, SpinnenwebFill.person_id == person_id))
    if fill is None:
        raise LookupError(f"spinnenweb {fill_id} not found for this person")
    return fill


def _check_item(fill: SpinnenwebFill, item_id: str) -> str:
    dim = sw.dimension_of_item(item_id)
    quick_item = item_id == sw.dimension_key(dim)
    if quick_item != (fill.mode == "quick"):
        raise ValueError(t("spinnenweb.error.wrong_mode", item=item_id,
                           mode=t(f"spinnenweb.history_mode_{fill.mode}")))
    return dim


def create_fill(session: Session, person_id: int, mode: str = "quick",
                context: str | None = None) -> int:
    """Start a new, empty fill; its id comes back so answers can follow."""
    if mode not in MODES:
        raise ValueError(t("spinnenweb.error.unknown_mode", mode=mode, choices=", ".join(MODES)))
    fill = SpinnenwebFill(person_id=person_id, mode=mode, context=context)
    session.add(fill)
    session.flush()
    return fill.id


def _answer_row(session: Session, fill: SpinnenwebFill, item_id: str) -> SpinnenwebAnswer:
    dim = _check_item(fill, item_id)
    row = session.get(SpinnenwebAnswer, (fill.id, item_id))
    if row is None:
        row = SpinnenwebAnswer(fill_id=fill.id, item_id=item_id, dimension=dim, score=None,
                               marked=False)
        session.add(row)
    fill.updated_at = utcnow()
    return row


def save_answer(session: Session, person_id: int, fill_id: int, item_id: str,
                score: float | None) -> None:
    """Store (or clear, with None) one score the moment it is given."""
    fill = _own_fill(session, person_id, fill_id)
    value = None if score is None else sw.check_score(score, item_id)
    row = _answer_row(session, fill, item_id)
    row.score = value
    row.answered_at = utcnow()


def set_mark(session: Session, person_id: int, fill_id: int, item_id: str,
             marked: bool) -> None:
    """Mark or unmark an item "hier wil ik over praten"; it may still be unscored."""
    fill = _own_fill(session, person_id, fill_id)
    _answer_row(session, fill, item_id).marked = bool(marked)


def save_actiewiel(session: Session, person_id: int, fill_id: int, dimension: str,
                   question: str, text: str) -> None:
    """Store one actiewiel answer as typed; a fill has one chosen dimension for all six."""
    fill = _own_fill(session, person_id, fill_id)
    dim = sw.dimension_of(dimension)
    if question not in sw.ACTIEWIEL_KEYS:
        raise ValueError(f"onbekende actiewielvraag {question!r}")
    rows = {aw.question: aw for aw in fill.actiewiel}
    for row in rows.values():
        row.dimension = dim
    existing = rows.get(question)
    if existing is None:
        fill.actiewiel.append(ActiewielAnswer(question=question, dimension=dim, text=text))
    else:
        existing.text = text
    fill.updated_at = utcnow()


def choose_actiewiel_dimension(session: Session, person_id: int, fill_id: int,
                               dimension: str) -> None:
    """Move the fill's actiewiel answers (if any) to another chosen dimension."""
    fill = _own_fill(session, person_id, fill_id)
    dim = sw.dimension_of(dimension)
    for row in fill.actiewiel:
        row.dimension = dim


def _query(person_id: int):
    return (select(SpinnenwebFill).where(SpinnenwebFill.person_id == person_id)
            .options(selectinload(SpinnenwebFill.answers),
                     selectinload(SpinnenwebFill.actiewiel)))


def fills(session: Session, person_id: int) -> list[FillView]:
    """The person's own fills, newest first."""
    rows = session.scalars(_query(person_id).order_by(
        SpinnenwebFill.created_at.desc(), SpinnenwebFill.id.desc())).all()
    return [_view(f) for f in rows]


def get_fill(session: Session, person_id: int, fill_id: int) -> FillView:
    return _view(_own_fill(session, person_id, fill_id))


def latest_actiewiel(session: Session, person_id: int,
                     before_fill: int | None = None) -> FillView | None:
    """The newest own fill with actiewiel text, other than ``before_fill``: the plan to revisit."""
    for view in fills(session, person_id):
        if view.id != before_fill and any(v.strip() for v in view.actiewiel.values()):
            return view
    return None


def export_csv(session: Session, person_id: int) -> str:
    """All own fills, answers, marks and actiewiel texts as one CSV (data portability)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for view in reversed(fills(session, person_id)):
        base = {"fill_id": view.id, "created_at": view.created_at.isoformat(timespec="seconds"),
                "mode": view.mode}
        for item_id in sorted(set(view.answers) | view.marks):
            item = sw.ALL_ITEMS.get(item_id)
            score = view.answers.get(item_id)
            writer.writerow({**base, "kind": "answer", "item_id": item_id,
                             "dimension": sw.dimension_of_item(item_id),
                             "item_text": item.text if item else "",
                             "score": "" if score is None else f"{score:g}",
                             "marked": int(item_id in view.marks)})
        for key in sw.ACTIEWIEL_KEYS:
            if key in view.actiewiel:
                writer.writerow({**base, "kind": "actiewiel",
                                 "dimension": view.actiewiel_dimension, "question": key,
                                 "text": view.actiewiel[key]})
    return out.getvalue()


def erase_fill(session: Session, person_id: int, fill_id: int) -> None:
    """Delete one own fill with its answers and actiewiel texts."""
    session.delete(_own_fill(session, person_id, fill_id))
    session.flush()


def erase_all(session: Session, person_id: int) -> int:
    """Delete all own fills; returns how many were deleted."""
    rows = session.scalars(_query(person_id)).all()
    for fill in rows:
        session.delete(fill)
    session.flush()
    return len(rows)
