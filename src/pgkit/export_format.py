"""Numbers and spreadsheet files the Dutch way, and safe to open.

- ``number``: 5,5 and not 5.5, on screen and in files (babel, in the reader's locale:
  ``messages.locale``, ``nl_NL`` unless the person chose another language).
- ``safe_text``: OWASP's rule against CSV/formula injection. A text cell that starts with
  ``= + - @``, a tab or a carriage return gets a leading apostrophe, so Excel or
  LibreOffice shows it as text and never runs it (``=HYPERLINK(...)``, ``+cmd|...``,
  ``@SUM(...)`` in a name or an organisation).
- ``to_csv``: what a Dutch Excel opens with a double click: ``;`` between cells, a decimal
  comma, UTF-8 with a byte-order mark (so Ünal and Çelik keep their accents), CRLF.
- ``to_xlsx``: numbers stay numbers, dates stay dates, text is stored as a text cell
  (``data_type 's'``, with Excel's quote prefix when it starts like a formula): never a
  formula, whatever the value.

Every export of the kit writes its cells through this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from babel.numbers import format_decimal

from pgkit.messages import locale

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def number(value: float | int, decimals: int = 1, *, trim: bool = False) -> str:
    """A number as the reader writes it: ``5,5`` in Dutch.

    ``trim`` drops trailing zeros (``5`` and ``5,5`` rather than ``5,0``). No thousands
    separator: the kit's figures are scores, counts and percentages, and a CSV cell like
    ``1.234`` would be ambiguous.
    """
    digits = ("#" if trim else "0") * decimals
    pattern = f"0.{digits}" if decimals > 0 else "0"
    return format_decimal(round(float(value), decimals), format=pattern, locale=locale())


def dutch_int(n: int) -> str:
    """10000 -> '10.000': a count in running text (a message), with the reader's thousands
    separator (the Dutch point, the English comma).

    Not for table or CSV cells, where ``number`` leaves the separator out (see there).
    """
    return format_decimal(n, format="#,##0", locale=locale())


def safe_text(value: str) -> str:
    """Text that no spreadsheet will read as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def display(value: object) -> str:
    """How a value reads in a table, the CLI and a CSV file: one rule everywhere.

    Empty for None, ja/nee, dates the Dutch way (``02-12-2026``, which a Dutch Excel
    also reads as a date; a stored time is UTC, so its day is the day in Amsterdam),
    numbers with a decimal comma.
    """
    from pgkit import localtime
    from pgkit.messages import t

    if value is None:
        return ""
    if isinstance(value, bool):
        return t("dashboard.answer_yes") if value else t("dashboard.answer_no")
    if isinstance(value, dt.datetime | dt.date):
        return localtime.date(value)
    if isinstance(value, float):
        return number(value)
    return str(value)


def csv_cell(value: object) -> str:
    """One CSV cell: ``display``, and text made safe from formula injection."""
    return safe_text(value) if isinstance(value, str) else display(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A ``;``-separated CSV text (CRLF), every cell through ``csv_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in headers])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """``csv_text`` as a file: UTF-8 with a byte-order mark, so Excel reads the accents."""
    return csv_text(headers, rows).encode("utf-8-sig")


def _xlsx_value(value: object) -> object:
    if isinstance(value, bool):
        return display(value)
    if isinstance(value, dt.datetime):  # stored as UTC, read in Amsterdam
        from pgkit import localtime

        return localtime.local(value).replace(microsecond=0, tzinfo=None)
    return value


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]],
            sheet: str = "Blad1", percent_columns: Iterable[int] = ()) -> bytes:
    """An Excel workbook of one sheet: typed numbers and dates, text cells as text.

    ``percent_columns`` (0-based) hold 0-100 numbers, shown with one decimal.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = safe_text(sheet)[:31]
    percent = set(percent_columns)
    for c, header in enumerate(headers, start=1):
        _text_cell(ws.cell(row=1, column=c), header)
        ws.column_dimensions[get_column_letter(c)].width = max(12, len(header) + 2)
    for r, row in enumerate(rows, start=2):
        for c, raw in enumerate(row, start=1):
            value = _xlsx_value(raw)
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                _text_cell(cell, value)
                continue
            cell.value = value
            if isinstance(value, dt.datetime | dt.date):
                cell.number_format = "dd-mm-yyyy"
            elif c - 1 in percent:
                cell.number_format = "0.0"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(cell, value: str) -> None:
    # openpyxl turns any string starting with "=" into a formula: set the type by hand.
    # quotePrefix is Excel's own leading apostrophe: the cell stays text when edited.
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
