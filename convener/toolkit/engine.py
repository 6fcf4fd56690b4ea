"""The worksheet engine's pure logic: values of each field type, parsing, completion, merging.

A worksheet's answers are JSON values, one per field, shaped by the field's type:

- text, long_text: str; date: str "YYYY-MM-DD"; choice: a choice key (str);
- multi_choice: list of choice keys;
- registry_link: {"stakeholder_id": int | None, "name": str};
- rows: list of {column key: value}, each column one of the types here except rows;
- circle: one of the registry's circle values (convener.stakeholders.models.Circle);
- quadrant: {"x": 0-100, "y": 0-100} (x from left to right, y from bottom to top);
- glossary_term: {"term": str, "meaning": str}.

Nothing here touches the database: `services.py` stores values and resolves registry links.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from convener.framework.packs.content import FieldDef, SectionDef, WorksheetDef, localize

CIRCLES: tuple[str, ...] = ("core", "key", "extended", "dissemination")
MAX_TEXT = 20_000
MAX_ROWS = 500

Value = Any
SectionValues = dict[str, Value]
Values = dict[str, SectionValues]


class FormData(Protocol):
    """What the engine reads from a posted form (a Django QueryDict fits)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...

    def __contains__(self, key: object) -> bool: ...

    def keys(self) -> Any: ...

    def __iter__(self) -> Any: ...


class InvalidValue(ValueError):
    """A value does not fit its field; the message says why in plain words."""


# -- empty and filled ----------------------------------------------------------------------


def empty_value(field: FieldDef) -> Value:
    """Return the value of a field nobody has answered."""
    if field.type in {"rows", "multi_choice"}:
        return []
    if field.type in {"quadrant"}:
        return None
    if field.type == "registry_link":
        return {"stakeholder_id": None, "name": ""}
    if field.type == "glossary_term":
        return {"term": "", "meaning": ""}
    return ""


def is_filled(field: FieldDef, value: Value) -> bool:
    """Return whether `value` answers `field`."""
    if value is None:
        return False
    if field.type == "registry_link":
        return bool(isinstance(value, dict) and (value.get("name") or value.get("stakeholder_id")))
    if field.type == "glossary_term":
        return bool(isinstance(value, dict) and value.get("term"))
    if field.type == "quadrant":
        return isinstance(value, dict) and "x" in value and "y" in value
    if field.type == "rows":
        return isinstance(value, list) and any(_row_filled(field, row) for row in value)
    return bool(value)


def _row_filled(field: FieldDef, row: Mapping[str, Value]) -> bool:
    return any(is_filled(column, row.get(column.key)) for column in field.columns)


def section_complete(section: SectionDef, values: Mapping[str, Value]) -> bool:
    """A section is complete when its required fields (or, with none, any field) have a value."""
    required = [field for field in section.fields if field.required]
    if required:
        return all(is_filled(field, values.get(field.key)) for field in required)
    return any(is_filled(field, values.get(field.key)) for field in section.fields)


def completion(definition: WorksheetDef, values: Mapping[str, Mapping[str, Value]]) -> int:
    """Return the percentage (0-100) of the worksheet's sections that are complete."""
    sections = definition.sections
    if not sections:
        return 0
    done = sum(section_complete(s, values.get(s.key, {})) for s in sections)
    return round(100 * done / len(sections))


# -- validating a value (from the API or a feed) -------------------------------------------


def clean_value(field: FieldDef, value: Value) -> Value:
    """Return `value` normalized for `field`, or raise InvalidValue saying what is wrong."""
    kind = field.type
    if value is None:
        return empty_value(field)
    if kind in {"text", "long_text"}:
        text = _string(value, field)
        return text if kind == "long_text" else " ".join(text.split())
    if kind == "date":
        text = _string(value, field).strip()
        if text:
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                raise InvalidValue(f"{field.key}: expected a date as YYYY-MM-DD") from None
        return text
    if kind == "choice":
        text = _string(value, field).strip()
        if text and text not in {choice.key for choice in field.choices}:
            raise InvalidValue(f"{field.key}: {text!r} is not one of the choices")
        return text
    if kind == "multi_choice":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidValue(f"{field.key}: expected a list of choice keys")
        keys = [choice.key for choice in field.choices]
        unknown = [item for item in value if item not in keys]
        if unknown:
            raise InvalidValue(f"{field.key}: {unknown[0]!r} is not one of the choices")
        return [key for key in keys if key in value]
    if kind == "circle":
        text = _string(value, field).strip()
        if text and text not in CIRCLES:
            raise InvalidValue(f"{field.key}: expected one of {', '.join(CIRCLES)}")
        return text
    if kind == "registry_link":
        return _clean_link(field, value)
    if kind == "glossary_term":
        if not isinstance(value, dict):
            raise InvalidValue(f"{field.key}: expected {{'term': ..., 'meaning': ...}}")
        return {
            "term": " ".join(_string(value.get("term") or "", field).split()),
            "meaning": _string(value.get("meaning") or "", field).strip(),
        }
    if kind == "quadrant":
        return _clean_quadrant(field, value)
    if kind == "rows":
        return _clean_rows(field, value)
    raise InvalidValue(f"{field.key}: unknown field type {kind!r}")


def _string(value: Value, field: FieldDef) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"{field.key}: expected a text")
    if len(value) > MAX_TEXT:
        raise InvalidValue(f"{field.key}: the text is longer than {MAX_TEXT} characters")
    return value.replace("\r\n", "\n")


def _clean_link(field: FieldDef, value: Value) -> Value:
    if not isinstance(value, dict):
        raise InvalidValue(f"{field.key}: expected {{'stakeholder_id': ..., 'name': ...}}")
    raw_id = value.get("stakeholder_id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, int)):
        raise InvalidValue(f"{field.key}: stakeholder_id must be a whole number or null")
    name = " ".join(_string(value.get("name") or "", field).split())[:200]
    return {"stakeholder_id": raw_id, "name": name}


def _clean_quadrant(field: FieldDef, value: Value) -> Value:
    if not isinstance(value, dict):
        raise InvalidValue(f"{field.key}: expected {{'x': 0-100, 'y': 0-100}}")
    point = {}
    for axis in ("x", "y"):
        number = value.get(axis)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100:
            raise InvalidValue(f"{field.key}: {axis} must be a whole number from 0 to 100")
        point[axis] = number
    return point


def _clean_rows(field: FieldDef, value: Value) -> Value:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise InvalidValue(f"{field.key}: expected a list of rows")
    if len(value) > MAX_ROWS:
        raise InvalidValue(f"{field.key}: at most {MAX_ROWS} rows")
    rows = []
    for index, row in enumerate(value, 1):
        unknown = [key for key in row if key not in {c.key for c in field.columns}]
        if unknown:
            raise InvalidValue(f"{field.key} row {index}: unknown column {unknown[0]!r}")
        cleaned = {column.key: clean_value(column, row.get(column.key)) for column in field.columns}
        if _row_filled(field, cleaned):
            rows.append(cleaned)
    return rows


# -- reading a posted form -----------------------------------------------------------------
#
# Input names: "<section>.<field>" for a plain field, with a suffix for compound values
# ("...name"/"...id" for a registry link, "...x"/"...y", "...term"/"...meaning"), and
# "<section>.<field>.<row>.<column>" (plus suffix) for a column of a row.

ROW_NAME = re.compile(r"^(?P<prefix>[a-z0-9_]+\.[a-z0-9_]+)\.(?P<row>\d{1,4})\.")


def input_name(section_key: str, field_key: str, row: int | None = None, column: str = "") -> str:
    """Return the form name of a field, or of a column of one row of a rows field."""
    name = f"{section_key}.{field_key}"
    return name if row is None else f"{name}.{row}.{column}"


def parse_field(field: FieldDef, data: FormData, name: str) -> Value:
    """Read the value of `field` from posted `data`, where its inputs are called `name`..."""
    kind = field.type
    if kind == "rows":
        indexes = sorted(
            {
                int(match["row"])
                for key in data
                if (match := ROW_NAME.match(key)) and match["prefix"] == name
            }
        )
        rows = [
            {
                column.key: parse_field(column, data, f"{name}.{index}.{column.key}")
                for column in field.columns
            }
            for index in indexes[:MAX_ROWS]
        ]
        return [row for row in rows if _row_filled(field, row)]
    if kind == "multi_choice":
        keys = {choice.key for choice in field.choices}
        chosen = set(data.getlist(name))
        return [choice.key for choice in field.choices if choice.key in chosen & keys]
    if kind == "registry_link":
        raw_id = (data.get(f"{name}.id") or "").strip()
        return {
            "stakeholder_id": int(raw_id) if raw_id.isdigit() else None,
            "name": " ".join((data.get(f"{name}.name") or "").split())[:200],
        }
    if kind == "glossary_term":
        return {
            "term": " ".join((data.get(f"{name}.term") or "").split())[:200],
            "meaning": (data.get(f"{name}.meaning") or "").replace("\r\n", "\n").strip(),
        }
    if kind == "quadrant":
        x, y = _percent(data.get(f"{name}.x")), _percent(data.get(f"{name}.y"))
        return None if x is None or y is None else {"x": x, "y": y}
    raw = (data.get(name) or "").replace("\r\n", "\n")[:MAX_TEXT]
    if kind == "long_text":
        return raw
    raw = " ".join(raw.split())
    if kind == "choice":
        return raw if raw in {choice.key for choice in field.choices} else ""
    if kind == "circle":
        return raw if raw in CIRCLES else ""
    if kind == "date":
        try:
            datetime.date.fromisoformat(raw)
        except ValueError:
            return ""
    return raw


def field_names_in(data: FormData) -> set[str]:
    """Return the "<section>.<field>" names of the fields present in posted data."""
    names = set()
    for key in data:
        parts = key.split(".")
        if len(parts) >= 2 and all(re.fullmatch(r"[a-z][a-z0-9_]*", part) for part in parts[:2]):
            names.add(f"{parts[0]}.{parts[1]}")
    return names


def _percent(raw: object) -> int | None:
    text = str(raw or "").strip()
    try:
        number = round(float(text))
    except ValueError:
        return None
    return min(100, max(0, number))


# -- showing a value as text ---------------------------------------------------------------


def display_text(
    field: FieldDef, value: Value, language: str | None, circles: Mapping[str, str]
) -> str:
    """Return `value` as plain text for print, Markdown and conflict notices ("" if empty)."""
    if not is_filled(field, value):
        return ""
    kind = field.type
    if kind in {"choice", "multi_choice"}:
        labels = {choice.key: localize(choice.label, language) for choice in field.choices}
        keys = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(key, key)) for key in keys)
    if kind == "circle":
        return str(circles.get(value, value))
    if kind == "registry_link":
        return str(value.get("name") or "")
    if kind == "glossary_term":
        meaning = value.get("meaning") or ""
        return f"{value['term']}: {meaning}" if meaning else str(value["term"])
    if kind == "quadrant":
        return f"x {value['x']}, y {value['y']}"
    if kind == "rows":
        lines = []
        for row in value:
            parts = [
                f"{localize(column.label, language)}: {text}"
                for column in field.columns
                if (text := display_text(column, row.get(column.key), language, circles))
            ]
            lines.append("; ".join(parts))
        return "\n".join(f"- {line}" for line in lines)
    return str(value)


# -- merging a breakout team's value back --------------------------------------------------


def merge_values(field: FieldDef, *, base: Value, main: Value, team: Value) -> tuple[Value, bool]:
    """Return the merged value of a field and whether both sides had changed it.

    The team's value wins when only the team changed the field; when both changed it, texts
    are kept side by side, rows and multiple choices are combined, and for other types the
    team's answer wins (the team was given that section).
    """
    if team in (base, main):
        return main, False
    if main == base or not is_filled(field, main):
        return team, False
    if field.type in {"text", "long_text"}:
        return f"{main}\n\n{team}", True
    if field.type == "rows":
        return main + [row for row in team if row not in main], True
    if field.type == "multi_choice":
        chosen = set(main) | set(team)
        return [choice.key for choice in field.choices if choice.key in chosen], True
    return team, True


def sections_by_key(definition: WorksheetDef, keys: Sequence[str]) -> list[SectionDef]:
    """Return the definition's sections whose keys are in `keys`, in worksheet order."""
    return [section for section in definition.sections if section.key in keys]
