"""A reflection box that saves as the trainee types: nothing is lost when a tab closes.

Saving waits ``delay`` seconds after the last keystroke (a debounce), so typing a
sentence is one write, not fifty. ``flush()`` saves at once (used when leaving a step).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from html import escape

import ipywidgets as w

from pgkit.messages import t


class ReflectionBox(w.VBox):
    """``save(text)`` stores the text; it runs on a timer thread after typing stops."""

    def __init__(self, prompt: str, save: Callable[[str], object], *, text: str = "",
                 hint: str = "", delay: float = 0.8,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__()
        self.add_class("pgkit-reflection")
        self._save = save
        self._delay = delay
        self._on_error = on_error
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._saved_text = text
        label = w.HTML(f'<label class="pgkit-refl-prompt"><b>{escape(prompt)}</b></label>'
                       + (f'<p class="pgkit-q-hint">{escape(hint)}</p>' if hint else ""))
        # The tooltip becomes the title attribute: the text area's accessible name.
        self.area = w.Textarea(value=text, placeholder=t("elearning.reflection.placeholder"),
                               continuous_update=True, tooltip=prompt,
                               layout=w.Layout(width="100%", max_width="800px",
                                               height="160px"))
        self.area.add_class("pgkit-refl-text")
        self.status = w.HTML(self._status_text(saved=False, earlier=bool(text)))
        self.area.observe(self._typed, "value")
        self.children = [label, self.area, self.status]

    def _status_text(self, saved: bool, busy: bool = False, earlier: bool = False) -> str:
        if earlier:
            msg = t("elearning.reflection.saved_earlier")
        elif busy:
            msg = t("elearning.reflection.saving")
        elif saved:
            msg = t("elearning.reflection.saved", time=dt.datetime.now().strftime("%H:%M"))
        else:
            msg = t("elearning.reflection.not_yet")
        return f'<span class="pgkit-refl-status" role="status">{msg}</span>'

    def _typed(self, _change: dict) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self.status.value = self._status_text(saved=False, busy=True)
            if self._delay <= 0:
                self._timer = None
            else:
                self._timer = threading.Timer(self._delay, self.flush)
                self._timer.daemon = True
                self._timer.start()
        if self._delay <= 0:
            self.flush()

    def flush(self) -> None:
        """Save the current text now, unless it is already saved."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            text = self.area.value
            if text == self._saved_text:
                self.status.value = self._status_text(saved=False, earlier=bool(text))
                return
            try:
                self._save(text)
            except Exception as exc:
                self.status.value = (f'<span class="pgkit-refl-status" role="alert">'
                                     f'{t("elearning.reflection.failed")}</span>')
                if self._on_error:
                    self._on_error(exc)
                return
            self._saved_text = text
            self.status.value = self._status_text(saved=True)
