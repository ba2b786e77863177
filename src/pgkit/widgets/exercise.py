"""Practice exercises beyond the quiz: sort statements into boxes, or pick the best option.

They are for learning, not for a grade: the trainee checks as often as they like and
gets feedback on every statement or option. ``on_check`` lets the page record that the
exercise was done.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

import ipywidgets as w

from pgkit.content import ChoiceExercise, Option, SortExercise
from pgkit.markup import Markup, html, join, markdown
from pgkit.messages import t


def _intro(title: str, instruction: str, fragment: str = "") -> w.HTML:
    frag = (html('<blockquote class="pgkit-fragment">{}</blockquote>', markdown(fragment))
            if fragment else "")
    return w.HTML(html("<h3>{}</h3><p>{}</p>{}", title, instruction, frag))


def pick_first(key: str = "elearning.exercise.pick_first") -> Markup:
    """The warning when Check is pressed before anything was chosen."""
    return html('<div class="pgkit-notice pgkit-warn" role="alert">{}</div>', t(key))


def choice_feedback(options: Iterable[Option], chosen: str) -> Markup:
    """Every option in the order shown, marked best or less, with why (exercises and
    dialogue points share it)."""
    items = []
    for o in options:
        cls = "pgkit-fb-good" if o.correct else "pgkit-fb-bad"
        sign = t("elearning.exercise.best") if o.correct else t("elearning.exercise.less")
        you = html(" <em>{}</em>", t("elearning.quiz.your_choice")) if o.text == chosen else ""
        items.append(html('<li class="{}"><b>{}: {}</b>{}<br>{}</li>', cls, sign, o.text,
                          you, o.feedback))
    return html('<div class="pgkit-notice pgkit-info" role="status">'
                "<ul class='pgkit-fb-list'>{}</ul></div>", join(items))


class SortWidget(w.VBox):
    """One dropdown per statement; checking marks each one and explains why."""

    def __init__(self, exercise: SortExercise,
                 on_check: Callable[[str, dict[str, str | None], int], None]) -> None:
        super().__init__()
        self.add_class("pgkit-exercise")
        self.exercise = exercise
        self._on_check = on_check
        choose = t("elearning.exercise.choose")
        self.pickers: list[w.Dropdown] = []
        self.feedback: list[w.HTML] = []
        rows = []
        # Authors tend to list items in the order of the boxes; show them mixed.
        self.items = list(exercise.items)
        random.Random(exercise.id).shuffle(self.items)
        for item in self.items:
            picker = w.Dropdown(options=[(choose, "")] + [(c, c) for c in exercise.categories],
                                value="", tooltip=item.text,  # the accessible name
                                layout=w.Layout(width="290px"))
            picker.add_class("pgkit-sort-pick")
            fb = w.HTML()
            text = w.HTML(html('<span class="pgkit-sort-text">{}</span>', item.text),
                          layout=w.Layout(flex="1 1 320px"))
            row = w.VBox([w.HBox([text, picker], layout=w.Layout(flex_flow="row wrap",
                                                                 align_items="center")), fb])
            row.add_class("pgkit-sort-row")
            self.pickers.append(picker)
            self.feedback.append(fb)
            rows.append(row)
        self.check = w.Button(description=t("elearning.exercise.check"), button_style="primary",
                              layout=w.Layout(width="auto", align_self="flex-start"))
        self.check.on_click(lambda _b: self.do_check())
        self.result = w.HTML()
        self.children = [_intro(exercise.title, exercise.instruction), *rows, self.check,
                         self.result]

    def do_check(self) -> int:
        right = 0
        for item, picker, fb in zip(self.items, self.pickers, self.feedback, strict=True):
            if not picker.value:  # not chosen yet: do not give the answer away
                fb.value = html('<div class="pgkit-exfb"><b>{}</b></div>',
                                t("elearning.exercise.not_chosen"))
                continue
            ok = picker.value == item.category
            right += ok
            head = (t("elearning.exercise.item_right") if ok else
                    t("elearning.exercise.item_wrong", category=item.category))
            cls = "pgkit-fb-good" if ok else "pgkit-fb-bad"
            fb.value = html('<div class="pgkit-exfb {}"><b>{}</b> {}</div>', cls, head,
                            item.feedback)
        total = len(self.items)
        self.result.value = html('<div class="pgkit-notice pgkit-info" role="status">{}</div>',
                                 t("elearning.exercise.sort_score", right=right, total=total))
        self._on_check(self.exercise.id, {i.id: p.value or None for i, p in
                                          zip(self.items, self.pickers, strict=True)},
                       right)
        return right


class ChoiceWidget(w.VBox):
    """Pick the best option (e.g. the most open follow-up question); all options explained."""

    def __init__(self, exercise: ChoiceExercise,
                 on_check: Callable[[str, dict[str, str | None], int], None]) -> None:
        super().__init__()
        self.add_class("pgkit-exercise")
        self.exercise = exercise
        self._on_check = on_check
        texts = [o.text for o in exercise.options]
        random.Random(exercise.id).shuffle(texts)  # the best option is often written first
        self.choice = w.RadioButtons(options=texts, value=None, layout=w.Layout(width="auto"))
        self.check = w.Button(description=t("elearning.exercise.check"), button_style="primary",
                              layout=w.Layout(width="auto", align_self="flex-start"))
        self.check.on_click(lambda _b: self.do_check())
        self.result = w.HTML()
        self.children = [_intro(exercise.title, exercise.instruction, exercise.fragment),
                         self.choice, self.check, self.result]

    def do_check(self) -> int | None:
        if self.choice.value is None:
            self.result.value = pick_first()
            return None
        shown = list(self.choice.options)
        self.result.value = choice_feedback(
            sorted(self.exercise.options, key=lambda o: shown.index(o.text)), self.choice.value)
        right = int(any(o.correct and o.text == self.choice.value for o in self.exercise.options))
        self._on_check(self.exercise.id, {"keuze": self.choice.value}, right)
        return right


def exercise_widget(exercise: SortExercise | ChoiceExercise,
                    on_check: Callable[[str, dict[str, str | None], int], None]) -> w.VBox:
    if isinstance(exercise, SortExercise):
        return SortWidget(exercise, on_check)
    return ChoiceWidget(exercise, on_check)
