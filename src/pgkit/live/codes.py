"""Short join codes that are easy to read aloud and to type on a phone."""

from __future__ import annotations

import secrets

from pgkit.markup import unbroken

# No 0/O and no 1/I: they look alike on a projector and on a phone keyboard.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 6


def new_code() -> str:
    """A random code of six characters from ``ALPHABET`` (32**6, about 10**9 codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str | None) -> str:
    """What the user typed, as the store keeps it: upper case, no spaces or dashes."""
    return "".join((text or "").split()).replace("-", "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def pretty(code: str) -> str:
    """``ABC DEF``: two groups of three read more easily from a projector."""
    return f"{code[:3]} {code[3:]}" if len(code) == LENGTH else code


def shown(code: str) -> str:
    """The code wherever the kit shows it: ``pretty``, and never split over two lines
    (a phone wraps a long button label; "D2V" on one line and "VSQ" on the next is
    read as two codes)."""
    return unbroken(pretty(code))
