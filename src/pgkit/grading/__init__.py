"""The coach track on nbgrader: course setup, lifecycle wrappers, parallel autograde, sync.

``course`` writes and reads the course directory, ``lifecycle`` wraps nbgrader's API per
step, ``autograde`` grades many coaches (optionally in N processes), ``checks`` holds the
submission checks nbgrader runs, and ``sync`` copies grades into the kit's store.
"""
