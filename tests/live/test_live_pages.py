"""The facilitator, projector and participant pages driven in-process (no browser).

Two facilitator tabs are two ``HostView`` objects on the same meeting: the store is the
one truth, so what one tab does shows in the other at its next refresh.
"""

from __future__ import annotations

import ipywidgets as w
import pytest

from pgkit.live import meetings, polls
from pgkit.pages import facilitator, meeting, projector
from pgkit.store.models import MeetingKind


@pytest.fixture
def live(world, monkeypatch):
    monkeypatch.setenv("PGKIT_DB", world.url)
    with world.session() as s:
        m = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_1,
                                  state={"screen": "code"})
        world.meeting_id, world.code = m.id, m.join_code
    return world


def _all(root: w.Widget) -> list[w.Widget]:
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(getattr(node, "children", ()))
    return out


def _html(root: w.Widget) -> str:
    return "\n".join(x.value for x in _all(root) if isinstance(x, w.HTML))


def _host(world) -> facilitator.HostView:
    view = facilitator.HostView(world.host, world.meeting_id)
    view.refresher.stop()  # the test drives the refresh itself
    return view


def _phone(world, i: int) -> meeting.SeatView:
    with world.session() as s:
        token = meetings.join(s, world.code, world.trainees[i], f"Deelnemer {i}").token
    view = meeting.SeatView(token, world.trainees[i])
    view.refresher.stop()
    return view


def _button(root: w.Widget, label: str) -> w.Button:
    return next(b for b in _all(root) if isinstance(b, w.Button) and b.description == label)


def test_two_facilitator_tabs_and_the_projector_follow_one_timer(live):
    one, two = _host(live), _host(live)
    screen = projector.Projector(live.host, live.meeting_id)
    screen.refresher.stop()
    _button(one, "Start").click()
    two.tick()
    screen.tick()
    assert "Loopt" in two.clock.value and "Loopt" in screen.clock.value
    _button(two, "Pauze").click()
    one.tick()
    screen.tick()
    assert "Gepauzeerd" in one.clock.value and "Gepauzeerd" in screen.clock.value
    # A start in the stale tab resumes the stored timer, it does not restart the block.
    _button(one, "Volgend blok").click()
    two.tick()
    assert two.clock.value.count("2/") == 1 and "2/" in one.clock.value
    two.screen.value = "web"
    one.tick()
    assert one.screen.value == "web"


def test_attendance_lists_a_new_joiner_without_a_button(live):
    host = _host(live)
    host.tabs.selected_index = facilitator.ATTENDANCE_TAB
    before = [cb.description for cb in host.attendance.children]
    assert not any("deed mee" in d for d in before)
    _phone(live, 2)
    host.tick()
    joined = [cb.description for cb in host.attendance.children if "deed mee" in cb.description]
    assert joined == ["Deelnemer 2 (deed mee met de code)"]
    assert not any(b.description == "Lijst vernieuwen" for b in _all(host)
                   if isinstance(b, w.Button))


def test_closing_shows_afgelopen_everywhere_and_locks_the_controls(live):
    host, other = _host(live), _host(live)
    screen = projector.Projector(live.host, live.meeting_id)
    screen.refresher.stop()
    phone = _phone(live, 0)
    _button(host, "Start").click()
    with live.session() as s:
        polls.open_poll(s, live.meeting_id, live.host, "fase", "Welke fase?", ["a", "b"])
    phone.tick()
    assert phone.poll.box in phone.children
    confirm = next(c for c in _all(host) if isinstance(c, w.Checkbox)
                   and "afsluiten" in c.description)
    confirm.value = True
    _button(host, "Sluit de bijeenkomst").click()
    assert "De bijeenkomst is gesloten" in host.close_status.value
    for view in (other, screen, phone):
        view.tick()
    for clock in (host.clock.value, other.clock.value, screen.clock.value):
        assert "Afgelopen" in clock and "Loopt" not in clock
    assert 'data-state="afgelopen"' in phone.head.value
    assert phone.poll.box not in phone.children and phone.web.box not in phone.children
    assert _button(other, "Start").disabled and not other.summary_button.disabled


def test_phone_shows_only_what_is_active_newest_on_top(live):
    phone = _phone(live, 0)
    for i in (1, 2):
        _phone(live, i)
    text = _html(phone)
    assert "Vraag van je begeleider" not in text and "Rollenspel" not in text
    assert phone.waiting in phone.children
    host = _host(live)
    host.screen.value = "web"
    phone.tick()
    assert phone.children[1] is phone.web.box
    _button(phone, "Delen met de groep").click()
    _button(host, "Stel deze vraag").click()
    phone.tick()
    assert phone.children[1] is phone.poll.box and phone.children[2] is phone.web.box
    assert phone.waiting not in phone.children


def test_leader_sees_nothing_of_the_checklist_until_it_is_sent(live):
    phones = [_phone(live, i) for i in range(3)]
    host = _host(live)
    _button(host, "Maak drietallen (ronde 1)").click()
    for p in phones:
        p.tick()
    by_role = {p.role._seat_key[2]: p for p in phones}
    observer, leader = by_role["observator"], by_role["gesprekvoerder"]
    toggles = [x for x in _all(observer.role.form) if isinstance(x, w.ToggleButtons)]
    toggles[0].value = 2
    note = next(x for x in _all(observer.role.form) if isinstance(x, w.Textarea))
    note.value = "Mooie stilte."
    leader.tick()
    assert "Mooie stilte." not in _html(leader) and "pgkit-feedback" not in _html(leader)
    assert "nog niet verstuurd" in _html(observer.role.form)
    _button(observer.role.form, "Feedback versturen").click()
    leader.tick()
    assert "Mooie stilte." in _html(leader)
    assert "verstuurd naar de gesprekvoerder" in _html(observer.role.form)


def test_a_quick_redraw_is_not_discussed_but_a_marked_card_is(live):
    from pgkit.reflection import summary
    from pgkit.reflection.content import content

    host = _host(live)
    cards = content().dilemmas.dilemmas
    host.dilemma_pick.value = cards[0].id
    _button(host, "Laat deze kaart zien").click()
    host.dilemma_pick.value = cards[1].id
    _button(host, "Laat deze kaart zien").click()  # a redraw seconds later
    _button(host, "Besproken").click()
    with live.session() as s:
        data = summary.collect(s, live.meeting_id, live.host, content())
    assert data.dilemmas == (cards[1].title,)
