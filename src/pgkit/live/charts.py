"""Live group views drawn with bqplot: poll bars and the group spinnenweb.

Each view has ``update(...)`` that changes only what differs, so a refresh every second
sends nothing when nothing changed. Pages import this module inside the view that shows
a chart, so a kernel pays for bqplot, pandas and numpy only then.
"""

from __future__ import annotations

from typing import Any

import bqplot as bq
import ipywidgets as w
import numpy as np
import pandas as pd

from pgkit.live.groupweb import KEYS, GroupWeb
from pgkit.live.polls import PollResult
from pgkit.live.widgets import group_web_notes, group_web_text
from pgkit.markup import html, join
from pgkit.messages import t, tn
from pgkit.spinnenweb import DIMENSIONS, dimension_name

__all__ = ["GroupWebView", "PollChart", "ScoreRadar"]

COLOUR = "#2a7a6f"


class PollChart(w.VBox):
    """A horizontal bar per option with the count; the question as heading."""

    children: tuple[Any, ...]  # a trait; declared for the type checker

    def __init__(self, height: str = "320px", font_px: int = 14) -> None:
        self.font_px = font_px
        self.title = w.HTML()
        self.x = bq.OrdinalScale()
        self.y = bq.LinearScale(min=0)
        self.bars = bq.Bars(x=[], y=[], scales={"x": self.x, "y": self.y}, colors=[COLOUR],
                            orientation="horizontal", padding=0.25,
                            labels=[], label_display=True, label_display_format=".0f",
                            label_font_style={"font-size": f"{font_px + 2}px",
                                              "font-weight": "bold"})
        ticks = {"font-size": f"{font_px}px", "fill": "#1d2a33"}
        ax_x = bq.Axis(scale=self.x, orientation="vertical", tick_style=ticks)
        self.ax_y = ax_y = bq.Axis(scale=self.y, tick_format="d", tick_style=ticks,
                                   label=t("meetings.live.answers_axis"), tick_values=[0, 1, 2],
                                   label_offset=f"{font_px + 20}px")
        self.figure = bq.Figure(marks=[self.bars], axes=[ax_x, ax_y],
                                fig_margin={"top": 10, "bottom": 40, "left": 170, "right": 20},
                                layout=w.Layout(width="100%", height=height),
                                animation_duration=0)
        self._last: tuple | None = None
        # The figure joins the page only when it has bars: bqplot drawn while hidden
        # computes negative sizes and fills the console with errors.
        super().__init__([self.title], layout=w.Layout(width="100%"))
        self.add_class("pgkit-poll")  # kit.css styles its question and count

    def update(self, result: PollResult | None) -> None:
        key = None if result is None else (result.poll_id, result.counts, result.question)
        if key == self._last:
            return
        self._last = key
        if result is None:
            self.title.value = html("<p>{}</p>", t("meetings.live.poll_none"))
            self.children = (self.title,)
            return
        n = result.total
        count = tn("meetings.live.poll_count", n)
        self.title.value = html('<h3 class="pgkit-poll-q">{}</h3>'
                                '<p class="pgkit-poll-n" data-total="{}">{}</p>',
                                result.question, n, count)
        labels = list(result.options)
        top = max(4, max(result.counts, default=0) + 1)
        step = max(1, -(-top // 6))
        with self.bars.hold_sync():
            self.bars.x = labels[::-1]
            self.bars.y = list(result.counts)[::-1]
        # SVG labels do not wrap: make room for the longest answer.
        longest = max((len(o) for o in labels), default=10)
        self.figure.fig_margin = {"top": 10, "bottom": 30 + 2 * self.font_px, "right": 20,
                                  "left": min(30 * self.font_px,
                                              16 + round(0.6 * self.font_px * longest))}
        self.y.max = top
        self.ax_y.tick_values = list(range(0, top + 1, step))
        if self.figure not in self.children:
            self.children = (self.title, self.figure)


class ScoreRadar(bq.Radar):
    """bqplot's Radar with a 0-10 scale that reads as one.

    bqplot 0.13 labels the rings with ``{:.0%}`` of the raw value (so "1000%" on a 0-10
    scale) and puts them on the horizontal line through the web, under the data. Here
    they are plain numbers on the empty half-way line between the first and last spoke,
    and the dimension names sit a little outside the outer ring.
    """

    LABEL_OUT = 1.13

    def update_bands(self, *args) -> None:
        super().update_bands(*args)
        low, high = self.data_range
        values = np.linspace(low, high, self.num_bands + 1)[1:]
        n = max(3, len(self.data.index))
        # The middle of a polygon edge lies at cos(pi/n) of the ring's radius.
        angle, reach = -np.pi / n, np.cos(np.pi / n)
        radius = (values - low) / (high - low) * reach
        with self.band_labels.hold_sync():
            self.band_labels.x = list(radius * np.sin(angle))
            self.band_labels.y = list(radius * np.cos(angle))
            self.band_labels.text = [f"{v:g}" for v in values]
            self.band_labels.colors = ["#5b6770"]

    def update_data(self, *args) -> None:
        super().update_data(*args)
        with self.spoke_labels.hold_sync():
            self.spoke_labels.x = list(np.asarray(self.spoke_labels.x) * self.LABEL_OUT)
            self.spoke_labels.y = list(np.asarray(self.spoke_labels.y) * self.LABEL_OUT)


def _names() -> list[str]:
    return [dimension_name(d) for d in DIMENSIONS]


class GroupWebView(w.VBox):
    """The group's published mean spinnenweb, or how many more contributions it needs."""

    children: tuple[Any, ...]  # a trait; declared for the type checker

    def __init__(self, size: str = "420px", *, wall: bool = False) -> None:
        """``size``: the figure's height, and its width off the wall. On the ``wall`` (the
        projector) the figure spans the width with the web square and centred in it, and
        the dimension names are 1em of the view's font, which kit.css scales with the
        screen."""
        self.message = w.HTML()
        self.radar = ScoreRadar(data=pd.DataFrame({"groep": [0.0] * len(KEYS)},
                                                  index=_names()),
                                data_range=[0, 10], num_bands=5, band_type="polygon",
                                fill=True, colors=[COLOUR])
        self.radar.layout = w.Layout(width="100%" if wall else size, height=size,
                                     min_width="0", min_height="0", max_width="100%")
        self.radar.fig_margin = {"top": 40, "bottom": 40, "left": 90, "right": 90}
        if wall:
            # bqplot's own layout keeps the drawing square and centres it in the figure.
            self.radar.auto_layout = True
            self.radar.fig_margin = {"top": 24, "bottom": 24, "left": 90, "right": 90}
            self.radar.min_aspect_ratio = 1
            self.radar.spoke_labels.font_unit = "em"
            self.radar.spoke_labels.default_size = 1
        else:
            self.radar.spoke_labels.default_size = 12
        self.radar.loops.display_legend = False
        self.radar.spoke_labels.colors = ["#1d2a33"]
        self._last: tuple | None = None
        super().__init__([self.message], layout=w.Layout(width="100%"))
        self.add_class("pgkit-groupweb")  # kit.css sizes the names on the projector

    def update(self, web: GroupWeb) -> None:
        key = (web.contributors, web.pending, web.flagged, web.uncounted,
               None if web.means is None else tuple(web.means.values()))
        if key == self._last:
            return
        self._last = key
        notes = join(html('<p class="pgkit-web-note">{}</p>', n) for n in group_web_notes(web))
        if web.means is None:
            self.message.value = html(
                '<div class="pgkit-notice pgkit-info pgkit-web-hidden" role="status">{}</div>{}',
                group_web_text(web), notes)
            self.children = (self.message,)
            return
        self.message.value = html('<p class="pgkit-web-shown">{}</p>{}', group_web_text(web),
                                  notes)
        self.radar.data = pd.DataFrame({"groep": [web.means[k] for k in KEYS]},
                                       index=_names())
        if self.radar not in self.children:
            self.children = (self.message, self.radar)
