"""The one safe writer for every CSV and XLSX export.

CSV follows OWASP's advice on CSV (formula) injection: every field is wrapped in double quotes
(so LibreOffice's default import, which also splits on ``;`` and tab, keeps each field in its
column), embedded quotes are doubled, and a text field that a spreadsheet could read as a
formula gets a leading apostrophe. "Could read as a formula" means its first character after
any leading blanks is =, +, -, @, a tab, CR, LF or NUL, or a full-width or small-form
look-alike of =, +, - or @ (U+FF1D, U+FF0B, U+FF0D, U+FF20, U+FE66, U+FE62, U+FE63, U+FE6B),
which some spreadsheet programs fold into the ASCII sign. Files are UTF-8 with a byte-order
mark and CRLF line ends.

XLSX cells are typed: text is written as a string cell, which a spreadsheet never evaluates,
so it keeps its exact value with no apostrophe. Numbers, dates and booleans are written as they
are in both formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# Full-width and small-form look-alikes of the formula signs.
LOOKALIKE_PREFIXES = (
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\ufe66",
    "\ufe62",
    "\ufe63",
    "\ufe6b",
)
DANGEROUS_PREFIXES = FORMULA_PREFIXES + LOOKALIKE_PREFIXES
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | Decimal | bool | dt.date | dt.datetime | None


def looks_like_formula(text: str) -> bool:
    """Return whether a spreadsheet could read ``text`` as a formula (see the module doc)."""
    return text.startswith(FORMULA_PREFIXES) or text.lstrip().startswith(DANGEROUS_PREFIXES)


def plain(value: Any) -> Cell:
    """Return ``value`` as a spreadsheet cell value, text unchanged."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # spreadsheets have no time zones; keep wall time
        return value
    return str(value)


def neutralise(value: Any) -> Cell:
    """Return ``value`` safe for a CSV field: formula-like text gets a leading apostrophe."""
    cell = plain(value)
    if isinstance(cell, str) and looks_like_formula(cell):
        return "'" + cell
    return cell


def unneutralise(text: str) -> str:
    """Return ``text`` without the apostrophe :func:`neutralise` put before a formula-like text."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterable[list[Cell]]:
    for row in rows:
        yield [neutralise(value) for value in row]


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return UTF-8 CSV with a byte-order mark, CRLF line ends and every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(h) for h in header])
    for row in safe_rows(rows):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=plain(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # typed text: never a formula, whatever it starts with
    return cell


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Return an XLSX workbook with one sheet per (title, header, rows); text cells typed."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31] or "Sheet")
        sheet.append([_xlsx_cell(sheet, h) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
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
