"""Exports opened in the real program: LibreOffice Calc, headless, under its default settings.

Every CSV and XLSX export kind is downloaded through its view with text that spreadsheets read
as formulas or split into columns, converted to ODS by ``soffice`` and read back cell by cell.
Each cell must show exactly the text we wrote (CSV: with the guard's apostrophe; XLSX: the
exact value), stay in its column, and no cell may be a formula.

Like the browser tests, these are mandatory when CI=true (``make test`` installs Debian's
``libreoffice-calc-nogui``); locally, without LibreOffice, they are skipped with a message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from convener.consensus import services as consensus
from convener.consensus.tests.helpers import proposal
from convener.core.exports import neutralise
from convener.live.tests.pages_helpers import build_every_kind, vote_on_everything
from convener.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

# Calc's Text Import dialog on first run: UTF-8, separated by comma, semicolon and tab, quote ",
# "Evaluate formulas" off. And the scripted default with comma only and formulas evaluated.
GUI_DEFAULTS = "CSV:44/59/9,34,76,1,,1033,false,false,false,false,false,-1,false"
EVALUATING = "CSV:44,34,76,1"
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+34 600 123 456",
    "-2+3 Decisión sobre niños",
    "@SUM(1,1)",
    "\uff1d1+1",
    "q01=leading; q02=top_down",
    "uno\tdos; tres",
    "a, b; «c» — ¿d?",
]
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        message = "LibreOffice not found: install it with `apt-get install libreoffice-calc-nogui`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Spreadsheet interop tests are mandatory in CI.")
        pytest.skip(message)
    return found


def convert(soffice: str, files: list[Path], out: Path, infilter: str | None) -> list[Path]:
    """Convert ``files`` to ODS with LibreOffice; return the ODS paths in the same order."""
    command = [soffice, f"-env:UserInstallation=file://{out}/profile", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "ods", "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return [out / (f.stem + ".ods") for f in files]


def _cell_text(cell: ET.Element) -> str:
    def walk(node: ET.Element) -> str:
        parts = [node.text or ""]
        for child in node:
            if child.tag == _q("text", "s"):
                parts.append(" " * int(child.get(_q("text", "c"), "1")))
            elif child.tag == _q("text", "tab"):
                parts.append("\t")
            elif child.tag == _q("text", "line-break"):
                parts.append("\n")
            else:
                parts.append(walk(child))
            parts.append(child.tail or "")
        return "".join(parts)

    return "\n".join(walk(p) for p in cell.findall("text:p", NS))


def read_ods(path: Path) -> list[list[dict[str, Any]]]:
    """Return the first sheet's rows: each cell's shown text, value, type and formula."""
    # LibreOffice wrote this file from our own test data; nothing untrusted is parsed here.
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))  # noqa: S314
    table = root.find(".//table:table", NS)
    assert table is not None
    rows = []
    for row in table.iter(_q("table", "table-row")):
        cells: list[dict[str, Any]] = []
        for cell in row:
            if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            kind = cell.get(_q("office", "value-type"), "")
            value = cell.get(_q("office", "date-value")) or cell.get(_q("office", "value"))
            info = {
                "text": _cell_text(cell),
                "type": kind,
                "value": value,
                "formula": cell.get(_q("table", "formula")),
            }
            repeat = int(cell.get(_q("table", "number-columns-repeated"), "1"))
            cells += [info] * min(repeat, 64)
        while cells and not cells[-1]["text"] and not cells[-1]["type"]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _matches(cell: dict[str, Any], expected: Any) -> bool:
    """Return whether a cell LibreOffice read shows the value we wrote."""
    if cell["type"] in ("", "string"):
        return cell["text"] == str(expected) or (expected in ("", None) and cell["text"] == "")
    if cell["type"] == "boolean":
        return str(expected).lower() in ("true", "false", "1", "0")
    if cell["type"] in ("date", "time"):
        shown = str(cell["value"]).replace("T", " ")
        return str(expected).replace("T", " ").startswith(shown[:10])
    return float(cell["value"]) == float(expected)


def check(ods: Path, expected: list[list[Any]], *, label: str) -> None:
    rows = read_ods(ods)
    assert len(rows) == len(expected), f"{label}: {len(rows)} rows, wrote {len(expected)}"
    width = len(expected[0])
    for r, (got, want) in enumerate(zip(rows, expected, strict=True)):
        assert len(got) <= width, f"{label} row {r + 1}: spilled into {len(got)} columns"
        got = got + [{"text": "", "type": "", "value": None, "formula": None}] * (width - len(got))
        for c, (cell, value) in enumerate(zip(got, want, strict=True)):
            allowed = isinstance(value, bool) and cell["formula"] in ("of:=TRUE()", "of:=FALSE()")
            assert cell["formula"] is None or allowed, f"{label} {r + 1}:{c + 1} is a formula"
            assert _matches(cell, value), f"{label} {r + 1}:{c + 1}: {cell!r} != {value!r}"


def _csv_expected(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _xlsx_expected(body: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def downloads(cast: Any) -> dict[str, bytes]:
    """Download every spreadsheet export kind, in CSV and XLSX, full of awkward text."""
    slug = cast.initiative.slug
    people = []
    for i, payload in enumerate(PAYLOADS):
        people.append(
            Stakeholder.objects.create(
                initiative=cast.initiative,
                name=payload,
                position=PAYLOADS[-1 - i],
                notes=payload,
                what_they_might_do="Invite families; co-host listening.\nSecond line",
                phone="+34 600 123 456",
            )
        )
    made = proposal(cast.initiative, title=PAYLOADS[2])
    consensus.record_decision(
        proposal=made, actor=None, outcome="adopted", statement=PAYLOADS[0],
        decided_on=dt.date(2026, 3, 2), decided_by=PAYLOADS[3],
    )  # fmt: skip
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    vote_on_everything(session, items)
    client = cast.client("convener")
    files: dict[str, bytes] = {}
    for fmt in ("csv", "xlsx"):
        files[f"registry.{fmt}"] = client.get(
            reverse("stakeholders:export", args=[slug]), {"format": fmt}
        ).content
        files[f"bulk.{fmt}"] = client.post(
            reverse("stakeholders:bulk", args=[slug]),
            {"action": "export", "ids": [p.pk for p in people], "format": fmt},
        ).content
        files[f"decisions.{fmt}"] = client.get(
            reverse("consensus:decision_log_export", args=[slug]), {"fmt": fmt}
        ).content
        files[f"live.{fmt}"] = client.get(
            reverse("live:export", args=[slug, session.pk]), {"format": fmt}
        ).content
    return files


def test_csv_exports_keep_every_cell_in_its_column_as_text(soffice, downloads, tmp_path):
    paths = []
    for name, body in downloads.items():
        if name.endswith(".csv"):
            assert body.startswith(b"\xef\xbb\xbf"), name
            paths.append(tmp_path / name)
            paths[-1].write_bytes(body)
    for setting, infilter in (("gui", GUI_DEFAULTS), ("evaluating", EVALUATING)):
        out = tmp_path / setting
        for path, ods in zip(paths, convert(soffice, paths, out, infilter), strict=True):
            check(ods, _csv_expected(path.read_bytes()), label=f"{path.name} ({setting})")
    registry = read_ods(tmp_path / "gui" / "registry.ods")
    names = [row[0]["text"] for row in registry[1:]]
    assert neutralise(PAYLOADS[0]) in names  # the guard's apostrophe, in CSV only
    assert "'\uff1d1+1" in names


def test_xlsx_exports_show_the_exact_text_and_no_formula(soffice, downloads, tmp_path):
    paths = []
    for name, body in downloads.items():
        if name.endswith(".xlsx"):
            paths.append(tmp_path / name)
            paths[-1].write_bytes(body)
    out = tmp_path / "xlsx"
    for path, ods in zip(paths, convert(soffice, paths, out, None), strict=True):
        check(ods, _xlsx_expected(path.read_bytes()), label=path.name)
    registry = read_ods(out / "registry.ods")
    assert sorted(row[0]["text"] for row in registry[1:]) == sorted(PAYLOADS)


def test_bulk_and_registry_exports_agree(downloads):
    for fmt in ("csv", "xlsx"):
        read = _csv_expected if fmt == "csv" else _xlsx_expected
        bulk, registry = read(downloads[f"bulk.{fmt}"]), read(downloads[f"registry.{fmt}"])
        assert bulk[0] == registry[0]
        assert sorted(map(str, bulk[1:])) == sorted(map(str, registry[1:]))
