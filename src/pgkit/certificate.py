"""The e-learning certificate as a PDF: name, date, units and study load.

Names in Limburg carry diacritics (Ünal, Çelik, Anaïs), so the PDF embeds DejaVu Sans;
the core PDF fonts cannot show them. Debian/Ubuntu: ``apt install fonts-dejavu-core``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pgkit import elearning, localtime
from pgkit.config import setting
from pgkit.curriculum import UNITS, Unit
from pgkit.messages import t

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"))


class FontMissing(RuntimeError):
    pass


def find_font(name: str = "DejaVuSans.ttf") -> Path:
    """The TTF file, from the ``font_dir`` setting or the usual system folders."""
    dirs = [Path(setting("font_dir"))] if setting("font_dir") else []
    for folder in (*dirs, *FONT_DIRS):
        if (folder / name).exists():
            return folder / name
    raise FontMissing(t("elearning.certificate.font_missing", font=name))


def certificate_pdf(name: str, completed: dt.date, units: tuple[Unit, ...] = UNITS) -> bytes:
    """A one-page A4 certificate."""
    # fpdf2 (with Pillow, fontTools and cryptography) costs a cold kernel about 0.4 s:
    # the e-learning pages load it only for a trainee who has earned the certificate.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(t("elearning.certificate.title"))
    pdf.set_author(t("common.app_name"))
    pdf.add_font("DejaVu", "", str(find_font("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(find_font("DejaVuSans-Bold.ttf")))
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(42, 122, 111)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 190, 277)
    pdf.set_text_color(23, 61, 56)
    pdf.set_y(32)
    pdf.set_font("DejaVu", "B", 26)
    pdf.cell(0, 14, t("elearning.certificate.title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 9, t("elearning.certificate.subtitle"), align="C", new_x="LMARGIN",
             new_y="NEXT")
    pdf.ln(14)
    pdf.set_text_color(29, 42, 51)
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(0, 8, t("elearning.certificate.given_to"), align="C", new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font("DejaVu", "B", 22)
    pdf.cell(0, 14, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    hours_text = elearning.hours_text(units)
    pdf.multi_cell(0, 7, t("elearning.certificate.body", date=localtime.long_date(completed),
                           n=len(units), hours=hours_text), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_x(35)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(110, 8, t("elearning.certificate.col_unit"), border="B")
    pdf.cell(30, 8, t("elearning.certificate.col_time"), border="B", align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    for u in units:
        pdf.set_x(35)
        pdf.cell(110, 8, f"{u.number}. {u.title}")
        pdf.cell(30, 8, t("elearning.certificate.minutes", n=u.study_minutes), align="R",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(35)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(110, 9, t("elearning.certificate.total"), border="T")
    pdf.cell(30, 9, t("elearning.certificate.hours", hours=hours_text), border="T", align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-52)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(51, 67, 77)
    pdf.multi_cell(0, 6, t("elearning.certificate.footer"), align="C")
    return bytes(pdf.output())


def filename(name: str) -> str:
    from pgkit.textutil import slugify

    return f"certificaat-positieve-gezondheid-{slugify(name)}.pdf"
