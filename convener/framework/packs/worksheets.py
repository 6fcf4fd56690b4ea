"""Worksheet definitions of a pack: one YAML file per tool in the pack's `worksheets/` folder.

A worksheet file names its tool and lists sections; each section lists fields of a known type.
Problems are reported like the rest of the pack: `worksheets/<file>.yaml, line N: reason`.
The stored pack keeps the worksheets inside the `tools` document under `worksheets`, a
mapping of file stem to the file's content (each file is validated on its own, not by the
tools schema).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from convener.framework.packs.content import (
    FIELD_TYPES,
    FieldChoice,
    FieldDef,
    LocalizedText,
    SectionDef,
    WorksheetDef,
)
from convener.framework.packs.errors import Locate, Problem, describe_path, explain
from convener.framework.packs.schema import Schema, _key, _list, _object, _text

WORKSHEETS_DIR = "worksheets"
# The stored pack keeps the worksheets inside the tools document, under this key.
WORKSHEETS_KEY = "worksheets"
CHOICE_TYPES = frozenset({"choice", "multi_choice"})


def document_name(stem: str) -> str:
    """Return the name under which the YAML tree of a worksheet file is located."""
    return f"{WORKSHEETS_DIR}/{stem}"


def file_name(stem: str) -> str:
    return f"{WORKSHEETS_DIR}/{stem}.yaml"


def worksheet_files(directory: Path) -> list[Path]:
    """Return the worksheet files of the pack in `directory`, sorted by name."""
    folder = directory / WORKSHEETS_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in {".yaml", ".yml"})


def worksheet_schema(languages: Sequence[str] | None) -> Schema:
    """Return the JSON Schema of one worksheet file."""
    text = _text(languages)
    field_type = {
        "enum": list(FIELD_TYPES),
        "x-message": "unknown field type; known types: " + ", ".join(FIELD_TYPES),
    }
    choice = _object({"key": _key(), "label": text}, ["key", "label"])
    field_properties: Schema = {
        "key": _key(),
        "type": field_type,
        "label": text,
        "help": text,
        "required": {"type": "boolean"},
        "choices": _list(choice),
        "x_axis": text,
        "y_axis": text,
    }
    column = _object(field_properties, ["key", "type", "label"])
    field = _object(
        {**field_properties, "columns": _list(column, min_items=1)}, ["key", "type", "label"]
    )
    section = _object(
        {
            "key": _key(),
            "title": text,
            "prompt": text,
            "help": text,
            "feed": _key(),
            "fields": _list(field, min_items=1),
        },
        ["key", "title", "prompt", "fields"],
    )
    return _object(
        {"tool": _key(), "feeds_summary": text, "sections": _list(section, min_items=1)},
        ["tool", "sections"],
    )


def worksheet_problems(
    worksheets: Mapping[str, Any],
    *,
    tool_keys: Sequence[str],
    languages: Sequence[str] | None,
    locate: Locate,
) -> list[Problem]:
    """Return what is wrong with the worksheet files (mapping of file stem to content)."""
    validator = Draft202012Validator(worksheet_schema(languages))
    problems: list[Problem] = []
    for stem, data in sorted(worksheets.items()):
        name, where = file_name(stem), document_name(stem)
        if data is None:
            problems.append(Problem(name, 1, "the file is empty"))
            continue
        found = []
        for error in validator.iter_errors(data):
            json_path, reason = explain(error)
            found.append(
                Problem(name, locate(where, json_path), describe_path(data, json_path) + reason)
            )
        if found:
            problems += sorted(found, key=lambda problem: problem.line or 0)
            continue
        problems += _reference_problems(stem, data, tool_keys, locate)
    return problems


def _reference_problems(
    stem: str, data: Mapping[str, Any], tool_keys: Sequence[str], locate: Locate
) -> list[Problem]:
    name, where = file_name(stem), document_name(stem)
    problems: list[Problem] = []

    def add(json_path: list[str | int], reason: str) -> None:
        problems.append(Problem(name, locate(where, json_path), reason))

    tool = data["tool"]
    if tool not in tool_keys:
        add(["tool"], f"unknown tool {tool!r}; known tools: " + ", ".join(tool_keys))
    elif tool != stem:
        add(["tool"], f"the worksheet of tool {tool!r} must be in the file {file_name(tool)}")

    def unique(items: Sequence[Mapping[str, Any]], path: list[str | int], kind: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            key = item["key"]
            if key in seen:
                first = locate(where, [*path, seen[key]])
                again = f" (first on line {first})" if first else ""
                add([*path, index, "key"], f"{kind} key {key!r} is used twice{again}")
            else:
                seen[key] = index

    def check_field(field: Mapping[str, Any], path: list[str | int], *, in_rows: bool) -> None:
        kind = field["type"]
        if kind in CHOICE_TYPES:
            if not field.get("choices"):
                add([*path, "type"], f"field {field['key']!r} of type {kind} needs choices")
            else:
                unique(field["choices"], [*path, "choices"], "choice")
        elif "choices" in field:
            add([*path, "choices"], f"only choice and multi_choice fields take choices ({kind})")
        if kind == "rows":
            if in_rows:
                add([*path, "type"], "a column of a rows field cannot itself be rows")
            elif not field.get("columns"):
                add([*path, "type"], f"field {field['key']!r} of type rows needs columns")
            else:
                unique(field["columns"], [*path, "columns"], "column")
                for index, column in enumerate(field["columns"]):
                    check_field(column, [*path, "columns", index], in_rows=True)
        elif "columns" in field:
            add([*path, "columns"], f"only rows fields take columns ({kind})")
        for axis in ("x_axis", "y_axis"):
            if axis in field and kind != "quadrant":
                add([*path, axis], f"only quadrant fields take {axis} ({kind})")

    sections = data["sections"]
    unique(sections, ["sections"], "section")
    for s_index, section in enumerate(sections):
        unique(section["fields"], ["sections", s_index, "fields"], "field")
        for f_index, field in enumerate(section["fields"]):
            check_field(field, ["sections", s_index, "fields", f_index], in_rows=False)
    return problems


def build_worksheets(worksheets: Mapping[str, Any]) -> tuple[WorksheetDef, ...]:
    """Build worksheet definitions from validated worksheet documents, in file order."""
    return tuple(_worksheet(data) for _, data in sorted(worksheets.items()))


def _optional(value: Any) -> LocalizedText | None:
    return None if value is None else LocalizedText(value)


def _field(data: Mapping[str, Any]) -> FieldDef:
    return FieldDef(
        key=data["key"],
        type=data["type"],
        label=LocalizedText(data["label"]),
        help=_optional(data.get("help")),
        required=bool(data.get("required", False)),
        choices=tuple(
            FieldChoice(key=choice["key"], label=LocalizedText(choice["label"]))
            for choice in data.get("choices", [])
        ),
        columns=tuple(_field(column) for column in data.get("columns", [])),
        x_axis=_optional(data.get("x_axis")),
        y_axis=_optional(data.get("y_axis")),
    )


def _worksheet(data: Mapping[str, Any]) -> WorksheetDef:
    return WorksheetDef(
        tool=data["tool"],
        feeds_summary=_optional(data.get("feeds_summary")),
        sections=tuple(
            SectionDef(
                key=section["key"],
                title=LocalizedText(section["title"]),
                prompt=LocalizedText(section["prompt"]),
                help=_optional(section.get("help")),
                feed=section.get("feed"),
                fields=tuple(_field(field) for field in section["fields"]),
            )
            for section in data["sections"]
        ),
    )


__all__ = [
    "WORKSHEETS_DIR",
    "WORKSHEETS_KEY",
    "build_worksheets",
    "document_name",
    "file_name",
    "worksheet_files",
    "worksheet_problems",
    "worksheet_schema",
]
