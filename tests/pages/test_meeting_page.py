"""The participant's meeting page sends an intervision code to the intervision page."""

from __future__ import annotations

import ipywidgets as w
import pytest
from sqlalchemy import func, select

from pgkit.identity import User
from pgkit.live import meetings
from pgkit.pages import meeting as meeting_page
from pgkit.store import session_scope
from pgkit.store.models import Attendance, MeetingKind, Region, Role
from pgkit.store.people import ensure_cohort, ensure_person


def _widgets(root: w.Widget) -> list[w.Widget]:
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(getattr(node, "children", ()))
    return out


def test_intervision_code_links_to_the_intervision_page(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGKIT_DB", db_url)
    with session_scope(db_url) as s:
        cohort = ensure_cohort(s, "Weert 1", Region.MIDDEN)
        host = ensure_person(s, "begeleider", "Koen", (Role.FACILITATOR,))
        trainee = ensure_person(s, "sanne", "Sanne")
        host_user = User(host.id, "begeleider", "Koen", frozenset({Role.FACILITATOR}))
        code = meetings.open_meeting(s, host_user, cohort.id, MeetingKind.INTERVISION).join_code
        user = User(trainee.id, "sanne", "Sanne", frozenset({Role.TRAINEE}))
    root = meeting_page.build(user)
    parts = _widgets(root)
    code_box = next(x for x in parts
                    if isinstance(x, w.Text) and "pgkit-code-input" in x._dom_classes)
    code_box.value = code.lower()
    next(x for x in parts if isinstance(x, w.Button)).click()
    status = " ".join(x.value for x in _widgets(root) if isinstance(x, w.HTML))
    assert f"/voila/render/exercises/intervisie/deelnemer.ipynb?code={code}" in status
    with session_scope(db_url) as s:  # not joined here: the intervision page does that
        assert s.scalar(select(func.count()).select_from(Attendance)) == 0
