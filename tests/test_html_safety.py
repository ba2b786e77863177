"""Every HTML-producing function of the kit escapes a hostile value in every argument a
user (or a content file) supplies: display names, reflection texts, case titles, cohort
names, poll questions, content texts.

Two layers: each builder on its own with the hostile value in every argument (fast), then
the real pages in-process on a store whose names, cases and texts are all hostile, with
every HTML widget of the page read back.
A value is safe when parsing the output finds no element or attribute it brought in and
the value itself is there as text, not evaluated (``{{7*7}}`` stays, never ``49``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import ipywidgets as w
import pytest

from pgkit.identity import User
from pgkit.store.models import Region, Role

HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}",
           "' onmouseover='alert(1)")
INJECTED_TAGS = {"script", "img"}


class _Reader(HTMLParser):
    """The tags and attributes of some HTML, and its text (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((name, value or ""))
            self.text.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(out: str, value: str, *, shown: str | None = None) -> None:
    """``out`` has no element or attribute that ``value`` brought in, and shows ``shown``
    (the value, or the part of it the builder keeps) as text."""
    reader = _Reader()
    reader.feed(str(out))
    reader.close()
    assert not INJECTED_TAGS & set(reader.tags), f"injected element in {out!r}"
    handlers = [a for a, _v in reader.attrs if a.startswith("on")]
    assert not handlers, f"injected event handler {handlers} in {out!r}"
    text = "\n".join(reader.text)
    # Shown as typed: not dropped, not evaluated ({{7*7}} is not 49), not formatted twice.
    assert (value if shown is None else shown) in text, f"{value!r} not shown in {out!r}"


# --- builders on their own -----------------------------------------------------------


def _header(v: str) -> str:
    from pgkit.pages import base

    user = User(1, "p", v, frozenset({Role.TRAINEE}))
    return base.header(v, user, v).value


def _notice(v: str) -> str:
    from pgkit.pages import base

    return base.notice(v, "warn").value + base.error_box(v).value


def _progress(v: str) -> str:
    from pgkit.widgets.progress import progress_bar

    return progress_bar(1, 3, v).value


def _reflection_box(v: str) -> str:
    from pgkit.widgets.reflection import ReflectionBox

    def conflict(_text: str) -> None:
        from pgkit.elearning import ReflectionConflict

        raise ReflectionConflict()

    box = ReflectionBox(v, conflict, text="", hint=v, delay=0, load=lambda: v)
    box.area.value = "nieuw"  # the save meets a conflict: the other version is shown
    return _html_of(box)


# Texts a content author (or, for cases and dilemmas, a facilitator) writes; ids, kinds,
# categories and answer keys stay as they are so the content still validates.
TEXT_KEYS = {"title", "instruction", "setting", "name", "role", "text", "note", "prompt",
             "feedback", "fragment", "situation", "questions", "explanation", "goals",
             "intro", "hint", "case", "partner", "leader", "organisation", "goal",
             "instructions", "materials"}


def hostile_copy(model, v: str):
    """The same content model with every author's text replaced by ``v`` (numbered, so
    texts that must differ still do)."""
    count = iter(range(10**6))

    def walk(x, key: str = ""):
        if isinstance(x, dict):
            return {k: walk(val, k) for k, val in x.items()}
        if isinstance(x, list):
            return [walk(val, key) for val in x]
        if isinstance(x, str) and key in TEXT_KEYS:
            return f"{v} {next(count)}"
        return x

    return type(model).model_validate(walk(model.model_dump()))


def _unit_exercises(kind: type) -> list:
    from pgkit.content import unit
    from pgkit.curriculum import UNIT_KEYS

    return [e for key in UNIT_KEYS for e in unit(key).exercises if isinstance(e, kind)]


def _exercises(v: str) -> str:
    from pgkit.content import ChoiceExercise, SortExercise
    from pgkit.widgets.exercise import ChoiceWidget, SortWidget

    out = []
    for e in _unit_exercises(SortExercise)[:1]:
        widget = SortWidget(hostile_copy(e, v), lambda *_a: None)
        for picker in widget.pickers:
            picker.value = picker.options[1][1]
        widget.do_check()
        out.append(_html_of(widget))
    for e in _unit_exercises(ChoiceExercise)[:2]:
        widget = ChoiceWidget(hostile_copy(e, v), lambda *_a: None)
        widget.choice.value = widget.choice.options[0]
        widget.do_check()
        out.append(_html_of(widget))
    return "\n".join(out)


def _quiz(v: str) -> str:
    from pgkit.content import unit
    from pgkit.widgets.quiz import QuizWidget

    questions = hostile_copy(unit("eenheid1"), v).questions
    quiz = QuizWidget(questions, on_answer=lambda *_a: None, on_check=lambda _a: 1.0,
                      pass_mark=0.5)
    for view in quiz.views:  # answer every question, so the check shows all feedback
        if view.question.kind == "single":
            view.input.value = view.input.options[0]
        elif view.question.kind == "multiple":
            view.boxes[0].value = True
    quiz.do_check()
    return _html_of(quiz)


def _dialogue(v: str) -> str:
    from pgkit.content import DialogueExercise
    from pgkit.widgets.dialogue import DialogueWidget

    out = []
    for e in _unit_exercises(DialogueExercise)[:1]:
        widget = DialogueWidget(hostile_copy(e, v), lambda *_a: None)
        for _ in range(len(widget.parts)):  # answer each point, which opens the next part
            picks = [x for x in _all(widget) if isinstance(x, w.RadioButtons | w.Checkbox)]
            for x in picks:
                if isinstance(x, w.RadioButtons) and x.value is None:
                    x.value = x.options[0]
                elif isinstance(x, w.Checkbox):
                    x.value = True
            for b in [x for x in _all(widget) if isinstance(x, w.Button)]:
                b.click()
        out.append(_html_of(widget))
    return "\n".join(out)


def _spinnenweb_widgets(v: str) -> str:
    from pgkit import spinnenweb as sw
    from pgkit.widgets.spinnenweb import Overlay, WebChart, previous_plan_html

    chart = WebChart()
    chart.set_overlays([Overlay(v, {}, "#000000")])
    answers = {q.key: v for q in sw.ACTIEWIEL}
    return chart.legend.value + previous_plan_html(v, v, answers)


def _svg(v: str) -> str:
    from pgkit.spinnenweb_svg import web_svg

    return web_svg({}, v)


def _clock(v: str) -> str:
    from pgkit.live.clock import ClockView
    from pgkit.live.timer import Slot, TimerStatus

    clock = ClockView()
    clock.update(TimerStatus(0, Slot("a", v, 10), True, 0, 600, False, False, True), 3)
    shown = clock.display.value + clock.announcer.value
    clock.update(TimerStatus(1, Slot("b", v, 10), True, 0, -60, True, False, True), 3)
    return shown + clock.display.value + clock.announcer.value


def _poll_views(v: str) -> str:
    from pgkit.live.charts import PollChart
    from pgkit.live.polls import PollResult
    from pgkit.live.seat_cards import poll_bars

    result = PollResult(1, "k", v, (v, "b"), (2, 1), True)
    chart = PollChart()
    chart.update(result)
    return chart.title.value + poll_bars(result)


def _seat_cards(v: str) -> str:
    """The cards both participant surfaces show (the in-app view and the phone page)."""
    from pgkit.live import seat_cards as cards
    from pgkit.reflection import roleplay
    from pgkit.reflection.content import content
    from pgkit.store.models import Meeting, MeetingKind, Participant

    stuff = content()
    case = stuff.cases.cases[0].model_copy(update={"title": v, "organisation": v,
                                                   "setting": v, "partner": v, "leader": v})
    d = stuff.dilemmas.dilemmas[0].model_copy(update={"title": v, "situation": v,
                                                      "questions": [v]})
    stuff = stuff.model_copy(update={
        "cases": stuff.cases.model_copy(update={"cases": [case]}),
        "dilemmas": stuff.dilemmas.model_copy(update={"dilemmas": [d]})})
    item = stuff.roleplay.checklist[0].id
    out = ""
    for role in (roleplay.PARTNER, roleplay.OBSERVER):
        out += cards.role_card(stuff, roleplay.Seat(1, 0, role, case.id, 1, (1, 2, 3)))
    out += cards.feedback_cards(stuff, [roleplay.Feedback(1, v, {item: 1}, v)])
    out += cards.dilemma_card(stuff, d.id) or ""
    me = Participant(display_name=v)
    out += cards.seat_header(me, Meeting(kind=MeetingKind.REFLECTION_1), v)
    return out


def _phone_join_form(v: str) -> str:
    from pgkit.markup import Markup
    from pgkit.phone.seat import intervision_note, join_form

    return (join_form(Markup(""), code=v, name=v, errors={"code": v, "naam": v})
            + intervision_note(v))


def _summary(v: str) -> str:
    from pgkit.live.groupweb import GroupWeb
    from pgkit.live.polls import PollResult
    from pgkit.reflection.summary import BlockRun, Summary, to_html

    web = GroupWeb(0, None)
    s = Summary(v, v, v, 3, (BlockRun(v, 10, "14:00", 9),),
                (PollResult(1, "k", v, (v,), (1,), False),), web, (v,), 1)
    return to_html(s)


def _glossary(v: str) -> str:
    from pgkit.glossary import Glossary, Term, link_marks, panel_html
    from pgkit.markup import markdown

    terms = Glossary(terms=[Term(id="x", term=v, forms=["woord"], explanation=v)])
    return panel_html(terms, v, v) + link_marks(markdown(f"Een [[woord]] en {v}"), terms)


def _markdown(v: str) -> str:
    from pgkit.pages.elearning import markdown

    return markdown(f"Tekst met {v}\n\n- {v}")


def _intervision_parts(v: str) -> str:
    from pgkit.intervision.cases import CaseView
    from pgkit.intervision.methods import methods
    from pgkit.pages import intervision_parts as parts

    m = next(iter(methods().values()))
    step = m.steps[0].model_copy(update={"title": v, "for_participants": v, "prompts": [v]})
    case = CaseView(1, v, v, 1, True, False, True, bringer=v)
    return (parts.step_card(m, 0, step, for_chair=True) + parts.step_card(m, 0, step,
                                                                            for_chair=False)
            + parts.case_card(case, show_bringer=True) + parts.chosen_card(v, v))


def _facilitator_parts(v: str) -> str:
    from pgkit.pages import facilitator
    from pgkit.reflection.content import content

    stuff = content()
    d = stuff.dilemmas.dilemmas[0].model_copy(update={"title": v, "situation": v,
                                                      "questions": [v]})
    stuff = stuff.model_copy(update={"dilemmas": stuff.dilemmas.model_copy(
        update={"dilemmas": [d]})})
    return facilitator.dilemma_html(stuff, d.id)


def _projector_join(v: str) -> str:
    from pgkit.pages.projector import join_html

    return join_html("ABCDEF", v)


def _chair_join_text(v: str, monkeypatch: pytest.MonkeyPatch) -> str:
    from pgkit.pages import intervision_chair

    monkeypatch.setattr(intervision_chair, "kit_address", lambda: v)
    return intervision_chair.join_text()


def _download_link(v: str) -> str:
    from pgkit.pages.spinnenweb import download_link

    return download_link(v, b"data", "text/plain", v)


def _dashboard(v: str) -> str:
    from pgkit.pages import dashboard

    table = dashboard.html_table([v, "n"], ["naam", "n"], [{"naam": v, "n": 3}], v,
                                 stalled=lambda _r: True)
    exporter = dashboard.Exporter(v, w.VBox())
    exporter.update([v], ["naam"], [{"naam": v}])
    return table + exporter.csv.value + dashboard.legend([v], ["#000000"]).value


BUILDERS: dict[str, Callable[[str], str]] = {
    "dashboard": _dashboard,
    "base.header": _header,
    "base.notice+error_box": _notice,
    "widgets.progress": _progress,
    "widgets.reflection": _reflection_box,
    "widgets.exercise": _exercises,
    "widgets.quiz": _quiz,
    "widgets.dialogue": _dialogue,
    "widgets.spinnenweb": _spinnenweb_widgets,
    "spinnenweb_svg": _svg,
    "live.clock": _clock,
    "live.charts+meeting bars": _poll_views,
    "live.seat_cards": _seat_cards,
    "phone.join_form": _phone_join_form,
    "reflection.summary": _summary,
    "glossary": _glossary,
    "elearning.markdown": _markdown,
    "intervision_parts": _intervision_parts,
    "facilitator.dilemma_html": _facilitator_parts,
    "projector.join_html": _projector_join,
    "spinnenweb.download_link": _download_link,
}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_escapes(name: str, value: str) -> None:
    assert_inert(BUILDERS[name](value), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_chair_address_is_escaped(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_inert(_chair_join_text(value, monkeypatch), value)


def test_the_check_finds_an_unescaped_value() -> None:
    """The check itself can fail: raw markup, an attribute break-out, an evaluated template."""
    with pytest.raises(AssertionError, match="injected element"):
        assert_inert("<p><script>alert(1)</script></p>", HOSTILE[0])
    with pytest.raises(AssertionError, match="injected"):
        assert_inert('<a title="x"><img src=x onerror=alert(1)>">', HOSTILE[1])
    with pytest.raises(AssertionError, match="not shown"):
        assert_inert("<p>49</p>", HOSTILE[2])


# --- real pages on a hostile store ---------------------------------------------------


def _all(root: w.Widget) -> Iterator[w.Widget]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(getattr(node, "children", ()))


def _html_of(root: w.Widget) -> str:
    return "\n".join(x.value for x in _all(root) if isinstance(x, w.HTML))


@pytest.fixture(params=HOSTILE[:2], ids=["script", "attribute"])
def hostile(request: pytest.FixtureRequest, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A store where every name a user or an import supplies is the hostile value."""
    from pgkit.store import people, session_scope, upgrade

    v = request.param
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    upgrade(url)
    monkeypatch.setenv("PGKIT_DB", url)
    with session_scope(url) as s:
        cohort = people.ensure_cohort(s, v, Region.NOORD)
        host = people.ensure_person(s, "begeleider", v, (Role.FACILITATOR, Role.COACH))
        people.assign_coach(s, cohort, host)
        members = []
        for i in range(3):
            p = people.ensure_person(s, f"deelnemer-{i}", v)
            people.enrol(s, cohort, p)
            members.append(User(p.id, p.pseudonym, v, frozenset({Role.TRAINEE})))
        user = User(host.id, host.pseudonym, v, frozenset({Role.FACILITATOR, Role.COACH}))
    return v, url, cohort.id, user, members


def test_start_and_spinnenweb_pages(hostile) -> None:
    from pgkit.pages import base, spinnenweb, start

    v, _url, _cohort, _host, members = hostile
    for module in (start, spinnenweb):
        page = module.page()
        assert_inert(_html_of(base.render(page, members[0])), v)


def test_elearning_pages_show_hostile_content_and_reflection(hostile) -> None:
    from pgkit import elearning as el
    from pgkit.content import unit
    from pgkit.pages import base, elearning
    from pgkit.store import session_scope

    v, url, _cohort, _host, members = hostile
    with session_scope(url) as s:
        el.save_reflection(s, members[0].person_id, "eenheid1", v, expected_version=0)
    assert_inert(_html_of(base.render(elearning.page(None), members[0])), v, shown="")
    page = elearning.UnitPage(members[0], hostile_copy(unit("eenheid1"), v))
    for index in range(len(page.steps)):  # every step: sections, exercises, quiz, reflection
        page.go(index)
        assert_inert(_html_of(page), v)
    box = next(x for x in _all(page) if isinstance(x, w.Textarea) and x.value)
    assert box.value == v  # a text area holds text, never markup


def test_meeting_facilitator_and_projector_pages(hostile, monkeypatch) -> None:
    from pgkit.live import meetings
    from pgkit.pages import facilitator, meeting, projector
    from pgkit.reflection import roleplay
    from pgkit.reflection.content import content
    from pgkit.store import session_scope
    from pgkit.store.models import MeetingKind

    v, url, cohort, host, members = hostile
    stuff = hostile_copy(content(), v)  # runbook, cases, dilemmas and roles as a user typed
    for module in (facilitator, meeting, projector):
        monkeypatch.setattr(module, "content", lambda: stuff)
    with session_scope(url) as s:
        m = meetings.open_meeting(s, host, cohort, MeetingKind.REFLECTION_1,
                                  state={"screen": "roleplay"})
        tokens = [meetings.join(s, m.join_code, p.person_id, v).token for p in members]
        roleplay.start(s, m.id, host, [c.id for c in stuff.cases.cases])
        meetings.update_state(s, m.id, host, dilemma=stuff.dilemmas.dilemmas[0].id)
    view = facilitator.HostView(host, m.id)
    view.refresher.stop()
    for tab in range(len(view.tabs.children)):
        view.tabs.selected_index = tab
        assert_inert(_html_of(view), v)
    wall = projector.Projector(host, m.id)
    wall.refresher.stop()
    for screen in ("code", "roleplay", "dilemma"):
        with session_scope(url) as s:
            meetings.update_state(s, m.id, host, screen=screen)
        wall.tick()
        assert_inert(_html_of(wall), v, shown="" if screen == "code" else None)
    for token, member in zip(tokens, members, strict=True):
        phone = meeting.SeatView(token, member.person_id)
        phone.refresher.stop()
        assert_inert(_html_of(phone), v)


def test_dashboard_for_a_coach_and_a_coordinator(hostile) -> None:
    from pgkit.pages import base, dashboard
    from pgkit.store import people, session_scope

    v, url, _cohort, host, _members = hostile
    assert_inert(_html_of(base.render(dashboard.page(), host)), v)
    with session_scope(url) as s:
        boss = people.ensure_person(s, "coordinator", v, (Role.COORDINATOR,))
        coordinator = User(boss.id, boss.pseudonym, v, frozenset({Role.COORDINATOR}))
    view = dashboard.CoordinatorView(coordinator)
    root = view.widget()
    view.pick.value = next(value for _label, value in view.pick.options if value)
    view.drill()  # the chosen cohort's own table and heading
    assert_inert(_html_of(root), v)


def test_intervision_pages_show_a_hostile_case_and_take_away(hostile) -> None:
    from pgkit.intervision import cases, closing
    from pgkit.intervision import meeting as iv
    from pgkit.live import meetings
    from pgkit.pages import intervision_chair, intervision_participant
    from pgkit.store import session_scope

    v, url, cohort, host, members = hostile
    with session_scope(url) as s:
        m, _ = iv.open_intervision(s, host, cohort, "roddelmethode", 1)
        tokens = [meetings.join(s, m.join_code, p.person_id, v).token for p in members]
        case = cases.submit_case(s, tokens[0], v, v, True)
        iv.choose_case(s, m.id, host, case.id)
        closing.save_takeaway(s, tokens[0], v, v)
    chair = intervision_chair.ChairView(host, m.id, lambda *_a: None)
    chair.refresher.stop()
    assert_inert(_html_of(chair), v)
    phone = intervision_participant.ParticipantView(tokens[0])
    phone.refresher.stop()
    assert_inert(_html_of(phone), v)
    with session_scope(url) as s:
        result = iv.end_meeting(s, m.id, host)
    ended = intervision_chair.EndedView(host, m.id, result, lambda: None)
    assert_inert(_html_of(ended), v)
    earlier = intervision_participant.JoinView(members[0], lambda _tok: None)
    assert_inert(_html_of(earlier), v)


# --- one path: no page or widget builds HTML any other way ---------------------------

# The server's own pages outside the kernels escape with html.escape (pgkit.app,
# pgkit.hub_auth); everything a kernel draws goes through pgkit.markup.
OUTSIDE_KERNELS = {"app.py", "hub_auth.py", "hub_config.py", "hub_local.py"}


def _kernel_sources() -> Iterator[tuple[str, str]]:
    from pathlib import Path

    import pgkit

    root = Path(pgkit.__file__).parent
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel not in OUTSIDE_KERNELS and "migrations/" not in rel:
            yield rel, path.read_text(encoding="utf-8")


def test_html_is_built_only_through_pgkit_markup() -> None:
    import re

    fstring_html = re.compile(r"""\bf(["'])[^"'\n]*<[a-zA-Z/]""")
    found = []
    for rel, text in _kernel_sources():
        for n, line in enumerate(text.splitlines(), 1):
            style = "<style" in line and rel != "pages/base.py"  # the header's kit.css
            if ("from html import escape" in line or "html.escape(" in line
                    or fstring_html.search(line) or style):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, ("build HTML with pgkit.markup.html (styles go in pages/kit.css):\n"
                       + "\n".join(found))
