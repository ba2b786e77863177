"""The facilitator page of a reflection meeting (``facilitator/runbook.ipynb``).

Open a meeting for a cohort (which gives the join code), run the agenda with a timer
that shows overrun, see who joined, ask questions, show group views on the projector,
make role-play threes, show dilemma cards, correct attendance, export the summary and
close the meeting. The timer lives in ``meetings.state`` so a reload picks it up again.
"""

from __future__ import annotations

import base64
import random
import time

import ipywidgets as w

from pgkit import access
from pgkit.access import Purpose
from pgkit.identity import User
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.live.address import join_link
from pgkit.live.clock import ClockView
from pgkit.live.errors import LiveError
from pgkit.live.refresh import Refresher
from pgkit.live.timer import AgendaTimer, Slot
from pgkit.markup import Markup, html, join
from pgkit.messages import t, tn
from pgkit.pages.base import Page, guarded, notice
from pgkit.reflection import cards, roleplay, summary
from pgkit.reflection.content import Block, Content, Runbook, content
from pgkit.store import session_scope
from pgkit.store.models import Cohort, MeetingKind
from pgkit.urls import render_url

KINDS = (MeetingKind.REFLECTION_1, MeetingKind.REFLECTION_2)
GROUP_TAB = 1
ATTENDANCE_TAB = 4
SCREENS = ("code", "poll", "web", "dilemma", "roleplay")
PROJECTOR = render_url("facilitator/projector.ipynb") + "?bijeenkomst={id}"


def full() -> w.Layout:
    """A fresh full-width layout (a shared Layout would hide every box when one hides)."""
    return w.Layout(width="100%")


def button(label: str, **kwargs) -> w.Button:
    """A button as wide as its label: the fixed default width cut labels off."""
    return w.Button(description=label, layout=w.Layout(width="auto"), **kwargs)


def slots(book: Runbook) -> list[Slot]:
    return [Slot(b.id, b.title, b.minutes) for b in book.blocks]


def cohorts_for(session, user: User) -> list[Cohort]:
    return access.cohorts_for(session, user, Purpose.HOST, trainee_cohorts_only=True)


def dilemma_html(stuff: Content, dilemma_id: str | None) -> Markup:
    if not dilemma_id:
        return html("<p>{}</p>", t("meetings.host.no_dilemma"))
    d = stuff.dilemmas.get(dilemma_id)
    questions = join(html("<li>{}</li>", q) for q in d.questions)
    return html('<div class="pgkit-cardbox pgkit-dilemma"><p><em>{}</em></p><h3>{}</h3>'
                "<p>{}</p><ul>{}</ul></div>", t(f"meetings.host.kind_{d.kind}"), d.title,
                d.situation, questions)


def groups_html(session, meeting_id: int, user: User, stuff: Content, state: dict,
                names: bool = True) -> Markup:
    """The threes with their case; names only for the facilitator's own screen.

    The projector passes ``names=False``: the welcome form promises that only the person
    and their facilitators see a name, and a wall is seen by the whole room.
    """
    rp = state.get(roleplay.STATE_KEY)
    if not rp:
        return html("<p>{}</p>", t("meetings.host.no_groups"))
    known = ({p.id: p.display_name for p in meetings.participants(session, meeting_id, user)}
             if names else {})
    rows = []
    for g, members in enumerate(rp["groups"]):
        seat = roleplay.seat_in(rp, members[0])
        assert seat is not None
        try:
            case = stuff.cases.get(seat.case_id).title
        except StopIteration:
            case = seat.case_id
        people = (join((html("{} ({})", known.get(pid, "?"),
                             t("meetings.roles." + roleplay.role_in(members, seat.round, pid)))
                        for pid in members), ", ")
                  if names else tn("meetings.projector.group_size", len(members)))
        rows.append(html("<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
                         t("meetings.host.group", n=g + 1), people, case))
    return html('<p><strong>{}</strong></p><table class="pgkit-groups">{}</table>',
                t("meetings.page.round", n=rp["round"]), join(rows))


class HostView(w.VBox):
    """One open meeting as its facilitator runs it.

    The store is the one truth: every refresh reads the timer, the screen choice and
    whether the meeting closed, so a second tab or the projector never disagrees for
    longer than one refresh. A click reads the stored timer, changes it and writes it
    back in one transaction.
    """

    def __init__(self, user: User, meeting_id: int) -> None:
        self.user, self.meeting_id, self.stuff = user, meeting_id, content()
        with session_scope() as s:
            meeting = meetings.require_host(s, meeting_id, user)
            self.kind = meeting.kind
            self.code = meeting.join_code or ""
            state = meetings.state_of(meeting)
            self.cohort_name = meetings.cohort_names(s, [meeting]).get(meeting.cohort_id, "")
        self.book = self.stuff.runbooks[self.kind.value]
        self.timer = AgendaTimer(slots(self.book), state.get("timer"))
        self.closed = False
        self.status = w.HTML()
        self.count = w.HTML()
        self.clock = ClockView()
        self.block = w.HTML()
        self.agenda = w.HTML()
        top = w.HTML(html(
            '<div class="pgkit-host-top"><div>{}<br><span class="pgkit-code" data-code="{}">{}'
            '</span><br><a class="pgkit-join-link" href="{}" target="_blank" rel="noopener">{}'
            "</a></div><div>{}<br><small>{}</small></div>"
            '<div class="pgkit-projector-link"><a href="{}" target="_blank" rel="noopener">{}'
            "</a></div></div>",
            t("meetings.host.code"), self.code, codes.shown(self.code), join_link(self.code),
            t("meetings.host.join_link"), self.book.title,
            t("meetings.host.cohort", cohort=self.cohort_name), PROJECTOR.format(id=meeting_id),
            t("meetings.host.projector")))
        self.screen = w.ToggleButtons(
            options=[(t(f"meetings.host.screen_{k}"), k) for k in SCREENS],
            value=state.get("screen", "code"), description=t("meetings.host.on_screen"),
            style={"description_width": "initial", "button_width": "auto"})
        self._screen_from_store = False
        self.screen.observe(guarded(self.status)(self._set_screen), "value")
        self.timer_buttons = []
        for key, icon in (("start", "play"), ("pause", "pause"), ("next", "step-forward")):
            b = button(t(f"meetings.host.timer_{key}"), icon=icon)
            b.on_click(guarded(self.status)(lambda _=None, key=key: self._timer_action(key)))
            self.timer_buttons.append(b)
        # bqplot (with pandas and numpy) loads only once a meeting runs, not for the setup.
        from pgkit.live.charts import GroupWebView, PollChart

        self.poll_chart = PollChart()
        self.web_view = GroupWebView(size="380px")
        tabs = w.Tab(children=[self._agenda_tab(), self._group_tab(), self._roleplay_tab(),
                               self._dilemma_tab(), self._attendance_tab(), self._close_tab()])
        for i, key in enumerate(("agenda", "group", "roleplay", "dilemmas", "attendance",
                                 "close")):
            tabs.set_title(i, t(f"meetings.host.tab_{key}"))
        self.tabs = tabs
        tabs.observe(guarded(self.status)(self._tab_changed), "selected_index")
        super().__init__([top, self.count, self.clock,
                          w.HBox(self.timer_buttons, layout=w.Layout(flex_flow="row wrap")),
                          self.status, self.screen, tabs], layout=full())
        self.add_class("pgkit-host")
        self._shown_block = -1
        self._count_n = -1
        self.refresher = Refresher(self.tick, on_expire=self._expired)
        self.tick()
        if not self.closed:
            self.refresher.start()

    def _expired(self) -> None:
        self.status.value = notice(t("meetings.live.reload"), "warn").value

    # -- timer ----------------------------------------------------------------------------

    def _timer_action(self, action: str) -> None:
        try:
            with session_scope() as s:
                meeting = meetings.require_host(s, self.meeting_id, self.user)
                timer = AgendaTimer(slots(self.book), meetings.state_of(meeting).get("timer"))
                {"start": timer.start, "pause": timer.pause, "next": timer.next_block}[action]()
                meetings.update_state(s, self.meeting_id, self.user,
                                      timer=timer.state.to_dict())
        except LiveError as exc:
            self.status.value = notice(str(exc), "warn").value
            return
        self.timer = timer
        self.status.value = ""
        self._draw_clock()

    def _draw_clock(self) -> None:
        self.clock.update(self.timer.status(), len(self.book.blocks), self.closed)
        index = self.timer.status().index
        if index != self._shown_block:
            self._shown_block = index
            self.block.value = self._block_html(self.book.blocks[index]
                                                if index < len(self.book.blocks) else None)
            self.agenda.value = self._agenda_html(index)
            if index < len(self.book.blocks) and self.book.blocks[index].poll:
                self.poll_pick.value = self.book.blocks[index].poll

    def _block_html(self, block: Block | None) -> Markup:
        if block is None:
            return Markup()
        steps = join(html("<li>{}</li>", i) for i in block.instructions)
        stuff = join(html("<li>{}</li>", m) for m in block.materials)
        return html('<div class="pgkit-block"><h3>{} · {}</h3><p><strong>{}</strong> {}</p>'
                    "<p><strong>{}</strong></p><ol>{}</ol>"
                    "<p><strong>{}</strong></p><ul>{}</ul></div>",
                    block.title, t("meetings.host.minutes", n=block.minutes),
                    t("meetings.host.goal"), block.goal, t("meetings.host.instructions"), steps,
                    t("meetings.host.materials"), stuff)

    def _agenda_html(self, index: int) -> Markup:
        items = []
        log = {e["index"]: e for e in self.timer.state.log}
        for i, b in enumerate(self.book.blocks):
            cls = "now" if i == index else "done" if i < index else ""
            used = log.get(i, {}).get("used")
            real = f" · {t('meetings.host.used', n=round(used / 60))}" if used is not None else ""
            items.append(html('<li class="{}">{}. {} · {}{}</li>', cls, i + 1, b.title,
                              t("meetings.host.minutes", n=b.minutes), real))
        total = t("meetings.host.total", n=sum(b.minutes for b in self.book.blocks))
        return html('<ol class="pgkit-agenda">{}</ol><p>{}</p>', join(items), total)

    # -- tabs -----------------------------------------------------------------------------

    def _agenda_tab(self) -> w.Widget:
        return w.VBox([self.block, self.agenda], layout=full())

    def _group_tab(self) -> w.Widget:
        self.poll_pick = w.Dropdown(options=[(p.question, p.key) for p in self.stuff.polls.polls],
                                    description=t("meetings.host.poll_pick"),
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="100%", max_width="640px"))
        open_b = button(t("meetings.host.poll_open"), button_style="primary")
        close_b = button(t("meetings.host.poll_close"))
        self.poll_status = w.HTML()
        open_b.on_click(guarded(self.poll_status)(self._open_poll))
        close_b.on_click(guarded(self.poll_status)(self._close_poll))
        # Charts join the tab only while it is shown (bqplot cannot draw in a hidden tab).
        self.charts = w.VBox(layout=full())
        self._chart_parts = (self.poll_chart, w.HTML(html("<h3>{}</h3>",
                                                          t("meetings.live.web_title"))),
                             self.web_view)
        return w.VBox([self.poll_pick, w.HBox([open_b, close_b]), self.poll_status,
                       self.charts], layout=full())

    def _tab_changed(self, change: dict) -> None:
        self.charts.children = self._chart_parts if change["new"] == GROUP_TAB else ()
        if change["new"] == ATTENDANCE_TAB:
            self._draw_attendance()

    def _open_poll(self, _=None) -> None:
        spec = self.stuff.polls.get(self.poll_pick.value)
        try:
            with session_scope() as s:
                polls.open_poll(s, self.meeting_id, self.user, spec.key, spec.question,
                                spec.options)
                meetings.update_state(s, self.meeting_id, self.user, screen="poll")
        except LiveError as exc:
            self.poll_status.value = notice(str(exc), "warn").value
            return
        self._show_screen("poll")
        self.poll_status.value = notice(t("meetings.host.poll_opened"), "ok").value
        self.tick()

    def _close_poll(self, _=None) -> None:
        with session_scope() as s:
            pid = polls.current_poll_id(s, self.meeting_id)
            if pid is not None:
                polls.close_poll(s, pid, self.user)
        self.poll_status.value = notice(t("meetings.host.poll_closed"), "info").value

    def _roleplay_tab(self) -> w.Widget:
        self.groups = w.HTML()
        make = button(t("meetings.host.make_groups"), button_style="primary")
        nxt = button(t("meetings.host.next_round"), icon="refresh")
        self.roleplay_status = w.HTML()
        make.on_click(guarded(self.roleplay_status)(self._make_groups))
        nxt.on_click(guarded(self.roleplay_status)(self._next_round))
        self._draw_groups()
        return w.VBox([w.HTML(html("<p>{}</p>", t("meetings.host.roleplay_intro"))),
                       w.HBox([make, nxt]), self.roleplay_status, self.groups], layout=full())

    def _draw_groups(self) -> None:
        with session_scope() as s:
            meeting = meetings.require_host(s, self.meeting_id, self.user)
            self.groups.value = groups_html(s, self.meeting_id, self.user, self.stuff,
                                            meetings.state_of(meeting))

    def _make_groups(self, _=None) -> None:
        cases = [c.id for c in self.stuff.cases.cases]
        offset = 0 if self.kind is MeetingKind.REFLECTION_1 else len(cases) // 2
        try:
            with session_scope() as s:
                roleplay.start(s, self.meeting_id, self.user, cases, offset)
                meetings.update_state(s, self.meeting_id, self.user, screen="roleplay")
        except LiveError as exc:
            self.roleplay_status.value = notice(str(exc), "warn").value
            return
        self.roleplay_status.value = ""
        self._show_screen("roleplay")
        self._draw_groups()

    def _next_round(self, _=None) -> None:
        try:
            with session_scope() as s:
                roleplay.next_round(s, self.meeting_id, self.user)
        except LiveError as exc:
            self.roleplay_status.value = notice(str(exc), "warn").value
            return
        self.roleplay_status.value = ""
        self._draw_groups()

    def _dilemma_tab(self) -> w.Widget:
        self.dilemma_pick = w.Dropdown(
            options=[(f"{t(f'meetings.host.kind_{d.kind}')} · {d.title}", d.id)
                     for d in self.stuff.dilemmas.dilemmas],
            description=t("meetings.host.dilemma_pick"), style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="640px"))
        show = button(t("meetings.host.dilemma_show"), button_style="primary")
        draw = button(t("meetings.host.dilemma_draw"), icon="random")
        hide = button(t("meetings.host.dilemma_hide"))
        mark = button(t("meetings.host.dilemma_mark"), icon="check")
        self.dilemma_card = w.HTML()
        self.dilemma_status = w.HTML()
        show.on_click(guarded(self.dilemma_status)(lambda _=None: self._show_dilemma(
            self.dilemma_pick.value)))
        draw.on_click(guarded(self.dilemma_status)(self._draw_dilemma))
        hide.on_click(guarded(self.dilemma_status)(lambda _=None: self._show_dilemma(None)))
        mark.on_click(guarded(self.dilemma_status)(self._mark_dilemma))
        with session_scope() as s:
            current = meetings.host_state(s, self.meeting_id, self.user).get("dilemma")
        self.dilemma_card.value = dilemma_html(self.stuff, current)
        return w.VBox([self.dilemma_pick, w.HBox([show, draw, hide, mark],
                                                 layout=w.Layout(flex_flow="row wrap")),
                       self.dilemma_status, self.dilemma_card], layout=full())

    def _draw_dilemma(self, _=None) -> None:
        with session_scope() as s:
            shown = meetings.host_state(s, self.meeting_id, self.user).get("dilemmas_shown", [])
        fresh = [d.id for d in self.stuff.dilemmas.dilemmas if d.id not in shown]
        pick = random.choice(fresh or [d.id for d in self.stuff.dilemmas.dilemmas])
        self.dilemma_pick.value = pick
        self._show_dilemma(pick)

    def _show_dilemma(self, dilemma_id: str | None) -> None:
        try:
            with session_scope() as s:
                meeting = meetings.require_host(s, self.meeting_id, self.user)
                parts = cards.show(meetings.state_of(meeting), dilemma_id, time.time())
                if dilemma_id:
                    parts["screen"] = "dilemma"
                meetings.update_state(s, self.meeting_id, self.user, **parts)
        except LiveError as exc:
            self.dilemma_status.value = notice(str(exc), "warn").value
            return
        self.dilemma_status.value = ""
        if dilemma_id:
            self._show_screen("dilemma")
        self.dilemma_card.value = dilemma_html(self.stuff, dilemma_id)

    def _mark_dilemma(self, _=None) -> None:
        try:
            with session_scope() as s:
                meeting = meetings.require_host(s, self.meeting_id, self.user)
                current = meetings.state_of(meeting).get("dilemma")
                if not current:
                    self.dilemma_status.value = notice(t("meetings.host.dilemma_none_to_mark"),
                                                       "warn").value
                    return
                meetings.update_state(s, self.meeting_id, self.user,
                                      **cards.mark(meetings.state_of(meeting), current))
        except LiveError as exc:
            self.dilemma_status.value = notice(str(exc), "warn").value
            return
        self.dilemma_status.value = notice(t("meetings.host.dilemma_marked"), "ok").value

    def _attendance_tab(self) -> w.Widget:
        self.attendance = w.VBox(layout=full())
        self.attendance_status = w.HTML()
        self._boxes: dict[int, w.Checkbox] = {}
        self._attendance_key: tuple | None = None
        self._quiet = False
        self._draw_attendance()
        return w.VBox([w.HTML(html("<p>{}</p>", t("meetings.host.attendance_intro"))),
                       self.attendance_status, self.attendance], layout=full())

    def _draw_attendance(self, _=None) -> None:
        """Bring the list up to date in place, so a box being clicked is not replaced."""
        with session_scope() as s:
            rows = meetings.attendance(s, self.meeting_id, self.user)
        key = tuple((r.person_id, r.name, r.joined, r.attended) for r in rows)
        if key == self._attendance_key:
            return
        self._attendance_key = key
        self._quiet = True
        try:
            for row in rows:
                note = t("meetings.host.joined") if row.joined else ""
                label = f"{row.name} {note}".strip()
                cb = self._boxes.get(row.person_id)
                if cb is None:
                    cb = w.Checkbox(value=row.attended, description=label, indent=False,
                                    layout=w.Layout(width="auto"))
                    cb.observe(guarded(self.attendance_status)(
                        self._attendance_cb(row.person_id)), "value")
                    self._boxes[row.person_id] = cb
                if cb.value != row.attended:
                    cb.value = row.attended
                if cb.description != label:
                    cb.description = label
            children = tuple(self._boxes[r.person_id] for r in rows)
            if tuple(self.attendance.children) != children:
                self.attendance.children = children
        finally:
            self._quiet = False

    def _attendance_cb(self, person_id: int):
        def changed(change: dict) -> None:
            if self._quiet:
                return
            with session_scope() as s:
                meetings.set_attendance(s, self.meeting_id, person_id, bool(change["new"]),
                                        self.user)
            self.attendance_status.value = notice(t("meetings.host.attendance_saved"),
                                                  "ok").value

        return changed

    def _close_tab(self) -> w.Widget:
        self.summary_button = button(t("meetings.host.summary_make"), icon="file-text")
        self.downloads = w.HTML()
        self.preview = w.HTML()
        confirm = w.Checkbox(value=False, description=t("meetings.host.close_confirm"),
                             indent=False, layout=w.Layout(width="auto"))
        close = button(t("meetings.host.close"), button_style="danger")
        self.close_status = w.HTML()
        self.summary_button.on_click(guarded(self.downloads)(self._summary))

        @guarded(self.close_status)
        def do_close(_=None) -> None:
            if not confirm.value:
                self.close_status.value = notice(t("meetings.host.close_confirm_first"),
                                                 "warn").value
                return
            with session_scope() as s:
                meetings.close_meeting(s, self.meeting_id, self.user)
            self.tick()
            self.close_status.value = notice(t("meetings.host.closed"), "ok").value

        close.on_click(do_close)
        return w.VBox([w.HTML(html("<p>{}</p>", t("meetings.host.summary_intro"))),
                       self.summary_button, self.downloads, self.preview, w.HTML("<hr>"),
                       confirm, close, self.close_status], layout=full())

    def _summary(self, _=None) -> None:
        with session_scope() as s:
            data = summary.collect(s, self.meeting_id, self.user, self.stuff)
        md = summary.to_markdown(data).encode("utf-8")
        pdf = summary.to_pdf(data)
        name = f"samenvatting-{self.kind.value}-{self.code.lower()}"
        self.downloads.value = html(
            '<p><a download="{name}.md" href="data:text/markdown;charset=utf-8;base64,{md}">'
            '{md_label}</a> · <a download="{name}.pdf" href="data:application/pdf;base64,{pdf}">'
            "{pdf_label}</a></p>", name=name, md=base64.b64encode(md).decode(),
            md_label=t("meetings.host.download_md"), pdf=base64.b64encode(pdf).decode(),
            pdf_label=t("meetings.host.download_pdf"))
        self.preview.value = html('<div class="pgkit-summary">{}</div>', summary.to_html(data))

    def _show_screen(self, screen: str) -> None:
        """Show the stored choice on the toggle without writing it back."""
        if self.screen.value != screen:
            self._screen_from_store = True
            try:
                self.screen.value = screen
            finally:
                self._screen_from_store = False

    def _set_screen(self, change: dict) -> None:
        if self._screen_from_store:
            return
        try:
            with session_scope() as s:
                meetings.update_state(s, self.meeting_id, self.user, screen=change["new"])
        except LiveError as exc:
            self.status.value = notice(str(exc), "warn").value

    def _lock(self) -> None:
        """After the close only the summary can still be made."""
        stack: list[w.Widget] = [self]
        while stack:
            node = stack.pop()
            if hasattr(node, "disabled") and node is not self.summary_button:
                node.disabled = True
            stack.extend(getattr(node, "children", ()))

    # -- refresh --------------------------------------------------------------------------

    def tick(self) -> None:
        with session_scope() as s:
            snap = meetings.host_snapshot(s, self.meeting_id, self.user)
            state, closed, n = snap.state, snap.closed, snap.joined
            pid = polls.latest_poll_id(s, self.meeting_id)
            result = polls.results(s, pid, self.user) if pid is not None else None
            web = groupweb.group_web(s, self.meeting_id, self.user)
        self.timer = AgendaTimer(slots(self.book), state.get("timer"))
        if closed and not self.closed:
            self.closed = True
            self.refresher.stop()
            self._lock()
        self._draw_clock()
        self._show_screen(state.get("screen", "code"))
        if n != self._count_n:
            self._count_n = n
            self.count.value = html('<p class="pgkit-count" data-joined="{}" aria-live="polite">'
                                    "{}</p>", n, tn("meetings.host.joined_count", n))
        self.poll_chart.update(result)
        self.web_view.update(web)
        if self.tabs.selected_index == ATTENDANCE_TAB:
            self._draw_attendance()


def _open_meetings(user: User) -> list[tuple[int, str]]:
    with session_scope() as s:
        found = [m for m in meetings.hosted_meetings(s, user) if m.kind in KINDS]
        names = meetings.cohort_names(s, found)
        return [(m.id, t("meetings.host.resume_label", kind=t(f"meetings.kinds.{m.kind.value}"),
                         cohort=names.get(m.cohort_id, "?"), code=codes.shown(m.join_code or "")))
                for m in found]


def build(user: User) -> w.Widget:
    root = w.VBox(layout=full())
    status = w.HTML()

    def enter(meeting_id: int) -> None:
        root.children = (HostView(user, meeting_id),)

    with session_scope() as s:
        cohort_options = [(c.name, c.id) for c in cohorts_for(s, user)]
    if not cohort_options:
        return w.VBox([notice(t("meetings.host.no_cohorts"), "info")])
    cohort = w.Dropdown(options=cohort_options, description=t("meetings.host.cohort_pick"),
                        style={"description_width": "initial"})
    kind = w.Dropdown(options=[(t(f"meetings.kinds.{k.value}"), k.value) for k in KINDS],
                      description=t("meetings.host.kind_pick"),
                      style={"description_width": "initial"})
    open_b = button(t("meetings.host.open"), button_style="primary", icon="plus")

    @guarded(status)
    def do_open(_=None) -> None:
        try:
            with session_scope() as s:
                m = meetings.open_meeting(s, user, cohort.value, kind.value,
                                          method=kind.value, sequence=1 if kind.value ==
                                          MeetingKind.REFLECTION_1.value else 2,
                                          state={"screen": "code"})
                mid = m.id
        except LiveError as exc:
            status.value = notice(str(exc), "warn").value
            return
        enter(mid)

    open_b.on_click(do_open)
    resume = []
    for mid, label in _open_meetings(user):
        b = w.Button(description=label, icon="arrow-right",
                     layout=w.Layout(width="auto", max_width="100%"))
        b.add_class("pgkit-resume")  # a long label wraps on a phone (kit.css)
        b.on_click(guarded(status)(lambda _=None, mid=mid: enter(mid)))
        resume.append(b)
    parts: list[w.Widget] = []
    if resume:
        parts += [w.HTML(html("<h2>{}</h2>", t("meetings.host.resume"))), *resume]
    parts += [w.HTML(html("<h2>{}</h2><p>{}</p>", t("meetings.host.new"),
                          t("meetings.host.new_intro"))),
              cohort, kind, open_b, status]
    root.children = tuple(parts)
    return root


def page(_arg: str | None = None) -> Page:
    return Page(t("meetings.host.title"), build)
