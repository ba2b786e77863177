"""The projector view of a meeting (``facilitator/projector.ipynb?bijeenkomst=<id>``).

Large and calm: the join code, how many joined, the clock, and the one group view the
facilitator put on screen (code, question, group web, dilemma, role-play threes).
Only the meeting's host can open it; it shows aggregates, never personal answers.
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import parse_qs

import ipywidgets as w

from pgkit.identity import User
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.live.clock import ClockView
from pgkit.live.errors import LiveError
from pgkit.live.refresh import Refresher
from pgkit.live.timer import AgendaTimer
from pgkit.live.widgets import GroupWebView, PollChart
from pgkit.messages import t
from pgkit.pages.base import notice, run_page
from pgkit.pages.facilitator import CSS, dilemma_html, groups_html, slots
from pgkit.reflection.content import content
from pgkit.store import session_scope

BIG = """<style>
.widget-vbox:has(> .pgkit-projector) { max-width: none !important; }
.pgkit-projector { font-size: 22px; }
.pgkit-projector .pgkit-code { font-size: 4.5em; }
.pgkit-projector .pgkit-clock-time { font-size: 2.2em; }
.pgkit-projector .pgkit-poll-q { font-size: 1.5em; }
.pgkit-projector .pgkit-dilemma h3 { font-size: 1.6em; }
.pgkit-projector .pgkit-dilemma { font-size: 1.2em; }
</style>"""


def _meeting_id() -> int | None:
    qs = parse_qs(os.environ.get("QUERY_STRING", ""))
    try:
        return int((qs.get("bijeenkomst") or [""])[0])
    except ValueError:
        return None


class Projector(w.VBox):
    def __init__(self, user: User, meeting_id: int) -> None:
        self.user, self.meeting_id, self.stuff = user, meeting_id, content()
        with session_scope() as s:
            meeting = meetings.require_host(s, meeting_id, user)
            self.code = meeting.join_code or ""
            self.book = self.stuff.runbooks[meeting.kind.value]
        self.top = w.HTML()
        self.clock = ClockView()
        self.code_view = w.HTML(
            f"<p>{t('meetings.projector.how')}</p>"
            f'<p class="pgkit-code" data-code="{self.code}">{codes.pretty(self.code)}</p>')
        self.poll_chart = PollChart(height="460px")
        self.web_view = GroupWebView(size="520px")
        self.card = w.HTML()
        self.views = {"code": self.code_view, "poll": self.poll_chart, "web": self.web_view,
                      "dilemma": self.card, "roleplay": self.card}
        self.stage = w.Box(layout=w.Layout(width="100%"))
        super().__init__([w.HTML(CSS + BIG), self.top, self.clock, self.stage],
                         layout=w.Layout(width="100%"))
        self.add_class("pgkit-projector")
        self._key: tuple | None = None
        self.refresher = Refresher(self.tick)
        self.tick()
        self.refresher.start()

    def tick(self) -> None:
        with session_scope() as s:
            meeting = meetings.require_host(s, self.meeting_id, self.user)
            state = meetings.state_of(meeting)
            closed = meeting.closed_at is not None
            n = meetings.joined_count(s, self.meeting_id)
            screen = state.get("screen", "code")
            result = web = None
            card = ""
            if screen == "poll":
                pid = polls.latest_poll_id(s, self.meeting_id)
                result = polls.results(s, pid, self.user) if pid is not None else None
            elif screen == "web":
                web = groupweb.group_web(s, self.meeting_id, self.user)
            elif screen == "dilemma":
                card = dilemma_html(self.stuff, state.get("dilemma"))
            elif screen == "roleplay":
                card = groups_html(s, self.meeting_id, self.user, self.stuff, state)
        timer = AgendaTimer(slots(self.book), state.get("timer"))
        self.clock.update(timer.status(), len(self.book.blocks), closed)
        if closed:
            self.refresher.stop()
        self.top.value = (f'<div class="pgkit-host-top"><span>{escape(self.book.title)}</span>'
                          f'<span>{t("meetings.host.code")} <strong>{codes.pretty(self.code)}'
                          f'</strong></span><span class="pgkit-count" data-joined="{n}">'
                          f"{t('meetings.host.joined_count', n=n)}</span></div>")
        view = self.views.get(screen, self.code_view)
        if screen == "poll":
            self.poll_chart.update(result)
        elif screen == "web" and web is not None:
            self.web_view.update(web)
        elif card != self.card.value and screen in ("dilemma", "roleplay"):
            self.card.value = card
        if self.stage.children != (view,):
            self.stage.children = (view,)


def build(user: User) -> w.Widget:
    meeting_id = _meeting_id()
    if meeting_id is None:
        return notice(t("meetings.projector.no_meeting"), "warn")
    try:
        return Projector(user, meeting_id)
    except LiveError as exc:
        return notice(str(exc), "warn")


def show() -> None:
    run_page(t("meetings.projector.title"), build)
