"""The certificate PDF: one page, the name with its diacritics, the units and the hours."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from pgkit import studyload
from pgkit.certificate import certificate_pdf, filename
from pgkit.content import unit
from pgkit.curriculum import UNITS
from pgkit.localtime import long_date


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def _dutch_tenths(hours: float) -> str:
    """``5,5`` or ``5``: worked out apart from babel, so the test checks the format."""
    tenths = round(hours * 10)
    return f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)


def test_certificate_shows_name_date_units_and_hours() -> None:
    pages, text = pdf_text(certificate_pdf("Ünal Janssen-Çelik", dt.date(2026, 3, 9)))
    assert pages == 1
    assert "Ünal Janssen-Çelik" in text
    assert "9 maart 2026" in text
    total = sum(studyload.load(unit(u.key)).minutes for u in UNITS)
    assert _dutch_tenths(total / 60) + " uur" in text
    assert "5,5 uur" not in text  # the old typed-in figure, about twice the content
    for u in UNITS:
        assert f"{u.number}. {u.title}" in text
        assert f"{studyload.load(unit(u.key)).minutes} min" in text


def test_dates_and_file_names() -> None:
    assert long_date(dt.date(2026, 12, 1)) == "1 december 2026"
    assert filename("Ünal Janssen-Çelik") == (
        "certificaat-positieve-gezondheid-unal-janssen-celik.pdf")
