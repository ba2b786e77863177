"""The two reflection meetings: runbooks, cards, role-play, summary.

Live mechanics (codes, timer, polls, group web) are in ``pgkit.live``; this package adds
what only the reflection meetings use.
"""
