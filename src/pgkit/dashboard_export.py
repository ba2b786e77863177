"""CSV and Excel files of a dashboard table: exactly the columns and rows on screen.

CSV cells are written as the table and ``pgkit cohort progress`` write them
(``pgkit.cohort.cell``); Excel keeps numbers and dates typed so a coach can sort them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from pgkit.cohort import cell

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_csv(headers: Sequence[str], columns: Sequence[str],
           records: Sequence[Mapping[str, object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accents (Ünal, Çelik) correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([cell(r[c]) for c in columns] for r in records)
    return out.getvalue().encode("utf-8-sig")


def _excel_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return cell(value)
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    return value


def to_xlsx(headers: Sequence[str], columns: Sequence[str],
            records: Sequence[Mapping[str, object]], sheet: str = "Dashboard") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(list(headers))
    for r in records:
        ws.append([_excel_value(r[c]) for c in columns])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(header) + 2)
        for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(row[0].value, dt.datetime):
                row[0].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
