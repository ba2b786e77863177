"""Progress shown the same way everywhere: a bar with text, and a status label."""

from __future__ import annotations

import ipywidgets as w

from pgkit.markup import Markup, html
from pgkit.messages import t

STATUS_CLASS = {"niet_begonnen": "pgkit-st-new", "bezig": "pgkit-st-busy", "klaar": "pgkit-st-done"}


def bar_html(done: int, total: int, label: str) -> Markup:
    pct = round(100 * done / total) if total else 0
    return html('<div class="pgkit-progress" role="progressbar" aria-valuemin="0" '
                'aria-valuemax="{total}" aria-valuenow="{done}" aria-label="{label}">'
                '<div class="pgkit-progress-fill" style="width:{pct}%"></div></div>'
                '<p class="pgkit-progress-text">{label}</p>',
                total=total, done=done, label=label, pct=pct)


def progress_bar(done: int, total: int, label: str | None = None) -> w.HTML:
    """A bar for ``done`` of ``total``; the label is also read out by screen readers."""
    return w.HTML(bar_html(done, total, label or t("elearning.progress.units_done",
                                                   done=done, total=total)))


def status_badge(status: str) -> Markup:
    """The Dutch status word in a coloured label (not colour alone: the word is there)."""
    return html('<span class="pgkit-status {}">{}</span>', STATUS_CLASS.get(status, ""),
                t(f"elearning.status.{status}"))
