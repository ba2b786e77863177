"""The phone page's addresses, served by the kit's server itself (no kernel, no Voila).

    GET  /meedoen[?code=ABC123]   the join form, or the seat once joined
    POST /meedoen                 join with code and name
    POST /meedoen/antwoord        answer the open question
    POST /meedoen/groepsweb       share scores for the group web, or load one's own
    POST /meedoen/observatie      the observer's checklist: a draft, or send it
    GET  /meedoen/stand           the seat's sections as JSON, for ``phone.js``

Who asks comes from the kit's identity provider, as on every other page (the signed
profile standalone, the hub's sign-in behind JupyterHub); a seat is always looked up by
that person and the meeting, never by a token the browser sends. A post answers with a
redirect back to the page (so a reload never sends it twice), or, when the script sent
it in the background, with the new sections. Bad input never changes anything: the
section says what is wrong, in Dutch.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import tornado.web
from sqlalchemy.orm import Session
from tornado.httputil import url_concat

from pgkit import identity
from pgkit.app import KitHandler
from pgkit.identity import User
from pgkit.live import codes, groupweb, meetings, polls
from pgkit.live.errors import LiveError
from pgkit.live.refresh import BROWSER_INTERVAL, MAX_REFRESH_SECONDS
from pgkit.markup import Markup, html, notice_html
from pgkit.messages import t, use_language
from pgkit.phone.seat import (
    POLL,
    ROLE,
    WEB,
    Seat,
    action,
    intervision_note,
    join_form,
    seat_sections,
)
from pgkit.reflection import roleplay
from pgkit.reflection.content import content
from pgkit.store import session_scope
from pgkit.store.models import MeetingKind
from pgkit.web_identity import provider

HERE = Path(__file__).parent
BACKGROUND = "X-Pgkit-Achtergrond"  # set by phone.js on its own requests


class PhoneHandler(KitHandler):
    """What every address of the phone page shares: the visitor, their seat, the reply."""

    async def prepare(self) -> None:  # type: ignore[override]  # tornado allows a coroutine
        # Behind the hub, learning who this is means asking the hub (a network call), and
        # the form token is bound to that answer: so first the user, then the form check.
        user = provider(self).get_user(self)
        if inspect.isawaitable(user):
            await user
        super().prepare()

    def visitor(self) -> User | None:
        """The signed-in person, or None after sending them to sign in first."""
        pseudonym = self.profile()
        if pseudonym is not None:
            with session_scope() as session:
                user = identity.current_user(session, pseudonym)
            if user is not None:
                use_language(user.language)
                return user
        hub_user = getattr(self, "_pgkit_hub_user", None)
        if self.settings.get("pgkit_hub"):
            from pgkit.hub_auth import not_linked_page

            if hub_user is not None:
                not_linked_page(self, hub_user)
            else:
                self.redirect(url_concat(self.get_login_url(), {"next": self.request.uri}))
            return None
        back = action() if self.request.method == "POST" else self.request.uri or action()
        self.redirect(f"/pgkit/welkom?volgende={quote(back)}")
        return None

    def on_finish(self) -> None:
        use_language(None)  # the server's language again for the next request

    def form_token(self) -> str:
        return provider(self).form_token(self)

    def form_fields(self) -> Markup:
        return html('<input type="hidden" name="_xsrf" value="{}">', self.form_token())

    @property
    def background(self) -> bool:
        return self.request.headers.get(BACKGROUND) == "1"

    def show(self, body: Markup, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        self.page(t("meetings.page.title"), html('<div class="pgkit-phone pgkit-meeting">{}</div>',
                                                  body))

    def show_seat(self, seat: Seat, status: int = 200) -> None:
        script = (HERE / "phone.js").read_text(encoding="utf-8")
        self.show(html(
            '<div id="pgkit-seat" data-state="{}" data-every="{}" data-max="{}" data-closed="{}"'
            ' data-expired="{}" data-new="{}" data-token="{}">{}</div>'
            '<p class="pgkit-live pgkit-sr-only" aria-live="polite"></p><script>{}</script>',
            url_concat(action("stand"), {"bijeenkomst": str(seat.meeting_id)}),
            BROWSER_INTERVAL, MAX_REFRESH_SECONDS, "1" if seat.closed else "",
            t("meetings.live.reload"), t("meetings.page.new_part"),
            self.form_token(), seat.markup(),
            Markup(script)), status)

    def reply_json(self, seat: Seat | None, hold: tuple[str, ...] = ()) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if seat is None:  # no seat here any more: the page loads itself again
            self.write(json.dumps({"again": True}))
            return
        self.write(json.dumps({"closed": seat.closed, "hold": list(hold),
                               "sections": [s.as_dict() for s in seat.sections]}))


class JoinHandler(PhoneHandler):
    """``/meedoen``: the join form, or the seat of someone who already joined."""

    def get(self) -> None:
        user = self.visitor()
        if user is None:
            return
        own = self.get_argument("eigen", "") == "1"
        with session_scope() as session:
            token = meetings.resume_token(session, user.person_id)
            if token is not None:
                notes, prefill = _own_scores(session, user) if own else ({}, None)
                self.show_seat(seat_sections(session, token, self.form_fields(), notes=notes,
                                             prefill=prefill))
                return
        code = codes.normalise(self.get_argument("code", ""))
        self.show(join_form(self.form_fields(), code=codes.pretty(code) if code else "",
                            name=user.display_name))

    def post(self) -> None:
        user = self.visitor()
        if user is None:
            return
        typed = self.get_body_argument("code", "")
        name = self.get_body_argument("naam", "")
        errors: dict[str, str] = {}
        note = None
        with session_scope() as session:
            try:
                kind = meetings.find_by_code(session, typed).kind
            except LiveError as exc:
                errors["code"] = str(exc)
            else:
                if kind is MeetingKind.INTERVISION:
                    note = intervision_note(codes.normalise(typed))
                else:
                    try:
                        meetings.join(session, typed, user.person_id, name)
                    except LiveError as exc:
                        errors["naam"] = str(exc)
        if errors or note is not None:
            self.show(join_form(self.form_fields(), code=typed, name=name, errors=errors,
                                note=note), 400 if errors else 200)
            return
        self.redirect(action(), status=303)


# What only one reply shows: a message per part, and scores to fill the group web form.
Shown = tuple[dict[str, Markup], dict[str, float] | None]


def _own_scores(session: Session, user: User) -> Shown:
    scores = groupweb.own_saved_scores(session, user.person_id)
    if scores is None:
        return {WEB: notice_html(t("meetings.page.web_no_own"), "info")}, None
    return {WEB: notice_html(t("meetings.page.web_own_loaded"), "info")}, scores


class SeatHandler(PhoneHandler):
    """A post from one part of the seat; the meeting comes from the form, the seat from
    the person, so nobody can act in a seat that is not theirs."""

    part: str = ""

    def act(self, session: Session, token: str, user: User) -> Shown | None:
        """Do what the form asks; a ``LiveError`` refuses it. Returns what only this reply
        shows (a message, scores to check), or None when the store says it all."""
        raise NotImplementedError

    def anchor(self) -> str:
        return f"{action()}#{self.part}"

    def post(self) -> None:
        user = self.visitor()
        if user is None:
            return
        token = self._token(user)
        if token is None:
            if self.background:
                self.reply_json(None)
            else:
                self.redirect(action(), status=303)
            return
        shown: Shown | None = None
        try:
            with session_scope() as session:  # rolled back when the input is refused
                shown = self.act(session, token, user)
        except LiveError as exc:
            shown = ({self.part: notice_html(str(exc), "warn")}, None)
            refused = True
        else:
            refused = False
        if not self.background and not refused:
            self.redirect(self.anchor(), status=303)
            return
        notes, prefill = shown or ({}, None)
        with session_scope() as session:
            seat = seat_sections(session, token, self.form_fields(), notes=notes,
                                 prefill=prefill)
        if self.background:
            # Scores loaded to check stay on the page until they are shared.
            self.reply_json(seat, hold=(self.part,) if prefill else ())
        else:
            self.show_seat(seat, 409)

    def _token(self, user: User) -> str | None:
        try:
            meeting_id = int(self.get_argument("bijeenkomst", ""))
        except ValueError:
            return None
        with session_scope() as session:
            return meetings.seat_token(session, meeting_id, user.person_id)


class AnswerHandler(SeatHandler):
    part = POLL

    def act(self, session: Session, token: str, user: User) -> None:  # noqa: ARG002 (same for all)
        try:
            poll_id, choice = int(self.get_body_argument("vraag")), int(
                self.get_body_argument("keuze"))
        except (ValueError, tornado.web.MissingArgumentError):
            raise LiveError(t("meetings.live.poll_bad_option")) from None
        polls.answer(session, token, poll_id, choice)


class WebHandler(SeatHandler):
    part = WEB

    def act(self, session: Session, token: str, user: User) -> Shown | None:
        if self.own():
            return _own_scores(session, user)  # nothing saved: the scores are checked first
        groupweb.contribute(session, token, {k: self.get_body_argument(k, None)
                                             for k in groupweb.KEYS})
        return None

    def own(self) -> bool:
        return self.get_body_argument("eigen", "") == "1"

    def anchor(self) -> str:
        return f"{action()}?eigen=1#{WEB}" if self.own() else super().anchor()


class ObservationHandler(SeatHandler):
    part = ROLE

    def act(self, session: Session, token: str, user: User) -> None:  # noqa: ARG002 (same for all)
        items = [c.id for c in content().roleplay.checklist]
        marks: dict[str, int | None] = {}
        for item in items:
            raw = self.get_body_argument(item, "")
            try:
                marks[item] = int(raw) if raw else None
            except ValueError:
                raise LiveError(t("meetings.roleplay.mark_invalid")) from None
        roleplay.submit_observation(session, token, marks, self.get_body_argument("notitie", ""),
                                    items, send=self.get_body_argument("actie", "") == "versturen")


class StateHandler(SeatHandler):
    """``/meedoen/stand``: what ``phone.js`` fetches every couple of seconds."""

    def get(self) -> None:
        user = self.visitor()
        if user is None:
            return
        token = self._token(user)
        if token is None:
            self.reply_json(None)
            return
        with session_scope() as session:
            self.reply_json(seat_sections(session, token, self.form_fields()))


def routes(at: Callable[[str], str]) -> list[tuple]:
    """The phone page's handlers under the kit's prefix (``at``)."""
    return [(at(rf"/{p}"), h) for p, h in (
        ("meedoen", JoinHandler), ("meedoen/antwoord", AnswerHandler),
        ("meedoen/groepsweb", WebHandler), ("meedoen/observatie", ObservationHandler),
        ("meedoen/stand", StateHandler))]
