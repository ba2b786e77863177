"""What a participant's seat shows, as escaped HTML.

Two surfaces show a seat: the in-app meeting view (``pgkit.pages.meeting``, widgets in
the visitor's kernel) and the phone page (``pgkit.phone``, plain HTML from the server,
no kernel). Both build their cards here, so a role card, a dilemma card or the feedback
an observer sent reads the same wherever it is shown. No widgets in this module: the
server process imports it for the phone page.
"""

from __future__ import annotations

import contextlib

from pgkit.live import polls
from pgkit.live.groupweb import GroupWeb
from pgkit.markup import Markup, html, join, msg, notice_html
from pgkit.messages import t
from pgkit.reflection import roleplay
from pgkit.reflection.content import Content, content
from pgkit.store.models import Meeting, Participant
from pgkit.urls import render_url

# Intervision has its own participant page; a reflection meeting's join form links there.
INTERVISION_PAGE = render_url("exercises/intervisie/deelnemer.ipynb")


def poll_bars(result: polls.PollResult) -> Markup:
    """The answers so far, one bar per option (counts only, never who)."""
    top = max(result.counts, default=0) or 1
    rows = join(
        html('<div class="pgkit-bar"><span class="l">{}</span>'
             '<span class="b" style="width:{}%"></span><span>{}</span></div>',
             o, int(40 * c / top), c)
        for o, c in zip(result.options, result.counts, strict=True))
    return html('<div aria-label="{}">{}</div>', result.question, rows)


def role_card(stuff: Content, seat: roleplay.Seat) -> Markup:
    """This round's role and case card; the conversation partner also gets the brief."""
    try:
        case = stuff.cases.get(seat.case_id)
    except StopIteration:
        case = stuff.cases.cases[0]
    role_text = stuff.roleplay.roles[seat.role]
    brief = (html("<p><strong>{}</strong> {}</p>", t("meetings.page.you_play"), case.partner)
             if seat.role == roleplay.PARTNER else html("<p>{}</p>", case.leader))
    return html(
        '<p class="pgkit-role" data-role="{}">{} · {} · {}</p><p>{}</p>'
        '<div class="pgkit-cardbox"><h3>{}</h3><p><em>{}</em> · {}</p>{}</div>',
        seat.role, t("meetings.page.round", n=seat.round),
        t("meetings.host.group", n=seat.group + 1),
        t("meetings.page.your_role", role=t(f"meetings.roles.{seat.role}")), role_text,
        case.title, case.organisation, case.setting, brief)


def feedback_cards(stuff: Content, feedback: list[roleplay.Feedback]) -> Markup:
    """The observers' checklists and notes this participant received, one card a round."""
    if not feedback:
        return Markup()
    rp = stuff.roleplay
    labels = {c.id: c.label for c in rp.checklist}
    parts = [html("<h3>{}</h3>", t("meetings.page.feedback_title"))]
    for f in feedback:
        items = join(html("<li>{}: {}</li>", labels.get(k, k), rp.scale[v])
                     for k, v in f.checklist.items())
        note = html("<p>{}</p>", f.note) if f.note else ""
        head = t("meetings.page.feedback_from", n=f.round)
        parts.append(html('<div class="pgkit-cardbox pgkit-feedback"><p><strong>{}'
                          "</strong></p><ul>{}</ul>{}</div>", head, items, note))
    return join(parts)


def dilemma_card(stuff: Content, shown: str | None) -> Markup | None:
    """The dilemma card on the screen, or None when there is none (or it is unknown)."""
    if not shown:
        return None
    try:
        d = stuff.dilemmas.get(shown)
    except StopIteration:
        return None
    questions = join(html("<li>{}</li>", q) for q in d.questions)
    return html('<div class="pgkit-cardbox"><h3>{}</h3><p>{}</p><ul>{}</ul></div>',
                d.title, d.situation, questions)


def block_title(meeting: Meeting, state: dict) -> str | None:
    """The agenda block the facilitator's timer is in, once the timer has started."""
    timer = state.get("timer") or {}
    if not timer.get("log"):
        return None
    with contextlib.suppress(KeyError, IndexError, ValueError, TypeError):
        book = content().runbooks[meeting.kind.value]
        return book.blocks[int(timer.get("index", 0))].title
    return None


def seat_header(me: Participant, meeting: Meeting, block: str | None) -> Markup:
    """Who you joined as, and what the meeting is doing now (or that it has ended)."""
    kind = t(f"meetings.kinds.{meeting.kind.value}")
    if meeting.closed_at is not None:
        now = (html('<p class="pgkit-now" data-state="afgelopen">{}</p>',
                    t("meetings.live.timer_closed"))
               + notice_html(t("meetings.page.closed"), "info"))
    elif block:
        now = html('<p class="pgkit-now">{}</p>', t("meetings.page.now", block=block))
    else:
        now = Markup()
    joined = msg("meetings.page.joined_as", kind=kind, name=me.display_name)
    return html('<p class="pgkit-joined">{}</p>{}', joined, now)


def web_form_wanted(web: GroupWeb, on_screen: bool, closed: bool) -> bool:
    """The share form shows while the group web is on the screen and, once the group has
    started sharing, stays for late sharers; after the close there is nothing to share."""
    return not closed and (on_screen or web.contributors + web.pending + web.flagged
                           + web.uncounted > 0)
