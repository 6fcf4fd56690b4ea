import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from convener.core.exports import (
    DANGEROUS_PREFIXES,
    export_response,
    neutralise,
    unneutralise,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize(
    "dangerous",
    ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx", "\nx", "\0x", " =1+1", "\u00a0+1", "\u2000=1"],
)
def test_formula_like_text_is_made_literal(dangerous):
    assert neutralise(dangerous) == "'" + dangerous
    assert unneutralise("'" + dangerous) == dangerous


@pytest.mark.parametrize(
    "lookalike", ["\uff1d1+1", "\uff0b1", "\uff0d2", "\uff20SUM(1)", "\ufe661"]
)
def test_full_width_and_small_form_lookalikes_are_made_literal(lookalike):
    assert neutralise(lookalike) == "'" + lookalike


def test_an_apostrophe_the_guard_did_not_add_is_kept():
    assert unneutralise("'tis") == "'tis"


def test_plain_values_pass_through():
    assert neutralise("María") == "María"
    assert neutralise(-5) == -5
    assert neutralise(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert neutralise(None) is None


@given(st.text())
def test_no_text_cell_ever_starts_a_formula(text):
    cell = neutralise(text)
    assert isinstance(cell, str)
    assert not cell.lstrip().startswith(DANGEROUS_PREFIXES)
    assert unneutralise(cell) == text


def test_csv_is_utf8_with_bom_crlf_every_field_quoted_and_neutralised():
    body = write_csv(
        ["name", "note", "n"], [["José", '=HYPERLINK("x")', 3], ["a; b\tc", None, 1.5]]
    )
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.split("\r\n") == [
        '"name","note","n"',
        '"José","\'=HYPERLINK(""x"")","3"',
        '"a; b\tc","","1.5"',
        "",
    ]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["José", '\'=HYPERLINK("x")', "3"]


def test_xlsx_text_cells_are_typed_text_kept_exact():
    body = write_xlsx([("People", ["name"], [["@evil"], ["=1+1"], ["Ana"], [4]])])
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet["A"]] == ["name", "@evil", "=1+1", "Ana", 4]
    assert [c.data_type for c in sheet["A"]] == ["s", "s", "s", "s", "n"]


def test_export_response_is_a_download_that_is_not_cached():
    response = export_response(filename="people", fmt="csv", header=["a"], rows=[["1"]])
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Cache-Control"] == "no-store"
    with pytest.raises(ValueError, match="Unknown export format"):
        export_response(filename="x", fmt="pdf", header=[], rows=[])
