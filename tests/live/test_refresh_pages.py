"""Every live page, reflection meeting and intervision alike, refreshes on the one
``Refresher`` rule: it stops when its view is left and, after four hours, stops and says
the page must be reloaded.

Each page is built inside a running event loop (as in a kernel), so its refresher is an
asyncio task that does not fire during the test; the test takes each beat itself.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import pytest

from pgkit.intervision import meeting as intervision
from pgkit.intervision.methods import methods
from pgkit.live import meetings
from pgkit.live.refresh import MAX_REFRESH_SECONDS
from pgkit.messages import t
from pgkit.pages import (
    facilitator,
    intervision_chair,
    intervision_participant,
    meeting,
    projector,
)
from pgkit.store.models import MeetingKind
from tests.own_loop import run_in_own_loop

PAGES = ("facilitator", "projector", "phone", "intervision_chair", "intervision_phone")


# Every test starts with a fresh view on screen (tests/live/conftest.py).
pytestmark = pytest.mark.usefixtures("view")


def _builder(world, monkeypatch: pytest.MonkeyPatch, page: str) -> Callable[[], w.Widget]:
    monkeypatch.setenv("PGKIT_DB", world.url)
    host, trainee = world.host, world.trainees[0]
    with world.session() as s:
        if page.startswith("intervision"):
            m, _seat = intervision.open_intervision(s, host, world.cohort_id,
                                                    sorted(methods())[0], 1)
        else:
            m = meetings.open_meeting(s, host, world.cohort_id, MeetingKind.REFLECTION_1,
                                      state={"screen": "code"})
        mid = m.id
        token = meetings.join(s, m.join_code, trainee, "Deelnemer 0").token
    return {
        "facilitator": lambda: facilitator.HostView(host, mid),
        "projector": lambda: projector.Projector(host, mid),
        "phone": lambda: meeting.SeatView(token, trainee),
        "intervision_chair": lambda: intervision_chair.ChairView(host, mid, lambda *_: None),
        "intervision_phone": lambda: intervision_participant.ParticipantView(token),
    }[page]


def _html(root: w.Widget) -> str:
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(getattr(node, "value", None), str):
            out.append(node.value)
        stack.extend(getattr(node, "children", ()))
    return "\n".join(out)


def _in_loop(body: Callable[[], None]) -> None:
    async def main() -> None:
        body()

    run_in_own_loop(main)


@pytest.mark.parametrize("page", PAGES)
def test_after_four_hours_the_page_stops_and_asks_for_a_reload(world, monkeypatch,
                                                               page: str) -> None:
    build = _builder(world, monkeypatch, page)
    reload = t("meetings.live.reload")

    def body() -> None:
        screen = build()
        r = screen.refresher
        assert r.running and r.step()
        assert reload not in _html(screen)
        assert r.started is not None
        r.started -= MAX_REFRESH_SECONDS
        assert r.step() is False and not r.running
        assert reload in _html(screen)

    _in_loop(body)


@pytest.mark.parametrize("page", PAGES)
def test_leaving_the_view_stops_the_page_refreshing(world, monkeypatch, view,
                                                    page: str) -> None:
    build = _builder(world, monkeypatch, page)

    def body() -> None:
        screen = build()
        assert screen.refresher.running
        view.close()
        assert not screen.refresher.running

    _in_loop(body)
