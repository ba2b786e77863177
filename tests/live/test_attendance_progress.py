"""Joining a reflection meeting counts in ``pgkit cohort progress``; corrections too."""

import json

from pgkit.cli import main
from pgkit.live import meetings
from pgkit.store.models import MeetingKind


def _progress(world, capsys) -> dict[str, dict]:
    assert main(["cohort", "progress", "Venlo 1", "--format", "json", "--db", world.url]) == 0
    rows = json.loads(capsys.readouterr().out)
    return {r["naam"]: r for r in rows}


def test_join_counts_as_attendance_and_the_host_can_correct_it(world, capsys):
    with world.session() as s:
        m1 = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_1)
        m2 = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_2)
        ids = (m1.id, m1.join_code, m2.id, m2.join_code)
    mid1, code1, mid2, code2 = ids
    with world.session() as s:
        meetings.join(s, code1, world.trainees[0], "Deelnemer 0")
        meetings.join(s, code1, world.trainees[1], "Deelnemer 1")
        meetings.join(s, code2, world.trainees[0], "Deelnemer 0")
    rows = _progress(world, capsys)
    assert rows["Deelnemer 0"]["bijeenkomst_1"] and rows["Deelnemer 0"]["bijeenkomst_2"]
    assert rows["Deelnemer 1"]["bijeenkomst_1"] and not rows["Deelnemer 1"]["bijeenkomst_2"]
    assert not rows["Deelnemer 2"]["bijeenkomst_1"]
    with world.session() as s:
        meetings.set_attendance(s, mid1, world.trainees[1], False, world.host)  # left early
        meetings.set_attendance(s, mid2, world.trainees[2], True, world.host)  # phone was dead
    rows = _progress(world, capsys)
    assert not rows["Deelnemer 1"]["bijeenkomst_1"]
    assert rows["Deelnemer 2"]["bijeenkomst_2"]
