"""What the phone page shows: the join form, then the seat as a list of sections.

Every section is built from the store alone (nothing lives in a kernel), so the page a
phone reloads, the answer to a form post and the state the script fetches are the same
HTML. A section's ``key`` is a digest of its HTML: the script replaces only the sections
whose key changed, and leaves alone one the visitor is still filling in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.orm import Session

from pgkit.live import groupweb, meetings, polls
from pgkit.live.address import JOIN_PATH
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
from pgkit.markup import Markup, html, join, msg, notice_html
from pgkit.messages import t
from pgkit.reflection import roleplay
from pgkit.reflection.content import Content, content
from pgkit.spinnenweb import dimension_name
from pgkit.urls import kit_url

PATH = JOIN_PATH
# The parts of a seat, also the ids of their sections and the anchors a post returns to.
HEAD, POLL, ROLE, DILEMMA, WEB, WAITING = "kop", "vraag", "rol", "dilemma", "groepsweb", "wachten"
SCORES = range(11)


def action(name: str = "") -> str:
    """The address a form of the phone page posts to: ``/meedoen`` or ``/meedoen/<name>``."""
    return kit_url(f"{PATH}/{name}" if name else PATH)


@dataclass(frozen=True)
class Section:
    part: str
    body: Markup

    @property
    def key(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()[:16]

    def markup(self) -> Markup:
        kind = "pgkit-section" if self.part not in (HEAD, WAITING) else "pgkit-seat-line"
        return html('<section class="{}" id="{}" data-part="{}" data-key="{}">{}</section>',
                    kind, self.part, self.part, self.key, self.body)

    def as_dict(self) -> dict[str, str]:
        return {"part": self.part, "key": self.key, "html": str(self.markup())}


@dataclass(frozen=True)
class Seat:
    """One participant's seat as the phone page shows it now."""

    meeting_id: int
    closed: bool
    sections: tuple[Section, ...]

    def markup(self) -> Markup:
        return join(s.markup() for s in self.sections)


def seat_sections(session: Session, token: str, form: Markup, *,
                  notes: Mapping[str, Markup] | None = None,
                  prefill: Mapping[str, float] | None = None) -> Seat:
    """The seat behind ``token``; ``form`` is the hidden fields every form carries, ``notes``
    a message per part (after a post), ``prefill`` scores for the group web form."""
    notes = notes or {}
    me, meeting, state = meetings.seat_state(session, token)
    closed = meeting.closed_at is not None
    stuff = content()
    found: list[Section | None] = [Section(HEAD, seat_header(me, meeting,
                                                             block_title(meeting, state)))]
    poll_id = None if closed else polls.current_poll_id(session, meeting.id)
    if poll_id is not None:
        found.append(_poll(session, token, poll_id, form, notes.get(POLL)))
    found.append(_role(session, token, me.id, stuff, state, closed, form, notes.get(ROLE)))
    card = None if closed else dilemma_card(stuff, state.get("dilemma"))
    if card is not None:
        found.append(Section(DILEMMA, html("<h2>{}</h2>{}", t("meetings.page.dilemma_title"),
                                           card)))
    found.append(_web(session, token, state.get("screen") == "web", closed, form, notes.get(WEB),
                      prefill))
    sections = [s for s in found if s is not None]
    # A message for a part that is not shown (a checklist from someone who is not the
    # observer any more) goes under the header, so it is never lost.
    shown = {s.part for s in sections}
    lost = [note for part, note in notes.items() if part not in shown]
    if lost:
        sections[0] = Section(HEAD, sections[0].body + join(lost))
    if len(sections) == 1 and not closed:
        sections.append(Section(WAITING, html('<p class="pgkit-waiting">{}</p>',
                                              t("meetings.page.waiting"))))
    return Seat(meeting.id, closed, tuple(sections))


def _meeting_field(meeting_id: int) -> Markup:
    return html('<input type="hidden" name="bijeenkomst" value="{}">', meeting_id)


def _poll(session: Session, token: str, poll_id: int, form: Markup,
          note: Markup | None) -> Section:
    result = polls.results_for_seat(session, token, poll_id)
    mine = polls.my_answer(session, token, poll_id)
    who = meetings.seat(session, token)
    buttons = join(
        html('<button type="submit" name="keuze" value="{}" id="keuze-{}" class="pgkit-option"'
             ' aria-pressed="{}">{}</button>', i, i, "true" if i == mine else "false", option)
        for i, option in enumerate(result.options))
    saved = (notice_html(t("meetings.page.poll_saved"), "ok") + poll_bars(result)
             if mine is not None else Markup())
    return Section(POLL, html(
        '<h2>{}</h2><p class="pgkit-poll-q" id="vraag-tekst"><strong>{}</strong></p>'
        '<form method="post" action="{}">{}{}<input type="hidden" name="vraag" value="{}">'
        '<div class="pgkit-options" role="group" aria-labelledby="vraag-tekst">{}</div>'
        "</form>{}{}",
        t("meetings.page.poll_title"), result.question, action("antwoord"), form,
        _meeting_field(who.meeting_id), poll_id, buttons, note or "", saved))


def _role(session: Session, token: str, participant_id: int, stuff: Content, state: dict,
          closed: bool, form: Markup, note: Markup | None) -> Section | None:
    # After the close only the feedback stays: there is nothing left to play.
    seat = None if closed else roleplay.seat_in(state.get(roleplay.STATE_KEY), participant_id)
    feedback = roleplay.feedback_for_me(session, token)
    if seat is None and not feedback:
        return None
    parts = [html("<h2>{}</h2>", t("meetings.page.role_title"))]
    if seat is not None:
        parts.append(role_card(stuff, seat))
        if seat.role == roleplay.OBSERVER:
            parts.append(_checklist(session, token, stuff, form, note))
    parts.append(feedback_cards(stuff, feedback))
    return Section(ROLE, join(parts))


def _checklist(session: Session, token: str, stuff: Content, form: Markup,
               note: Markup | None) -> Markup:
    rp = stuff.roleplay
    done = roleplay.my_observation(session, token)
    marks = dict(done.checklist) if done else {}
    who = meetings.seat(session, token)
    items = join(
        html('<fieldset class="pgkit-check"><legend><strong>{}</strong> <small>{}</small>'
             '</legend><div class="pgkit-choices">{}</div></fieldset>',
             item.label, item.hint, join(
                 html('<label class="pgkit-choice"><input type="radio" name="{}" value="{}"{}>'
                      " {}</label>", item.id, i,
                      Markup(" checked") if marks.get(item.id) == i else "", scale)
                 for i, scale in enumerate(rp.scale)))
        for item in rp.checklist)
    if note is None and done is not None and (done.checklist or done.note):
        pending = roleplay.unsent_changes(done)
        note = notice_html(t("meetings.page.checklist_autosaved" if pending
                             else "meetings.page.checklist_saved"),
                           "info" if pending else "ok")
    return html(
        '<form method="post" action="{}" data-autosave="1" class="pgkit-checklist">{}{}'
        "<p>{}</p>{}"
        '<label for="notitie"><strong>{}</strong></label>'
        '<textarea id="notitie" name="notitie" rows="4" placeholder="{}">{}</textarea>'
        '<noscript><button type="submit" name="actie" value="bewaren" class="pgkit-secondary">'
        "{}</button></noscript>"
        '<button type="submit" name="actie" value="versturen">{}</button></form>{}',
        action("observatie"), form, _meeting_field(who.meeting_id),
        t("meetings.page.checklist_intro"), items, t("meetings.page.note"),
        t("meetings.page.note_placeholder"), done.note if done else "",
        t("meetings.page.checklist_keep"), t("meetings.page.checklist_send"), note or "")


def _web(session: Session, token: str, on_screen: bool, closed: bool,
         form: Markup, note: Markup | None, prefill: Mapping[str, float] | None
         ) -> Section | None:
    web = groupweb.group_web_for_seat(session, token)
    if not web_form_wanted(web, on_screen, closed):
        return None
    mine = groupweb.my_contribution(session, token)
    values = prefill or (mine[0] if mine else {})
    fields = join(
        html('<label for="web-{}">{}</label><select id="web-{}" name="{}">{}</select>',
             key, dimension_name(key), key, key, join(
                 html('<option value="{}"{}>{}</option>', n,
                      Markup(" selected") if n == round(values.get(key, 5)) else "", n)
                 for n in SCORES))
        for key in groupweb.KEYS)
    if note is None and mine is not None:
        outcome = mine[1]
        note = (notice_html(t("meetings.page.web_shared"), "ok") if outcome == groupweb.COUNTED
                else notice_html(t(f"meetings.page.web_shared_{outcome}"), "warn"))
    who = meetings.seat(session, token)
    # Once shared, every change is sent at once (the script), as the message says.
    return Section(WEB, html(
        '<h2>{}</h2><p>{}</p><form method="post" action="{}" data-autosave="{}">{}{}'
        '<div class="pgkit-web-fields">{}</div>'
        '<button type="submit" name="eigen" value="1" class="pgkit-secondary">{}</button>'
        '<button type="submit" name="delen" value="1">{}</button></form>{}'
        '<p class="pgkit-web-status">{}</p>',
        t("meetings.live.web_title"), t("meetings.page.web_intro"), action("groepsweb"),
        "1" if mine is not None else "", form, _meeting_field(who.meeting_id), fields,
        t("meetings.page.web_use_own"), t("meetings.page.web_share"), note or "",
        group_web_text(web)))


def join_form(form: Markup, *, code: str, name: str, errors: Mapping[str, str] | None = None,
              note: Markup | None = None) -> Markup:
    """Code and name, each with its own error under the field (``errors`` by field name)."""
    errors = errors or {}

    def field(name_: str, label: str, value: str, extra: Markup, hint: str | None) -> Markup:
        error = errors.get(name_)
        described = " ".join(x for x in (f"{name_}-fout" if error else "",
                                          f"{name_}-hint" if hint else "") if x)
        return html(
            '<label for="{}">{}</label><input type="text" id="{}" name="{}" value="{}"{}{}{}>'
            "{}{}", name_, label, name_, name_, value, extra,
            html(' aria-describedby="{}"', described) if described else "",
            Markup(' aria-invalid="true" autofocus') if error else "",
            html('<p class="pgkit-error pgkit-field-error" role="alert" id="{}-fout">{}</p>',
                 name_, error) if error else "",
            html('<p class="pgkit-hint" id="{}-hint">{}</p>', name_, hint) if hint else "")

    return html(
        "<p>{}</p>{}"
        '<form method="post" action="{}" novalidate>{}{}{}<button type="submit">{}</button>'
        "</form>",
        t("meetings.page.join_intro"), note or "", action(), form,
        field("code", t("meetings.page.code_label"), code,
              html(' maxlength="12" autocomplete="off" autocapitalize="characters"'
                   ' spellcheck="false" placeholder="{}"', t("meetings.page.code_placeholder")),
              None),
        field("naam", t("meetings.page.name_label"), name,
              Markup(' maxlength="80" autocomplete="given-name"'), t("meetings.page.name_hint")),
        t("meetings.page.join"))


def intervision_note(code: str) -> Markup:
    """The code is an intervision's: that has its own page (a Voila view)."""
    url = f"{INTERVISION_PAGE}?code={quote(code)}"
    return notice_html(msg("meetings.page.intervision_elsewhere", url=url))
