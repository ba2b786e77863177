"""A spinnenweb as a standalone SVG picture, drawn on the server from the scores.

The download needs no browser or canvas: the same geometry as the model, written as
plain SVG text, so a person can keep or print their web.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pgkit import spinnenweb as sw
from pgkit.export_format import number
from pgkit.markup import Markup, html, join
from pgkit.messages import t

SIZE = 560
CENTRE = SIZE / 2
UNIT = 17.0  # pixels per score point
GREEN = "#1f5f56"
ORANGE = "#b35c00"


def fmt(value: float | None, digits: int = 1) -> str:
    """A Dutch decimal (``7,5``); None stays open."""
    if value is None:
        return t("spinnenweb.open")
    return number(value, digits)


def label_lines(dimension: str) -> list[str]:
    """A dimension's name (in the reader's language), split over two lines when long, so
    it fits beside the web on a phone."""
    words = sw.dimension_name(dimension).split(" ")
    if len(words) == 1:
        return words
    return [words[0], " ".join(words[1:])]


def _xy(r: float, index: int) -> tuple[float, float]:
    a = sw.axis_angle(index)
    return CENTRE + r * UNIT * math.cos(a), CENTRE - r * UNIT * math.sin(a)


def _points(radii: list[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_xy(r, i) for i, r in enumerate(radii)))


def web_svg(scores: Mapping[str, float | None], title: str,
            marked: set[str] | frozenset[str] = frozenset()) -> Markup:
    """The web of ``scores`` with grid, labels, scores and marked dimensions in orange."""
    named = {sw.dimension_of(k): v for k, v in scores.items()}
    marked = {sw.dimension_of(m) for m in marked}
    radii = [named.get(d) or 0.0 for d in sw.DIMENSIONS]
    for d in sw.DIMENSIONS:
        if named.get(d) is not None:
            sw.check_score(named[d], sw.dimension_name(d))  # type: ignore[arg-type]
    parts = [html('<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{high}" '
                  'viewBox="0 0 {size} {high}" font-family="sans-serif" font-size="14">',
                  size=SIZE, high=SIZE + 40),
             html("<title>{}</title>", title),
             Markup('<rect width="100%" height="100%" fill="#ffffff"/>'),
             html('<text x="{}" y="{}" text-anchor="middle" fill="#1d2a33">{}</text>',
                  CENTRE, SIZE + 24, title)]
    for ring in range(2, 11, 2):
        parts.append(html('<polygon points="{}" fill="none" stroke="#c9d6d3"/>',
                          _points([ring] * 6)))
    for i in range(6):
        x, y = _xy(10, i)
        parts.append(html('<line x1="{c}" y1="{c}" x2="{x:.1f}" y2="{y:.1f}" '
                          'stroke="#c9d6d3"/>', c=CENTRE, x=x, y=y))
    parts.append(html('<polygon points="{}" fill="{g}" fill-opacity="0.25" '
                      'stroke="{g}" stroke-width="3"/>', _points(radii), g=GREEN))
    for i, dim in enumerate(sw.DIMENSIONS):
        colour = ORANGE if dim in marked else "#1d2a33"
        if dim in marked:
            x, y = _xy(radii[i], i)
            parts.append(html('<circle cx="{:.1f}" cy="{:.1f}" r="7" fill="{}"/>', x, y, ORANGE))
        x, y = _xy(11.2, i)
        anchor = "middle" if i in (0, 3) else ("start" if i in (1, 2) else "end")
        lines = [*label_lines(dim), fmt(named.get(dim)) + (" ★" if dim in marked else "")]
        top = y - 18 * len(lines) + 12 if i == 0 else (y + 6 if i == 3 else y - 9 * (len(lines) - 1)
                                                      + 5)
        weight = "bold" if dim in marked else "normal"
        for n, line in enumerate(lines):
            parts.append(html('<text x="{:.1f}" y="{:.1f}" text-anchor="{}" fill="{}" '
                              'font-weight="{}">{}</text>', x, top + 18 * n, anchor, colour,
                              weight, line))
    parts.append(Markup("</svg>"))
    return join(parts, "\n")
