"""The chair's page: open an intervision, give roles, lead the group through the steps.

This screen may be on a projector. It shows the join code, the current step with its
timer and prompts (red when the step runs over), the case intake and vote, the lenses in
the analysis step and the ratings at the end. Every action goes through
``pgkit.intervision``, which checks that this user hosts the meeting.
"""

from __future__ import annotations

import ipywidgets as w

from pgkit.concepts import LENSES
from pgkit.export_format import number
from pgkit.identity import User
from pgkit.intervision import cases, closing, meeting
from pgkit.intervision.chair import ChairSnapshot, chair_view
from pgkit.intervision.methods import methods
from pgkit.live import codes
from pgkit.live import meetings as live
from pgkit.live.address import kit_address
from pgkit.live.clock import ClockView
from pgkit.live.errors import LiveError
from pgkit.markup import Markup, html, join, msg
from pgkit.messages import t, tn
from pgkit.pages import intervision_parts as parts
from pgkit.pages.base import Page, error_box, guarded, notice
from pgkit.store import session_scope


def join_text() -> Markup:
    """Where to join, in words a person can type: the kit's address and the page's name.

    The page's own path (/voila/render/...) is too long to copy from a screen.
    """
    address = kit_address()
    if address:
        return msg("intervisie.join_here", address=html("<strong>{}</strong>", address))
    return msg("intervisie.join_here_no_address")

class SetupView(w.VBox):
    """Choose cohort, meeting number and method; or go back to an open meeting."""

    def __init__(self, user: User, on_open) -> None:
        self.user, self.on_open = user, on_open
        self.status = w.VBox()
        all_methods = methods()
        with session_scope() as s:
            cohorts = meeting.cohorts_for(s, user)
            running = [(m.id, m.join_code, m.method, m.sequence)
                       for m in meeting.open_meetings(s, user)]
        children: list[w.Widget] = [w.HTML(html("<p>{}</p>", t("intervisie.setup_intro")))]
        if running:
            children.append(w.HTML(html("<h2>{}</h2>", t("intervisie.running_heading"))))
            for mid, code, key, seq in running:
                name = all_methods[key].name if key in all_methods else key
                b = parts.button(t("intervisie.resume", method=name, n=seq,
                                   code=codes.shown(code or "")), icon="play")
                b.on_click(guarded(self.status)(lambda _b, mid=mid: self.on_open(mid)))
                children.append(b)
        if not cohorts:
            children.append(notice(t("intervisie.no_cohorts"), "warn"))
            super().__init__(children)
            return
        self.cohort = w.Dropdown(options=[(c.name, c.id) for c in cohorts],
                                 description=t("intervisie.cohort_label"),
                                 style={"description_width": "initial"})
        self.sequence = w.Dropdown(options=[("1", 1)],
                                   description=t("intervisie.sequence_label"),
                                   style={"description_width": "initial"})
        self.method = w.RadioButtons(options=[(m.name, k) for k, m in all_methods.items()],
                                     value="vijfstappenmethode" if "vijfstappenmethode"
                                     in all_methods else next(iter(all_methods)),
                                     description=t("intervisie.method_label"),
                                     style={"description_width": "initial"})
        self.preview = w.HTML()
        self.cohort.observe(lambda _c: self._sequence(), "value")
        self.method.observe(lambda _c: self._preview(), "value")
        self._sequence()
        self._preview()
        go = parts.button(t("intervisie.open_button"), "primary", "play")
        go.on_click(guarded(self.status)(self._open))
        children += [w.HTML(html("<h2>{}</h2>", t("intervisie.new_heading"))),
                     w.HBox([self.cohort, self.sequence], layout=w.Layout(
                         flex_flow="row wrap")).add_class("pgkit-iv-gap"),
                     w.HBox([self.method, self.preview], layout=w.Layout(
                         flex_flow="row wrap", align_items="flex-start")
                         ).add_class("pgkit-iv-gap"),
                     go, self.status]
        super().__init__(children)

    def _sequence(self) -> None:
        # The choices follow the chosen cohort's own planned number of intervisions.
        with session_scope() as s:
            planned = meeting.planned_meetings(s, self.cohort.value)
            upcoming = meeting.next_sequence(s, self.cohort.value)
        self.sequence.options = [(str(n), n) for n in range(1, planned + 1)]
        self.sequence.value = upcoming

    def _preview(self) -> None:
        m = methods()[self.method.value]
        rows = join(html("<li>{} <span class='pgkit-iv-meta'>· {} · {} min</span></li>",
                         st.title, parts.who_text(st), st.minutes) for st in m.steps)
        total = t("intervisie.total_minutes", n=m.minutes)
        self.preview.value = html(
            '<div class="pgkit-iv-step"><h2>{}</h2><p>{}</p>'
            "<p class='pgkit-iv-meta'>{}</p><p class=\"pgkit-iv-meta\">{}</p>"
            '<ol class="pgkit-iv-steps">{}</ol></div>',
            m.name, m.summary, t("intervisie.min_people", n=m.min_participants), total, rows)

    def _open(self, _b: w.Button) -> None:
        self.status.children = ()
        try:
            with session_scope() as s:
                m, _seat = meeting.open_intervision(s, self.user, self.cohort.value,
                                                    self.method.value, self.sequence.value)
                mid = m.id
        except LiveError as exc:
            self.status.children = (error_box(str(exc)),)
            return
        self.on_open(mid)


class ChairView(parts.Following, w.VBox):
    """One running meeting, kept current by a light refresh."""

    def __init__(self, user: User, meeting_id: int, on_done) -> None:
        self.user, self.meeting_id, self.on_done = user, meeting_id, on_done
        self.status = w.VBox()
        self.code = w.HTML()
        self.chosen = w.HTML()
        self.clock = ClockView()
        self.card = w.HTML()
        self.back = w.HTML()
        self.steps = w.HTML()
        self.roles = w.VBox()
        self.activity = w.VBox()
        self.role_boxes: dict[int, w.Dropdown] = {}
        self._refresh = parts.RefreshState()
        self._syncing = False
        g = guarded(self.status)
        self.start_b = parts.button(t("intervisie.timer_start"), "success", "play")
        self.pause_b = parts.button(t("intervisie.timer_pause"), "", "pause")
        self.next_b = parts.button(t("intervisie.timer_next"), "primary", "forward")
        self.start_b.on_click(g(lambda _b: self._timer("start")))
        self.pause_b.on_click(g(lambda _b: self._timer("pause")))
        self.next_b.on_click(g(lambda _b: self._timer("next")))
        self.end_box = w.VBox()
        end = parts.button(t("intervisie.end_button"), "danger", "stop")
        end.on_click(g(self._ask_end))
        self.end_box.children = (end,)
        controls = w.HBox([self.start_b, self.pause_b, self.next_b],
                          layout=w.Layout(flex_flow="row wrap")).add_class("pgkit-iv-gap")
        left = w.VBox([self.clock, controls, self.back, self.card, self.activity],
                      layout=w.Layout(flex="2 1 560px", min_width="0"))
        right = w.VBox([self.code, w.HTML(html("<h2>{}</h2>", t("intervisie.steps_heading"))),
                        self.steps, w.HTML(html("<h2>{}</h2>", t("intervisie.roles_heading"))),
                        self.roles, self.end_box],
                       layout=w.Layout(flex="1 1 300px", min_width="0"))
        columns = w.HBox([left, right], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.status, self.chosen, columns.add_class("pgkit-iv-gap")])
        self.follow()

    # -- refresh --------------------------------------------------------------------

    def tick(self) -> None:
        with session_scope() as s:
            view = chair_view(s, self.meeting_id, self.user)
        if view is None:  # closed, perhaps in another tab
            self.refresher.stop()
            return
        self.clock.update(view.status, len(view.method.steps))
        self._draw_code(view)
        if self._changed("chosen", view.chosen):
            self.chosen.value = "" if view.chosen is None else parts.chosen_card(*view.chosen)
        self._draw_step(view)
        if self._changed("roles", (view.seats, tuple(sorted(view.roles.items())))):
            self._draw_roles(list(view.seats), view.roles)
        self._draw_activity(view)

    def _draw_code(self, view: ChairSnapshot) -> None:
        if self._changed("code", (view.code, len(view.seats))):
            self.code.value = html(
                '<div class="pgkit-code-box"><p>{}</p><div class="pgkit-code" aria-label="{}">'
                "{}</div><p>{}</p></div>", join_text(), t("intervisie.code_label"),
                codes.shown(view.code), t("intervisie.joined", n=len(view.seats)))

    def _draw_step(self, view: ChairSnapshot) -> None:
        step, index = view.step, view.status.index
        if self._changed("step", index):
            self.card.value = parts.step_card(view.method, index, step, for_chair=True)
            self.steps.value = parts.step_list(view.method, index)
            self.back.value = (parts.back_banner(False)
                               if step is not None and step.back_to_group else "")
            self.next_b.disabled = step is None
        self.start_b.disabled = step is None or view.status.running
        self.pause_b.disabled = not view.status.running

    def _draw_activity(self, view: ChairSnapshot) -> None:
        """The panel of what the group does now: choosing a case, lenses or the ratings."""
        if view.activity == "casuskeuze":
            if self._changed("activity", ("cases", view.case_list)):
                self._draw_cases(view.case_list or [])
        elif view.activity == "analyse":
            if self._changed("activity", ("lenses", tuple(sorted(view.lenses.items())))):
                self._draw_lenses(view.lenses)
        elif view.activity == "afsluiting":
            if self._changed("activity", ("ratings", view.ratings)):
                self._draw_ratings(view.ratings)
        elif self._changed("activity", None):
            self.activity.children = ()

    # -- actions --------------------------------------------------------------------

    def _timer(self, action: str) -> None:
        with session_scope() as s:
            meeting.timer_action(s, self.meeting_id, self.user, action)
        self.tick()

    def _draw_roles(self, seats: list[tuple[int, str]], roles: dict[int, str]) -> None:
        self._syncing = True
        try:
            rows = []
            options = [(t(f"intervisie.role.{r}"), r) for r in meeting.ROLES]
            for pid, name in seats:
                box = self.role_boxes.get(pid)
                if box is None:
                    box = w.Dropdown(options=options, description=name,
                                     style={"description_width": "140px"},
                                     layout=w.Layout(width="auto"))
                    box.observe(guarded(self.status)(
                        lambda change, pid=pid: self._set_role(pid, change["new"])), "value")
                    self.role_boxes[pid] = box
                box.value = roles.get(pid, meeting.MEMBER)
                rows.append(box)
            self.roles.children = tuple(rows)
        finally:
            self._syncing = False

    def _set_role(self, pid: int, role: str) -> None:
        if self._syncing:
            return
        with session_scope() as s:
            meeting.set_role(s, self.meeting_id, self.user, pid, role)
        self.tick()

    def _draw_cases(self, case_list: list[cases.CaseView]) -> None:
        children: list[w.Widget] = [w.HTML(html("<h2>{}</h2>", t("intervisie.cases_heading")))]
        if not case_list:
            children.append(notice(t("intervisie.no_cases_yet")))
        for c in case_list:
            pick = parts.button(t("intervisie.choose_case") if not c.chosen
                           else t("intervisie.chosen_button"), "" if not c.chosen else "success",
                           "check")
            pick.disabled = c.chosen
            pick.on_click(guarded(self.status)(lambda _b, cid=c.id: self._choose(cid)))
            children.append(w.VBox([w.HTML(parts.case_card(c, show_bringer=True)), pick]))
        self.activity.children = tuple(children)

    def _choose(self, case_id: int) -> None:
        with session_scope() as s:
            meeting.choose_case(s, self.meeting_id, self.user, case_id)
        self.tick()

    def _draw_lenses(self, picked: dict[str, tuple[str, ...]]) -> None:
        children: list[w.Widget] = [w.HTML(html("<h2>{}</h2><p>{}</p>",
                                                t("intervisie.lenses_heading"),
                                                t("intervisie.lenses_chair")))]
        for lens in LENSES:
            chosen = set(picked.get(lens.key, ()))
            boxes = []
            for o in lens.options:
                cb = w.Checkbox(value=o.key in chosen, description=o.title, indent=False,
                                layout=w.Layout(width="auto"))
                cb.add_class("pgkit-iv-lens-option")
                boxes.append((o.key, cb))
            for _key, cb in boxes:
                cb.observe(guarded(self.status)(
                    lambda _c, lens=lens, boxes=boxes: self._set_lens(lens.key, boxes)), "value")
            children.append(w.HTML(html("<h3>{}</h3>", lens.question)))
            children.append(w.HBox([cb for _k, cb in boxes],
                                   layout=w.Layout(flex_flow="row wrap")).add_class("pgkit-iv-gap"))
        self.activity.children = tuple(children)

    def _set_lens(self, lens_key: str, boxes: list[tuple[str, w.Checkbox]]) -> None:
        with session_scope() as s:
            picked = meeting.set_lens(s, self.meeting_id, self.user, lens_key,
                                      [k for k, cb in boxes if cb.value])
        self._refresh.sig["activity"] = ("lenses", tuple(sorted(picked.items())))

    def _draw_ratings(self, summary: closing.RatingSummary | None) -> None:
        children: list[w.Widget] = [w.HTML(html("<h2>{}</h2><p>{}</p>",
                                                t("intervisie.closing_heading"),
                                                t("intervisie.closing_chair")))]
        if summary is None or summary.count == 0 or summary.mean is None:
            children.append(notice(t("intervisie.no_ratings_yet")))
        else:
            mean = number(summary.mean)
            lines = join(html("<li>{}</li>", x) for x in summary.lines)
            children.append(w.HTML(html(
                '<p class="pgkit-iv-ratings" data-count="{}">{}</p>{}', summary.count,
                t("intervisie.ratings", n=summary.count, mean=mean),
                html("<ul>{}</ul>", lines) if lines else "")))
        self.activity.children = tuple(children)

    def _ask_end(self, _b: w.Button) -> None:
        yes = parts.button(t("intervisie.end_yes"), "danger", "stop")
        no = parts.button(t("intervisie.end_no"))
        yes.on_click(guarded(self.status)(self._end))
        no.on_click(guarded(self.status)(self._keep))
        self.end_box.children = (notice(t("intervisie.end_question"), "warn"),
                                 w.HBox([yes, no]).add_class("pgkit-iv-gap"))

    def _keep(self, _b: w.Button) -> None:
        end = parts.button(t("intervisie.end_button"), "danger", "stop")
        end.on_click(guarded(self.status)(self._ask_end))
        self.end_box.children = (end,)

    def _end(self, _b: w.Button) -> None:
        self.refresher.stop()
        with session_scope() as s:
            result = meeting.end_meeting(s, self.meeting_id, self.user)
        self.on_done(self.meeting_id, result)


class EndedView(w.VBox):
    """After the end: what was deleted, kept titles, and attendance to correct."""

    def __init__(self, user: User, meeting_id: int, result: cases.PurgeResult,
                 on_new) -> None:
        self.user, self.meeting_id = user, meeting_id
        self.status = w.VBox()
        with session_scope() as s:
            titles = cases.kept_titles(s, meeting_id, user)
            rows = live.attendance(s, meeting_id, user)
        kept = join(html("<li>{}</li>", x) for x in titles)
        children: list[w.Widget] = [
            notice(t("intervisie.ended",
                     deleted=tn("intervisie.ended_deleted", result.deleted),
                     kept=tn("intervisie.ended_kept", result.kept_titles)), "ok")]
        if kept:
            children.append(w.HTML(html("<p>{}</p><ul>{}</ul>", t("intervisie.kept_titles"),
                                        kept)))
        children.append(w.HTML(html("<h2>{}</h2><p>{}</p>", t("intervisie.attendance_heading"),
                                    t("intervisie.attendance_intro"))))
        marks = []
        for row in rows:
            cb = w.Checkbox(value=row.attended, description=row.name, indent=False,
                            layout=w.Layout(width="260px"))
            cb.observe(guarded(self.status)(
                lambda change, pid=row.person_id: self._mark(pid, change["new"])), "value")
            marks.append(cb)
        # Columns: a whole cohort fits on one projector screen.
        children.append(w.HBox(marks, layout=w.Layout(flex_flow="row wrap")))
        again = parts.button(t("intervisie.new_meeting"), "primary", "plus")
        again.on_click(guarded(self.status)(lambda _b: on_new()))
        children += [self.status, again]
        super().__init__(children)

    def _mark(self, person_id: int, attended: bool) -> None:
        with session_scope() as s:
            live.set_attendance(s, self.meeting_id, person_id, attended, self.user)


def build(user: User) -> w.Widget:
    root = w.VBox()
    root.add_class("pgkit-iv")
    root.add_class("pgkit-iv-wide")

    def show_setup() -> None:
        root.children = (SetupView(user, show_meeting),)

    def show_meeting(meeting_id: int) -> None:
        root.children = (ChairView(user, meeting_id, show_ended),)

    def show_ended(meeting_id: int, result: cases.PurgeResult) -> None:
        root.children = (EndedView(user, meeting_id, result, show_setup),)

    show_setup()
    return root


def page(_arg: str | None = None) -> Page:
    return Page(t("intervisie.chair_title"), build, subtitle=t("intervisie.chair_subtitle"))
