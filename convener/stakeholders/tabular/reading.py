"""Read CSV or XLSX bytes into a header and rows of text, within fixed limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from convener.core.exports import unneutralise
from convener.core.uploads import OverBudget, check_xlsx_budget

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 200


class TabularError(ValueError):
    """The file cannot be read as a table."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]  # every row has exactly len(header) cells
    format: str  # "csv" or "xlsx"


def detect_format(data: bytes, filename: str = "") -> str:
    """Return "xlsx" for a zip container (what an .xlsx file is), else "csv"."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 with or without a byte-order mark, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's "CSV" export on Windows writes the ANSI code page; a few bytes are
        # undefined there, and Latin-1 reads those as the nearest control character.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """Return the delimiter (comma, semicolon or tab) that splits the header line most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv(data: bytes) -> Table:
    """Parse CSV bytes into a table, detecting the encoding and the delimiter."""
    text = decode_text(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        raw = [row for row in reader]
    except csv.Error as exc:
        raise TabularError(_("The file could not be read as CSV: %s") % exc) from exc
    return _table(raw, "csv")


def read_xlsx(data: bytes) -> Table:
    """Parse the first sheet of an XLSX workbook into a table of text cells."""
    from openpyxl import load_workbook

    try:
        check_xlsx_budget(data)  # before openpyxl unpacks anything (shared strings load whole)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except OverBudget as exc:
        raise TabularError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TabularError(_("The file could not be read as an Excel workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        raw = []
        # Read row by row and stop early: a small compressed file can hold millions of rows.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            raw.append([_cell_text(v) for v in row])
            if len(raw) > MAX_ROWS + 1:
                raise TabularError(_too_many_rows())
    except TabularError:
        raise
    except Exception as exc:  # a damaged cell (text in a number cell) surfaces only here
        raise TabularError(
            _("Row %(n)s of the workbook could not be read.") % {"n": len(raw) + 1}
        ) from exc
    finally:
        workbook.close()
    return _table(raw, "xlsx")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _too_many_rows() -> str:
    return _("The file has more than %d rows; import at most that many at a time.") % MAX_ROWS


def _table(raw: list[list[str]], fmt: str) -> Table:
    # Our CSV exports prefix formula-like text with an apostrophe (core.exports.neutralise);
    # drop it so that an exported file imports back as it was. Exports add it again.
    rows = [[unneutralise(cell.strip()) for cell in row] for row in raw]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise TabularError(_("The file is empty: the first row should hold the column names."))
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    if len(body) > MAX_ROWS:
        raise TabularError(_too_many_rows())
    return Table(header=header, rows=body, format=fmt)


def read_table(data: bytes, *, filename: str = "", fmt: str = "") -> Table:
    """Parse CSV or XLSX bytes (``fmt`` "csv", "xlsx", or "" to detect) into a table."""
    if len(data) > MAX_BYTES:
        raise TabularError(_("The file is larger than 10 MB."))
    fmt = fmt or detect_format(data, filename)
    return read_xlsx(data) if fmt == "xlsx" else read_csv(data)


def rows_from_records(records: Sequence[Mapping[str, object]]) -> tuple[list[str], list[list[str]]]:
    """Turn ``[{column: value}]`` (the API's shape) into a header and rows of text."""
    header: list[str] = []
    for record in records:
        header.extend(str(k) for k in record if str(k) not in header)
    rows = [[_cell_text(record.get(col)).strip() for col in header] for record in records]
    return header, rows
