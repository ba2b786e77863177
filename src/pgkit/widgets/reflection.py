"""A reflection box that saves as the trainee types: nothing is lost when a tab closes.

Saving waits ``delay`` seconds after the last keystroke (a debounce), so typing a
sentence is one write, not fifty. The wait runs on the kernel's event loop
(``lifecycle.soon``), where every widget message is handled, so a save never races a
keystroke. ``flush()`` saves at once (used when leaving a step).

Two things are never silent:
- a text over ``max_chars`` is not saved, and the status line says so (with the count);
- when ``save`` raises ``ReflectionConflict`` (another tab saved in between), the text
  stays in the box and the trainee sees the other version and chooses which to keep.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from pgkit import lifecycle, localtime
from pgkit.elearning import REFLECTION_MAX, ReflectionConflict, ReflectionTooLong
from pgkit.export_format import dutch_int
from pgkit.markup import Markup, html
from pgkit.messages import t


def _status(message: str, alert: bool = False) -> Markup:
    role = "alert" if alert else "status"
    return html('<span class="pgkit-refl-status" role="{}">{}</span>', role, message)


class ReflectionBox(w.VBox):
    """``save(text)`` stores the text once typing has stopped for ``delay`` seconds.

    ``load()`` returns the stored text; it is asked for when a save meets a conflict.
    """

    def __init__(self, prompt: str, save: Callable[[str], object], *, text: str = "",
                 hint: str = "", delay: float = 0.8,
                 on_error: Callable[[BaseException], None] | None = None,
                 load: Callable[[], str] | None = None,
                 max_chars: int = REFLECTION_MAX) -> None:
        super().__init__()
        self.add_class("pgkit-reflection")
        self._save = save
        self._load = load
        self._max = max_chars
        self._delay = delay
        self._on_error = on_error
        self._cancel_wait: Callable[[], None] | None = None
        # Leaving the view saves what was typed at once, before the shell closes the box.
        lifecycle.on_close(self.flush)
        self._saved_text = text
        label = w.HTML(html('<label class="pgkit-refl-prompt"><b>{}</b></label>{}', prompt,
                            html('<p class="pgkit-q-hint">{}</p>', hint) if hint else ""))
        # The tooltip becomes the title attribute: the text area's accessible name.
        self.area = w.Textarea(value=text, placeholder=t("elearning.reflection.placeholder"),
                               continuous_update=True, tooltip=prompt,
                               layout=w.Layout(width="100%", max_width="800px",
                                               height="160px"))
        self.area.add_class("pgkit-refl-text")
        self.status = w.HTML(self._status_text(saved=False, earlier=bool(text)))
        self.conflict = w.VBox()
        self.area.observe(self._typed, "value")
        self.children = [label, self.area, self.status, self.conflict]

    def _status_text(self, saved: bool, busy: bool = False, earlier: bool = False) -> Markup:
        if earlier:
            msg = t("elearning.reflection.saved_earlier")
        elif busy:
            msg = t("elearning.reflection.saving")
        elif saved:
            msg = t("elearning.reflection.saved_count", time=localtime.clock(),
                    count=dutch_int(len(self._saved_text)), max=dutch_int(self._max))
        else:
            msg = t("elearning.reflection.not_yet")
        return _status(msg)

    def _too_long(self, text: str) -> bool:
        if len(text) <= self._max:
            return False
        self.status.value = _status(t("elearning.reflection.too_long",
                                      count=dutch_int(len(text)), max=dutch_int(self._max)),
                                    alert=True)
        return True

    def _cancel(self) -> None:
        if self._cancel_wait is not None:
            self._cancel_wait()
            self._cancel_wait = None

    def _typed(self, _change: dict) -> None:
        self._cancel()
        if self._too_long(self.area.value):
            return
        self.status.value = self._status_text(saved=False, busy=True)
        if self._delay > 0:
            self._cancel_wait = lifecycle.soon(self.flush, delay=self._delay)
        else:
            self.flush()

    def flush(self) -> None:
        """Save the current text now, unless it is already saved."""
        self._cancel()
        text = self.area.value
        if self._too_long(text):
            return
        if text == self._saved_text:
            if not self.conflict.children:
                self.status.value = self._status_text(saved=False, earlier=bool(text))
            return
        try:
            self._save(text)
        except ReflectionConflict:
            self._show_conflict()
            return
        except ReflectionTooLong as exc:
            self.status.value = _status(str(exc), alert=True)
            return
        except Exception as exc:
            self.status.value = _status(t("elearning.reflection.failed"), alert=True)
            if self._on_error:
                self._on_error(exc)
            return
        self._saved_text = text
        self.conflict.children = ()
        self.status.value = self._status_text(saved=True)

    # --- two tabs ----------------------------------------------------------------------
    def _show_conflict(self) -> None:
        other = self._load() if self._load else ""
        # From here on a save overwrites the version just shown, not an unseen one.
        self._saved_text = other
        self.status.value = _status(t("elearning.reflection.conflict"), alert=True)
        shown = other if other.strip() else t("elearning.reflection.other_empty")
        keep = w.Button(description=t("elearning.reflection.keep_mine"),
                        layout=w.Layout(width="auto"))
        take = w.Button(description=t("elearning.reflection.take_other"),
                        layout=w.Layout(width="auto"))
        keep.on_click(lambda _b: self._keep_mine())
        take.on_click(lambda _b: self._take_other(other))
        self.conflict.children = (
            w.HTML(html('<p><b>{}</b></p><blockquote class="pgkit-refl-other" '
                        'style="white-space:pre-wrap">{}</blockquote>',
                        t("elearning.reflection.other_version"), shown)),
            w.HBox([keep, take], layout=w.Layout(flex_flow="row wrap", grid_gap="8px")))

    def _keep_mine(self) -> None:
        self.conflict.children = ()
        self.flush()

    def _take_other(self, other: str) -> None:
        self.conflict.children = ()
        self.area.value = other  # equal to the saved text: nothing to write
        self._cancel()
        self.status.value = _status(t("elearning.reflection.took_other"))
