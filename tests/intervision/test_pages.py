"""The two pages driven in-process (no browser): every method can be stepped through.

The browser test covers one method end to end; this one walks all methods quickly and
checks what the participant sees in each kind of step.
"""

from __future__ import annotations

import pytest

from pgkit.intervision.methods import methods
from pgkit.pages import intervision_chair, intervision_participant


@pytest.fixture
def pages_env(group, monkeypatch):
    """Pages call session_scope() without a URL: point PGKIT_DB at this test's store."""
    monkeypatch.setenv("PGKIT_DB", group.url)
    return group


def _html(widget) -> str:
    """All HTML values under a widget, to look for texts."""
    out = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if hasattr(node, "value") and isinstance(node.value, str):
            out.append(node.value)
        stack.extend(getattr(node, "children", ()))
    return "\n".join(out)


@pytest.mark.parametrize("key", sorted(methods()))
def test_each_method_runs_on_both_pages(pages_env, key: str) -> None:
    group = pages_env
    setup = intervision_chair.SetupView(group.host, lambda mid: opened.append(mid))
    opened: list[int] = []
    setup.method.value = key
    setup._open(None)
    assert opened, _html(setup)
    ended: list = []
    chair = intervision_chair.ChairView(group.host, opened[0], lambda *a: ended.append(a))
    chair.refresher.stop()
    code = chair.code.value.split('class="pgkit-code"')[1].split(">")[1].split("<")[0]

    views = []
    for member in group.members[:3]:
        join = intervision_participant.JoinView(member, lambda tok: views.append(tok))
        join.code.value = code
        join._join(None)
    assert len(views) == 3, _html(join)
    phones = [intervision_participant.ParticipantView(tok) for tok in views]
    for p in phones:
        p.refresher.stop()

    m = methods()[key]
    with_bringer = None
    for index, step in enumerate(m.steps):
        chair.tick()
        for p in phones:
            p.tick()
        assert f"Stap {index + 1} van {len(m.steps)}" in chair.card.value
        if step.activity == "casuskeuze":
            form = phones[0].activity.children[0]
            title, desc, keep = form.children[1], form.children[2], form.children[3]
            title.value, desc.value, keep.value = "Een lastig gesprek", "Kort verhaal", True
            form.children[4].click()
            chair.tick()
            pick = chair.activity.children[1].children[1]
            pick.click()
            with_bringer = phones[0]
            with_bringer.tick()
            assert "Casusinbrenger" in with_bringer.head.value
        if step.back_to_group:
            assert "draai je stoel om" in with_bringer.back.value
            assert "met de rug naar de groep" in phones[1].back.value
        if step.activity == "analyse":
            assert "Relationeel dilemma" in phones[1].lenses.value
        if step.activity == "afsluiting":
            assert any("pgkit-iv-takeaway" in c._dom_classes
                       for c in with_bringer.activity.children)
            assert not any("pgkit-iv-takeaway" in c._dom_classes
                           for c in phones[1].activity.children)
        chair._timer("next")
    chair.tick()
    assert "Alle stappen zijn klaar" in chair.card.value
    chair._end(None)
    assert ended and ended[0][1].kept_titles == 1
    done = intervision_chair.EndedView(group.host, *ended[0], lambda: None)
    assert "Een lastig gesprek" in _html(done) and "Aanwezigheid" in _html(done)
    for p in phones:
        p.tick()
        assert "De intervisie is afgelopen" in _html(p)


def test_join_page_lists_only_my_own_takeaways(pages_env) -> None:
    from pgkit.intervision import cases, closing, meeting
    from pgkit.live import meetings as live

    group = pages_env
    with group.session() as s:
        m, _ = meeting.open_intervision(s, group.host, group.cohort_id, "roddelmethode", 1)
        a = live.join(s, m.join_code, group.members[0].person_id, "Anaïs").token
        live.join(s, m.join_code, group.members[1].person_id, "Björn")
        case = cases.submit_case(s, a, "Grenzen", "", False)
        meeting.choose_case(s, m.id, group.host, case.id)
        closing.save_takeaway(s, a, "Rustig blijven.", "Volgende week bellen.")
        meeting.end_meeting(s, m.id, group.host)
    mine = intervision_participant.JoinView(group.members[0], lambda _tok: None)
    other = intervision_participant.JoinView(group.members[1], lambda _tok: None)
    assert "Volgende week bellen." in _html(mine)
    assert "Volgende week bellen." not in _html(other)
