"""The participant's page (often a phone): join with the code, bring in a case, vote,
follow the steps, and at the end rate the meeting; the case-bringer also writes down
what they take away (private).

The page holds only the seat token of its own join; every read and write goes through
``pgkit.intervision`` with that token, so a page can never see another meeting.
"""

from __future__ import annotations

import ipywidgets as w

from pgkit.identity import User
from pgkit.intervision import cases, closing, meeting
from pgkit.live import codes
from pgkit.live import meetings as live
from pgkit.live.clock import ClockView
from pgkit.live.errors import LiveError
from pgkit.markup import Markup, html, join
from pgkit.messages import t
from pgkit.pages import intervision_parts as parts
from pgkit.pages.base import Page, error_box, guarded, notice, query_param
from pgkit.store import session_scope
from pgkit.store.models import MeetingKind


def _query_code() -> str:
    """``?code=ABCDEF`` in the link (a meeting code, or the general meeting page's)."""
    return codes.normalise(query_param("code"))


def _text(label: str, placeholder: str = "", area: bool = False) -> w.Widget:
    """A field with its label above it; the visible label is also its accessible name."""
    cls = w.Textarea if area else w.Text
    field = cls(placeholder=placeholder, description=label, layout=w.Layout(max_width="560px"),
                style={"description_width": "initial"})
    field.add_class("pgkit-iv-field")
    return field


class JoinView(w.VBox):
    def __init__(self, user: User, on_joined) -> None:
        self.user, self.on_joined = user, on_joined
        self.status = w.VBox()
        self.code = w.Text(value=_query_code(), placeholder="ABC DEF",
                           description=t("intervisie.code_field"),
                           style={"description_width": "initial"},
                           layout=w.Layout(width="100%", max_width="360px"))
        self.code.add_class("pgkit-iv-code-input")
        self.code.add_class("pgkit-iv-field")  # label above: the row fits a 390 px phone
        go = parts.button(t("intervisie.join_button"), "primary", "sign-in")
        go.on_click(guarded(self.status)(self._join))
        self.code.on_submit(guarded(self.status)(self._join))  # Enter joins, as on a form
        super().__init__([w.HTML(html("<p>{}</p>", t("intervisie.join_intro"))), self.code, go,
                          self.status, w.HTML(self._earlier())])
        self.add_class("pgkit-iv-gap")

    def _earlier(self) -> Markup:
        """This person's own take-aways from earlier meetings (nobody else sees them)."""
        with session_scope() as s:
            mine = closing.takeaways_of(s, self.user)
        if not mine:
            return Markup()
        items = join(
            html("<li><strong>{}</strong> {}<br><strong>{}</strong> {}</li>",
                 t("intervisie.takeaway_label"), x.take_away, t("intervisie.next_step_label"),
                 x.next_step)
            for x in mine)
        return html('<h2>{}</h2><p class="pgkit-iv-private">{}</p>'
                    '<ul class="pgkit-iv-earlier">{}</ul>', t("intervisie.earlier_heading"),
                    t("intervisie.takeaway_private"), items)

    def _join(self, _b) -> None:
        self.status.children = ()
        try:
            with session_scope() as s:
                m = live.find_by_code(s, self.code.value)
                if m.kind != MeetingKind.INTERVISION:
                    raise LiveError(t("intervisie.code_not_intervision"))
                seat = live.join(s, self.code.value, self.user.person_id,
                                 self.user.display_name)
                token = seat.token
        except LiveError as exc:
            self.status.children = (error_box(str(exc)),)
            return
        self.on_joined(token)


class ParticipantView(parts.Following, w.VBox):
    def __init__(self, token: str) -> None:
        self.token = token
        self.status = w.VBox()
        self.head = w.HTML()
        self.clock = ClockView()
        self.back = w.HTML()
        self.card = w.HTML()
        self.chosen = w.HTML()
        self.activity = w.VBox()
        self.cases_box = w.VBox()
        self.lenses = w.HTML()
        self._refresh = parts.RefreshState()
        super().__init__([self.head, self.clock, self.back, self.card, self.chosen,
                          self.activity, self.status])
        self.add_class("pgkit-iv-gap")
        self.follow()

    def tick(self) -> None:
        with session_scope() as s:
            view = meeting.seat_view(s, self.token)
            case_list, voted = (cases.intake_for_seat(s, self.token)
                                if view.open and view.step is not None
                                and view.step.activity == "casuskeuze" else (None, None))
        if not view.open:
            self.refresher.stop()
            if self._changed("mode", "ended"):
                self._ended()
            return
        role = t(f"intervisie.role.{view.role}")
        if self._changed("head", (view.name, view.role, view.method.key)):
            self.head.value = html('<p>{} <span class="pgkit-iv-role">{}</span></p>'
                                   '<p class="pgkit-iv-meta">{}</p>',
                                   t("intervisie.you_are", name=view.name), role,
                                   view.method.name)
        self.clock.update(view.timer, len(view.method.steps))
        step = view.step
        if self._changed("step", (view.step_index, view.role)):
            self.card.value = parts.step_card(view.method, view.step_index, step,
                                              for_chair=False)
            self.back.value = (parts.back_banner(view.role == meeting.CASE_BRINGER)
                               if step is not None and step.back_to_group else "")
        if self._changed("chosen", view.case_title):
            self.chosen.value = ("" if view.case_title is None
                                 else parts.chosen_card(view.case_title))
        activity = "afsluiting" if step is None else step.activity
        if self._changed("mode", (activity, view.role)):
            self._build_activity(activity, view.role)
        if activity == "casuskeuze" and self._changed("cases", (case_list, voted)):
            self._draw_cases(case_list or [], voted, view.case_title is not None)
        if activity == "analyse" and self._changed("lenses", tuple(sorted(view.lenses.items()))):
            self.lenses.value = parts.lenses_html(view.lenses)

    # -- activities -----------------------------------------------------------------

    def _build_activity(self, activity: str, role: str) -> None:
        if activity == "casuskeuze":
            self.activity.children = (self._case_form(), self.cases_box)
            self._refresh.sig.pop("cases", None)
        elif activity == "analyse":
            self._refresh.sig.pop("lenses", None)
            self.activity.children = (w.HTML(html("<h2>{}</h2>", t("intervisie.lenses_heading"))),
                                      self.lenses)
        elif activity == "afsluiting":
            forms: list[w.Widget] = []
            if role == meeting.CASE_BRINGER:
                forms.append(self._takeaway_form())
            forms.append(self._rating_form())
            self.activity.children = tuple(forms)
        else:
            self.activity.children = ()

    def _case_form(self) -> w.Widget:
        title = _text(t("intervisie.case_title"), t("intervisie.case_title_hint"))
        desc = _text(t("intervisie.case_description"), area=True)
        keep = w.Checkbox(value=False, description=t("intervisie.case_keep"), indent=False,
                          layout=w.Layout(width="auto"))
        saved = w.VBox()
        send = parts.button(t("intervisie.case_send"), "primary", "paper-plane")

        def submit(_b) -> None:
            parts.write(saved, lambda s: cases.submit_case(
                s, self.token, title.value, desc.value, keep.value), "intervisie.case_saved")
            self._refresh.sig.pop("cases", None)
            self.tick()

        send.on_click(guarded(saved)(submit))
        box = w.VBox([w.HTML(html("<h2>{}</h2><p>{}</p>", t("intervisie.case_heading"),
                                  t("intervisie.case_intro"))),
                      title, desc, keep, send, saved])
        box.add_class("pgkit-iv-form")
        return box

    def _draw_cases(self, case_list: list[cases.CaseView], voted: int | None,
                    closed: bool) -> None:
        children: list[w.Widget] = [w.HTML(html("<h2>{}</h2>", t("intervisie.vote_heading")))]
        if not case_list:
            children.append(notice(t("intervisie.no_cases_yet")))
        for c in case_list:
            label = (t("intervisie.voted_here") if voted == c.id
                     else t("intervisie.vote_button"))
            b = parts.button(label, "success" if voted == c.id else "", "thumbs-up")
            b.disabled = closed or voted == c.id
            b.on_click(guarded(self.status)(lambda _b, cid=c.id: self._vote(cid)))
            children.append(w.VBox([w.HTML(parts.case_card(c, show_bringer=False)), b]))
        self.cases_box.children = tuple(children)

    def _vote(self, case_id: int) -> None:
        if parts.write(self.status, lambda s: cases.vote(s, self.token, case_id)):
            self.tick()

    def _takeaway_form(self) -> w.Widget:
        with session_scope() as s:
            mine = closing.my_takeaway(s, self.token)
        take = _text(t("intervisie.takeaway_label"), area=True)
        step = _text(t("intervisie.next_step_label"), area=True)
        if mine is not None:
            take.value, step.value = mine.take_away, mine.next_step
        saved = w.VBox()
        save = parts.button(t("intervisie.takeaway_save"), "primary", "lock")

        def do_save(_b) -> None:
            parts.write(saved, lambda s: closing.save_takeaway(
                s, self.token, take.value, step.value), "intervisie.takeaway_saved")

        save.on_click(guarded(saved)(do_save))
        box = w.VBox([w.HTML(html('<h2>{}</h2><p class="pgkit-iv-private">{}</p>',
                                  t("intervisie.takeaway_heading"),
                                  t("intervisie.takeaway_private"))),
                      take, step, save, saved])
        box.add_class("pgkit-iv-form")
        box.add_class("pgkit-iv-takeaway")
        return box

    def _rating_form(self) -> w.Widget:
        with session_scope() as s:
            mine = closing.my_rating(s, self.token)
        score = w.ToggleButtons(options=[(str(n), n) for n in range(1, 6)],
                                value=mine[0] if mine else None,
                                description=t("intervisie.rating_label"),
                                style={"description_width": "initial", "button_width": "48px"})
        line = _text(t("intervisie.rating_line"), t("intervisie.rating_line_hint"))
        if mine:
            line.value = mine[1]
        saved = w.VBox()
        send = parts.button(t("intervisie.rating_send"), "primary", "star")

        def do_send(_b) -> None:
            parts.write(saved, lambda s: closing.rate(s, self.token, score.value, line.value),
                        "intervisie.rating_saved")

        send.on_click(guarded(saved)(do_send))
        box = w.VBox([w.HTML(html("<h2>{}</h2><p>{}</p>", t("intervisie.rating_heading"),
                                  t("intervisie.rating_intro"))),
                      score, line, send, saved])
        box.add_class("pgkit-iv-form")
        box.add_class("pgkit-iv-rating")
        return box

    def _ended(self) -> None:
        with session_scope() as s:
            mine = closing.my_takeaway(s, self.token)
        children: list[w.Widget] = [notice(t("intervisie.participant_ended"), "ok")]
        if mine is not None:
            children.append(w.HTML(html(
                '<h2>{}</h2><p class="pgkit-iv-private">{}</p><p><strong>{}</strong><br>{}</p>'
                "<p><strong>{}</strong><br>{}</p>", t("intervisie.takeaway_heading"),
                t("intervisie.takeaway_private"), t("intervisie.takeaway_label"), mine.take_away,
                t("intervisie.next_step_label"), mine.next_step)))
        self.children = tuple(children)


def build(user: User) -> w.Widget:
    root = w.VBox()
    root.add_class("pgkit-iv")

    def joined(token: str) -> None:
        root.children = (ParticipantView(token),)

    with session_scope() as s:
        token = live.resume_token(s, user.person_id, intervision=True)
    if token:
        joined(token)
    else:
        root.children = (JoinView(user, joined),)
    return root


def page(_arg: str | None = None) -> Page:
    return Page(t("intervisie.participant_title"), build,
                subtitle=t("intervisie.participant_subtitle"))
