"""Small text helpers shared by the store and the model."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent: without
# this, "Çakır" became "cakr" and "Øster" "ster".
LETTERS = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                         "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d",
                         "Đ": "D", "þ": "th", "ð": "d"})


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: an id that survives any URL or file name."""
    ascii_text = (unicodedata.normalize("NFKD", text.translate(LETTERS))
                  .encode("ascii", "ignore").decode())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "persoon"
