"""Exports: aggregates and anonymised responses, CSV and XLSX, neutralised, audited."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from convener.initiatives.models import AuditEntry, Perspective
from convener.measuring.models import Response
from convener.measuring.tests.results_data import make_round, sample_answers
from convener.stakeholders.models import Stakeholder


def _export(cast, rnd, query: str):
    url = reverse("measuring:results_export", args=[cast.initiative.slug, rnd.pk])
    return cast.client("viewer").get(url + query)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_aggregates_as_csv(cast):
    rnd = make_round(cast.initiative, sample_answers())
    response = _export(cast, rnd, "?format=csv&what=aggregates")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    header, *rows = _rows(response)
    assert header[:6] == ["row_key", "row", "group", "suppressed", "n", "not_sure"]
    consensus = next(r for r in rows if r[0] == "coalescing.consensus")
    assert consensus[4] == "12"
    assert consensus[5] == "1"
    assert "percent_informing" in header


def test_aggregates_by_perspective_leave_suppressed_groups_blank(cast):
    rnd = make_round(cast.initiative, sample_answers())
    _header, *rows = _rows(_export(cast, rnd, "?format=csv&what=aggregates&by=perspective"))
    school = next(r for r in rows if r[2] == "School district")
    assert school[3] == "True"
    assert set(school[4:]) == {""}


def test_responses_are_anonymised_and_numbered(cast):
    rnd = make_round(cast.initiative, sample_answers())
    stakeholder = Stakeholder.objects.create(
        initiative=cast.initiative, name="Rosa Secret", email="rosa.secret@example.org"
    )
    Response.objects.filter(round=rnd).update(stakeholder=stakeholder)
    response = _export(cast, rnd, "?format=csv&what=responses")
    text = response.content.decode("utf-8-sig")
    assert "Rosa" not in text
    assert "rosa.secret" not in text
    header, *rows = _rows(response)
    assert header == [
        "response",
        "perspective",
        "circle",
        "coalescing.diversity",
        "coalescing.data",
        "coalescing.consensus",
    ]
    assert [r[0] for r in rows] == [str(i) for i in range(1, 14)]
    # Two school-district respondents are fewer than the threshold: their group is coarsened.
    assert sum(1 for r in rows if r[1] == "small group") == 2
    assert sum(1 for r in rows if r[1] == "Family/Youth") == 6


def test_formula_like_text_is_neutralised(cast):
    Perspective.objects.filter(initiative=cast.initiative, key="family_youth").update(
        label='=HYPERLINK("http://evil.example","x")'
    )
    rnd = make_round(cast.initiative, sample_answers())
    rows = _rows(_export(cast, rnd, "?format=csv&what=responses"))
    assert any(r[1].startswith("'=HYPERLINK") for r in rows[1:])
    rows = _rows(_export(cast, rnd, "?format=csv&what=aggregates&by=perspective"))
    assert any(r[2].startswith("'=HYPERLINK") for r in rows[1:])


def test_xlsx_export(cast):
    rnd = make_round(cast.initiative, sample_answers())
    response = _export(cast, rnd, "?format=xlsx&what=responses")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "response"
    assert len(values) == 14


def test_every_export_is_audited_without_personal_data(cast):
    rnd = make_round(cast.initiative, sample_answers())
    response = _export(cast, rnd, "?format=xlsx&what=aggregates")
    entry = AuditEntry.objects.get(initiative=cast.initiative, action="export")
    assert (entry.target_type, entry.target_id) == ("round", rnd.pk)
    assert entry.actor == cast.users["viewer"]
    assert entry.detail == f"aggregates as xlsx, {len(response.content)} bytes"


def test_exports_of_another_initiative_are_404(cast):
    rnd = make_round(cast.other, sample_answers())
    assert _export(cast, rnd, "").status_code == 404
