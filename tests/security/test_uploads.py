"""Class: every upload has a budget (issue 15, findings 3 and 8).

The bombs of the security review are fed to the real readers; each is refused with a message
naming the limit, without a 500, and (in a fresh process) within +100 MB of peak memory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from bench.upload_bombs import BOUND_MB, MB, feed, nested_json, workbook
from convener.archive.importing import ImportProblem, parse_document
from convener.core import uploads
from convener.stakeholders.models import ImportBatch
from convener.stakeholders.tabular import TabularError, read_table


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked_within_the_memory_bound():
    """Finding 3: 300 MB of shared strings in a 300 KB file (was +570 MB, accepted)."""
    result = feed(workbook(shared_bytes=300 * MB), "xlsx")
    assert str(result["outcome"]).startswith("refused: The workbook would take more than 16 MB")
    assert float(result["mb"]) < BOUND_MB


@pytest.mark.parametrize(
    ("data", "limit"),
    [
        (workbook(shared_bytes=uploads.XLSX_MAX_SHARED_STRINGS_BYTES + 1), "16 MB"),
        (workbook(rows=600_000), "24 MB"),
    ],
)
def test_workbooks_over_budget_name_the_limit(data, limit):
    with pytest.raises(TabularError, match=limit):
        read_table(data, fmt="xlsx")


def test_a_workbook_within_budget_still_reads():
    table = read_table(workbook(shared_bytes=1000, rows=2000), fmt="xlsx")
    assert table.header == ["Name"]
    assert len(table.rows) == 2000


def test_text_in_a_number_cell_is_a_clear_error_not_a_crash():
    """Finding 8: the ValueError raised while reading rows (was a 500)."""
    data = workbook(sheet_rows='<row r="2"><c r="A2"><v>abc</v></c></row>')
    with pytest.raises(TabularError, match="Row 2 of the workbook could not be read"):
        read_table(data, fmt="xlsx")


@pytest.mark.django_db
def test_the_registry_import_page_shows_the_budget_message(cast):
    data = workbook(sheet_rows='<row r="2"><c r="A2"><v>abc</v></c></row>')
    upload = _upload("people.xlsx", data)
    response = cast.client("member").post(
        reverse("stakeholders:import", args=[cast.initiative.slug]), {"file": upload}
    )
    assert response.status_code in (200, 400, 422)
    assert "could not be read" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    "data", [nested_json(100_000), nested_json(5_000, inside_record=True), nested_json(65)]
)
def test_deeply_nested_archives_are_refused_with_the_limit(data):
    """Finding 8: RecursionError (was a 500) and any depth past the budget."""
    with pytest.raises(ImportProblem, match="more than 64 levels deep"):
        parse_document(data)


def test_an_archive_within_the_depth_budget_parses():
    assert parse_document(nested_json(40))["format"] == "convener-initiative"


@pytest.mark.django_db
def test_the_archive_import_page_refuses_a_deep_file_with_the_reason(cast):
    upload = _upload("deep.json", nested_json(100_000))
    response = cast.client("owner").post(
        reverse("archive:import", args=[cast.initiative.slug]), {"file": upload}
    )
    assert response.status_code in (200, 400, 422)
    assert "levels deep" in response.content.decode()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_budgets_are_the_documented_ones():
    text = Path("docs/security.md").read_text(encoding="utf-8")
    for name in (
        "XLSX_MAX_PARTS",
        "XLSX_MAX_PART_BYTES",
        "XLSX_MAX_SHARED_STRINGS_BYTES",
        "XLSX_MAX_TOTAL_BYTES",
        "JSON_MAX_DEPTH",
    ):
        assert name in text, name
    assert json.dumps(uploads.JSON_MAX_DEPTH) in text
