"""Budgets for uploaded files, checked before (or while) they are parsed.

A small upload can stand for a huge amount of work: an ``.xlsx`` workbook is a zip archive whose
parts may expand a thousandfold, and JSON may nest deeper than the parser's stack. Every upload
has a budget here, and a file over it is refused with a message that names the limit:

- spreadsheets (the registry import): at most ``XLSX_MAX_PARTS`` zip parts, at most
  ``XLSX_MAX_PART_BYTES`` for any one part once decompressed, ``XLSX_MAX_SHARED_STRINGS_BYTES``
  for the shared-strings part (openpyxl loads it whole), and ``XLSX_MAX_TOTAL_BYTES`` in all;
  rows and columns are bounded by the reader itself (``stakeholders.tabular``);
- JSON documents (the archive import): nesting at most ``JSON_MAX_DEPTH`` levels.

The sizes in a zip's central directory are the ones Python's ``zipfile`` enforces while
decompressing (it stops at the declared size and then checks the CRC), so checking them is
enough: a part that lies about its size cannot be read past it. docs/security.md lists these
budgets with the bench that measures memory under the bombs.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

MB = 1024 * 1024
XLSX_MAX_PARTS = 1000
XLSX_MAX_PART_BYTES = 24 * MB
XLSX_MAX_SHARED_STRINGS_BYTES = 16 * MB
XLSX_MAX_TOTAL_BYTES = 48 * MB
JSON_MAX_DEPTH = 64


class OverBudget(ValueError):
    """An upload exceeds its budget; the message names the limit and is fit to show."""


def check_xlsx_budget(data: bytes) -> None:
    """Refuse a workbook whose parts would decompress past the budget (read nothing else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise OverBudget(_("The file could not be read as an Excel workbook.")) from exc
    if len(parts) > XLSX_MAX_PARTS:
        raise OverBudget(
            _("The workbook has more than %(n)s parts; save it again as a plain workbook.")
            % {"n": XLSX_MAX_PARTS}
        )
    total = 0
    for part in parts:
        limit = (
            XLSX_MAX_SHARED_STRINGS_BYTES
            if part.filename.lower().endswith("sharedstrings.xml")
            else XLSX_MAX_PART_BYTES
        )
        if part.file_size > limit:
            raise OverBudget(
                _(
                    "The workbook would take more than %(mb)s MB once unpacked (%(part)s); "
                    "import fewer rows at a time or save it as CSV."
                )
                % {"mb": limit // MB, "part": part.filename[:80]}
            )
        total += part.file_size
    if total > XLSX_MAX_TOTAL_BYTES:
        raise OverBudget(
            _(
                "The workbook would take more than %(mb)s MB once unpacked; import fewer rows "
                "at a time or save it as CSV."
            )
            % {"mb": XLSX_MAX_TOTAL_BYTES // MB}
        )


def check_json_depth(document: Any, limit: int = JSON_MAX_DEPTH) -> None:
    """Refuse parsed JSON nested deeper than ``limit`` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise OverBudget(too_deep(limit))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def too_deep(limit: int = JSON_MAX_DEPTH) -> str:
    """Return the message for JSON nested past ``limit`` levels."""
    return _("The file nests data more than %(n)s levels deep.") % {"n": limit}
