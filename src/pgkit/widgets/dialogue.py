"""A worked conversation of het andere gesprek, read part by part.

The turns are cut into parts at each point (``choice``: what would you say next?;
``spot``: where did the professional do this?). A part shows its lines, then its point;
once the trainee has answered, feedback appears, the notes on that part's lines are
shown (earlier they would give the answer away) and the next part can be opened.
Every text comes from a content file and is escaped; ``on_check`` is called on every
answered point, so the page can record the exercise like the others.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as w

from pgkit.content import ChoicePoint, DialogueExercise, Line, SpotPoint
from pgkit.markup import Markup, html, join
from pgkit.messages import t
from pgkit.widgets.exercise import choice_feedback, pick_first

Point = ChoicePoint | SpotPoint
OnCheck = Callable[[str, dict[str, str | None], int], None]


@dataclass
class Part:
    lines: list[tuple[int, Line]] = field(default_factory=list)  # (turn number, line)
    point: Point | None = None


def parts(exercise: DialogueExercise) -> list[Part]:
    """The dialogue cut after each point; lines are numbered as the trainee sees them."""
    out = [Part()]
    number = 0
    for turn in exercise.turns:
        if isinstance(turn, Line):
            number += 1
            out[-1].lines.append((number, turn))
        else:
            out[-1].point = turn
            out.append(Part())
    if not out[-1].lines:
        out.pop()
    return out


class PointView(w.VBox):
    """One point: its prompt, the input, a check button, feedback, then "read on"."""

    def __init__(self, prompt: str, field_: w.Widget) -> None:
        super().__init__()
        self.add_class("pgkit-point")
        self.field = field_
        self.result = w.HTML()
        self.button = w.Button(description=t("elearning.exercise.check"),
                               layout=w.Layout(width="auto", align_self="flex-start"))
        self.read_on: w.Button | None = None
        self.check: Callable[..., None] = lambda *_a: None
        self.children = [w.HTML(html('<p class="pgkit-point-prompt"><b>{}</b></p>', prompt)),
                         field_, self.button, self.result]


def _paragraphs(text: str) -> Markup:
    return join(html("<p>{}</p>", p.strip()) for p in text.split("\n\n") if p.strip())


class DialogueWidget(w.VBox):
    """The conversation for one trainee; parts open one after another."""

    def __init__(self, exercise: DialogueExercise, on_check: OnCheck) -> None:
        super().__init__()
        self.add_class("pgkit-exercise")
        self.add_class("pgkit-dialogue")
        self.exercise = exercise
        self._on_check = on_check
        self.parts = parts(exercise)
        self.numbers = {line.id: n for part in self.parts for n, line in part.lines}
        self.answers: dict[str, str | None] = {}
        self.right: dict[str, bool] = {}
        self.shown: list[w.Widget] = []
        self.transcripts: list[w.HTML] = []
        people = join(html("<li><b>{}</b>, {}</li>", s.name, s.role) for s in exercise.speakers)
        self.header = w.HTML(html(
            "<h3>{}</h3><p>{}</p>"
            '<div class="pgkit-dialogue-setting"><p><b>{}</b></p>'
            '{}<ul class="pgkit-dialogue-people">{}</ul></div>',
            exercise.title, exercise.instruction, t("elearning.dialogue.setting"),
            _paragraphs(exercise.setting), people))
        self.children = [self.header]
        self.open_part(0)

    # transcript
    def _line_html(self, number: int, line: Line, with_note: bool) -> Markup:
        who = self.exercise.speaker(line.speaker)
        side = "pgkit-turn-pro" if who.professional else "pgkit-turn-other"
        said = (html('<p class="pgkit-turn-pause"><em>{}</em></p>', line.text) if line.pause
                else html("<p>{}</p>", line.text))
        note: Markup | str = ""
        if with_note and (line.move or line.note):
            tag = (html('<span class="pgkit-move pgkit-move-{}">{}</span> ', line.move,
                        t(f"elearning.dialogue.move.{line.move}")) if line.move else "")
            note = html('<p class="pgkit-note">{}{}</p>', tag, line.note)
        label = t("elearning.dialogue.turn_n", n=number)
        return html('<li class="pgkit-turn {}" value="{}" data-turn="{}">'
                    '<p class="pgkit-turn-who"><span class="pgkit-turn-n">{}</span> '
                    "<b>{}</b></p>{}{}</li>", side, number, line.id, label, who.name, said, note)

    def _transcript(self, part: Part, with_notes: bool) -> Markup:
        if not part.lines:
            return Markup()
        first = part.lines[0][0]
        items = join(self._line_html(n, line, with_notes) for n, line in part.lines)
        hint = ("" if with_notes or part.point is None or not any(
            line.note or line.move for _n, line in part.lines)
            else html('<p class="pgkit-q-hint">{}</p>', t("elearning.dialogue.notes_later")))
        return html('<ol class="pgkit-turns" start="{}">{}</ol>{}', first, items, hint)

    # parts
    def open_part(self, index: int) -> None:
        part = self.parts[index]
        transcript = w.HTML(self._transcript(part, with_notes=part.point is None))
        self.transcripts.append(transcript)
        widgets: list[w.Widget] = [transcript]
        if part.point is None:
            widgets.append(w.HTML(html('<div class="pgkit-notice pgkit-ok" role="status">{}</div>',
                                       t("elearning.dialogue.the_end"))))
        elif isinstance(part.point, ChoicePoint):
            widgets.append(self._choice(index, part.point))
        else:
            widgets.append(self._spot(index, part.point))
        box = w.VBox(widgets)
        box.add_class("pgkit-dialogue-part")
        self.shown.append(box)
        self.children = [self.header, *self.shown]

    def _read_on(self, index: int) -> w.Button:
        more = w.Button(description=t("elearning.dialogue.read_on"), button_style="primary",
                        layout=w.Layout(width="auto", align_self="flex-start"))
        more.add_class("pgkit-read-on")

        def go(_b: w.Button) -> None:
            more.disabled = True
            more.layout.display = "none"  # the next part is open; the button has done its job
            if len(self.shown) == index + 1:
                self.open_part(index + 1)

        more.on_click(go)
        return more

    def _point_view(self, index: int, prompt: str, field_: w.Widget,
                    check: Callable[[PointView], bool]) -> PointView:
        view = PointView(prompt, field_)

        def clicked(_b: w.Button | None = None) -> None:
            if not check(view):
                return
            self.transcripts[index].value = self._transcript(self.parts[index], with_notes=True)
            if view.read_on is None and index + 1 < len(self.parts):
                view.read_on = self._read_on(index)
                view.children = [*view.children, view.read_on]

        view.button.on_click(clicked)
        view.check = clicked
        return view

    def _record(self, point: Point, answer: str | None, right: bool) -> None:
        self.answers[point.id] = answer
        self.right[point.id] = right
        self._on_check(self.exercise.id, dict(self.answers), sum(self.right.values()))

    def _choice(self, index: int, point: ChoicePoint) -> w.VBox:
        texts = [o.text for o in point.options]
        random.Random(f"{self.exercise.id}:{point.id}").shuffle(texts)
        radio = w.RadioButtons(options=texts, value=None, layout=w.Layout(width="auto"))
        radio.add_class("pgkit-point-choice")

        def check(view: PointView) -> bool:
            if radio.value is None:
                view.result.value = pick_first()
                return False
            view.result.value = choice_feedback(
                sorted(point.options, key=lambda o: texts.index(o.text)), radio.value)
            right = any(o.correct and o.text == radio.value for o in point.options)
            self._record(point, radio.value, right)
            return True

        return self._point_view(index, point.prompt, radio, check)

    def _candidates(self, index: int) -> list[tuple[int, Line]]:
        """The professional's lines so far (silences too): the turns one can point at."""
        pro = {s.id for s in self.exercise.speakers if s.professional}
        return [(n, line) for part in self.parts[: index + 1] for n, line in part.lines
                if line.speaker in pro]

    def _spot(self, index: int, point: SpotPoint) -> w.VBox:
        candidates = self._candidates(index)
        boxes = []
        for n, line in candidates:
            label = t("elearning.dialogue.turn_n", n=n) + ": " + _short(line.text)
            box_ = w.Checkbox(value=False, description=label, indent=False,
                              layout=w.Layout(width="auto"))
            box_.add_class("pgkit-spot-pick")
            boxes.append(box_)
        field_ = w.VBox(boxes)
        field_.add_class("pgkit-q-input")

        def check(view: PointView) -> bool:
            picked = [line.id for (_n, line), b in zip(candidates, boxes, strict=True) if b.value]
            if not picked:
                view.result.value = pick_first("elearning.dialogue.pick_turn")
                return False
            items = []
            for n, line in candidates:
                chosen, meant = line.id in picked, line.id in point.answer
                if not chosen and not meant:
                    continue
                head = (t("elearning.dialogue.spot_right") if chosen and meant else
                        t("elearning.dialogue.spot_missed") if meant else
                        t("elearning.dialogue.spot_wrong"))
                cls = "pgkit-fb-good" if chosen and meant else "pgkit-fb-bad"
                items.append(html('<li class="{}"><b>{}: {}</b> {}</li>', cls,
                                  t("elearning.dialogue.turn_n", n=n), head, line.note or ""))
            right = set(picked) == set(point.answer)
            view.result.value = html('<div class="pgkit-notice pgkit-info" role="status">'
                                     "<ul class='pgkit-fb-list'>{}</ul><p>{}</p></div>",
                                     join(items), point.feedback)
            self._record(point, ",".join(picked), right)
            return True

        return self._point_view(index, point.prompt, field_, check)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
