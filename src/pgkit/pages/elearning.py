"""The e-learning pages: the overview (``modules/index.ipynb``) and one page per unit.

A unit page is a row of steps: start, the sections, the exercises, the knowledge check
and the reflection. Each step shown is a ``section`` progress event, so "verder waar je
was" can bring the trainee back to the same step.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import ipywidgets as w

from pgkit import elearning as el
from pgkit import glossary, lifecycle, localtime, markup
from pgkit.certificate import certificate_pdf, filename
from pgkit.content import ContentError, DialogueExercise, Section, UnitContent
from pgkit.content import unit as load_unit
from pgkit.curriculum import PASS_MARK, UNITS, Unit
from pgkit.identity import User
from pgkit.markup import Markup, html, join, msg
from pgkit.messages import t
from pgkit.pages import registry
from pgkit.pages.base import Page, error_box, guarded, notice, report_error
from pgkit.store import session_scope
from pgkit.urls import render_url
from pgkit.widgets.dialogue import DialogueWidget
from pgkit.widgets.exercise import exercise_widget
from pgkit.widgets.progress import progress_bar, status_badge
from pgkit.widgets.quiz import QuizWidget
from pgkit.widgets.reflection import ReflectionBox


def unit_url(key: str) -> str:
    return render_url(f"modules/{key}.ipynb")


INDEX_URL = render_url("modules/index.ipynb")


def _unit(key: str) -> Unit:
    return next(u for u in UNITS if u.key == key)


def markdown(text: str) -> Markup:
    """Markdown to HTML; a glossary mark ``[[term]]`` becomes a link to its explanation."""
    rendered = markup.markdown(text)
    if "[[" not in rendered:
        return rendered
    try:
        return glossary.link_marks(rendered, glossary.glossary())
    except ContentError as exc:
        report_error(exc)
        return Markup(glossary.unmark(rendered))


def glossary_panel() -> w.Widget:
    """The begrippenlijst under every unit page, closed until opened or a term is followed."""
    try:
        terms = glossary.glossary()
    except ContentError as exc:
        report_error(exc)
        return error_box(msg("elearning.glossary.broken", details=str(exc)))
    return w.HTML(glossary.panel_html(terms, t("elearning.glossary.summary"),
                                      t("elearning.glossary.intro")))


# --- overview ----------------------------------------------------------------------------


def _unit_row(state: el.UnitState) -> Markup:
    u = state.unit
    score = ("" if state.best_score is None else
             " · " + t("elearning.index.best_score", pct=round(state.best_score * 100)))
    title = t("elearning.unit_title", n=u.number, title=u.title)
    return html('<li class="pgkit-unit" data-unit="{}" data-status="{}">'
                '<h2><a href="{}">{}</a></h2><span class="pgkit-unit-meta">{}{}</span>{}</li>',
                u.key, state.status.value, unit_url(u.key), title,
                t("elearning.minutes", n=u.study_minutes), score,
                status_badge(state.status.value))


def certificate_link(name: str, states: list[el.UnitState]) -> Markup:
    done = el.all_done_at(states)
    if done is None:
        return Markup()
    data = base64.b64encode(certificate_pdf(name, done.date())).decode()
    return html('<div class="pgkit-notice pgkit-ok" role="status"><p>{}</p>'
                '<p><a class="pgkit-button-link pgkit-certificate" download="{}" '
                'href="data:application/pdf;base64,{}">{}</a></p></div>',
                t("elearning.index.all_done",
                  date=localtime.long_date(localtime.local(done).date())), filename(name),
                data, t("elearning.index.certificate"))


def certificate_part(name: str, states: list[el.UnitState]) -> w.HTML:
    """The certificate's download, made just after the overview is on screen.

    Making the PDF takes about a second; the overview should not wait for it.
    """
    part = w.HTML()
    if el.all_done_at(states) is not None:
        part.value = html('<p class="pgkit-unit-meta">{}</p>',
                          t("elearning.index.certificate_making"))
        lifecycle.soon(lambda: setattr(part, "value", certificate_link(name, states)))
    return part


def build_index(user: User) -> w.Widget:
    with session_scope() as session:
        states = el.overview(session, user.person_id)
    done = sum(s.status is el.Status.DONE for s in states)
    nxt = el.resume_unit(states)
    parts = [html("<p class='pgkit-prose'>{}</p>",
                         t("elearning.index.intro", hours=el.hours_text())),
             progress_bar(done, len(states)).value]
    if nxt is not None:
        busy = any(s.unit == nxt and s.status is el.Status.BUSY for s in states)
        started = any(s.status is not el.Status.NOT_STARTED for s in states)
        label = (t("elearning.index.resume", n=nxt.number, title=nxt.title) if busy
                 else t("elearning.index.next", n=nxt.number, title=nxt.title) if started
                 else t("elearning.index.begin"))
        parts.append(html('<p><a class="pgkit-button-link pgkit-resume" href="{}">{}</a></p>',
                          unit_url(nxt.key), label))
    head = w.HTML(join(parts))
    rest = []
    if done < len(states):
        rest.append(html("<p class='pgkit-unit-meta'>{}</p>",
                         t("elearning.index.certificate_later")))
    rest.append(html('<ul class="pgkit-units">{}</ul>', join(_unit_row(s) for s in states)))
    return w.VBox([head, certificate_part(user.display_name, states), w.HTML(join(rest))])


def warm() -> None:
    """Read every unit's content and study load ahead of the visitor (the shell calls it)."""
    from pgkit.studyload import minutes

    for u in UNITS:
        try:
            minutes(u.key)
        except ContentError:  # reported when the unit is opened
            continue


def page(unit: str | None = None) -> Page:
    """The overview, or one unit's page when ``unit`` is a unit's key."""
    if unit is None:
        return Page(t("elearning.index.title"), build_index)
    u = _unit(unit)
    return Page(t("elearning.unit_title", n=u.number, title=u.title), build_unit(unit),
                subtitle=t("elearning.unit_subtitle", minutes=u.study_minutes))


# --- one unit ----------------------------------------------------------------------------


class UnitPage(w.VBox):
    """The steps of one unit for one person; every step shown is a progress event."""

    index: int

    def __init__(self, user: User, content: UnitContent) -> None:
        super().__init__()
        self.user = user
        self.content = content
        self.unit = _unit(content.unit)
        self.steps: list[tuple[str, str]] = [
            ("start", t("elearning.step.start")),
            *[(s.id, s.title) for s in content.sections],
            *[(e.id, e.title) for e in content.exercises],
            ("kennischeck", t("elearning.step.quiz")),
            ("reflectie", t("elearning.step.reflection")),
        ]
        self.built: dict[str, w.Widget] = {}
        self.seen: set[str] = set()
        self.attempt_id: int | None = None
        self.status = w.HTML()
        self.steplist = w.HTML()
        self.body = w.VBox()
        self.body.add_class("pgkit-step")
        self.prev = w.Button(description=t("elearning.nav.prev"), layout=w.Layout(width="auto"))
        self.next = w.Button(description=t("elearning.nav.next"), button_style="primary",
                             layout=w.Layout(width="auto"))
        self.jump = w.Dropdown(options=[(f"{i + 1}. {title}", sid)
                                        for i, (sid, title) in enumerate(self.steps)],
                               description=t("elearning.nav.jump"),
                               style={"description_width": "initial"},
                               layout=w.Layout(width="auto"))
        self.errors = w.VBox()
        self.prev.on_click(guarded(self.errors)(lambda _b: self.go(self.index - 1)))
        self.next.on_click(guarded(self.errors)(lambda _b: self.go(self.index + 1)))
        self.jump.observe(guarded(self.errors)(self._jumped), "value")
        nav = w.HBox([self.prev, self.next, self.jump])
        nav.add_class("pgkit-nav")
        self.children = [self.status, self.steplist, self.body, nav, self.errors,
                         glossary_panel()]
        with session_scope() as session:
            el.record_event(session, user.person_id, self.unit.key, "opened")
            last = el.last_step(session, user.person_id, self.unit.key)
            self.reflection, self.reflection_version = el.reflection(
                session, user.person_id, self.unit.key)
        ids = [sid for sid, _ in self.steps]
        self.index = ids.index(last) if last in ids else 0
        self.seen.update(ids[: self.index + 1])
        self.refresh_status()
        self.go(self.index, record=last is None)

    # navigation
    def _jumped(self, change: dict) -> None:
        ids = [sid for sid, _ in self.steps]
        if change["new"] in ids and ids.index(change["new"]) != self.index:
            self.go(ids.index(change["new"]))

    def go(self, index: int, record: bool = True) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        leaving = self.built.get("reflectie")
        if isinstance(leaving, ReflectionBox):
            leaving.flush()
        self.index = index
        sid, _title = self.steps[index]
        self.seen.add(sid)
        if sid not in self.built:
            self.built[sid] = self.build_step(sid)
        self.body.children = [self.built[sid]]
        self.prev.disabled = index == 0
        self.next.disabled = index == len(self.steps) - 1
        if self.jump.value != sid:
            self.jump.value = sid
        self.steplist.value = self._steplist_html()
        if record:
            with session_scope() as session:
                el.record_event(session, self.user.person_id, self.unit.key, "section", sid)

    def _steplist_html(self) -> Markup:
        items = []
        for i, (sid, title) in enumerate(self.steps):
            cls = ("pgkit-step-now" if i == self.index else
                   "pgkit-step-seen" if sid in self.seen else "")
            current = Markup(' aria-current="step"' if i == self.index else "")
            items.append(html('<li class="{}"{}>{}. {}</li>', cls, current, i + 1, title))
        label = t("elearning.nav.step_of", n=self.index + 1, total=len(self.steps))
        return html('<nav aria-label="{}"><ol class="pgkit-steps">{}</ol></nav>', label,
                    join(items))

    def refresh_status(self) -> None:
        with session_scope() as session:
            score = el.best_score(session, self.user.person_id, self.unit.key)
            done = el.completed_at(session, self.user.person_id, self.unit.key)
        state = "klaar" if done else "bezig"
        quiz = (t("elearning.status_line.quiz_none") if score is None else
                t("elearning.status_line.quiz", pct=round(score * 100)))
        refl = (t("elearning.status_line.refl_yes") if self.reflection.strip()
                else t("elearning.status_line.refl_no"))
        line = html('<p class="pgkit-unit-status">{} {} · {} · {} · <a href="{}">{}</a></p>',
                    t("elearning.status_line.label"), status_badge(state), quiz, refl,
                    INDEX_URL, t("elearning.nav.overview"))
        if done:
            nxt = next((u for u in UNITS if u.number == self.unit.number + 1), None)
            more = (html(' <a href="{}">{}</a>', unit_url(nxt.key),
                         t("elearning.nav.next_unit", n=nxt.number)) if nxt else
                    html(' <a href="{}">{}</a>', INDEX_URL, t("elearning.nav.overview")))
            # A widget's value is a plain str: mark the notice safe, or it is escaped.
            line += Markup(notice(html("{}{}", t("elearning.unit_done"), more), "ok").value)
        self.status.value = line

    # steps
    def build_step(self, sid: str) -> w.Widget:
        c = self.content
        if sid == "start":
            goals = join(html("<li>{}</li>", g) for g in c.goals)
            return w.HTML(html(
                '<div class="pgkit-prose"><h2>{}</h2>{}<p><b>{}</b> {}</p>'
                '<h3>{}</h3><ul class="pgkit-goals">{}</ul><p>{}</p></div>',
                t("elearning.step.start"), markdown(c.intro), t("elearning.study_time"),
                t("elearning.minutes", n=self.unit.study_minutes), t("elearning.goals"), goals,
                t("elearning.how_it_works", pct=round(PASS_MARK * 100))))
        for s in c.sections:
            if s.id == sid:
                return self.section(s)
        for e in c.exercises:
            if e.id == sid:
                checked = guarded(self.errors)(self.exercise_checked)
                if isinstance(e, DialogueExercise):
                    return DialogueWidget(e, checked)
                return exercise_widget(e, checked)
        if sid == "kennischeck":
            return self.quiz()
        return self.reflection_step()

    def section(self, s: Section) -> w.Widget:
        if s.case:
            body = html('<h2>{}</h2><div class="pgkit-case"><p class="pgkit-case-tag">{}</p>'
                        "{}</div>", s.title, t("elearning.case", org=s.case), markdown(s.text))
        else:
            body = html('<div class="pgkit-prose"><h2>{}</h2>{}</div>', s.title,
                        markdown(s.text))
        parts: list[w.Widget] = [w.HTML(body)]
        if s.widget == "spinnenweb":
            parts.append(spinnenweb_part(self.user))
        return w.VBox(parts)

    def exercise_checked(self, exercise_id: str, _answers: dict, _right: int) -> None:
        with session_scope() as session:
            el.record_event(session, self.user.person_id, self.unit.key, "exercise", exercise_id)

    def quiz(self) -> w.Widget:
        with session_scope() as session:
            before = el.attempt_count(session, self.user.person_id, self.unit.key)
        quiz = QuizWidget(self.content.questions, pass_mark=PASS_MARK, attempts_before=before,
                          on_answer=guarded(self.errors)(self.answered),
                          on_check=guarded(self.errors)(self.checked))
        text = t("elearning.quiz.intro", n=len(self.content.questions),
                 pct=round(PASS_MARK * 100))
        intro = w.HTML(html('<div class="pgkit-prose"><h2>{}</h2><p>{}</p></div>',
                            t("elearning.step.quiz"), text))
        return w.VBox([intro, quiz])

    def answered(self, question, answer) -> None:
        with session_scope() as session:
            if self.attempt_id is None:
                self.attempt_id = el.start_attempt(session, self.user.person_id, self.unit.key)
            el.record_answer(session, self.attempt_id, question.id, answer,
                             question.is_correct(answer))

    def checked(self, answers: dict) -> float:
        with session_scope() as session:
            if self.attempt_id is None:
                self.attempt_id = el.start_attempt(session, self.user.person_id, self.unit.key)
            for q in self.content.questions:  # an untouched ordering still counts as given
                el.record_answer(session, self.attempt_id, q.id, answers.get(q.id),
                                 q.is_correct(answers.get(q.id)))
            score = el.finish_attempt(session, self.attempt_id, self.content)
        self.attempt_id = None
        self.refresh_status()
        return score

    def reflection_step(self) -> w.Widget:
        r = self.content.reflection

        def save(text: str) -> None:
            # Compare-and-set on the version this tab showed: another tab's save is a
            # conflict the box shows, not a silent overwrite.
            with session_scope() as session:
                el.save_reflection(session, self.user.person_id, self.unit.key, text,
                                   expected_version=self.reflection_version)
            self.reflection, self.reflection_version = text, self.reflection_version + 1
            self.refresh_status()

        def load() -> str:
            with session_scope() as session:
                self.reflection, self.reflection_version = el.reflection(
                    session, self.user.person_id, self.unit.key)
            self.refresh_status()
            return self.reflection

        intro = w.HTML(html('<div class="pgkit-prose"><h2>{}</h2><p>{}</p></div>',
                            t("elearning.step.reflection"), t("elearning.reflection.intro")))
        return w.VBox([intro, ReflectionBox(r.prompt, save, text=self.reflection, hint=r.hint,
                                            on_error=report_error, load=load)])


def spinnenweb_part(user: User) -> w.Widget:
    """The trainee's own spinnenweb, saved privately by the spinnenweb page's own code.

    We embed that page's builder rather than its bare widget, so a fill made here is
    stored and shown in the same history as on ``notebooks/spinnenweb.ipynb``. If that
    page is missing from this checkout, the step links to it instead.
    """
    url = registry.url("notebooks/spinnenweb.ipynb")
    try:
        from pgkit.pages import spinnenweb
    except ImportError:
        return w.HTML(notice(msg("elearning.spinnenweb_link", url=url)).value)
    return w.VBox([w.HTML(notice(msg("elearning.spinnenweb_here", url=url)).value),
                   spinnenweb.build(user)])


def build_unit(key: str) -> Callable[[User], w.Widget]:
    def build(user: User) -> w.Widget:
        try:
            content = load_unit(key)
        except ContentError as exc:
            report_error(exc)
            return error_box(msg("elearning.content_broken", details=str(exc)))
        return UnitPage(user, content)

    return build
