"""Turn a worksheet definition and its answers into plain data for the templates.

Every field type is rendered by `templates/toolkit/field.html` from a `BoundField`; this is
what makes one engine draw every tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convener.framework.packs import localize
from convener.framework.packs.content import FieldDef, SectionDef, WorksheetDef
from convener.stakeholders.models import Circle
from convener.toolkit import engine


def circle_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Circle.choices}


@dataclass
class Option:
    key: str
    label: str
    selected: bool


@dataclass
class BoundField:
    """One field ready to draw: its definition in the current language plus its value."""

    type: str
    key: str
    name: str  # the form name of its inputs (compound inputs add a suffix)
    dom_id: str
    label: str
    help: str
    required: bool
    value: Any
    text: str  # the value as plain text (print view)
    version: int = 0
    options: list[Option] = field(default_factory=list)
    rows: list[list[BoundField]] = field(default_factory=list)
    blank_row: list[BoundField] = field(default_factory=list)
    x_axis: str = ""
    y_axis: str = ""
    conflict: dict[str, Any] | None = None

    @property
    def template_row(self) -> list[BoundField]:
        """The blank row with the index placeholder `__i__`, for the add-a-row template."""
        return template_row(self)


@dataclass
class BoundSection:
    key: str
    title: str
    prompt: str
    help: str
    feed: str | None
    complete: bool
    fields: list[BoundField]
    comments: list[Any] = field(default_factory=list)
    feed_label: Any = ""  # set when the section's feed is registered


def bind_field(
    fd: FieldDef,
    value: Any,
    name: str,
    language: str | None,
    *,
    version: int = 0,
    conflict: dict[str, Any] | None = None,
    circles: dict[str, str] | None = None,
) -> BoundField:
    """Return `fd` bound to `value` under the input name `name`."""
    circles = circles if circles is not None else circle_labels()
    bound = BoundField(
        type=fd.type,
        key=fd.key,
        name=name,
        dom_id="f-" + name.replace(".", "-"),
        label=localize(fd.label, language),
        help=localize(fd.help, language) if fd.help else "",
        required=fd.required,
        value=value if value is not None else engine.empty_value(fd),
        text=engine.display_text(fd, value, language, circles),
        version=version,
        x_axis=localize(fd.x_axis, language) if fd.x_axis else "",
        y_axis=localize(fd.y_axis, language) if fd.y_axis else "",
        conflict=conflict,
    )
    if fd.type in {"choice", "multi_choice"}:
        chosen = set(value) if isinstance(value, list) else {value}
        bound.options = [
            Option(c.key, localize(c.label, language), c.key in chosen) for c in fd.choices
        ]
    elif fd.type == "circle":
        bound.options = [Option(key, label, key == value) for key, label in circles.items()]
    elif fd.type == "rows":
        rows = value if isinstance(value, list) else []
        bound.rows = [
            [
                bind_field(
                    column,
                    row.get(column.key),
                    f"{name}.{index}.{column.key}",
                    language,
                    circles=circles,
                )
                for column in fd.columns
            ]
            for index, row in enumerate(rows)
        ]
        bound.blank_row = [
            bind_field(column, None, f"{name}.{len(rows)}.{column.key}", language, circles=circles)
            for column in fd.columns
        ]
    return bound


def template_row(bound: BoundField) -> list[BoundField]:
    """Return the blank row with the index placeholder `__i__` used by the row template."""
    return [_rename(column, bound.name, len(bound.rows)) for column in bound.blank_row]


def _rename(column: BoundField, prefix: str, index: int) -> BoundField:
    old = f"{prefix}.{index}."
    new = f"{prefix}.__i__."
    copy = BoundField(**{**column.__dict__})
    copy.name = column.name.replace(old, new, 1)
    copy.dom_id = "f-" + copy.name.replace(".", "-")
    return copy


def bind_sections(
    definition: WorksheetDef,
    sections: list[SectionDef],
    values: Mapping[str, Mapping[str, Any]],
    versions: Mapping[str, int],
    language: str | None,
    *,
    conflicts: Mapping[str, dict[str, Any]] | None = None,
    comments: Mapping[str, list[Any]] | None = None,
) -> list[BoundSection]:
    """Bind every field of `sections` to its value, version and any conflict notice."""
    conflicts = conflicts or {}
    comments = comments or {}
    circles = circle_labels()
    bound = []
    for section in sections:
        section_values = values.get(section.key, {})
        fields = []
        for fd in section.fields:
            name = engine.input_name(section.key, fd.key)
            fields.append(
                bind_field(
                    fd,
                    section_values.get(fd.key),
                    name,
                    language,
                    version=versions.get(name, 0),
                    conflict=conflicts.get(name),
                    circles=circles,
                )
            )
        bound.append(
            BoundSection(
                key=section.key,
                title=localize(section.title, language),
                prompt=localize(section.prompt, language),
                help=localize(section.help, language) if section.help else "",
                feed=section.feed,
                complete=engine.section_complete(section, section_values),
                fields=fields,
                comments=comments.get(section.key, []),
            )
        )
    return bound
