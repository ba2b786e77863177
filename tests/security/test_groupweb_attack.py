"""The red team's group-web attacks (issue 11, finding 6), carried out against a real store.

1. Padding: four made-up profiles share all zeros next to one victim; 5 × mean − 0 is
   then the victim's exact web.
2. Differencing: a sixth person joins (or one person changes their scores) and
   6·m6 − 5·m5 is that person's web.
Both on the meeting's group web and on the coach dashboard's group web, and in the
meeting summary (the export a facilitator keeps).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pgkit import cohort as C
from pgkit import privacy
from pgkit.identity import User
from pgkit.live import groupweb, meetings
from pgkit.reflection import summary
from pgkit.reflection.content import load
from pgkit.spinnenweb import DIMENSIONS, dimension_key
from pgkit.store import people
from pgkit.store.models import MeetingKind, Role, SpinnenwebAnswer, SpinnenwebFill
from tests.live import conftest as live

# The live tests' store: one cohort of eight trainees, a facilitator, a second cohort.
migrated_store, world = live.migrated_store, live.world

VICTIM = dict(zip(groupweb.KEYS, (7, 2, 9, 4, 8, 3), strict=True))


def _open(world):
    with world.session() as s:
        m = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_1,
                                  method="bijeenkomst1")
        return m.id, m.join_code


def _seat(world, code: str, person_id: int | None, name: str) -> str:
    with world.session() as s:
        return meetings.join(s, code, person_id, name).token


def _throwaway(world, code: str, i: int) -> str:
    """A profile anyone can make on the welcome form: a person, but in no cohort."""
    with world.session() as s:
        p = people.ensure_person(s, f"wegwerp-{i}", f"Wegwerp {i}")
        pid = p.id
    return _seat(world, code, pid, f"Wegwerp {i}")


def _views(world, mid: int, token: str):
    """Everything an attacker might read: the host view, a seat's view, the summary."""
    with world.session() as s:
        host = groupweb.group_web(s, mid, world.host)
        seat = groupweb.group_web_for_seat(s, token)
        md = summary.to_markdown(summary.collect(s, mid, world.host, _content()))
    return host, seat, md


def _content():
    return load(Path(__file__).parents[2] / "facilitator")


def _recovered(web: privacy.GroupWeb, padding: int = 0, pad_value: float = 0.0):
    """The attacker's sum: n × mean minus what they padded with."""
    if web.means is None:
        return None
    return {k: round(web.contributors * v - padding * pad_value, 1) for k, v in web.means.items()}


def test_four_throwaway_profiles_with_zeros_do_not_reveal_the_victim(world) -> None:
    mid, code = _open(world)
    fakes = [_throwaway(world, code, i) for i in range(4)]
    for tok in fakes:
        with world.session() as s:
            groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 0))
    victim = _seat(world, code, world.trainees[0], "Deelnemer 0")
    with world.session() as s:
        assert groupweb.contribute(s, victim, VICTIM) == groupweb.COUNTED
    host, seat, md = _views(world, mid, fakes[0])
    assert host.means is None and seat.means is None
    assert _recovered(host, 4) is None
    assert host.contributors == 1 and host.uncounted == 4  # the padding is not silent
    assert "7,0" not in md and "Gemiddelde van" not in md


def test_throwaway_profiles_with_plausible_scores_do_not_count_either(world) -> None:
    """Not only zeros: any profile outside the cohort counts for nothing."""
    mid, code = _open(world)
    fakes = [_throwaway(world, code, i) for i in range(4)]
    for tok in fakes:
        with world.session() as s:
            assert groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 5)) == \
                groupweb.NOT_IN_GROUP
    victim = _seat(world, code, world.trainees[0], "Deelnemer 0")
    with world.session() as s:
        groupweb.contribute(s, victim, VICTIM)
    host, _, _ = _views(world, mid, victim)
    assert host.means is None and host.uncounted == 4


def test_enrolled_accomplices_sharing_all_zeros_are_flagged_not_counted(world) -> None:
    """Four real members pad with zeros: the contributions are set aside and shown as such."""
    mid, code = _open(world)
    pads = [_seat(world, code, world.trainees[i], f"Deelnemer {i}") for i in range(1, 5)]
    for tok in pads:
        with world.session() as s:
            assert groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 0)) == groupweb.FLAGGED
    victim = _seat(world, code, world.trainees[0], "Deelnemer 0")
    with world.session() as s:
        groupweb.contribute(s, victim, VICTIM)
    host, _, _ = _views(world, mid, victim)
    assert host.means is None and host.flagged == 4 and host.contributors == 1
    # All tens is the same trick upside down.
    with world.session() as s:
        assert groupweb.contribute(s, pads[0], dict.fromkeys(groupweb.KEYS, 10)) == \
            groupweb.FLAGGED


def test_a_seat_the_host_marked_absent_does_not_count(world) -> None:
    mid, code = _open(world)
    tokens = [_seat(world, code, world.trainees[i], f"Deelnemer {i}") for i in range(5)]
    with world.session() as s:
        meetings.set_attendance(s, mid, world.trainees[4], False, world.host)
    for i, tok in enumerate(tokens):
        with world.session() as s:
            groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 3 + i))
    host, _, _ = _views(world, mid, tokens[0])
    assert host.means is None and host.contributors == 4 and host.uncounted == 1


def test_sixth_joiner_cannot_be_recovered_by_differencing(world) -> None:
    mid, code = _open(world)
    tokens = [_seat(world, code, world.trainees[i], f"Deelnemer {i}") for i in range(8)]
    base = [{k: 4 + (i + j) % 3 for j, k in enumerate(groupweb.KEYS)} for i in range(5)]
    for tok, scores in zip(tokens[:5], base, strict=True):
        with world.session() as s:
            groupweb.contribute(s, tok, scores)
    m5, _, md5 = _views(world, mid, tokens[0])
    assert m5.shown and m5.contributors == 5
    # The sixth person, the victim, joins: nothing an attacker sees may move.
    with world.session() as s:
        groupweb.contribute(s, tokens[5], VICTIM)
    m6, seat6, md6 = _views(world, mid, tokens[0])
    assert (m6.contributors, m6.means) == (m5.contributors, m5.means)
    assert seat6.means == m5.means and md6 == md5
    difference = {k: round(m6.contributors * m6.means[k] - m5.contributors * m5.means[k], 1)
                  for k in groupweb.KEYS}
    assert difference != {k: float(v) for k, v in VICTIM.items()}
    assert m6.pending == 1 and m6.until_next == privacy.GROUP_MIN - 1
    # One person changing their scores does not move it either.
    with world.session() as s:
        groupweb.contribute(s, tokens[0], dict.fromkeys(groupweb.KEYS, 9))
        groupweb.contribute(s, tokens[6], dict.fromkeys(groupweb.KEYS, 6))
        groupweb.contribute(s, tokens[7], dict.fromkeys(groupweb.KEYS, 5))
    m8, _, _ = _views(world, mid, tokens[0])
    assert m8.means == m5.means and m8.pending == 4


def test_a_new_figure_only_after_group_min_changes(world) -> None:
    """Every published figure differs from the one before by at least GROUP_MIN people."""
    mid, code = _open(world)
    tokens = [_seat(world, code, world.trainees[i], f"Deelnemer {i}") for i in range(8)]
    seen = []
    for i, tok in enumerate(tokens):
        with world.session() as s:
            groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 1 + i))
        host, _, _ = _views(world, mid, tok)
        if host.shown and (not seen or seen[-1] != (host.contributors, host.means)):
            seen.append((host.contributors, host.means))
    # 8 members: one figure at 5, none at 6, 7 or 8 (they are 3 changes, not 5).
    assert [n for n, _ in seen] == [5]
    with world.session() as s:  # two more changes make five since the figure
        groupweb.contribute(s, tokens[0], dict.fromkeys(groupweb.KEYS, 2))
        groupweb.contribute(s, tokens[1], dict.fromkeys(groupweb.KEYS, 3))
    host, _, _ = _views(world, mid, tokens[0])
    assert host.contributors == 8 and host.means == {
        k: round((2 + 3 + 3 + 4 + 5 + 6 + 7 + 8) / 8, 1) for k in groupweb.KEYS}


# ---------------------------------------------------------------- the coach dashboard


def _fill(s, pid: int, scores: dict[str, float], when: dt.datetime) -> None:
    fill = SpinnenwebFill(person_id=pid, mode="quick", created_at=when, updated_at=when)
    s.add(fill)
    s.flush()
    for dim in DIMENSIONS:
        s.add(SpinnenwebAnswer(fill_id=fill.id, item_id=dimension_key(dim), dimension=dim,
                               score=scores[dim], answered_at=when))


@pytest.fixture
def cohort_store(world):
    """The world's cohort of 8 trainees with a coach assigned to it."""
    with world.session() as s:
        coach = people.ensure_person(s, "coach", "Coco Coach", (Role.COACH,))
        cohort = people.cohort_by_name(s, "Venlo 1")
        people.assign_coach(s, cohort, coach)
        viewer = User(coach.id, coach.pseudonym, coach.display_name, frozenset({Role.COACH}))
    return world, viewer


def _dashboard(kit, viewer):
    with kit.session() as s:
        return C.group_spinnenweb(s, viewer)


NOW = dt.datetime(2026, 11, 20, 12, 0)
VICTIM_DIMS = dict(zip(DIMENSIONS, (7, 2, 9, 4, 8, 3), strict=True))


def test_dashboard_padding_with_zeros_is_flagged_and_hides_the_web(cohort_store) -> None:
    kit, viewer = cohort_store
    with kit.session() as s:
        for pid in kit.trainees[1:5]:
            _fill(s, pid, dict.fromkeys(DIMENSIONS, 0.0), NOW)
        _fill(s, kit.trainees[0], VICTIM_DIMS, NOW)
        # A self-made profile, not enrolled, fills in too: it never counts.
        stranger = people.ensure_person(s, "wegwerp", "Wegwerp")
        _fill(s, stranger.id, dict.fromkeys(DIMENSIONS, 5.0), NOW)
    web = _dashboard(kit, viewer)
    assert web.means is None and web.flagged == 4 and web.contributors == 1


def test_dashboard_sixth_filler_cannot_be_recovered_by_differencing(cohort_store) -> None:
    kit, viewer = cohort_store
    with kit.session() as s:
        for n, pid in enumerate(kit.trainees[1:6]):
            _fill(s, pid, dict.fromkeys(DIMENSIONS, 3.0 + n), NOW - dt.timedelta(days=2))
    m5 = _dashboard(kit, viewer)
    assert m5.shown and m5.contributors == 5
    with kit.session() as s:
        _fill(s, kit.trainees[0], VICTIM_DIMS, NOW)
    m6 = _dashboard(kit, viewer)
    assert (m6.contributors, m6.means) == (m5.contributors, m5.means)
    # A person filling in again (a new fill) is one change, not two, and moves nothing.
    with kit.session() as s:
        _fill(s, kit.trainees[1], dict.fromkeys(DIMENSIONS, 9.0), NOW)
    assert _dashboard(kit, viewer).means == m5.means
    # A coordinator's view of the same cohort shows the same frozen figure.
    with kit.session() as s:
        cohort = people.cohort_by_name(s, "Venlo 1")
        same = C.group_spinnenweb(s, C.OPERATOR, [cohort])
    assert same.means == m5.means


def test_dashboard_does_not_pool_cohorts_to_reach_the_minimum(cohort_store) -> None:
    """Three people in one cohort and two in another are not a group of five."""
    kit, viewer = cohort_store
    with kit.session() as s:
        other = people.cohort_by_name(s, "Heerlen 1")
        people.assign_coach(s, other, people.person_by_pseudonym(s, "coach"))
        for i in range(2):
            p = people.ensure_person(s, f"heerlen-{i}", f"Heerlen {i}")
            people.enrol(s, other, p)
            _fill(s, p.id, dict.fromkeys(DIMENSIONS, 6.0), NOW)
        for pid in kit.trainees[:3]:
            _fill(s, pid, dict.fromkeys(DIMENSIONS, 4.0), NOW)
    assert _dashboard(kit, viewer).means is None


def test_the_host_can_confirm_a_guest_who_is_really_there(world) -> None:
    """Without a cohort import (local profiles) the host vouches for the people in the room."""
    mid, code = _open(world)
    guests = [_throwaway(world, code, i) for i in range(5)]
    for i, tok in enumerate(guests):
        with world.session() as s:
            assert groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 2 + i)) == \
                groupweb.NOT_IN_GROUP
    with world.session() as s:
        ids = [meetings.seat(s, tok).person_id for tok in guests]
        for pid in ids:  # the attendance tab: untick and tick again
            meetings.set_attendance(s, mid, pid, False, world.host)
            meetings.set_attendance(s, mid, pid, True, world.host)
    host, _, _ = _views(world, mid, guests[0])
    assert host.shown and host.contributors == 5 and host.uncounted == 0
    with world.session() as s:
        assert groupweb.contribute(s, guests[0], dict.fromkeys(groupweb.KEYS, 3)) == \
            groupweb.COUNTED


def test_the_participant_is_told_when_their_contribution_does_not_count(
        world, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flagged and uncounted contributions are never silent on the phone either."""
    from pgkit.pages.meeting import WebPart

    monkeypatch.setenv("PGKIT_DB", world.url)
    _, code = _open(world)
    member = _seat(world, code, world.trainees[0], "Deelnemer 0")
    stranger = _throwaway(world, code, 0)
    part = WebPart(member, world.trainees[0])
    for dropdown in part.sliders.values():
        dropdown.value = 0
    part.share.click()
    assert "overal 0 of overal 10 telt niet mee" in part.status.value
    part.sliders[groupweb.KEYS[0]].value = 4  # now a real web: it counts
    assert "Gedeeld." in part.status.value and "telt niet" not in part.status.value
    other = WebPart(stranger, None)
    other.share.click()
    assert "telt nog niet mee" in other.status.value
