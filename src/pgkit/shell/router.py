"""The router widget: the browser's address bar and history, as seen from the kernel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets


class Router(anywidget.AnyWidget):
    """Turns clicks on kit links and Back/Forward into ``on_go(href, push)`` calls.

    The kernel calls :meth:`shown` once the new view is on screen; the browser then
    updates the address bar (so reload and Back keep the visitor there) and the title,
    and moves the keyboard focus to the new view's heading.
    """

    _esm = Path(__file__).with_name("router.js")
    routes = traitlets.List(traitlets.Unicode()).tag(sync=True)
    href = traitlets.Unicode("").tag(sync=True)
    mode = traitlets.Unicode("initial").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode("").tag(sync=True)  # the view's language, for screen readers
    seq = traitlets.Int(0).tag(sync=True)

    def __init__(self, routes: list[str], on_go: Callable[[str, bool], None],
                 on_beat: Callable[[], None]) -> None:
        super().__init__(routes=routes, layout=w.Layout(display="none"))
        self._on_go = on_go
        self._on_beat = on_beat
        self.on_msg(self._message)

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind, href = content.get("type"), content.get("href")
        if kind == "beat":
            self._on_beat()
        elif kind in ("go", "back") and isinstance(href, str) and len(href) < 2048:
            self._on_go(href, kind == "go")

    def shown(self, href: str, title: str, *, push: bool, initial: bool = False,
              lang: str = "") -> None:
        with self.hold_sync():
            self.href = href
            self.title = title
            self.lang = lang
            self.mode = "initial" if initial else "push" if push else "replace"
            self.seq += 1
