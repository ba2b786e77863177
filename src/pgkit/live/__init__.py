"""Live meetings shared by the reflection meetings and intervision.

Join codes, opening and closing a meeting, joining as a participant, the agenda timer,
polls, the anonymous group spinnenweb, attendance and the light polling refresh that
keeps the pages current. Participant-side functions take the participant's token and
derive the meeting from it, so a participant can never read another meeting's data.
Host-side functions take the signed-in ``User`` and check they run the meeting.
"""

from pgkit.live.errors import AccessDenied, LiveError

__all__ = ["AccessDenied", "LiveError"]
