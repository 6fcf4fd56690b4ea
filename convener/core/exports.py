"""The one safe writer for every CSV and XLSX export.

Spreadsheet programs run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula ("CSV injection"). Every text cell that starts with one of those gets a leading
apostrophe, which spreadsheets show as plain text. Numbers, dates and booleans are written as
they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | Decimal | bool | dt.date | dt.datetime | None


def neutralise(value: Any) -> Cell:
    """Return ``value`` safe for a spreadsheet cell: formula-like text is made literal."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # spreadsheets have no time zones; keep wall time
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterable[list[Cell]]:
    for row in rows:
        yield [neutralise(value) for value in row]


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return UTF-8 CSV (with a byte-order mark, so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in safe_rows(rows):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Return an XLSX workbook with one sheet per (title, header, rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31] or "Sheet")
        sheet.append([neutralise(h) for h in header])
        for row in safe_rows(rows):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *,
    filename: str,
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet: str = "Data",
) -> HttpResponse:
    """Return a download of ``rows`` as ``fmt`` ("csv" or "xlsx") through the safe writer."""
    if fmt == "xlsx":
        body, content_type, ext = write_xlsx([(sheet, header, rows)]), XLSX_CONTENT_TYPE, "xlsx"
    elif fmt == "csv":
        body, content_type, ext = write_csv(header, rows), CSV_CONTENT_TYPE, "csv"
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    response["Cache-Control"] = "no-store"
    return response
