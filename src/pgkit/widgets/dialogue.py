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
from html import escape

import ipywidgets as w

from pgkit.content import ChoicePoint, DialogueExercise, Line, SpotPoint
from pgkit.messages import t

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
        self.children = [w.HTML(f'<p class="pgkit-point-prompt"><b>{escape(prompt)}</b></p>'),
                         field_, self.button, self.result]


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


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
        people = "".join(f"<li><b>{escape(s.name)}</b>, {escape(s.role)}</li>"
                         for s in exercise.speakers)
        self.header = w.HTML(
            f"<h3>{escape(exercise.title)}</h3><p>{escape(exercise.instruction)}</p>"
            f'<div class="pgkit-dialogue-setting"><p><b>{t("elearning.dialogue.setting")}</b></p>'
            f'{_paragraphs(exercise.setting)}<ul class="pgkit-dialogue-people">{people}</ul></div>')
        self.children = [self.header]
        self.open_part(0)

    # transcript
    def _line_html(self, number: int, line: Line, with_note: bool) -> str:
        who = self.exercise.speaker(line.speaker)
        side = "pgkit-turn-pro" if who.professional else "pgkit-turn-other"
        said = (f'<p class="pgkit-turn-pause"><em>{escape(line.text)}</em></p>' if line.pause
                else f"<p>{escape(line.text)}</p>")
        note = ""
        if with_note and (line.move or line.note):
            tag = (f'<span class="pgkit-move pgkit-move-{line.move}">'
                   f'{t(f"elearning.dialogue.move.{line.move}")}</span> ' if line.move else "")
            note = f'<p class="pgkit-note">{tag}{escape(line.note)}</p>'
        label = t("elearning.dialogue.turn_n", n=number)
        return (f'<li class="pgkit-turn {side}" value="{number}" data-turn="{escape(line.id)}">'
                f'<p class="pgkit-turn-who"><span class="pgkit-turn-n">{label}</span> '
                f"<b>{escape(who.name)}</b></p>{said}{note}</li>")

    def _transcript(self, part: Part, with_notes: bool) -> str:
        if not part.lines:
            return ""
        first = part.lines[0][0]
        items = "".join(self._line_html(n, line, with_notes) for n, line in part.lines)
        hint = ("" if with_notes or part.point is None or not any(
            line.note or line.move for _n, line in part.lines)
            else f'<p class="pgkit-q-hint">{t("elearning.dialogue.notes_later")}</p>')
        return f'<ol class="pgkit-turns" start="{first}">{items}</ol>{hint}'

    # parts
    def open_part(self, index: int) -> None:
        part = self.parts[index]
        transcript = w.HTML(self._transcript(part, with_notes=part.point is None))
        self.transcripts.append(transcript)
        widgets: list[w.Widget] = [transcript]
        if part.point is None:
            widgets.append(w.HTML(f'<div class="pgkit-notice pgkit-ok" role="status">'
                                  f'{t("elearning.dialogue.the_end")}</div>'))
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
                view.result.value = (f'<div class="pgkit-notice pgkit-warn" role="alert">'
                                    f'{t("elearning.exercise.pick_first")}</div>')
                return False
            items = []
            for o in sorted(point.options, key=lambda o: texts.index(o.text)):
                cls = "pgkit-fb-good" if o.correct else "pgkit-fb-bad"
                sign = t("elearning.exercise.best") if o.correct else t("elearning.exercise.less")
                you = (f" <em>{t('elearning.quiz.your_choice')}</em>"
                       if o.text == radio.value else "")
                items.append(f'<li class="{cls}"><b>{sign}: {escape(o.text)}</b>{you}<br>'
                             f"{escape(o.feedback)}</li>")
            view.result.value = (f'<div class="pgkit-notice pgkit-info" role="status">'
                                 f"<ul class='pgkit-fb-list'>{''.join(items)}</ul></div>")
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
                view.result.value = (f'<div class="pgkit-notice pgkit-warn" role="alert">'
                                    f'{t("elearning.dialogue.pick_turn")}</div>')
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
                why = escape(line.note) if line.note else ""
                items.append(f'<li class="{cls}"><b>{t("elearning.dialogue.turn_n", n=n)}: '
                             f"{head}</b> {why}</li>")
            right = set(picked) == set(point.answer)
            view.result.value = (f'<div class="pgkit-notice pgkit-info" role="status">'
                                 f"<ul class='pgkit-fb-list'>{''.join(items)}</ul>"
                                 f"<p>{escape(point.feedback)}</p></div>")
            self._record(point, ",".join(picked), right)
            return True

        return self._point_view(index, point.prompt, field_, check)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
