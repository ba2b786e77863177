"""Retention: after an intervision ends no rating stays linked to a seat (and so a person).

The red team found the ratings (1-5 and one line) of a closed intervision still in
``intervision_ratings``, each keyed by the participant's seat, which names the person.
The host only ever sees a count, a mean and the loose lines: that summary is all that
is kept once the meeting ends.
"""

from __future__ import annotations

from sqlalchemy import func, select

from pgkit.intervision import cases, closing, meeting
from pgkit.live import meetings as live
from pgkit.store.models import Meeting
from pgkit.store.models_intervision import IntervisionRating
from tests.intervision.conftest import group  # noqa: F401  (the fixture)


def _rated_meeting(group) -> int:  # noqa: F811
    with group.session() as s:
        m, _ = meeting.open_intervision(s, group.host, group.cohort_id, "vijfstappenmethode", 1)
        tokens = [live.join(s, m.join_code, u.person_id, u.display_name).token
                  for u in group.members[:3]]
        for token, score, line in zip(tokens, (4, 5, 3), ("Fijn", "", "Te kort"), strict=True):
            closing.rate(s, token, score, line)
        return m.id


def _ratings(s) -> int:
    return s.scalar(select(func.count()).select_from(IntervisionRating))


def test_ending_the_meeting_keeps_only_the_summary(group) -> None:  # noqa: F811
    mid = _rated_meeting(group)
    with group.session() as s:
        before = closing.rating_summary(s, mid, group.host)
        assert _ratings(s) == 3
        meeting.end_meeting(s, mid, group.host)
    with group.session() as s:
        assert _ratings(s) == 0
        assert closing.rating_summary(s, mid, group.host) == before
        assert (before.count, before.mean, before.lines) == (3, 4.0, ("Fijn", "Te kort"))
        cases.purge(s, mid)  # safe to run twice: the summary is not counted again
        assert closing.rating_summary(s, mid, group.host) == before


def test_the_safety_net_archives_ratings_of_a_meeting_closed_elsewhere(group) -> None:  # noqa: F811
    mid = _rated_meeting(group)
    with group.session() as s:
        live.close_meeting(s, mid, group.host)  # not through end_meeting: no purge ran
        assert _ratings(s) == 3
        assert cases.purge_closed(s) == 1
        assert _ratings(s) == 0
        state = s.get(Meeting, mid).state
        assert state[cases.RATINGS] == {"count": 3, "total": 12, "lines": ["Fijn", "Te kort"]}
