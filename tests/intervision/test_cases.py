"""Cases are the group's, only during the meeting; the end deletes them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pgkit.intervision import cases, meeting
from pgkit.live import meetings as live
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.store.models import Participant
from pgkit.store.models_intervision import IntervisionCase, IntervisionVote


def _open(group, method: str = "vijfstappenmethode"):
    with group.session() as s:
        m, _ = meeting.open_intervision(s, group.host, group.cohort_id, method, 1)
        tokens = [live.join(s, m.join_code, u.person_id, u.display_name).token
                  for u in group.members[:3]]
        return m.id, tokens


def test_intake_vote_choose_and_purge(group) -> None:
    mid, (a, b, c) = _open(group)
    with group.session() as s:
        secret = cases.submit_case(s, a, "Mevrouw wil geen hulp", "Ze zegt: laat me.", False)
        kept = cases.submit_case(s, b, "Spinnenweb in het intakegesprek", "Lang verhaal.", True)
        cases.vote(s, a, kept.id)
        cases.vote(s, b, kept.id)
        cases.vote(s, c, secret.id)
        cases.vote(s, c, kept.id)  # voting again moves the vote
        views = cases.cases_for_seat(s, c)
        assert [(v.title, v.votes) for v in views] == [
            ("Mevrouw wil geen hulp", 0), ("Spinnenweb in het intakegesprek", 3)]
        assert all(v.bringer is None for v in views)  # participants see no names
        assert cases.intake_for_seat(s, c) == (views, kept.id)
        assert cases.cases_for_host(s, mid, group.host)[1].bringer == "Björn"
        title = meeting.choose_case(s, mid, group.host, kept.id)
        assert title == "Spinnenweb in het intakegesprek"
        m = live.require_host(s, mid, group.host)
        bringer = s.scalar(select(Participant).where(Participant.token == b))
        assert meeting.role_of(m, bringer.id) == meeting.CASE_BRINGER
        with pytest.raises(LiveError):
            cases.vote(s, a, secret.id)  # the vote is over once a case is chosen
        assert meeting.seat_view(s, c).case_title == title

    with group.session() as s:
        result = meeting.end_meeting(s, mid, group.host)
        assert (result.deleted, result.kept_titles) == (1, 1)

    with group.session() as s:
        rows = s.scalars(select(IntervisionCase)).all()
        assert [(r.title, r.description, r.participant_id) for r in rows] == [
            ("Spinnenweb in het intakegesprek", None, None)]
        assert s.scalar(select(func.count()).select_from(IntervisionVote)) == 0
        for token in (a, b, c):
            with pytest.raises(AccessDenied):
                cases.cases_for_seat(s, token)
        with pytest.raises(AccessDenied):
            cases.cases_for_host(s, mid, group.host)
        assert cases.kept_titles(s, mid, group.host) == ["Spinnenweb in het intakegesprek"]


def test_cases_stay_inside_their_meeting(group) -> None:
    mid, (a, _b, _c) = _open(group)
    other_id, (x, _y, _z) = _open(group)
    with group.session() as s:
        mine = cases.submit_case(s, a, "Grens tussen werk en privé", "", False)
        with pytest.raises(AccessDenied):
            cases.vote(s, x, mine.id)  # a seat of another meeting
        assert cases.cases_for_seat(s, x) == []
        with pytest.raises(AccessDenied):
            cases.cases_for_seat(s, "verzonnen-token")
        stranger = group.members[4]
        with pytest.raises(AccessDenied):
            cases.cases_for_host(s, mid, stranger)
    assert other_id != mid


def test_case_input_is_checked(group) -> None:
    _mid, (a, _b, _c) = _open(group)
    with group.session() as s:
        with pytest.raises(LiveError, match="titel"):
            cases.submit_case(s, a, "  x ", "", False)
        with pytest.raises(LiveError, match="kort"):
            cases.submit_case(s, a, "Een titel", "x" * 1001, False)
        first = cases.submit_case(s, a, "Een titel", "", False)
        again = cases.submit_case(s, a, "Een betere titel", "Uitleg", True)
        assert first.id == again.id and again.keep_title
    with group.session() as s:
        assert s.scalar(select(func.count()).select_from(IntervisionCase)) == 1


def test_purge_safety_net_for_meetings_closed_elsewhere(group) -> None:
    mid, (a, _b, _c) = _open(group)
    with group.session() as s:
        cases.submit_case(s, a, "Vertrouwelijk", "Details", False)
        live.close_meeting(s, mid, group.host)  # closed without end_meeting
    with group.session() as s:
        assert cases.purge_closed(s) == 1
        assert s.scalar(select(func.count()).select_from(IntervisionCase)) == 0


def test_a_purged_case_leaves_no_trace_in_the_store_files(group) -> None:
    # The red team found a purged case in the -wal file 35 minutes later (issue 11).
    from pathlib import Path

    mid, (a, b, _) = _open(group)
    with group.session() as s:
        cases.submit_case(s, a, "Titel weg", "GEHEIM-VERHAAL-7f3a over een buurman", False)
        cases.submit_case(s, b, "Titel blijft", "GEHEIM-VERHAAL-9c1d over een dochter", True)
    store = Path(group.url.removeprefix("sqlite:///"))
    wal = store.with_name(store.name + "-wal")
    assert b"GEHEIM-VERHAAL-7f3a" in store.read_bytes() + wal.read_bytes()  # it was there
    with group.session() as s:
        meeting.end_meeting(s, mid, group.host)
    files = [store, wal, store.with_name(store.name + "-shm")]
    left = b"".join(f.read_bytes() for f in files if f.exists())
    assert b"GEHEIM-VERHAAL-7f3a" not in left and b"GEHEIM-VERHAAL-9c1d" not in left
    assert not wal.exists() or wal.stat().st_size == 0
