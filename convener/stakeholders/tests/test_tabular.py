"""Reading and checking spreadsheets: pure functions, no database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from convener.core.exports import write_csv, write_xlsx
from convener.stakeholders import tabular
from convener.stakeholders.tabular import Reference, TabularError, reading


def test_reads_excel_windows_1252_export_with_accents():
    data = "name;organization;email\r\nJosé Peña;Niños Unidos;jose@example.org\r\n".encode("cp1252")
    table = tabular.read_table(data)
    assert table.header == ["name", "organization", "email"]
    assert table.rows == [["José Peña", "Niños Unidos", "jose@example.org"]]
    assert table.format == "csv"


def test_reads_utf8_with_byte_order_mark_without_mangling_the_first_header():
    data = "\ufeffName,E-mail\nAna Núñez,ana@example.org\n".encode()
    table = tabular.read_table(data)
    assert table.header == ["Name", "E-mail"]
    assert table.rows == [["Ana Núñez", "ana@example.org"]]


def test_reads_utf8_without_byte_order_mark():
    table = tabular.read_table("name\nZoë\n".encode())
    assert table.rows == [["Zoë"]]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a,b,c\n1,2,3", ","), ("a;b;c\n1;2;3", ";"), ("a\tb\tc\n1\t2\t3", "\t"), ("a\n1", ",")],
)
def test_detects_the_delimiter(text, delimiter):
    assert tabular.sniff_delimiter(text) == delimiter


def test_semicolon_file_keeps_commas_inside_cells():
    data = b'name;tags\n"Lee, Ann";youth, rural\n'
    table = tabular.read_table(data)
    assert table.rows == [["Lee, Ann", "youth, rural"]]


def test_short_rows_are_padded_and_blank_trailing_rows_dropped():
    table = tabular.read_table(b"name,email,phone\nAna\n,,\n\n")
    assert table.rows == [["Ana", "", ""]]


def test_an_empty_file_is_refused():
    with pytest.raises(TabularError):
        tabular.read_table(b"")


def test_reads_xlsx_with_dates_numbers_and_accents():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nombre", "Correo", "Fecha consentimiento", "Teléfono"])
    sheet.append(["José Peña", "jose@example.org", dt.datetime(2025, 3, 4), 5551234.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = tabular.read_table(buffer.getvalue(), filename="list.xlsx")
    assert table.format == "xlsx"
    assert table.header == ["Nombre", "Correo", "Fecha consentimiento", "Teléfono"]
    assert table.rows == [["José Peña", "jose@example.org", "2025-03-04", "5551234"]]
    assert tabular.guess_mapping(table.header) == ["name", "email", "consent_date", "phone"]


def test_a_damaged_xlsx_is_refused_with_a_message():
    with pytest.raises(TabularError):
        tabular.read_table(b"PK\x03\x04 not really a workbook")


def test_guesses_mapping_from_english_and_spanish_headers_ignoring_case_and_accents():
    header = ["Name", "ORGANIZACIÓN", "Internal/External", "e-mail", "Etiquetas", "Shoe size"]
    assert tabular.guess_mapping(header) == [
        "name",
        "organization",
        "side",
        "email",
        "tags",
        "",
    ]


def test_remembered_mapping_wins_and_a_field_is_never_mapped_twice():
    header = ["Who", "Name"]
    remembered = tabular.remembered_mapping(header, ["name", ""])
    assert tabular.guess_mapping(header, remembered) == ["name", ""]


def test_mapping_needs_a_name_and_no_field_twice():
    assert tabular.mapping_errors(["email"]) != []
    assert len(tabular.mapping_errors(["name", "email", "email"])) == 1
    assert tabular.mapping_errors(["name", ""]) == []


REF = Reference(
    perspectives={"family_youth": 1, "family_youth_": 1, "state_agency": 2},
    emails={"known@example.org": 10},
    names={tabular.person_key("person", "Maria Lopez", "County"): 11},
)


def _validate(header, rows, ref=REF):
    numbered = list(enumerate(rows, start=2))
    return tabular.validate_rows(header, numbered, tabular.guess_mapping(header), ref)


def test_a_good_row_becomes_typed_values():
    header = [
        "name",
        "perspective",
        "interest",
        "can_affect",
        "power",
        "stance",
        "circle",
        "consent_date",
        "tags",
        "language",
        "email",
    ]
    row = [
        "Ana",
        "Family/Youth",
        "sí",
        "no",
        "Autoridad",
        "Crítico",
        "Key Participants",
        "2025-02-01",
        "youth, rural, Youth",
        "Spanish",
        "Ana@Example.org",
    ]
    [result] = _validate(header, [row])
    assert result.ok, result.errors
    assert result.values == {
        "name": "Ana",
        "kind": "person",
        "perspective_id": 1,
        "concern_interest": True,
        "concern_can_affect": False,
        "power": "authority",
        "stance": "critic",
        "circle": "key",
        "consent_date": dt.date(2025, 2, 1),
        "tags": ["youth", "rural"],
        "preferred_language": "es",
        "email": "ana@example.org",
    }


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [
        ("email", "not-an-address", "email"),
        ("perspective", "Astronauts", "perspective"),
        ("stance", "enthusiastic", "stance"),
        ("consent_date", "31-31-2025", "consent_date"),
        ("consent_date", "03/04/2025", "consent_date"),  # ambiguous day/month
        ("interest", "maybe", "interest"),
        ("name", "", "name"),
    ],
)
def test_bad_cells_are_reported_with_their_field(column, value, field):
    header = ["name", column] if column != "name" else ["name"]
    row = ["Ana", value] if column != "name" else [value]
    [result] = _validate(header, [row])
    assert [e.column for e in result.errors] == [field]


def test_unambiguous_day_month_dates_are_read():
    assert tabular.parse_date("25/12/2024") == dt.date(2024, 12, 25)
    assert tabular.parse_date("12/25/2024") == dt.date(2024, 12, 25)


def test_duplicates_within_the_file_are_errors_naming_the_first_row():
    header = ["name", "organization", "email"]
    rows = [
        ["Ana", "", "ana@example.org"],
        ["Ana B", "", "ANA@example.org"],
        ["Luis", "Clinic", ""],
        ["luis", "clinic", ""],
    ]
    results = _validate(header, rows)
    assert [r.ok for r in results] == [True, False, True, False]
    assert "row 2" in results[1].errors[0].message
    assert "row 4" in results[3].errors[0].message


def test_rows_matching_existing_people_are_marked_as_duplicates_not_errors():
    header = ["name", "organization", "email"]
    rows = [["Someone", "", "KNOWN@example.org"], ["María López", "County", ""], ["New", "", ""]]
    results = _validate(header, rows)
    assert [(r.ok, r.duplicate_of, r.duplicate_by) for r in results] == [
        (True, 10, "email"),
        (True, 11, "name"),
        (True, None, ""),
    ]


def test_api_records_become_a_header_and_rows():
    header, rows = tabular.rows_from_records([{"name": "Ana", "email": "a@x.org"}, {"name": "B"}])
    assert header == ["name", "email"]
    assert rows == [["Ana", "a@x.org"], ["B", ""]]


def test_export_writer_neutralises_formula_cells_in_csv_and_types_them_in_xlsx():
    header = ["name", "notes"]
    rows = [['=HYPERLINK("http://evil")', "+1 555"], ["@SUM(A1)", "-2"]]
    text = write_csv(header, rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[1] == ['\'=HYPERLINK("http://evil")', "'+1 555"]
    assert parsed[2] == ["'@SUM(A1)", "'-2"]
    sheet = load_workbook(io.BytesIO(write_xlsx([("S", header, rows)]))).active
    assert sheet["A2"].value == '=HYPERLINK("http://evil")'  # typed text: never a formula
    assert sheet["A2"].data_type == "s"


def test_an_export_reads_back_as_the_same_table():
    header = ["name", "organization"]
    data = write_csv(header, [["José Peña", "Niños Unidos"]])
    table = tabular.read_table(data)
    assert table.header == header
    assert table.rows == [["José Peña", "Niños Unidos"]]


def test_neutralised_cells_from_our_exports_import_back_as_written():
    data = write_csv(["name", "phone"], [["=Ana", "-555"], ["\uff1dB", "+34 600"]])
    assert tabular.read_table(data).rows == [["=Ana", "-555"], ["\uff1dB", "+34 600"]]
    xlsx = write_xlsx([("S", ["name", "phone"], [["=Ana", "-555"]])])
    assert tabular.read_table(xlsx, filename="x.xlsx").rows == [["=Ana", "-555"]]


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(TabularError, match="more than 3 rows"):
        tabular.read_table(b"name\na\nb\nc\nd\n")
    workbook = Workbook()
    for i in range(10):
        workbook.active.append([f"row {i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TabularError, match="more than 3 rows"):
        tabular.read_table(buffer.getvalue())
