"""Errors with a Dutch message the page can show as it is."""

from __future__ import annotations


class LiveError(Exception):
    """A problem the user can fix (wrong code, closed meeting); the message is Dutch."""


class AccessDenied(LiveError):
    """Someone asked for data of a meeting they are not part of."""


class MeetingClosed(LiveError):
    """A write to a meeting that has been closed: nothing may change after the close."""
