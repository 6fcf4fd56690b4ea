"""The engine's pure logic: values per field type, parsing forms, completion and merging."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from convener.framework.packs import LocalizedText
from convener.framework.packs.content import FieldChoice, FieldDef, SectionDef, WorksheetDef
from convener.toolkit import engine


def fd(key: str, kind: str, **extra) -> FieldDef:
    return FieldDef(key=key, type=kind, label=LocalizedText(key.title()), **extra)


CHOICES = (FieldChoice("a", LocalizedText("Alpha")), FieldChoice("b", LocalizedText("Beta")))
ROWS = fd(
    "people",
    "rows",
    columns=(fd("who", "registry_link"), fd("why", "long_text"), fd("circle", "circle")),
)


def form(**data: object) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        name = key.replace("__", ".")
        for item in value if isinstance(value, list) else [value]:
            query.appendlist(name, str(item))
    return query


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (fd("t", "text"), "  two   words ", "two words"),
        (fd("l", "long_text"), "line one\r\nline two", "line one\nline two"),
        (fd("d", "date"), "2026-03-01", "2026-03-01"),
        (fd("c", "choice", choices=CHOICES), "b", "b"),
        (fd("m", "multi_choice", choices=CHOICES), ["b", "a"], ["a", "b"]),
        (
            fd("r", "registry_link"),
            {"stakeholder_id": 4, "name": " Ana "},
            {"stakeholder_id": 4, "name": "Ana"},
        ),
        (fd("c", "circle"), "key", "key"),
        (fd("q", "quadrant"), {"x": 0, "y": 100}, {"x": 0, "y": 100}),
        (
            fd("g", "glossary_term"),
            {"term": "IEP", "meaning": "A plan"},
            {"term": "IEP", "meaning": "A plan"},
        ),
        (
            ROWS,
            [{"why": "cares"}, {"why": ""}],
            [{"who": {"stakeholder_id": None, "name": ""}, "why": "cares", "circle": ""}],
        ),
        (fd("t", "text"), None, ""),
    ],
)
def test_clean_value_accepts_each_type(field, value, expected):
    assert engine.clean_value(field, value) == expected


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        (fd("t", "text"), 5, "expected a text"),
        (fd("d", "date"), "March", "YYYY-MM-DD"),
        (fd("c", "choice", choices=CHOICES), "z", "not one of the choices"),
        (fd("m", "multi_choice", choices=CHOICES), "a", "list of choice keys"),
        (fd("m", "multi_choice", choices=CHOICES), ["a", "z"], "not one of the choices"),
        (fd("r", "registry_link"), {"stakeholder_id": "4", "name": "x"}, "whole number"),
        (fd("c", "circle"), "outer", "expected one of"),
        (fd("q", "quadrant"), {"x": 101, "y": 3}, "from 0 to 100"),
        (fd("q", "quadrant"), {"x": 1}, "from 0 to 100"),
        (fd("g", "glossary_term"), "IEP", "term"),
        (ROWS, [{"nope": "x"}], "unknown column 'nope'"),
        (ROWS, {"why": "x"}, "list of rows"),
    ],
)
def test_clean_value_refuses_values_that_do_not_fit(field, value, reason):
    with pytest.raises(engine.InvalidValue, match=reason):
        engine.clean_value(field, value)


def test_parse_field_reads_rows_and_drops_blank_ones():
    data = form(
        s__people__0__who__name="Ana",
        s__people__0__who__id="7",
        s__people__0__why="She runs the clinic",
        s__people__0__circle="core",
        s__people__3__why="",
        s__people__5__who__name="Family network",
        s__people__5__circle="outer",
    )
    assert engine.parse_field(ROWS, data, "s.people") == [
        {
            "who": {"stakeholder_id": 7, "name": "Ana"},
            "why": "She runs the clinic",
            "circle": "core",
        },
        {"who": {"stakeholder_id": None, "name": "Family network"}, "why": "", "circle": ""},
    ]


def test_parse_field_reads_compound_types():
    data = form(
        s__m=["a", "z"],
        s__q__x="40.4",
        s__q__y="120",
        s__g__term=" IEP ",
        s__g__meaning="plan",
        s__d="not a date",
        s__c="b",
    )
    assert engine.parse_field(fd("m", "multi_choice", choices=CHOICES), data, "s.m") == ["a"]
    assert engine.parse_field(fd("q", "quadrant"), data, "s.q") == {"x": 40, "y": 100}
    assert engine.parse_field(fd("q", "quadrant"), form(), "s.q") is None
    assert engine.parse_field(fd("g", "glossary_term"), data, "s.g") == {
        "term": "IEP",
        "meaning": "plan",
    }
    assert engine.parse_field(fd("d", "date"), data, "s.d") == ""
    assert engine.parse_field(fd("c", "choice", choices=CHOICES), data, "s.c") == "b"


def test_a_section_is_complete_when_its_required_fields_are_filled():
    section = SectionDef(
        key="s",
        title=LocalizedText("S"),
        prompt=LocalizedText("P"),
        fields=(fd("a", "text", required=True), fd("b", "text")),
    )
    assert not engine.section_complete(section, {"a": "", "b": "filled"})
    assert engine.section_complete(section, {"a": "yes"})
    optional = SectionDef(
        key="o", title=LocalizedText("O"), prompt=LocalizedText("P"), fields=(fd("b", "text"),)
    )
    assert not engine.section_complete(optional, {"b": ""})
    assert engine.section_complete(optional, {"b": "x"})
    sheet = WorksheetDef(tool="t", sections=(section, optional))
    assert engine.completion(sheet, {"s": {"a": "yes"}, "o": {}}) == 50


def test_merge_keeps_both_texts_when_both_sides_changed():
    text = fd("t", "long_text")
    assert engine.merge_values(text, base="", main="", team="team") == ("team", False)
    assert engine.merge_values(text, base="a", main="a", team="b") == ("b", False)
    assert engine.merge_values(text, base="a", main="main", team="a") == ("main", False)
    assert engine.merge_values(text, base="a", main="main", team="team") == ("main\n\nteam", True)
    rows = engine.merge_values(
        ROWS, base=[], main=[{"why": "1"}], team=[{"why": "1"}, {"why": "2"}]
    )
    assert rows == ([{"why": "1"}, {"why": "2"}], True)


def test_display_text_of_rows_lists_each_row():
    rows = [{"who": {"stakeholder_id": None, "name": "Ana"}, "why": "cares", "circle": "core"}]
    text = engine.display_text(ROWS, rows, "en", {"core": "Core team"})
    assert text == "- Who: Ana; Why: cares; Circle: Core team"
