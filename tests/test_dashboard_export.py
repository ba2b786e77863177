"""The export files hold exactly the given columns and rows, typed where Excel can sort."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from pgkit.dashboard_export import to_csv, to_xlsx

HEADERS = ["Naam", "Vastgelopen", "Laatst actief", "Gem. quizscore (%)"]
COLUMNS = ["naam", "vastgelopen", "laatste_activiteit", "gem_quizscore"]
RECORDS = [
    {"naam": "Ünal Janssen-Çelik", "vastgelopen": True, "organisatie": "verborgen",
     "laatste_activiteit": dt.datetime(2026, 11, 2, 14, 5), "gem_quizscore": 86.7},
    {"naam": "Zoë d'Hondt, jr.", "vastgelopen": False, "organisatie": "verborgen",
     "laatste_activiteit": None, "gem_quizscore": None},
]


def test_csv_has_the_shown_columns_only() -> None:
    data = to_csv(HEADERS, COLUMNS, RECORDS)
    assert data.startswith("\ufeff".encode())  # Excel reads the accents right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [HEADERS, ["Ünal Janssen-Çelik", "ja", "02-11-2026", "86,7"],
                    ["Zoë d'Hondt, jr.", "nee", "", ""]]
    assert "verborgen" not in data.decode("utf-8-sig")


def test_xlsx_keeps_numbers_and_dates_typed(tmp_path) -> None:
    """Dates stay dates, in Amsterdam time (the store's 14:05 UTC is 15:05 in November)."""
    path = tmp_path / "x.xlsx"
    path.write_bytes(to_xlsx(HEADERS, COLUMNS, RECORDS))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows == [tuple(HEADERS),
                    ("Ünal Janssen-Çelik", "ja", dt.datetime(2026, 11, 2, 15, 5), 86.7),
                    ("Zoë d'Hondt, jr.", "nee", None, None)]


def test_overview_files_hold_counts_and_percentages_as_numbers(tmp_path) -> None:
    """Not "20 (100%)" as text: a count column and a percentage column, both numbers."""
    from pgkit import cohort as C
    from pgkit.curriculum import PATH_STEPS

    steps = (20, 11) + (0,) * (len(PATH_STEPS) - 2)
    summary = C.CohortSummary("Venlo 1", "Noord-Limburg", "Cora", 20, steps, 3)
    headers, columns, records = C.overview_export([summary])
    first = C.column_label(PATH_STEPS[0])
    assert headers[4:6] == [first, f"{first} (%)"]
    path = tmp_path / "overzicht.xlsx"
    path.write_bytes(to_xlsx(headers, columns, records))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == tuple(headers)
    assert rows[1][:8] == ("Venlo 1", "Noord-Limburg", "Cora", 20, 20, 100.0, 11, 55.0)
    text = to_csv(headers, columns, records).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("Venlo 1;Noord-Limburg;Cora;20;20;100,0;11;55,0;")


def test_counts_in_running_text_get_the_dutch_thousands_point() -> None:
    from pgkit.export_format import dutch_int, number

    assert [dutch_int(n) for n in (7, 1000, 131072, 1234567)] == ["7", "1.000", "131.072",
                                                                  "1.234.567"]
    assert number(1234.5) == "1234,5"  # table cells keep no thousands point


def test_a_late_utc_time_is_shown_on_its_amsterdam_day() -> None:
    """23:30 UTC on 1 December is already 2 December in Limburg; never an ISO date."""
    from pgkit.export_format import display

    assert display(dt.datetime(2026, 12, 1, 23, 30)) == "02-12-2026"
    assert display(dt.date(2026, 12, 2)) == "02-12-2026"
