"""The projector view of a meeting (``facilitator/projector.ipynb?bijeenkomst=<id>``).

Large and calm: the join code, how many joined, the clock, and the one group view the
facilitator put on screen (code, question, group web, dilemma, role-play threes).
Only the meeting's host can open it; it shows aggregates, never personal answers.
"""

from __future__ import annotations

import ipywidgets as w

from pgkit.identity import User
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.live.address import join_address
from pgkit.live.clock import ClockView
from pgkit.live.errors import LiveError
from pgkit.live.refresh import Refresher
from pgkit.live.timer import AgendaTimer
from pgkit.markup import Markup, html, msg
from pgkit.messages import t, tn
from pgkit.pages.base import Page, notice, query_param
from pgkit.pages.facilitator import dilemma_html, groups_html, slots
from pgkit.reflection.content import content
from pgkit.store import session_scope


def join_html(code: str, address: str | None) -> Markup:
    """How to join, for the wall: the address in full, then the code, large and centred."""
    where = (msg("meetings.projector.how_address",
                 address=html('<span class="pgkit-address">{}</span>', address))
             if address else t("meetings.projector.how"))
    return html('<div class="pgkit-join"><p>{}</p><span class="pgkit-code" data-code="{}">{}'
                "</span></div>", where, code, codes.shown(code))


def _meeting_id() -> int | None:
    try:
        return int(query_param("bijeenkomst"))
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
        self.code_view = w.HTML(join_html(self.code, join_address()),
                                layout=w.Layout(width="100%"))
        # bqplot loads with the projector itself, not when a shell imports this module.
        from pgkit.live.charts import GroupWebView, PollChart

        self.poll_chart = PollChart(height="640px", font_px=28)
        # kit.css sizes the web to the height left under the header, clock and caption.
        self.web_view = GroupWebView(size="var(--pgkit-wall-web, 60vh)", wall=True)
        self.card = w.HTML()
        self.views = {"code": self.code_view, "poll": self.poll_chart, "web": self.web_view,
                      "dilemma": self.card, "roleplay": self.card}
        self.stage = w.Box(layout=w.Layout(width="100%"))
        self.stage.add_class("pgkit-stage")
        super().__init__([self.top, self.clock, self.stage],
                         layout=w.Layout(width="100%"))
        self.add_class("pgkit-projector")
        self._key: tuple | None = None
        self.refresher = Refresher(self.tick, on_expire=self._expired)
        self.tick()
        self.refresher.start()

    def _expired(self) -> None:
        self.top.value += notice(t("meetings.live.reload"), "warn").value

    def tick(self) -> None:
        with session_scope() as s:
            snap = meetings.host_snapshot(s, self.meeting_id, self.user)
            state, closed, n = snap.state, snap.closed, snap.joined
            screen = state.get("screen", "code")
            result = web = None
            card = Markup()
            if screen == "poll":
                pid = polls.latest_poll_id(s, self.meeting_id)
                result = polls.results(s, pid, self.user) if pid is not None else None
            elif screen == "web":
                web = groupweb.group_web(s, self.meeting_id, self.user)
            elif screen == "dilemma":
                card = dilemma_html(self.stuff, state.get("dilemma"))
            elif screen == "roleplay":
                card = groups_html(s, self.meeting_id, self.user, self.stuff, state,
                                   names=False)
        timer = AgendaTimer(slots(self.book), state.get("timer"))
        self.clock.update(timer.status(), len(self.book.blocks), closed)
        if closed:
            self.refresher.stop()
        self.top.value = html('<div class="pgkit-host-top"><span>{}</span><span>{} <strong>{}'
                              '</strong></span><span class="pgkit-count" data-joined="{}">{}'
                              "</span></div>", self.book.title, t("meetings.host.code"),
                              codes.shown(self.code), n, tn("meetings.host.joined_count", n))
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


def page(_arg: str | None = None) -> Page:
    return Page(t("meetings.projector.title"), build)
