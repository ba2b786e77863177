"""Progress shown the same way everywhere: a bar with text, and a status label."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from pgkit.messages import t

STATUS_CLASS = {"niet_begonnen": "pgkit-st-new", "bezig": "pgkit-st-busy", "klaar": "pgkit-st-done"}


def bar_html(done: int, total: int, label: str) -> str:
    pct = round(100 * done / total) if total else 0
    return (f'<div class="pgkit-progress" role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{total}" aria-valuenow="{done}" aria-label="{escape(label)}">'
            f'<div class="pgkit-progress-fill" style="width:{pct}%"></div></div>'
            f'<p class="pgkit-progress-text">{escape(label)}</p>')


def progress_bar(done: int, total: int, label: str | None = None) -> w.HTML:
    """A bar for ``done`` of ``total``; the label is also read out by screen readers."""
    return w.HTML(bar_html(done, total, label or t("elearning.progress.units_done",
                                                   done=done, total=total)))


def status_badge(status: str) -> str:
    """The Dutch status word in a coloured label (not colour alone: the word is there)."""
    return (f'<span class="pgkit-status {STATUS_CLASS.get(status, "")}">'
            f'{t(f"elearning.status.{status}")}</span>')
