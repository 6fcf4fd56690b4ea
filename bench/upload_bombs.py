"""Upload bombs against their budgets: time and peak memory of refusing each (target +100 MB).

Each bomb is fed to the real reader in a fresh Python process, which reports its peak resident
memory (``ru_maxrss``) before and after; the difference is what the upload cost. The bombs are
the ones of the December 2026 security review: an ``.xlsx`` whose shared strings expand to
300 MB and to 1 GB, a million-row ``.xlsx`` sheet, and JSON archives nested 100,000 and 5,000
levels deep. See docs/security.md for the budgets.

Run: ``.venv/bin/python -m bench.upload_bombs`` (exits 1 if a bomb is accepted or costs more than
the bound).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BOUND_MB = 100
MB = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
_NAME_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'


def workbook(*, shared_bytes: int = 0, rows: int = 0, sheet_rows: str = "") -> bytes:
    """Return an .xlsx file: ``shared_bytes`` of one shared string, ``rows`` repeated rows."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.')
            part.write(b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">')
            part.write(b"<si><t>")
            chunk = b"A" * MB
            left = shared_bytes
            while left > 0:
                part.write(chunk[: min(left, MB)])
                left -= MB
            part.write(b"</t></si></sst>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write((_SHEET_HEAD + _NAME_ROW + sheet_rows).encode())
            row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
            block = row * 1000
            for _ in range(rows // 1000):
                part.write(block)
            part.write(_SHEET_TAIL.encode())
    return out.getvalue()


def nested_json(depth: int, *, inside_record: bool = False) -> bytes:
    """Return an export envelope whose records nest ``depth`` levels of arrays."""
    body = "[" * depth + "]" * depth
    if inside_record:
        body = '[{"model":"x","key":"x:1","fields":{"a":' + body + "}}]"
    return (
        '{"format":"convener-initiative","version":1,"users":[],"records":' + body + "}"
    ).encode()


CHILD = """
import json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convener.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()
from convener.archive.importing import ImportProblem, parse_document
from convener.stakeholders.tabular import TabularError, read_table
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    if sys.argv[2] == "xlsx":
        read_table(data, fmt="xlsx")
    else:
        parse_document(data)
    outcome = "accepted"
except (TabularError, ImportProblem) as exc:
    outcome = "refused: " + str(exc)
took = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "ms": took * 1000, "mb": (after - before) / 1024}))
"""


def feed(data: bytes, kind: str) -> dict[str, object]:
    """Feed ``data`` to the real reader in a fresh process; return outcome, ms and +MB."""
    with tempfile.NamedTemporaryFile(suffix=f".{kind}", delete=False) as handle:
        handle.write(data)
    try:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", CHILD, handle.name, kind],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=300,
        )
    finally:
        os.unlink(handle.name)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bombs() -> list[tuple[str, bytes, str]]:
    return [
        ("xlsx shared strings 300 MB", workbook(shared_bytes=300 * MB), "xlsx"),
        ("xlsx shared strings 1 GB", workbook(shared_bytes=1024 * MB), "xlsx"),
        ("xlsx 1,000,000 rows", workbook(rows=1_000_000), "xlsx"),
        (
            "xlsx text in a number cell",
            workbook(sheet_rows='<row r="2"><c r="A2"><v>abc</v></c></row>'),
            "xlsx",
        ),
        ("json 100,000 levels", nested_json(100_000), "json"),
        ("json 5,000 levels in a record", nested_json(5_000, inside_record=True), "json"),
    ]


def main() -> None:
    failed = False
    print(f"Upload bombs (bound +{BOUND_MB} MB peak RSS each)")
    for label, data, kind in bombs():
        result = feed(data, kind)
        accepted = result["outcome"] == "accepted"
        over = float(result["mb"]) > BOUND_MB  # type: ignore[arg-type]
        failed = failed or accepted or over
        print(
            f"  {label:34} {len(data) / 1024:8.0f} KB  {float(result['ms']):8.1f} ms  "  # type: ignore[arg-type]
            f"+{float(result['mb']):6.1f} MB  {str(result['outcome'])[:70]}"  # type: ignore[arg-type]
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
