"""The participant page of a reflection meeting (``notebooks/meeting.ipynb``).

Join with the code, then: answer the open question, share scores for the group web,
see your role and case card, fill in the observer checklist or read feedback you got.
Built for a phone: one column, large buttons. It stays light (no charts) because a
room of twelve phones runs twelve kernels on a small server.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol
from urllib.parse import quote

import ipywidgets as w

from pgkit.identity import User
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.live.errors import LiveError
from pgkit.live.refresh import Refresher
from pgkit.live.seat_cards import (
    INTERVISION_PAGE,
    block_title,
    dilemma_card,
    feedback_cards,
    poll_bars,
    role_card,
    seat_header,
    web_form_wanted,
)
from pgkit.live.widgets import group_web_text
from pgkit.markup import html, msg
from pgkit.messages import t
from pgkit.pages.base import Page, guarded, notice, query_param
from pgkit.reflection import roleplay
from pgkit.reflection.content import Content, content
from pgkit.spinnenweb import dimension_name
from pgkit.store import session_scope
from pgkit.store.models import MeetingKind


def full() -> w.Layout:
    """A fresh full-width layout (a shared Layout would hide every box when one hides)."""
    return w.Layout(width="100%")
LABEL_ABOVE = {"description_width": "initial"}


def _query_code() -> str:
    """``?code=ABCDEF`` in the link (a meeting code, or the general meeting page's)."""
    return codes.normalise(query_param("code"))


def _section(title: str, *children: w.Widget) -> w.VBox:
    return w.VBox([w.HTML(html("<h2>{}</h2>", title)), *children], layout=full()).add_class(
        "pgkit-section")


class Part(Protocol):
    """One block of the participant page; shown while ``active``, newest on top."""

    @property
    def active(self) -> bool: ...

    @property
    def box(self) -> Any: ...


class PollPart:
    """The open question: one button per answer; after answering, the counts."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.poll_id: int | None = None
        self.question = w.HTML()
        self.buttons = w.VBox(layout=full())
        self.feedback = w.HTML()
        self.box = _section(t("meetings.page.poll_title"), self.question, self.buttons,
                            self.feedback)
        self._last: tuple | None = None
        self._mine: int | None = None

    @property
    def active(self) -> bool:
        return self.poll_id is not None

    def refresh(self, session, poll_id: int | None) -> None:
        if poll_id != self.poll_id:
            self.poll_id = poll_id
            self._last = None
            self._build(session)
        if poll_id is not None and self._mine is not None:
            result = polls.results_for_seat(session, self.token, poll_id)
            if result.counts != self._last:
                self._last = result.counts
                self.feedback.value = (notice(t("meetings.page.poll_saved"), "ok").value
                                       + poll_bars(result))

    def _build(self, session) -> None:
        self._mine = None
        self.feedback.value = ""
        if self.poll_id is None:
            self.question.value = html("<p>{}</p>", t("meetings.live.poll_none"))
            self.buttons.children = ()
            return
        result = polls.results_for_seat(session, self.token, self.poll_id)
        self._mine = polls.my_answer(session, self.token, self.poll_id)
        self.question.value = html('<p class="pgkit-poll-q"><strong>{}</strong></p>',
                                   result.question)
        buttons = []
        for i, option in enumerate(result.options):
            b = w.Button(description=option, layout=w.Layout(width="100%", max_width="420px"),
                         button_style="success" if i == self._mine else "")
            b.on_click(self._answer_cb(i))
            buttons.append(b)
        self.buttons.children = tuple(buttons)

    def _answer_cb(self, index: int):
        @guarded(self.feedback)
        def answer(_=None) -> None:
            if self.poll_id is None:  # the poll went away between drawing and clicking
                return
            try:
                with session_scope() as s:
                    polls.answer(s, self.token, self.poll_id, index)
                    result = polls.results_for_seat(s, self.token, self.poll_id)
            except LiveError as exc:
                self.feedback.value = notice(str(exc), "warn").value
                return
            self._mine = index
            self._last = result.counts
            for i, b in enumerate(self.buttons.children):
                b.button_style = "success" if i == index else ""
            self.feedback.value = (notice(t("meetings.page.poll_saved"), "ok").value
                                   + poll_bars(result))

        return answer


class WebPart:
    """Share six scores for the group web, typed in or taken from one's own saved web."""

    def __init__(self, token: str, person_id: int | None) -> None:
        self.token = token
        self.person_id = person_id
        self.sliders = {}
        rows = []
        for key in groupweb.KEYS:
            # A labelled select (native picker on a phone); slider handles have no name
            # for screen readers.
            s = w.Dropdown(options=list(range(11)), value=5, description=dimension_name(key),
                           layout=w.Layout(width="100%", max_width="420px"))
            self.sliders[key] = s
            rows.append(s)
        self.shared = False
        self.own = w.Button(description=t("meetings.page.web_use_own"), icon="download")
        self.share = w.Button(description=t("meetings.page.web_share"), button_style="primary",
                              icon="share")
        self.status = w.HTML()
        self.group = w.HTML()
        self.own.on_click(guarded(self.status)(self._use_own))
        self.share.on_click(guarded(self.status)(self._share))
        self.box = _section(t("meetings.live.web_title"),
                            w.HTML(html("<p>{}</p>", t("meetings.page.web_intro"))), *rows,
                            self.own, self.share, self.status, self.group)
        self.active = False
        self._last: tuple | None = None

    def _use_own(self, _=None) -> None:
        with session_scope() as s:
            scores = (groupweb.own_saved_scores(s, self.person_id)
                      if self.person_id is not None else None)
        if scores is None:
            self.status.value = notice(t("meetings.page.web_no_own"), "info").value
            return
        for key, value in scores.items():
            self.sliders[key].value = round(value)
        self.status.value = notice(t("meetings.page.web_own_loaded"), "info").value

    def _share(self, _=None) -> None:
        scores = {k: s.value for k, s in self.sliders.items()}
        try:
            with session_scope() as s:
                outcome = groupweb.contribute(s, self.token, scores)
        except LiveError as exc:
            self.status.value = notice(str(exc), "warn").value
            return
        self.status.value = (notice(t("meetings.page.web_shared"), "ok").value
                             if outcome == groupweb.COUNTED else
                             notice(t(f"meetings.page.web_shared_{outcome}"), "warn").value)
        if not self.shared:
            # Once shared, later moves update the contribution (and catch a slider sync
            # that reaches the kernel after the button click).
            self.shared = True
            for slider in self.sliders.values():
                slider.observe(guarded(self.status)(self._share), "value")

    def refresh(self, session, on_screen: bool, closed: bool = False) -> None:
        web = groupweb.group_web_for_seat(session, self.token)
        self.active = web_form_wanted(web, on_screen, closed)
        key = (web.contributors, web.shown, web.until_next)
        if key == self._last:
            return
        self._last = key
        self.group.value = html('<p class="pgkit-web-status">{}</p>', group_web_text(web))


class RolePart:
    """My role and case card this round; the observer checklist; feedback I received."""

    def __init__(self, token: str, stuff: Content) -> None:
        self.token = token
        self.content = stuff
        self.card = w.HTML()
        self.form = w.VBox(layout=full())
        self.received = w.HTML()
        self.box = _section(t("meetings.page.role_title"), self.card, self.form, self.received)
        self._seat_key: tuple | None = None
        self._feedback_key: tuple | None = None
        self.active = False

    def refresh(self, session, state: dict, closed: bool = False) -> None:
        who = meetings.seat(session, self.token)
        # After the close only the feedback stays: there is nothing left to play.
        seat = None if closed else roleplay.seat_in(state.get(roleplay.STATE_KEY), who.id)
        key = None if seat is None else (seat.round, seat.group, seat.role, seat.case_id)
        if key != self._seat_key:
            self._seat_key = key
            self._show(session, seat)
        feedback = roleplay.feedback_for_me(session, self.token)
        # The observer saves on every change, so compare the content, not the count.
        sent = tuple((f.round, tuple(sorted(f.checklist.items())), f.note) for f in feedback)
        if sent != self._feedback_key:
            self._feedback_key = sent
            self._show_feedback(feedback)
        self.active = seat is not None or bool(feedback)

    def _show(self, session, seat: roleplay.Seat | None) -> None:
        if seat is None:
            self.card.value = ""
            self.form.children = ()
            return
        self.card.value = role_card(self.content, seat)
        self.form.children = (self._checklist(session),) if seat.role == roleplay.OBSERVER else ()

    def _checklist(self, session) -> w.VBox:
        rp = self.content.roleplay
        done = roleplay.my_observation(session, self.token)
        marks = dict(done.checklist) if done else {}
        toggles = {}
        rows = [w.HTML(html("<p>{}</p>", t("meetings.page.checklist_intro")))]
        for item in rp.checklist:
            tb = w.ToggleButtons(options=[(s, i) for i, s in enumerate(rp.scale)],
                                 value=marks.get(item.id), style={"button_width": "auto"})
            toggles[item.id] = tb
            rows += [w.HTML(html("<strong>{}</strong><br><small>{}</small>", item.label,
                                 item.hint)), tb]
        note = w.Textarea(value=done.note if done else "",
                          placeholder=t("meetings.page.note_placeholder"),
                          layout=w.Layout(width="100%", max_width="420px", height="90px"))
        note.continuous_update = False
        send = w.Button(description=t("meetings.page.checklist_send"), button_style="primary")
        status = w.HTML()
        items = [c.id for c in rp.checklist]

        def save(send_it: bool) -> None:
            try:
                with session_scope() as s:
                    roleplay.submit_observation(
                        s, self.token, {k: tb.value for k, tb in toggles.items()}, note.value,
                        items, send=send_it)
                    pending = roleplay.unsent_changes(roleplay.my_observation(s, self.token))
            except LiveError as exc:
                status.value = notice(str(exc), "warn").value
                return
            text = ("meetings.page.checklist_saved" if not pending else
                    "meetings.page.checklist_autosaved")
            status.value = notice(t(text), "ok" if not pending else "info").value

        # Every change is saved at once as a draft (nothing lost, no race with the send
        # button); the leader gets it only when the observer sends it.
        on_change = guarded(status)(lambda _=None: save(False))
        for tb in toggles.values():
            tb.observe(on_change, "value")
        note.observe(on_change, "value")
        send.on_click(guarded(status)(lambda _=None: save(True)))
        return w.VBox([*rows, w.HTML(html("<strong>{}</strong>", t("meetings.page.note"))), note,
                       send, status], layout=full())

    def _show_feedback(self, feedback: list[roleplay.Feedback]) -> None:
        self.received.value = feedback_cards(self.content, feedback)


class DilemmaPart:
    def __init__(self, stuff: Content) -> None:
        self.content = stuff
        self.card = w.HTML()
        self.box = _section(t("meetings.page.dilemma_title"), self.card)
        self._shown: str | None = None
        self.active = False

    def refresh(self, shown: str | None) -> None:
        if shown == self._shown:
            return
        self._shown = shown
        card = dilemma_card(self.content, shown)
        self.card.value = card or ""
        self.active = card is not None


class SeatView(w.VBox):
    """Everything a participant sees after joining, kept current by a light refresh.

    Only what is active shows (an open question, a role, a dilemma card, the group web
    when it is on the screen), the newest on top, so a phone never scrolls past empty
    headings to find its task.
    """

    children: tuple[Any, ...]  # a trait; declared for the type checker

    def __init__(self, token: str, person_id: int | None) -> None:
        stuff = content()
        self.token = token
        self.head = w.HTML()
        self.waiting = w.HTML(html('<p class="pgkit-waiting">{}</p>', t("meetings.page.waiting")))
        self.poll = PollPart(token)
        self.web = WebPart(token, person_id)
        self.role = RolePart(token, stuff)
        self.dilemma = DilemmaPart(stuff)
        self.parts: tuple[Part, ...] = (self.poll, self.role, self.dilemma, self.web)
        self._since: dict[int, int] = {}
        self._turn = 0
        self.closed = False
        super().__init__([self.head, self.waiting], layout=full())
        self._head_key: tuple | None = None
        self.refresher = Refresher(self.tick, on_expire=self._expired)
        self.tick()
        self.refresher.start()

    def _expired(self) -> None:
        # No tick redraws the header any more, so the notice stays under it.
        self.head.value += notice(t("meetings.live.reload"), "warn").value

    def tick(self) -> None:
        with session_scope() as s:
            me, meeting, state = meetings.seat_state(s, self.token)
            self.closed = meeting.closed_at is not None
            block = block_title(meeting, state)
            head_key = (me.display_name, block, self.closed)
            if head_key != self._head_key:
                self._head_key = head_key
                self.head.value = seat_header(me, meeting, block)
            if self.closed:
                self.refresher.stop()
            self.poll.refresh(s, None if self.closed else polls.current_poll_id(s, meeting.id))
            self.dilemma.refresh(None if self.closed else state.get("dilemma"))
            self.role.refresh(s, state, self.closed)
            self.web.refresh(s, state.get("screen") == "web", self.closed)
        self._arrange()

    def _arrange(self) -> None:
        for i, part in enumerate(self.parts):
            if part.active and i not in self._since:
                self._turn += 1
                self._since[i] = self._turn
            elif not part.active:
                self._since.pop(i, None)
        shown = sorted(self._since, key=lambda i: -self._since[i])
        boxes = [self.parts[i].box for i in shown]
        children = (self.head, *boxes) if boxes or self.closed else (self.head, self.waiting)
        if tuple(self.children) != children:
            self.children = children




def build(user: User) -> w.Widget:
    root = w.VBox(layout=full()).add_class("pgkit-meeting")
    with session_scope() as s:
        token = meetings.resume_token(s, user.person_id)
    if token:
        root.children = (SeatView(token, user.person_id),)
        return root
    code = w.Text(value=codes.pretty(_query_code()) if _query_code() else "",
                  placeholder=t("meetings.page.code_placeholder"),
                  description=t("meetings.page.code_label"), style=LABEL_ABOVE,
                  layout=w.Layout(width="100%", max_width="320px"))
    code.add_class("pgkit-code-input")
    name = w.Text(value=user.display_name, description=t("meetings.page.name_label"),
                  style=LABEL_ABOVE, layout=w.Layout(width="100%", max_width="320px"))
    join_button = w.Button(description=t("meetings.page.join"), button_style="primary",
                           icon="sign-in")
    status = w.HTML()

    @guarded(status)
    def do_join(_=None) -> None:
        try:
            with session_scope() as s:
                if meetings.find_by_code(s, code.value).kind is MeetingKind.INTERVISION:
                    # Intervision has its own page; joining happens there.
                    url = f"{INTERVISION_PAGE}?code={quote(codes.normalise(code.value))}"
                    status.value = notice(msg("meetings.page.intervision_elsewhere",
                                              url=url)).value
                    return
                seat = meetings.join(s, code.value, user.person_id, name.value)
                tok = seat.token
        except LiveError as exc:
            status.value = notice(str(exc), "warn").value
            return
        root.children = (SeatView(tok, user.person_id),)

    join_button.on_click(do_join)
    code.on_submit(do_join)
    form = w.VBox([
        w.HTML(html("<p>{}</p>", t("meetings.page.join_intro"))),
        code, name,
        w.HTML(html("<small>{}</small>", t("meetings.page.name_hint"))), join_button, status,
    ], layout=full())
    root.children = (form,)
    return root


def warm() -> None:
    """Load the content while a preheated kernel waits for its visitor (not on request)."""
    with contextlib.suppress(Exception):  # a broken file is reported on request
        content()


def page(_arg: str | None = None) -> Page:
    return Page(t("meetings.page.title"), build)
