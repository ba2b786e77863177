"""The shell without a browser: routes, view swaps, closing a view, the router's messages."""

from __future__ import annotations

import asyncio
from pathlib import Path

import ipywidgets as w
import pytest

from pgkit import lifecycle
from pgkit.identity import User
from pgkit.pages import base, registry
from pgkit.shell import frame, routes
from pgkit.store.models import Role
from tests.own_loop import run_in_own_loop

TRAINEE = User(1, "sanne", "Sanne", frozenset({Role.TRAINEE}))


def test_routes_know_every_view_and_the_home_address() -> None:
    assert routes.resolve("/").view.path == registry.START
    unit = routes.resolve("/voila/render/modules/eenheid2.ipynb?x=1")
    assert unit is not None and unit.view.arg == "eenheid2" and unit.query == "x=1"
    assert unit.href == "/voila/render/modules/eenheid2.ipynb?x=1"
    for href in ("/voila/render/modules/../notebooks/start.ipynb", "/pgkit/welkom",
                 "/voila/render/notebooks/onbekend.ipynb", "https://example.org/"):
        assert routes.resolve(href) is None, href


def test_routes_under_the_hub_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGKIT_BASE_URL", "/services/pgkit/")
    assert routes.resolve("/services/pgkit/").view.path == registry.START
    assert routes.resolve("/voila/render/modules/index.ipynb") is None
    assert "/services/pgkit/voila/render/modules/index.ipynb" in routes.known_paths()


class Recorder:
    """A stand-in view module: records closers and the widgets it built."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.built: list[w.Widget] = []
        self.fail = False

    def page(self, arg: str | None) -> base.Page:
        if self.fail:
            raise RuntimeError("kapot")

        def build(_user: User) -> w.Widget:
            name = arg or "index"
            lifecycle.on_close(lambda: self.closed.append(name))
            box = w.VBox([w.HTML(f"<p>{name}</p>"), w.IntSlider()])
            self.built.append(box)
            return box

        return base.Page(f"Titel {arg}", build)


def _loop_if_any() -> asyncio.AbstractEventLoop | None:
    """``lifecycle._kernel_loop`` as if every running loop were a kernel's."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> tuple[frame.Shell, Recorder]:
    fake = Recorder()
    monkeypatch.setattr(frame, "view_module", lambda _view: fake)
    monkeypatch.setattr(base, "signed_in_user", lambda: TRAINEE)
    monkeypatch.setattr(frame.Shell, "_user", lambda _self: TRAINEE)
    s = frame.Shell()
    s.open("modules/eenheid1.ipynb")
    return s, fake


def test_leaving_a_view_closes_its_scope_and_its_widgets(
    shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    s, fake = shell
    first = fake.built[-1]
    assert s.router.href == "/voila/render/modules/eenheid1.ipynb"
    assert s.router.mode == "initial"
    monkeypatch.setattr(frame, "CLOSE_AFTER_SECONDS", 0.05)
    real_close = frame._close
    closed_on_loop: list[bool] = []

    def close_and_tell(widgets: list[w.Widget]) -> None:
        real_close(widgets)
        closed_on_loop.append(True)

    monkeypatch.setattr(frame, "_close", close_and_tell)

    outside_a_kernel = lifecycle._kernel_loop
    monkeypatch.setattr(lifecycle, "_kernel_loop", _loop_if_any)

    async def leave() -> None:  # in a kernel the shell runs on the kernel's event loop
        s.go("/voila/render/modules/eenheid2.ipynb", push=True)
        assert fake.closed == ["eenheid1"]  # the scope closes at once
        assert first.comm is not None  # the widgets a moment later, for the browser
        for _ in range(100):
            if closed_on_loop:
                break
            await asyncio.sleep(0.05)

    run_in_own_loop(leave)
    assert closed_on_loop
    assert first.comm is None  # closed, so the browser and the kernel free it
    assert all(c.comm is None for c in first.children)
    assert s.router.href == "/voila/render/modules/eenheid2.ipynb"
    assert s.router.mode == "push" and s.router.title.startswith("Titel eenheid2")
    assert "pgkit-view-2" in s.main.children[0]._dom_classes
    assert base.VIEW_READY in s.main.children[0]._dom_classes  # built at once, outside Voila
    # Back to the real check: in a full run Playwright's loop runs on this thread, and a
    # close put there would never run.
    monkeypatch.setattr(lifecycle, "_kernel_loop", outside_a_kernel)
    s.go("/voila/render/modules/eenheid1.ipynb", push=False)  # Back
    assert fake.closed == ["eenheid1", "eenheid2"] and s.router.mode == "replace"
    # The shell's own widgets survive every swap.
    assert s.router.comm is not None and s.main.comm is not None


def test_an_unknown_address_changes_nothing(shell) -> None:
    s, fake = shell
    seq, shown = s.router.seq, s.main.children
    s.go("/pgkit/welkom", push=True)
    assert s.router.seq == seq and s.main.children == shown and fake.closed == []


def test_a_broken_view_shows_the_dutch_error_box(shell) -> None:
    s, fake = shell
    fake.fail = True
    s.go("/voila/render/modules/index.ipynb", push=True)
    html = [c.value for c in s.main.children[0].children if isinstance(c, w.HTML)]
    assert any("pgkit-error" in h for h in html)


def test_the_router_passes_clicks_back_and_beats(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    beats: list[int] = []
    router = frame.Router(["/"], on_go=lambda h, p: calls.append((h, p)),
                          on_beat=lambda: beats.append(1))
    for content in ({"type": "go", "href": "/a"}, {"type": "back", "href": "/b"},
                    {"type": "beat"}, {"type": "go", "href": 7}, "rommel",
                    {"type": "go", "href": "/" + "x" * 5000}, {"type": "onbekend"}):
        router._message(router, content, [])
    assert calls == [("/a", True), ("/b", False)] and beats == [1]


def test_a_tab_without_beats_is_gone_after_three_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle, "_last_beat", None)
    assert lifecycle.tab_alive(now=10_000)  # no router: a notebook in JupyterLab
    lifecycle.heartbeat(now=1000)
    assert lifecycle.tab_alive(now=1000 + lifecycle.TAB_GONE_SECONDS - 1)
    assert not lifecycle.tab_alive(now=1000 + lifecycle.TAB_GONE_SECONDS + 1)


def test_a_closer_registered_after_leaving_runs_at_once() -> None:
    scope = lifecycle.Scope("weg")
    ran: list[int] = []
    scope.on_close(lambda: ran.append(1))
    scope.close()
    scope.on_close(lambda: ran.append(2))
    scope.close()
    assert ran == [1, 2]


def test_later_outlives_the_view_and_can_be_cancelled(monkeypatch) -> None:
    """What the shell does after a view is left must not die with that view's scope."""
    done: list[str] = []
    outside_a_kernel = lifecycle._kernel_loop
    monkeypatch.setattr(lifecycle, "_kernel_loop", _loop_if_any)

    async def main() -> None:
        view = lifecycle.Scope("eenheid")
        before = lifecycle.enter(view)
        try:
            lifecycle.soon(lambda: done.append("soon"), delay=0.05)
            lifecycle.later(lambda: done.append("later"), 0.05)
            cancel = lifecycle.later(lambda: done.append("cancelled"), 0.05)
            view.close()
            cancel()
            assert done == []  # deferred, not done at once
            await asyncio.sleep(0.2)
        finally:
            lifecycle.enter(before)
        assert done == ["later"]

    run_in_own_loop(main)
    # Outside a kernel (a script) at once. The real check, not "no running loop": in a
    # full run Playwright's loop runs on this thread, and work put there would never run.
    monkeypatch.setattr(lifecycle, "_kernel_loop", outside_a_kernel)
    lifecycle.later(lambda: done.append("no kernel"), 30)
    assert done == ["later", "no kernel"]


def test_work_that_ran_or_was_cancelled_leaves_the_view_scope(monkeypatch) -> None:
    """A typist schedules a save on every key press: the view must not keep one closer
    per key for as long as it is on screen."""
    monkeypatch.setattr(lifecycle, "_kernel_loop", _loop_if_any)
    done: list[int] = []

    async def main() -> None:
        view = lifecycle.Scope("reflectie")
        before = lifecycle.enter(view)
        try:
            for key in range(50):  # each key press cancels the previous wait
                cancel = lifecycle.soon(lambda key=key: done.append(key), delay=0.05)
                if key < 49:
                    cancel()
            assert len(view._closers) == 1  # only the wait that is still pending
            await asyncio.sleep(0.2)
            assert done == [49]
            assert view._closers == []  # it ran, so leaving has nothing left to stop
        finally:
            lifecycle.enter(before)
            view.close()

    run_in_own_loop(main)


def test_every_kit_notebook_is_a_view_and_opens_the_shell() -> None:
    import nbformat

    kit = Path(__file__).resolve().parents[2]
    notebooks = {p.relative_to(kit).as_posix()
                 for folder in ("notebooks", "modules", "facilitator", "exercises/intervisie")
                 for p in (kit / folder).glob("*.ipynb")}
    assert notebooks == set(registry.BY_PATH)
    for path in notebooks:
        code = [c.source for c in nbformat.read(kit / path, as_version=4).cells
                if c.cell_type == "code"]
        assert code == [f'from pgkit.shell import open_view\n\nopen_view("{path}")'], path



def test_leaving_a_view_saves_a_reflection_being_typed(monkeypatch) -> None:
    from pgkit.widgets.reflection import ReflectionBox

    saved: list[str] = []

    async def main() -> None:
        monkeypatch.setattr(lifecycle, "_kernel_loop", asyncio.get_running_loop)
        scope = lifecycle.Scope("eenheid")
        before = lifecycle.enter(scope)
        try:
            box = ReflectionBox("Wat neem je mee?", saved.append, delay=30)
            box.area.value = "Ik vraag eerst wat iemand belangrijk vindt."
            assert saved == []  # still waiting for the typist to pause
            scope.close()
            assert saved == ["Ik vraag eerst wat iemand belangrijk vindt."]
        finally:
            lifecycle.enter(before)

    run_in_own_loop(main)


def test_the_first_view_is_built_once_the_page_is_on_screen(monkeypatch) -> None:
    """Not before the router's first heartbeat (the browser has the page's widgets), and
    at the latest after ON_SCREEN_WAIT_MAX; never for a view already left."""
    monkeypatch.setattr(lifecycle, "_current", lifecycle.Scope("before"))  # restored after
    monkeypatch.setattr(lifecycle, "_last_beat", None)
    monkeypatch.setattr(lifecycle, "_on_screen", [])
    monkeypatch.setattr(lifecycle, "ON_SCREEN_WAIT_MAX", 0.2)
    monkeypatch.setenv("VOILA_SERVER_URL", "/")  # a page Voila serves to a browser
    built: list[str] = []

    async def main() -> None:
        monkeypatch.setattr(lifecycle, "_kernel_loop", asyncio.get_running_loop)
        first = lifecycle.Scope("first")
        lifecycle.enter(first)
        lifecycle.when_on_screen(lambda: built.append("body"))
        await asyncio.sleep(0.05)
        assert built == []  # the kernel stays free for the browser's requests
        lifecycle.heartbeat()
        assert built == ["body"]
        await asyncio.sleep(0.3)
        assert built == ["body"]  # once, not again when the wait runs out
        # No heartbeat at all: the view still comes, after the longest wait.
        monkeypatch.setattr(lifecycle, "_last_beat", None)
        lifecycle.when_on_screen(lambda: built.append("late"))
        await asyncio.sleep(0.3)
        assert built == ["body", "late"]
        # Left before the page was on screen: never built.
        monkeypatch.setattr(lifecycle, "_last_beat", None)
        gone = lifecycle.Scope("gone")
        lifecycle.enter(gone)
        lifecycle.when_on_screen(lambda: built.append("gone"))
        gone.close()
        lifecycle.heartbeat()
        await asyncio.sleep(0.3)
        assert built == ["body", "late"]

    run_in_own_loop(main)
