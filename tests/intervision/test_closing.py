"""Take-aways are readable only by their author; ratings; attendance and progress."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from pgkit.cohort import progress
from pgkit.intervision import cases, closing, meeting
from pgkit.live import meetings as live
from pgkit.live.errors import AccessDenied, LiveError
from pgkit.store.models import Cohort, Participant, Role


def _run_to_closing(group):
    with group.session() as s:
        m, _ = meeting.open_intervision(s, group.host, group.cohort_id, "vijfstappenmethode", 1)
        tokens = [live.join(s, m.join_code, u.person_id, u.display_name).token
                  for u in group.members[:3]]
        case = cases.submit_case(s, tokens[0], "Eigen regie bij diabetes", "Snoepen.", False)
        meeting.choose_case(s, m.id, group.host, case.id)
        return m.id, tokens


def test_takeaway_is_readable_only_by_its_author(group) -> None:
    mid, (bringer, other, _third) = _run_to_closing(group)
    author = group.members[0]
    with group.session() as s:
        with pytest.raises(AccessDenied):
            closing.save_takeaway(s, other, "Ik neem mee", "Volgende stap")  # not the bringer
        with pytest.raises(LiveError):
            closing.save_takeaway(s, bringer, "", "Bellen")
        saved = closing.save_takeaway(s, bringer, "Minder sturen.", "Dinsdag vraag ik wat hij wil.")
        assert closing.my_takeaway(s, bringer).take_away == "Minder sturen."
        assert closing.my_takeaway(s, other) is None
    with group.session() as s:
        meeting.end_meeting(s, mid, group.host)
    with group.session() as s:
        assert closing.read_takeaway(s, saved.id, author).next_step.startswith("Dinsdag")
        assert [v.id for v in closing.takeaways_of(s, author)] == [saved.id]
        coordinator = group.host.__class__(group.host.person_id, "x", "x",
                                           frozenset({Role.COORDINATOR, Role.COACH}))
        for reader in (group.members[1], group.host, coordinator):
            with pytest.raises(AccessDenied):
                closing.read_takeaway(s, saved.id, reader)
            assert closing.takeaways_of(s, reader) == []


def test_ratings_attendance_and_cohort_progress(group) -> None:
    mid, tokens = _run_to_closing(group)
    with group.session() as s:
        for token, score, line in zip(tokens, (4, 5, 3), ("Fijn", "", "Te kort"), strict=True):
            closing.rate(s, token, score, line)
        closing.rate(s, tokens[2], 4, "Prima")  # changing a rating replaces it
        with pytest.raises(LiveError):
            closing.rate(s, tokens[0], 6, "")
        summary = closing.rating_summary(s, mid, group.host)
        assert (summary.count, summary.mean, summary.lines) == (3, 4.3, ("Fijn", "Prima"))
        with pytest.raises(AccessDenied):
            closing.rating_summary(s, mid, group.members[0])
        meeting.end_meeting(s, mid, group.host)
        # a second intervision for the first two members
        m2, _ = meeting.open_intervision(s, group.host, group.cohort_id, "incidentmethode",
                                         meeting.next_sequence(s, group.cohort_id))
        assert m2.sequence == 2
        for u in group.members[:2]:
            live.join(s, m2.join_code, u.person_id, u.display_name)
    with group.session() as s:
        rows = {r.naam: r.intervisie for r in progress(s, s.get(Cohort, group.cohort_id))}
        assert rows == {"Anaïs": 2, "Björn": 2, "Chloë": 1, "Daan": 0, "Esmée": 0}


def test_roles_are_one_person_each(group) -> None:
    mid, tokens = _run_to_closing(group)
    with group.session() as s:
        seats = [s.scalar(select(Participant).where(Participant.token == t)).id for t in tokens]
        meeting.set_role(s, mid, group.host, seats[1], meeting.TIMEKEEPER)
        roles = meeting.set_role(s, mid, group.host, seats[2], meeting.TIMEKEEPER)
        assert roles[seats[2]] == meeting.TIMEKEEPER and seats[1] not in roles
        assert roles[seats[0]] == meeting.CASE_BRINGER
        with pytest.raises(LiveError):
            meeting.set_role(s, mid, group.host, seats[1], "baas")
        with pytest.raises(AccessDenied):
            meeting.set_role(s, mid, group.members[0], seats[1], meeting.CHAIR)


def test_steps_follow_the_shared_timer(group) -> None:
    mid, tokens = _run_to_closing(group)
    now = [1000.0]
    with group.session() as s:
        meeting.timer_action(s, mid, group.host, "start", clock=lambda: now[0])
        now[0] += 16 * 60
        status = meeting.timer_action(s, mid, group.host, "pause", clock=lambda: now[0])
        assert status.overrun  # the first step has 15 minutes
        meeting.timer_action(s, mid, group.host, "next", clock=lambda: now[0])
        meeting.set_lens(s, mid, group.host, "dilemma", ["relationeel", "onzin"])
        view = meeting.seat_view(s, tokens[1])
        assert view.step.id == "verkennen" and view.step_index == 1
        assert view.lenses == {"dilemma": ("relationeel",)}
        assert view.role == meeting.MEMBER
        with pytest.raises(AccessDenied):
            meeting.timer_action(s, mid, group.members[0], "next")


def test_cli_cohort_progress_shows_intervision_of_four(group, capsys) -> None:
    from pgkit.cli import main

    _run_to_closing(group)  # Anaïs, Björn and Chloë joined intervision 1
    assert main(["cohort", "progress", "Roermond 2", "--format", "json", "--db", group.url]) == 0
    rows = {r["naam"]: r["intervisie"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {"Anaïs": 1, "Björn": 1, "Chloë": 1, "Daan": 0, "Esmée": 0}
    assert main(["cohort", "progress", "Roermond 2", "--db", group.url]) == 0
    assert "Intervisie (van 4)" in capsys.readouterr().out


def test_coordinator_sets_the_number_of_intervisions(group, capsys) -> None:
    from pgkit.cli import main

    _run_to_closing(group)
    for bad in ("0", "13", "vier", "-2"):
        assert main(["cohort", "set", "Roermond 2", "--intervisies", bad, "--db", group.url]) == 1
        err = capsys.readouterr().err
        assert "--intervisies moet een heel getal van 1 tot en met 12 zijn" in err
    assert main(["cohort", "set", "Onbekend", "--intervisies", "6", "--db", group.url]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    with group.session() as s:
        assert meeting.planned_meetings(s, group.cohort_id) == 4  # nothing changed
        with pytest.raises(LiveError):
            meeting.open_intervision(s, group.host, group.cohort_id, "incidentmethode", 5)
    assert main(["cohort", "set", "Roermond 2", "--intervisies", "6", "--db", group.url]) == 0
    assert "plant nu 6 intervisies" in capsys.readouterr().out
    assert main(["cohort", "list", "--db", group.url]) == 0
    assert "6 intervisies gepland" in capsys.readouterr().out
    assert main(["cohort", "progress", "Roermond 2", "--db", group.url]) == 0
    assert "Intervisie (van 6)" in capsys.readouterr().out
    with group.session() as s:
        m, _ = meeting.open_intervision(s, group.host, group.cohort_id, "incidentmethode", 5)
        assert m.sequence == 5
