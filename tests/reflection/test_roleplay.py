import pytest

from pgkit.identity import User
from pgkit.live import meetings
from pgkit.live.errors import LiveError
from pgkit.reflection import roleplay
from pgkit.reflection.roleplay import LEADER, OBSERVER, PARTNER
from pgkit.store.models import MeetingKind, Role

ITEMS = ["luisteren", "stiltes"]
CASES = ["c1", "c2", "c3", "c4", "c5"]


def test_groups_of_three_with_leftovers_in_fours():
    assert [len(g) for g in roleplay.make_groups(range(10))] == [3, 3, 4]
    assert [len(g) for g in roleplay.make_groups(range(11))] == [3, 4, 4]
    assert [len(g) for g in roleplay.make_groups(range(2))] == [2]
    assert sorted(p for g in roleplay.make_groups(range(12)) for p in g) == list(range(12))


def test_roles_rotate_so_everyone_has_every_role_in_three_rounds():
    members = [7, 8, 9]
    for pid in members:
        roles = {roleplay.role_in(members, r, pid) for r in (1, 2, 3)}
        assert roles == {LEADER, PARTNER, OBSERVER}
    for r in (1, 2, 3):
        assert sorted(roleplay.role_in(members, r, p) for p in members) == sorted(
            [LEADER, PARTNER, OBSERVER])


def test_each_group_and_round_gets_another_case():
    seen = {roleplay.case_for(CASES, g, r, 2) for g in range(2) for r in (1, 2)}
    assert len(seen) == 4


def _meeting_with(world, n):
    with world.session() as s:
        m = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_1)
        mid, code = m.id, m.join_code
    tokens = []
    for i in range(n):
        with world.session() as s:
            tokens.append(meetings.join(s, code, world.trainees[i], f"Deelnemer {i}").token)
    return mid, tokens


def test_observer_feedback_is_visible_only_to_that_rounds_leader(world):
    mid, tokens = _meeting_with(world, 6)
    with world.session() as s:
        roleplay.start(s, mid, world.host, CASES)
    by_role = {}
    with world.session() as s:
        for tok in tokens:
            seat = roleplay.my_seat(s, tok)
            by_role.setdefault((seat.group, seat.role), tok)
    leader, partner, observer = (by_role[(0, r)] for r in (LEADER, PARTNER, OBSERVER))
    with world.session() as s:
        with pytest.raises(LiveError):
            roleplay.submit_observation(s, partner, {"luisteren": 2, "stiltes": 1}, "", ITEMS)
        with pytest.raises(LiveError):
            roleplay.submit_observation(s, observer, {"luisteren": 5}, "", ITEMS)
        roleplay.submit_observation(s, observer, {"luisteren": 2, "stiltes": None}, "", ITEMS)
        roleplay.submit_observation(s, observer, {"luisteren": 2, "stiltes": 1},
                                    "Mooie stilte na de tweede vraag.", ITEMS)
    with world.session() as s:  # a draft, saved tick by tick, is not sent: the leader sees nothing
        assert roleplay.feedback_for_me(s, leader) == []
        assert roleplay.unsent_changes(roleplay.my_observation(s, observer))
    with world.session() as s:
        roleplay.submit_observation(s, observer, {"luisteren": 2, "stiltes": 1},
                                    "Mooie stilte na de tweede vraag.", ITEMS, send=True)
    with world.session() as s:
        mine = roleplay.feedback_for_me(s, leader)
        assert [(f.round, f.checklist, f.note) for f in mine] == [
            (1, {"luisteren": 2, "stiltes": 1}, "Mooie stilte na de tweede vraag.")]
        for other in tokens:
            if other != leader:
                assert roleplay.feedback_for_me(s, other) == []
    # next round: roles shift, the old feedback stays with the old leader only
    with world.session() as s:
        roleplay.next_round(s, mid, world.host)
    with world.session() as s:
        assert roleplay.my_seat(s, leader).role == OBSERVER
        assert roleplay.my_seat(s, partner).role == LEADER
        assert roleplay.feedback_for_me(s, partner) == []
        assert len(roleplay.feedback_for_me(s, leader)) == 1


def test_only_the_host_makes_groups(world):
    mid, _ = _meeting_with(world, 3)
    stranger = User(world.trainees[0], "deelnemer-0", "Deelnemer 0", frozenset({Role.TRAINEE}))
    with world.session() as s, pytest.raises(LiveError):
        roleplay.start(s, mid, stranger, CASES)


def test_leader_sees_only_what_was_sent_not_later_edits(world):
    mid, tokens = _meeting_with(world, 3)
    with world.session() as s:
        roleplay.start(s, mid, world.host, CASES)
    with world.session() as s:
        seats = {roleplay.my_seat(s, tok).role: tok for tok in tokens}
    observer, leader = seats[OBSERVER], seats[LEADER]
    with world.session() as s, pytest.raises(LiveError, match="nog niets om te versturen"):
        roleplay.submit_observation(s, observer, {}, "", ITEMS, send=True)
    with world.session() as s:
        roleplay.submit_observation(s, observer, {"luisteren": 1}, "Eerste indruk.", ITEMS,
                                    send=True)
        roleplay.submit_observation(s, observer, {"luisteren": 2}, "Toch beter.", ITEMS)
    with world.session() as s:
        sent = roleplay.feedback_for_me(s, leader)
        assert [(f.checklist, f.note) for f in sent] == [({"luisteren": 1}, "Eerste indruk.")]
        assert roleplay.unsent_changes(roleplay.my_observation(s, observer))
    with world.session() as s:
        roleplay.submit_observation(s, observer, {}, "", ITEMS, send=True)
    with world.session() as s:
        sent = roleplay.feedback_for_me(s, leader)
        assert [(f.checklist, f.note) for f in sent] == [({"luisteren": 2}, "Toch beter.")]
        assert not roleplay.unsent_changes(roleplay.my_observation(s, observer))
