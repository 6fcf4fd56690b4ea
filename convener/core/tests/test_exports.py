import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from convener.core.exports import (
    FORMULA_PREFIXES,
    export_response,
    neutralise,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize("dangerous", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_like_text_is_made_literal(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


def test_plain_values_pass_through():
    assert neutralise("María") == "María"
    assert neutralise(-5) == -5
    assert neutralise(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert neutralise(None) is None


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text):
    cell = neutralise(text)
    assert isinstance(cell, str)
    assert not cell.startswith(FORMULA_PREFIXES)


def test_csv_is_utf8_with_bom_and_neutralised():
    body = write_csv(["name", "note"], [["José", '=HYPERLINK("x")']])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["name", "note"], ["José", '\'=HYPERLINK("x")']]


def test_xlsx_cells_are_neutralised():
    body = write_xlsx([("People", ["name"], [["@evil"], ["Ana"]])])
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet["A"]] == ["name", "'@evil", "Ana"]


def test_export_response_is_a_download_that_is_not_cached():
    response = export_response(filename="people", fmt="csv", header=["a"], rows=[["1"]])
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Cache-Control"] == "no-store"
    with pytest.raises(ValueError, match="Unknown export format"):
        export_response(filename="x", fmt="pdf", header=[], rows=[])
