"""Spinnenweb widgets: the live web (bqplot), the score inputs and the actiewiel form.

The widgets know nothing about the store: they call back with (item id, value) so the
page can save every answer the moment it is given. The web is drawn with ``Lines`` on
two ``LinearScale``s (not ``bqplot.Radar``) so open dimensions, marked dimensions and
overlays are under our control; the figure keeps a 1:1 aspect through CSS.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as w

from pgkit import spinnenweb as sw
from pgkit.markup import Markup, html, join, msg
from pgkit.messages import t
from pgkit.spinnenweb_svg import GREEN, ORANGE, fmt, label_lines

# Okabe–Ito colours: distinct for colour-blind readers too.
OVERLAY_COLOURS = ("#0072B2", "#CC79A7", "#E69F00", "#56B4E9", "#009E73", "#D55E00",
                   "#000000", "#F0E442")
GRID = "#c9d6d3"
TEXT = "#1d2a33"
LIMIT = 17.5  # scale domain: the web reaches 10, the labels need the rest


ALIGN = ("middle", "start", "start", "middle", "end", "end")
LINE_PX = 17


def label_offset(index: int, line: int, n_lines: int) -> int:
    """Pixel offset of a label line: the top label grows upward, the bottom one downward."""
    if index == 0:
        return -(n_lines - 1 - line) * LINE_PX - 2
    if index == 3:
        return line * LINE_PX + 12
    return round((line - (n_lines - 1) / 2) * LINE_PX) + 5


def _xy(r: float, index: int) -> tuple[float, float]:
    a = sw.axis_angle(index)
    return r * math.cos(a), r * math.sin(a)


def _ring(radii: Sequence[float]) -> tuple[list[float], list[float]]:
    points = [_xy(r, i) for i, r in enumerate(radii)]
    points.append(points[0])
    return [p[0] for p in points], [p[1] for p in points]


@dataclass
class Overlay:
    label: str
    scores: Mapping[str, float | None]
    colour: str


class WebChart(w.VBox):
    """The spinnenweb figure with its area text, a score list and a legend."""

    def __init__(self) -> None:
        # bqplot (with pandas and numpy) loads when a web is drawn, not with the module.
        import bqplot as bq

        self.sx = bq.LinearScale(min=-LIMIT, max=LIMIT)
        self.sy = bq.LinearScale(min=-LIMIT, max=LIMIT)
        scales = {"x": self.sx, "y": self.sy}
        rings = [_ring([r] * 6) for r in (2, 4, 6, 8, 10)]
        grid = bq.Lines(x=[r[0] for r in rings], y=[r[1] for r in rings], scales=scales,
                        colors=[GRID], stroke_width=1)
        ends = [_xy(10, i) for i in range(6)]
        spokes = bq.Lines(x=[[0, e[0]] for e in ends], y=[[0, e[1]] for e in ends],
                          scales=scales, colors=[GRID], stroke_width=1)
        xs, ys = _ring([0] * 6)
        self.web = bq.Lines(x=xs, y=ys, scales=scales, colors=[GREEN], fill="inside",
                            fill_colors=[GREEN], fill_opacities=[0.25], stroke_width=3)
        self.overlay_lines: list[bq.Lines] = []
        self.highlight = bq.Scatter(x=[0], y=[0], scales=scales, colors=[ORANGE],
                                    default_size=160, visible=False)
        # One Label per dimension and text line: each needs its own offset and colour.
        self.labels: dict[tuple[int, int], bq.Label] = {}
        for i in range(6):
            x, y = _xy(10.7, i)
            for line in range(3):
                self.labels[(i, line)] = bq.Label(
                    x=[x], y=[y], text=[""], scales=scales, align=ALIGN[i], default_size=14,
                    font_unit="px", colors=[TEXT], apply_clip=False)
        self.figure = bq.Figure(
            marks=[grid, spokes, self.web, self.highlight, *self.labels.values()],
            scale_x=self.sx, scale_y=self.sy, min_aspect_ratio=1, max_aspect_ratio=1,
            fig_margin={"top": 4, "bottom": 4, "left": 4, "right": 4}, padding_x=0, padding_y=0,
            animation_duration=0, display_toolbar=False,
            layout=w.Layout(width="100%", height="auto", min_height="300px"))
        self.figure.add_class("pgkit-sw-web")
        self.area = w.HTML(msg("spinnenweb.area_empty"))
        self.area.add_class("pgkit-sw-area")
        self.legend = w.HTML()
        self.score_list = w.HTML()
        super().__init__([self.figure, self.area, self.legend,
                          self.score_list], layout=w.Layout(flex="1 1 320px", max_width="540px"))
        self._overlays: list[Overlay] = []
        self.update({}, set())

    def _label_lines(self, dim: str, score: float | None, marked: bool) -> list[str]:
        name = label_lines(dim)
        value = fmt(score) + (" ★" if marked else "")
        return [*name, value]

    def update(self, scores: Mapping[str, float | None], marked: set[str]) -> None:
        """Redraw the web, labels, area text and score list for these scores."""
        named = {sw.dimension_of(k): v for k, v in scores.items()}
        marked = {sw.dimension_of(m) for m in marked}
        radii = [named.get(d) or 0.0 for d in sw.DIMENSIONS]
        xs, ys = _ring(radii)
        with self.web.hold_sync():
            self.web.x, self.web.y = xs, ys
        marked_idx = [i for i, d in enumerate(sw.DIMENSIONS) if d in marked]
        if marked_idx:
            pts = [_xy(radii[i], i) for i in marked_idx]
            with self.highlight.hold_sync():
                self.highlight.x = [p[0] for p in pts]
                self.highlight.y = [p[1] for p in pts]
                self.highlight.visible = True
        else:
            self.highlight.visible = False
        for i, dim in enumerate(sw.DIMENSIONS):
            lines = self._label_lines(dim, named.get(dim), dim in marked)
            for line in range(3):
                label = self.labels[(i, line)]
                with label.hold_sync():
                    label.text = [lines[line] if line < len(lines) else ""]
                    label.colors = [ORANGE if dim in marked else TEXT]
                    label.font_weight = "bold" if dim in marked else "normal"
                    label.y_offset = label_offset(i, line, len(lines))
        self._update_text(named, marked)

    def _update_text(self, named: Mapping[str, float | None], marked: set[str]) -> None:
        n_open = sum(1 for d in sw.DIMENSIONS if named.get(d) is None)
        if n_open == 6:
            self.area.value = msg("spinnenweb.area_empty")
        elif n_open:
            self.area.value = msg("spinnenweb.area_open", n=n_open)
        else:
            self.area.value = msg("spinnenweb.area", area=fmt(sw.surface_area(named)),
                                  max=fmt(sw.MAX_AREA),
                                  share=f"{round(100 * sw.surface_share(named))}%")
        items = join(
            html("<li{}>{}{}</li>", Markup(" class=pgkit-sw-marked") if d in marked else "",
                 t("spinnenweb.dimension_score", dim=sw.dimension_name(d),
                   score=fmt(named.get(d))),
                 " ★ " + t("spinnenweb.talk_short") if d in marked else "")
            for d in sw.DIMENSIONS)
        self.score_list.value = html('<details><summary>{}</summary>'
                                     '<ul class="pgkit-sw-scores">{}</ul></details>',
                                     t("spinnenweb.scores_heading"), items)

    def set_overlays(self, overlays: Sequence[Overlay]) -> None:
        """Lay earlier webs over the current one, dashed, each in its own colour."""
        import bqplot as bq

        scales = {"x": self.sx, "y": self.sy}
        self.overlay_lines = []
        for ov in overlays:
            named = {sw.dimension_of(k): v for k, v in ov.scores.items()}
            xs, ys = _ring([named.get(d) or 0.0 for d in sw.DIMENSIONS])
            self.overlay_lines.append(bq.Lines(x=xs, y=ys, scales=scales, colors=[ov.colour],
                                               stroke_width=2.5, line_style="dashed"))
        fixed = self.figure.marks[:2]
        self.figure.marks = [*fixed, *self.overlay_lines, self.web, self.highlight,
                             *self.labels.values()]
        self._overlays = list(overlays)
        entries = [(t("spinnenweb.legend_now"), GREEN, "solid")] + [
            (ov.label, ov.colour, "dashed") for ov in overlays]
        swatches = join(
            html('<span><span class="swatch" style="background:{c};{dash}"></span>{label}</span>',
                 c=c, label=label,
                 dash=(f"background:repeating-linear-gradient(90deg,{c} 0 6px,transparent 6px 9px)"
                       if s == "dashed" else ""))
            for label, c, s in entries)
        self.legend.value = html('<div class="pgkit-sw-legend">{}'
                                 '<span class="pgkit-sw-marked">{}</span></div>',
                                 swatches, t("spinnenweb.legend_marked"))


OPEN = -1  # the slider value for "not answered"; SelectionSlider cannot hold None


def slider_score(value: int) -> float | None:
    return None if value == OPEN else float(value)


def score_slider(description: str) -> w.SelectionSlider:
    """0–10 with a first position "open": an untouched slider is not an answer."""
    options = [(t("spinnenweb.open"), OPEN)] + [(str(n), n) for n in range(11)]
    slider = w.SelectionSlider(options=options, value=OPEN, description=description,
                               tooltip=description,
                               continuous_update=True,
                               style={"description_width": "0px"},
                               layout=w.Layout(width="min(100%, 340px)"))
    slider.add_class("pgkit-sw-slider")
    return slider


# Pictograms for the simple-language view: one per dimension, so a reader who finds
# words hard still sees which part of life a question is about. Inline SVG (no emoji
# font needed); the alt text comes from the catalogue (spinnenweb.icon.<key>).
_ICON_SHAPES: dict[str, str] = {
    "lichaamsfuncties": '<path d="M12 20.5s-7.5-4.6-9.3-9.4A5 5 0 0 1 12 6.6a5 5 0 0 1 9.3 4.5'
                        'C19.5 15.9 12 20.5 12 20.5z"/>',
    "mentaal-welbevinden": '<circle cx="12" cy="12" r="9"/><circle cx="9" cy="10" r=".6"/>'
                           '<circle cx="15" cy="10" r=".6"/>'
                           '<path d="M8 14.5c1.2 1.6 2.5 2.3 4 2.3s2.8-.7 4-2.3"/>',
    "zingeving": '<path d="M12 2.8l2.8 5.8 6.4.8-4.7 4.4 1.2 6.3L12 17l-5.7 3.1 1.2-6.3'
                 '-4.7-4.4 6.4-.8z"/>',
    "kwaliteit-van-leven": '<circle cx="12" cy="12" r="4"/><path d="M12 2.5v3M12 18.5v3M2.5 12'
                           'h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1'
                           'M16.6 7.4l2.1-2.1"/>',
    "meedoen": '<circle cx="8" cy="8" r="3"/><circle cx="16.5" cy="8.5" r="2.6"/>'
               '<path d="M2.5 20c0-3.4 2.5-6 5.5-6s5.5 2.6 5.5 6M14 14.3c.8-.3 1.6-.5 2.5-.5'
               ' 2.8 0 5 2.4 5 5.6"/>',
    "dagelijks-functioneren": '<rect x="3.5" y="5" width="17" height="15.5" rx="2"/>'
                              '<path d="M3.5 10h17M8 3v4M16 3v4M7.5 14h3M13.5 14h3M7.5 17h3"/>',
}


def pictogram(dimension: str) -> Markup:
    """The dimension's pictogram as inline SVG with its alt text (``role="img"``)."""
    key = sw.dimension_key(dimension)
    alt = t(f"spinnenweb.icon.{key}")
    return html('<svg class="pgkit-sw-icon" role="img" aria-label="{alt}" viewBox="0 0 24 24" '
                'width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" '
                'stroke-linecap="round" stroke-linejoin="round"><title>{alt}</title>'
                "{shape}</svg>", alt=alt, shape=Markup(_ICON_SHAPES[key]))


AnswerCallback = Callable[[str, float | None], None]
MarkCallback = Callable[[str, bool], None]


class ScoreForm(w.VBox):
    """Sliders and "hier wil ik over praten" boxes for one mode (quick or full)."""

    def __init__(self, mode: str, on_answer: AnswerCallback, on_mark: MarkCallback) -> None:
        self.mode = mode
        self.sliders: dict[str, w.SelectionSlider] = {}
        self.marks: dict[str, w.Checkbox] = {}
        self._on_answer = on_answer
        self._on_mark = on_mark
        self._quiet = False
        self.simple = False
        # Per row: its label widget and the (B1, A2) texts, for the simple-language switch.
        self._labels: dict[str, tuple[w.HTML, str, str, str]] = {}
        if mode == "quick":
            rows = [self._row(d, d, sw.dimension_name(d), t(f"spinnenweb.simple_dim.{d}"),
                              heading=True)
                    for d in sw.DIMENSIONS]
            body: w.Widget = w.VBox(rows)
            self._help = (t("spinnenweb.mode_quick_help"), t("spinnenweb.simple_help_quick"))
        else:
            panes = [w.VBox([self._row(item.id, d, item.text, item.simple)
                             for item in sw.ITEMS[d]]) for d in sw.DIMENSIONS]
            titles = [sw.dimension_name(d) for d in sw.DIMENSIONS]
            body = w.Accordion(children=panes, titles=titles, selected_index=0)
            self._help = (t("spinnenweb.mode_full_help"), t("spinnenweb.simple_help_full"))
        self.help = w.HTML(html("<p>{} {}</p>", self._help[0], t("spinnenweb.slider_hint")))
        super().__init__([self.help, body], layout=w.Layout(flex="1 1 320px"))

    def _label_html(self, dimension: str, text: str, simple: str, heading: bool) -> Markup:
        if not self.simple:
            return (html('<p class="pgkit-sw-dim">{}</p>', text) if heading
                    else html("<p>{}</p>", text))
        name = (html('<span class="pgkit-sw-dim">{}</span><br>', sw.dimension_name(dimension))
                if heading else "")
        return html('<p class="pgkit-sw-simple">{}<span>{}{}</span></p>', pictogram(dimension),
                    name, simple)

    def set_simple(self, on: bool) -> None:
        """Show the questions in simple language (A2) with pictograms, or in B1 again.

        Only the words change: the sliders, their values and the marks stay as they are.
        """
        self.simple = on
        self.help.value = html("<p>{} {}</p>", self._help[1] if on else self._help[0],
                               t("spinnenweb.slider_hint"))
        for item_id, (label, dimension, text, simple) in self._labels.items():
            heading = self.mode == "quick"
            label.value = self._label_html(dimension, text, simple, heading)
            words = simple if on and not heading else text
            self.sliders[item_id].description = words
            self.sliders[item_id].tooltip = words

    def _row(self, item_id: str, dimension: str, text: str, simple: str,
             heading: bool = False) -> w.Widget:
        slider = score_slider(text)
        mark = w.Checkbox(value=False, description=t("spinnenweb.talk"), indent=False,
                          layout=w.Layout(width="auto"))
        slider.observe(lambda ch, i=item_id: self._answer(i, slider_score(ch["new"])),
                       names="value")
        mark.observe(lambda ch, i=item_id: self._mark(i, ch["new"]), names="value")
        self.sliders[item_id] = slider
        self.marks[item_id] = mark
        label = w.HTML(self._label_html(dimension, text, simple, heading))
        self._labels[item_id] = (label, dimension, text, simple)
        box = w.VBox([label, w.HBox([slider, mark], layout=w.Layout(
            flex_flow="row wrap", align_items="center"))])
        box.add_class("pgkit-sw-item")
        return box

    def _answer(self, item_id: str, value: float | None) -> None:
        if not self._quiet:
            self._on_answer(item_id, value)

    def _mark(self, item_id: str, marked: bool) -> None:
        if not self._quiet:
            self._on_mark(item_id, marked)

    def answers(self) -> dict[str, float | None]:
        return {i: slider_score(s.value) for i, s in self.sliders.items()}

    def marked(self) -> set[str]:
        return {i for i, box in self.marks.items() if box.value}

    def clear(self) -> None:
        """Back to all open, without calling back (a new fill starts empty)."""
        self._quiet = True
        try:
            for s in self.sliders.values():
                s.value = OPEN
            for box in self.marks.values():
                box.value = False
        finally:
            self._quiet = False


class ActiewielForm(w.VBox):
    """One chosen dimension and the six actiewiel questions as free text."""

    def __init__(self, on_dimension: Callable[[str], None],
                 on_text: Callable[[str, str, str], None]) -> None:
        self.dimension = w.Dropdown(
            options=[(t("spinnenweb.actiewiel_none"), "")]
            + [(sw.dimension_name(d), d) for d in sw.DIMENSIONS],
            value="", description=t("spinnenweb.actiewiel_choose"),
            style={"description_width": "initial"})
        self.texts: dict[str, w.Textarea] = {}
        rows = []
        for q in sw.ACTIEWIEL:
            area = w.Textarea(placeholder=t("spinnenweb.actiewiel_placeholder"),
                              continuous_update=True, disabled=True,
                              layout=w.Layout(width="100%", height="64px"))
            area.observe(lambda ch, k=q.key: self._text(k, ch["new"]), names="value")
            self.texts[q.key] = area
            rows.append(w.VBox([w.HTML(html("<p class=pgkit-sw-dim>{}</p>", q.text)), area]))
        self._on_dimension = on_dimension
        self._on_text = on_text
        self._quiet = False
        self.dimension.observe(self._dim, names="value")
        super().__init__([self.dimension, *rows], layout=w.Layout(flex="1 1 320px"))

    def _dim(self, change: dict) -> None:
        for area in self.texts.values():
            area.disabled = not change["new"]
        if change["new"] and not self._quiet:
            self._on_dimension(change["new"])

    def _text(self, key: str, text: str) -> None:
        if self.dimension.value and not self._quiet:
            self._on_text(self.dimension.value, key, text)

    def clear(self) -> None:
        self._quiet = True
        try:
            for area in self.texts.values():
                area.value = ""
            self.dimension.value = ""
        finally:
            self._quiet = False


def previous_plan_html(date: str, dimension: str, answers: Mapping[str, str]) -> Markup:
    """The actiewiel answers of an earlier fill, read-only, to look back on.

    One table row per question, the answer beside it (under it on a phone): a question
    and its answer can never drift into different rows, as floated ``dt``/``dd`` did.
    """
    empty = t("spinnenweb.actiewiel_empty_answer")
    rows = join(
        html('<tr><th scope="row">{}</th><td>{}</td></tr>', q.text,
             answers.get(q.key, "").strip() or empty)
        for q in sw.ACTIEWIEL)
    return html('<div class="pgkit-notice pgkit-info pgkit-sw-previous">'
                '<p><strong>{}</strong></p><table class="pgkit-sw-prev">{}</table></div>',
                t("spinnenweb.actiewiel_previous", date=date,
                  dim=sw.shown_name(dimension)), rows)
