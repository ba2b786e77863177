"""Guided intervision: methods as data, confidential cases, votes, take-aways and ratings.

Built on ``pgkit.live`` (join codes, seats, the agenda timer, attendance, refresh). The
functions here enforce who may read what; the pages only show what they are given.
"""
