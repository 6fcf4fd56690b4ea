"""What can be wrong with a pack, and how a schema error is put into words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from convener.framework.packs.schema import TEXT_HINT

JsonPath = Sequence[str | int]
Locate = Callable[[str, JsonPath], int | None]
"""Map (document name, path inside the document) to a 1-based line number, if known."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: where it is and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file}, line {self.line}: {self.reason}"


class PackError(Exception):
    """A pack could not be read; `problems` says where and why, first problem first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("a PackError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def reason(self) -> str:
        return self.problems[0].reason


_TYPE_NAMES = {
    "string": "a string",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "integer": "a whole number",
    "boolean": "true or false",
}


def explain(error: ValidationError) -> tuple[list[str | int], str]:
    """Return the path an error is about and a reason a pack author can act on."""
    json_path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if schema.get("x-kind") == "text":
        return _explain_text(error, json_path)
    if "x-message" in schema:
        return json_path, f"{schema['x-message']}; found {_show(error.instance)}"
    validator, expected = error.validator, error.validator_value
    if validator == "type":
        return json_path, f"expected {_TYPE_NAMES.get(str(expected), expected)}, " + (
            f"found {_show(error.instance)}"
        )
    if validator == "required":
        missing = [name for name in expected if name not in error.instance]
        return json_path, "missing " + ", ".join(repr(name) for name in missing)
    if validator == "additionalProperties":
        allowed = schema.get("properties", {})
        unknown = [name for name in error.instance if name not in allowed]
        return [*json_path, unknown[0]], (
            f"unknown field{'s' if len(unknown) > 1 else ''} "
            + ", ".join(repr(name) for name in unknown)
            + "; allowed: "
            + ", ".join(allowed)
        )
    if validator == "enum":
        return json_path, (
            f"{_show(error.instance)} is not one of " + ", ".join(str(v) for v in expected)
        )
    if validator == "minItems":
        return json_path, f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if validator == "minLength":
        return json_path, "must not be empty"
    return json_path, error.message


def _explain_text(
    error: ValidationError, json_path: list[str | int]
) -> tuple[list[str | int], str]:
    instance = error.instance
    if isinstance(instance, str):
        return json_path, "must not be empty"
    if not isinstance(instance, dict):
        return json_path, f"{TEXT_HINT}; found {_show(instance)}"
    mapping_errors = [
        sub
        for sub in error.context or []
        if sub.relative_schema_path and sub.relative_schema_path[0] == 1
    ]
    sub = best_match(mapping_errors) if mapping_errors else None
    if sub is None:
        return json_path, TEXT_HINT
    sub_path = list(sub.absolute_path)
    if "propertyNames" in sub.relative_schema_path:
        return [*sub_path, sub.instance], (
            f"language {sub.instance!r} is not among the languages declared in pack.yaml"
            if sub.validator == "enum"
            else f"{sub.instance!r} is not a language code"
        )
    if sub.validator == "required":
        return sub_path, "a translated text needs an English version (en: ...)"
    if sub.validator == "type":
        return sub_path, f"expected a string, found {_show(sub.instance)}"
    if sub.validator == "minLength":
        return sub_path, "must not be empty"
    return sub_path, sub.message


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return repr(value)


def describe_path(data: Any, json_path: JsonPath) -> str:
    """Render a path like `rows[coalescing.data].title`, naming list items by key."""
    parts: list[str] = []
    node = data
    for step in json_path:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
            key = node.get("key") if isinstance(node, dict) else None
            parts.append(f"[{key}]" if isinstance(key, str) else f"[#{step + 1}]")
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(f".{step}" if parts else str(step))
    return "".join(parts) + ": " if parts else ""
