"""Text for live group views: the lines under the group web (their style is in kit.css).

No charting library here: the meeting, intervision and facilitator pages import this
before they draw anything, and bqplot (with pandas and numpy) costs a cold kernel about
0.3 s. The bqplot views (``PollChart``, ``GroupWebView``) are in ``pgkit.live.charts``.
"""

from __future__ import annotations

from pgkit.live.clock import timer_html
from pgkit.live.groupweb import GROUP_MIN, GroupWeb
from pgkit.messages import t

__all__ = ["group_web_notes", "group_web_text", "timer_html"]


def _counted(n: int, key: str) -> str:
    return t(f"{key}_one") if n == 1 else t(key, n=n)


def group_web_text(web: GroupWeb) -> str:
    """The one line every view shows under (or instead of) the group web."""
    if not web.shown:
        return t("meetings.live.web_hidden", min=GROUP_MIN, n=web.contributors,
                 missing=web.missing)
    return (t("meetings.live.web_shown", n=web.contributors) + " "
            + _counted(web.until_next, "meetings.live.web_next"))


def group_web_notes(web: GroupWeb) -> list[str]:
    """What was set aside, so nothing is left out silently (counts only, no names)."""
    notes = []
    if web.flagged:
        notes.append(_counted(web.flagged, "meetings.live.web_flagged"))
    if web.uncounted:
        notes.append(_counted(web.uncounted, "meetings.live.web_uncounted"))
    return notes
