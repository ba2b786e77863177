"""CSV and Excel files of a dashboard table: exactly the columns and rows on screen.

The cells go through ``pgkit.export_format``: ``;`` and a decimal comma in the CSV, typed
numbers and dates in Excel, and no text that a spreadsheet could run as a formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pgkit import export_format
from pgkit.export_format import CSV_MIME, XLSX_MIME

__all__ = ["CSV_MIME", "XLSX_MIME", "to_csv", "to_xlsx"]


def _rows(columns: Sequence[str], records: Sequence[Mapping[str, object]]) -> list[list]:
    return [[r[c] for c in columns] for r in records]


def to_csv(headers: Sequence[str], columns: Sequence[str],
           records: Sequence[Mapping[str, object]]) -> bytes:
    return export_format.to_csv(headers, _rows(columns, records))


def to_xlsx(headers: Sequence[str], columns: Sequence[str],
            records: Sequence[Mapping[str, object]], sheet: str = "Dashboard") -> bytes:
    percent = [i for i, h in enumerate(headers) if h.endswith("(%)")]
    return export_format.to_xlsx(headers, _rows(columns, records), sheet=sheet,
                                 percent_columns=percent)
