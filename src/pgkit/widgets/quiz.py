"""The knowledge check: single choice, multiple choice and ordering questions.

The widget knows nothing about the store. It calls ``on_answer`` for every change (so
the page can store each answer as it is given) and ``on_check`` when the trainee asks
for the result; after checking it shows feedback on every option, right or wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import ipywidgets as w

from pgkit.content import Question
from pgkit.markup import html, join
from pgkit.messages import t

Answer = str | list[str] | None


class _OrderInput(w.VBox):
    """Rows with up/down buttons; the value is the list of texts from top to bottom."""

    def __init__(self, texts: list[str], on_change: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.add_class("pgkit-order")
        self.order = list(texts)
        self._on_change = on_change
        self._disabled = False
        self._draw()

    def _move(self, index: int, step: int) -> None:
        j = index + step
        if self._disabled or not 0 <= j < len(self.order):
            return
        self.order[index], self.order[j] = self.order[j], self.order[index]
        self._draw()
        self._on_change(list(self.order))

    def _draw(self) -> None:
        rows = []
        for i, text in enumerate(self.order):
            up = w.Button(description="↑", tooltip=t("elearning.quiz.move_up", item=text),
                          disabled=self._disabled or i == 0, layout=w.Layout(width="44px"))
            down = w.Button(description="↓", tooltip=t("elearning.quiz.move_down", item=text),
                            disabled=self._disabled or i == len(self.order) - 1,
                            layout=w.Layout(width="44px"))
            up.on_click(lambda _b, i=i: self._move(i, -1))
            down.on_click(lambda _b, i=i: self._move(i, 1))
            label = w.HTML(html('<span class="pgkit-order-text"><b>{}.</b> {}</span>', i + 1,
                                text))
            row = w.HBox([up, down, label])
            row.add_class("pgkit-order-row")
            rows.append(row)
        self.children = rows

    def disable(self, flag: bool) -> None:
        self._disabled = flag
        self._draw()


class QuestionView(w.VBox):
    """One question: prompt, input, and (after checking) the feedback."""

    def __init__(self, number: int, question: Question,
                 on_answer: Callable[[Question, Answer], None], seed: int = 0) -> None:
        super().__init__()
        self.add_class("pgkit-question")
        self.question = question
        self._on_answer = on_answer
        self._seed = seed
        kind_hint = t(f"elearning.quiz.kind_{question.kind}")
        self.prompt = w.HTML(
            html('<p class="pgkit-q-prompt"><b>{}</b> {}</p><p class="pgkit-q-hint">{}</p>',
                 t("elearning.quiz.question_n", n=number), question.prompt, kind_hint))
        self.feedback = w.HTML()
        self._build_input()

    def _build_input(self) -> None:
        q = self.question
        texts = [o.text for o in q.options]
        if q.kind != "ordering":  # authors often write the right answer first
            random.Random(f"{q.id}:{self._seed}:options").shuffle(texts)
        self.shown = list(texts)
        if q.kind == "single":
            self.input = w.RadioButtons(options=texts, value=None,
                                        layout=w.Layout(width="auto"))
            self.input.observe(lambda ch: self._changed(ch["new"]), "value")
        elif q.kind == "multiple":
            self.boxes = [w.Checkbox(value=False, description=txt, indent=False,
                                     layout=w.Layout(width="auto")) for txt in texts]
            for box in self.boxes:
                box.observe(lambda _ch: self._changed(self.value), "value")
            self.input = w.VBox(self.boxes)
        else:
            shuffled = list(texts)
            rng = random.Random(f"{q.id}:{self._seed}")
            while shuffled == texts:
                rng.shuffle(shuffled)
            self.input = _OrderInput(shuffled, lambda order: self._changed(order))
        self.input.add_class("pgkit-q-input")
        self.children = [self.prompt, self.input, self.feedback]

    @property
    def value(self) -> Answer:
        q = self.question
        if q.kind == "single":
            return self.input.value
        if q.kind == "multiple":
            chosen = [b.description for b in self.boxes if b.value]
            return chosen or None
        return list(self.input.order)

    @property
    def answered(self) -> bool:
        # An ordering question always has an order; the trainee may agree with it.
        return self.value is not None

    def _changed(self, value: Answer) -> None:
        self._on_answer(self.question, value)

    def lock(self, flag: bool) -> None:
        if self.question.kind == "multiple":
            for b in self.boxes:
                b.disabled = flag
        elif self.question.kind == "ordering":
            self.input.disable(flag)
        else:
            self.input.disabled = flag

    def show_feedback(self) -> bool:
        """Show why each option is right or wrong; returns whether the answer was right."""
        q = self.question
        ok = q.is_correct(self.value)
        head = t("elearning.quiz.right") if ok else t("elearning.quiz.wrong")
        items = []
        if q.kind == "ordering":
            for o in q.options:
                items.append(html("<li><b>{}</b><br>{}</li>", o.text, o.feedback))
            body = html("<p>{}</p><ol class='pgkit-fb-list'>{}</ol>",
                        t("elearning.quiz.right_order"), join(items))
        else:
            chosen = self.value if isinstance(self.value, list) else [self.value]
            for o in sorted(q.options, key=lambda o: self.shown.index(o.text)):
                mark = "pgkit-fb-good" if o.correct else "pgkit-fb-bad"
                sign = t("elearning.quiz.mark_good") if o.correct else t("elearning.quiz.mark_bad")
                you = (html(" <em>{}</em>", t("elearning.quiz.your_choice"))
                       if o.text in chosen else "")
                items.append(html('<li class="{}"><b>{}: {}</b>{}<br>{}</li>', mark, sign,
                                  o.text, you, o.feedback))
            body = html("<ul class='pgkit-fb-list'>{}</ul>", join(items))
        cls = "pgkit-ok" if ok else "pgkit-warn"
        self.feedback.value = html('<div class="pgkit-notice {} pgkit-feedback" role="status">'
                                   "<p><b>{}</b></p>{}</div>", cls, head, body)
        return ok

    def reset(self, seed: int) -> None:
        self._seed = seed
        self.feedback.value = ""
        self._build_input()


class QuizWidget(w.VBox):
    """All questions of a unit with a check button, a result and a retry button.

    ``on_check`` receives the answers and returns the score (0..1) it stored, or None
    when storing failed (the page shows why); then nothing is marked.
    """

    def __init__(self, questions: list[Question], *,
                 on_answer: Callable[[Question, Answer], None],
                 on_check: Callable[[dict[str, Answer]], float | None],
                 pass_mark: float, attempts_before: int = 0) -> None:
        super().__init__()
        self.add_class("pgkit-quiz")
        self.pass_mark = pass_mark
        self._on_check = on_check
        self.attempt_no = attempts_before
        self.views = [QuestionView(i + 1, q, on_answer, seed=attempts_before)
                      for i, q in enumerate(questions)]
        self.check = w.Button(description=t("elearning.quiz.check"), button_style="primary",
                              layout=w.Layout(width="auto"))
        self.retry = w.Button(description=t("elearning.quiz.retry"),
                              layout=w.Layout(width="auto", display="none"))
        self.result = w.HTML()
        self.check.on_click(lambda _b: self.do_check())
        self.retry.on_click(lambda _b: self.do_retry())
        self.children = [*self.views, w.HBox([self.check, self.retry]), self.result]

    def answers(self) -> dict[str, Answer]:
        return {v.question.id: v.value for v in self.views}

    def do_check(self) -> float | None:
        missing = sum(not v.answered for v in self.views)
        if missing:
            self.result.value = html('<div class="pgkit-notice pgkit-warn" role="alert">{}</div>',
                                     t("elearning.quiz.answer_all", n=missing))
            return None
        score = self._on_check(self.answers())
        if score is None:
            return None
        self.attempt_no += 1
        right = sum(v.show_feedback() for v in self.views)
        for v in self.views:
            v.lock(True)
        passed = score >= self.pass_mark - 1e-9
        text = t("elearning.quiz.score", right=right, total=len(self.views),
                 pct=round(score * 100))
        extra = (t("elearning.quiz.passed") if passed
                 else t("elearning.quiz.failed", pct=round(self.pass_mark * 100)))
        cls = "pgkit-ok" if passed else "pgkit-warn"
        self.result.value = html('<div class="pgkit-notice {} pgkit-quiz-result" '
                                 'role="status"><b>{}</b> {}</div>', cls, text, extra)
        self.check.layout.display = "none"
        self.retry.layout.display = None
        return score

    def do_retry(self) -> None:
        for v in self.views:
            v.reset(seed=self.attempt_no)
        self.result.value = ""
        self.retry.layout.display = "none"
        self.check.layout.display = None
