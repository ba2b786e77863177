"""The agenda clock as it is shown: a ticking display and a separate announcement.

Kept free of charts so the light phone pages can use it. The ticking numbers carry no
live-region role (a screen reader would read them every second); a second, visually
hidden element changes only when the block changes, time runs out or the meeting ends,
and that change is what a screen reader announces.
"""

from __future__ import annotations

import ipywidgets as w

from pgkit.live.timer import TimerStatus, clock_text
from pgkit.markup import Markup, html
from pgkit.messages import t


def timer_html(status: TimerStatus, total_blocks: int, closed: bool = False) -> Markup:
    """The agenda clock as HTML: block, time left (or over) and a state word."""
    if closed:
        return html('<div class="pgkit-clock pgkit-clock-done" data-state="afgelopen">'
                    '<span class="pgkit-clock-state">{}</span></div>',
                    t("meetings.live.timer_closed"))
    if status.finished:
        return html('<div class="pgkit-clock pgkit-clock-done">{}</div>',
                    t("meetings.live.timer_finished"))
    assert status.slot is not None
    if status.overrun:
        left = t("meetings.live.timer_over", time=clock_text(-status.remaining))
    else:
        left = t("meetings.live.timer_left", time=clock_text(status.remaining))
    word = (t("meetings.live.timer_running") if status.running else
            t("meetings.live.timer_paused") if status.started else
            t("meetings.live.timer_not_started"))
    cls = "pgkit-clock pgkit-overrun" if status.overrun else "pgkit-clock"
    return html('<div class="{}"><span class="pgkit-clock-block">{}/{} · {}</span>'
                '<span class="pgkit-clock-time">{}</span>'
                '<span class="pgkit-clock-state">{}</span></div>',
                cls, status.index + 1, total_blocks, status.slot.title, left, word)


def announcement(status: TimerStatus, total_blocks: int, closed: bool = False) -> str:
    """What a screen reader hears: only block changes, an overrun and the end."""
    if closed:
        return t("meetings.live.timer_closed")
    if status.finished:
        return t("meetings.live.timer_finished")
    assert status.slot is not None
    text = t("meetings.live.announce_block", n=status.index + 1, total=total_blocks,
             title=status.slot.title)
    if status.overrun:
        text += " " + t("meetings.live.announce_over")
    return text


class ClockView(w.VBox):
    """The clock plus its announcement; ``update`` sends only what changed."""

    def __init__(self) -> None:
        self.display = w.HTML()
        self.announcer = w.HTML()
        self._said: str | None = None
        super().__init__([self.display, self.announcer], layout=w.Layout(width="100%"))

    @property
    def value(self) -> str:
        """The clock's HTML (what tests and pages read)."""
        return self.display.value

    def update(self, status: TimerStatus, total_blocks: int, closed: bool = False) -> None:
        shown = timer_html(status, total_blocks, closed)
        if shown != self.display.value:
            self.display.value = shown
        said = announcement(status, total_blocks, closed)
        if said != self._said:
            first = self._said is None
            self._said = said
            # Inserted fresh on a change, an alert is read out; the first draw of the page
            # is not a change, so it stays a plain hidden text.
            role = Markup("" if first else ' role="alert"')
            self.announcer.value = html('<p class="pgkit-sr-only"{}>{}</p>', role, said)
