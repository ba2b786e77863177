import pytest

from pgkit.identity import User
from pgkit.live import groupweb, meetings, polls
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.store.models import Attendance, MeetingKind, Role


def _open(world, cohort_id=None):
    with world.session() as s:
        m = meetings.open_meeting(s, world.host, cohort_id or world.cohort_id,
                                  MeetingKind.REFLECTION_1, method="bijeenkomst1")
        return m.id, m.join_code


def _join(world, code, i):
    with world.session() as s:
        return meetings.join(s, code.lower(), world.trainees[i], f"Deelnemer {i}").token


def test_join_with_code_counts_as_attendance_and_is_idempotent(world):
    mid, code = _open(world)
    first = _join(world, code, 0)
    again = _join(world, code, 0)
    assert first == again
    with world.session() as s:
        assert meetings.joined_count(s, mid) == 1
        assert s.get(Attendance, (mid, world.trainees[0])).attended


@pytest.mark.parametrize(("typed", "word"), [("", "Vul de code"), ("ABC", "6 tekens"),
                                         ("ZZZZZZ", "geen bijeenkomst")])
def test_wrong_code_gives_a_dutch_message(world, typed, word):
    _open(world)
    with world.session() as s, pytest.raises(LiveError, match=word):
        meetings.join(s, typed, world.trainees[0], "Deelnemer 0")


def test_code_expires_when_the_meeting_closes(world):
    mid, code = _open(world)
    with world.session() as s:
        meetings.close_meeting(s, mid, world.host)
    with world.session() as s, pytest.raises(LiveError, match="afgelopen"):
        meetings.join(s, code, world.trainees[0], "Deelnemer 0")


def test_only_the_host_or_a_coordinator_manages_a_meeting(world):
    mid, _ = _open(world)
    stranger = User(world.trainees[3], "deelnemer-3", "Deelnemer 3", frozenset({Role.TRAINEE}))
    boss = User(world.trainees[4], "x", "Coördinator", frozenset({Role.COORDINATOR}))
    with world.session() as s:
        with pytest.raises(AccessDenied):
            meetings.participants(s, mid, stranger)
        with pytest.raises(AccessDenied):
            polls.open_poll(s, mid, stranger, "fase", "Welke fase?", ["a", "b"])
        assert meetings.participants(s, mid, boss) == []


def test_participant_cannot_read_another_meetings_data(world):
    mine, my_code = _open(world)
    theirs, their_code = _open(world, world.other_cohort_id)
    me = _join(world, my_code, 0)
    _join(world, their_code, 1)
    with world.session() as s:
        their_poll = polls.open_poll(s, theirs, world.host, "fase", "Welke fase?", ["a", "b"]).id
        my_poll = polls.open_poll(s, mine, world.host, "fase", "Welke fase?", ["a", "b"]).id
    with world.session() as s:
        with pytest.raises(AccessDenied):
            polls.results_for_seat(s, me, their_poll)
        with pytest.raises(AccessDenied):
            polls.answer(s, me, their_poll, 0)
        with pytest.raises(AccessDenied):
            polls.my_answer(s, me, their_poll)
        with pytest.raises(AccessDenied):
            meetings.require_seat(s, me, theirs)
        # the same calls work for the participant's own meeting
        polls.answer(s, me, my_poll, 1)
        assert polls.results_for_seat(s, me, my_poll).counts == (0, 1)
        assert polls.current_for_seat(s, me) == my_poll
        _, meeting, _ = meetings.seat_state(s, me)
        assert meeting.id == mine
        with pytest.raises(AccessDenied):
            meetings.seat(s, "forged-token")


def test_poll_answers_count_once_per_participant(world):
    mid, code = _open(world)
    tokens = [_join(world, code, i) for i in range(3)]
    with world.session() as s:
        pid = polls.open_poll(s, mid, world.host, "fase", "Welke fase?",
                              ["Oriëntatie", "Inzicht", "Acceptatie"]).id
    with world.session() as s:
        for tok in tokens:
            polls.answer(s, tok, pid, 0)
        polls.answer(s, tokens[0], pid, 2)  # changes their mind
        with pytest.raises(LiveError):
            polls.answer(s, tokens[1], pid, 7)
        result = polls.results(s, pid, world.host)
    assert result.counts == (2, 0, 1) and result.total == 3


def test_group_web_hidden_with_four_and_shown_with_five(world):
    mid, code = _open(world)
    tokens = [_join(world, code, i) for i in range(5)]
    for n, tok in enumerate(tokens[:4]):
        with world.session() as s:
            groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, n + 2))
    with world.session() as s:
        web = groupweb.group_web(s, mid, world.host)
        assert not web.shown and web.means is None and web.missing == 1
        assert groupweb.group_web_for_seat(s, tokens[0]).means is None
    with world.session() as s:
        groupweb.contribute(s, tokens[4], dict.fromkeys(groupweb.KEYS, 9))
    with world.session() as s:
        web = groupweb.group_web_for_seat(s, tokens[0])
    assert web.shown and web.contributors == 5
    assert web.means == dict.fromkeys(groupweb.KEYS, 4.6)  # (2+3+4+5+9)/5


def test_group_web_rejects_bad_scores_and_names_the_dimension(world):
    _, code = _open(world)
    tok = _join(world, code, 0)
    scores = dict.fromkeys(groupweb.KEYS, 5)
    scores["zingeving"] = 12
    with world.session() as s, pytest.raises(LiveError, match="Zingeving"):
        groupweb.contribute(s, tok, scores)


def test_host_corrects_attendance(world):
    mid, code = _open(world)
    _join(world, code, 0)
    with world.session() as s:
        meetings.set_attendance(s, mid, world.trainees[0], False, world.host)
        meetings.set_attendance(s, mid, world.trainees[1], True, world.host)
        rows = {r.person_id: r for r in meetings.attendance(s, mid, world.host)}
    assert rows[world.trainees[0]].joined and not rows[world.trainees[0]].attended
    assert rows[world.trainees[1]].attended and rows[world.trainees[1]].corrected
    assert not rows[world.trainees[2]].attended
    assert len(rows) == 8


def test_closing_closes_every_poll_and_refuses_every_later_write(world):
    from pgkit.live.errors import MeetingClosed
    from pgkit.live.timer import AgendaTimer, Slot
    from pgkit.reflection import roleplay
    from pgkit.store.models import Meeting, Poll

    mid, code = _open(world)
    tokens = [_join(world, code, i) for i in range(3)]
    now = [1_800_000_000.0]
    timer = AgendaTimer([Slot("a", "Welkom", 10), Slot("b", "Casus", 20)], clock=lambda: now[0])
    timer.start()
    now[0] += 300
    with world.session() as s:
        pid = polls.open_poll(s, mid, world.host, "fase", "Welke fase?", ["a", "b"]).id
        meetings.update_state(s, mid, world.host, timer=timer.state.to_dict())
        roleplay.start(s, mid, world.host, ["c1", "c2"])
        polls.answer(s, tokens[0], pid, 0)
        groupweb.contribute(s, tokens[0], dict.fromkeys(groupweb.KEYS, 5))
    with world.session() as s:
        meetings.close_meeting(s, mid, world.host)
    with world.session() as s:
        assert s.get(Poll, pid).closed_at is not None
        stored = meetings.state_of(s.get(Meeting, mid))["timer"]
        assert stored["running"] is False and stored["log"][0]["end"] is not None
        observer = next(t for t in tokens if roleplay.my_seat(s, t).role == roleplay.OBSERVER)
    writes = [
        lambda s: polls.answer(s, tokens[0], pid, 1),
        lambda s: polls.answer(s, tokens[1], pid, 0),
        lambda s: groupweb.contribute(s, tokens[0], dict.fromkeys(groupweb.KEYS, 9)),
        lambda s: groupweb.contribute(s, tokens[2], dict.fromkeys(groupweb.KEYS, 9)),
        lambda s: roleplay.submit_observation(s, observer, {"x": 1}, "nog iets", ["x"]),
        lambda s: polls.open_poll(s, mid, world.host, "fase", "Welke fase?", ["a", "b"]),
        lambda s: meetings.update_state(s, mid, world.host, screen="web"),
    ]
    for write in writes:
        with world.session() as s, pytest.raises(MeetingClosed, match="afgelopen"):
            write(s)
    with world.session() as s:  # nothing changed: reading still works
        assert polls.results(s, pid, world.host).counts == (1, 0)
        assert groupweb.has_contributed(s, tokens[0]) and not groupweb.has_contributed(s, tokens[2])
        assert polls.results_for_seat(s, tokens[1], pid).open is False


def test_only_a_host_of_the_cohort_opens_a_meeting(world):
    """The domain function checks the user, not the page: a trainee or a coach of another
    cohort calling it directly gets a Dutch refusal and no meeting is made."""
    from sqlalchemy import func, select

    from pgkit.store import people
    from pgkit.store.models import Meeting

    with world.session() as s:
        coach = people.ensure_person(s, "coach-elders", "Kees Elders", (Role.COACH,))
        outsiders = [User(coach.id, coach.pseudonym, coach.display_name,
                          frozenset({Role.COACH})),
                     User(world.trainees[0], "deelnemer", "Deelnemer", frozenset({Role.TRAINEE}))]
        before = s.scalar(select(func.count()).select_from(Meeting))
    for outsider in outsiders:
        with world.session() as s, pytest.raises(AccessDenied, match="cohort dat je begeleidt"):
            meetings.open_meeting(s, outsider, world.cohort_id, MeetingKind.REFLECTION_1)
    with world.session() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == before
