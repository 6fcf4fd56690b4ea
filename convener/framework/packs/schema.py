"""JSON Schemas for the YAML files of a content pack.

Texts that people read are "localized texts": a plain string (English only) or a mapping of
language codes to strings that must include English. Once the manifest is read, the schemas are
rebuilt with the pack's declared languages so that an undeclared language is refused too.

`x-message` is our own annotation (JSON Schema ignores unknown keywords): the loader shows it
instead of jsonschema's wording when that part of a file is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Schema = dict[str, Any]

# Document name -> file name. The document names are also the keys of the stored JSON.
PACK_FILES: dict[str, str] = {
    "pack": "pack.yaml",
    "habits": "habits.yaml",
    "depth_levels": "depth_levels.yaml",
    "elements": "elements.yaml",
    "rubrics": "rubrics.yaml",
    "tools": "tools.yaml",
    "leadership": "leadership.yaml",
    "teaching": "teaching.yaml",
}
OPTIONAL_DOCUMENTS = frozenset({"leadership", "teaching"})
DEPTH_KEYS = ("informing", "networking", "collaborating", "transforming")
DEPTH_RANGE = "informing … transforming"

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
ROW_KEY_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$"

TEXT_HINT = (
    "expected a text: a string, or a mapping of language codes to strings (en: ..., es: ...)"
)


def _text(languages: Sequence[str] | None) -> Schema:
    mapping: Schema = {
        "type": "object",
        "required": ["en"],
        "minProperties": 1,
        "additionalProperties": {"type": "string", "minLength": 1},
    }
    if languages is None:
        mapping["propertyNames"] = {"pattern": LANGUAGE_PATTERN}
    else:
        mapping["propertyNames"] = {"enum": list(languages)}
    return {
        "x-kind": "text",
        "oneOf": [{"type": "string", "minLength": 1}, mapping],
    }


def _key(pattern: str = KEY_PATTERN) -> Schema:
    return {
        "type": "string",
        "pattern": pattern,
        "x-message": (
            "must be lowercase letters, digits and underscores, starting with a letter"
            + (", as habit.row (e.g. coalescing.data)" if pattern == ROW_KEY_PATTERN else "")
        ),
    }


def _object(properties: Schema, required: Sequence[str]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _list(items: Schema, *, min_items: int = 0) -> Schema:
    return {"type": "array", "items": items, "minItems": min_items}


def build_schemas(languages: Sequence[str] | None = None) -> dict[str, Schema]:
    """Return the schema of every pack document, keyed by document name."""
    text = _text(languages)
    texts = _list(text)
    manifest = _object(
        {
            "key": _key(),
            "version": {
                "type": "string",
                "pattern": VERSION_PATTERN,
                "x-message": 'must be a quoted string like "1.0.0" (major.minor.patch)',
            },
            "title": text,
            "description": text,
            "languages": {
                "type": "array",
                "items": {"type": "string", "pattern": LANGUAGE_PATTERN},
                "minItems": 1,
                "uniqueItems": True,
                "contains": {"const": "en"},
                "x-message": "must be a list of distinct language codes that includes en",
            },
            "principle": text,
            "attribution": text,
            "layers": _list(
                _object(
                    {"key": _key(), "name": text, "description": text},
                    ["key", "name", "description"],
                )
            ),
        },
        ["key", "version", "title", "description", "languages"],
    )
    habits = _object(
        {
            "habits": _list(
                _object(
                    {
                        "key": _key(),
                        "name": text,
                        "kind": {"enum": ["habit", "integrating"]},
                        "question": text,
                        "purpose": text,
                    },
                    ["key", "name", "kind", "question", "purpose"],
                ),
                min_items=1,
            )
        },
        ["habits"],
    )
    depth_levels = _object(
        {
            "depth_levels": _list(
                _object(
                    {
                        "key": _key(),
                        "name": text,
                        "label": text,
                        "summary": text,
                        "description": text,
                    },
                    ["key", "name", "label", "summary", "description"],
                )
            )
        },
        ["depth_levels"],
    )
    elements = _object(
        {
            "elements": _list(
                _object(
                    {
                        "key": {"enum": ["technical", "adaptive", "operational"]},
                        "name": text,
                        "side": text,
                        "description": text,
                        "examples": texts,
                        "criteria": texts,
                    },
                    ["key", "name", "side", "description"],
                )
            ),
            "by_habit": {
                "type": "object",
                "propertyNames": {"pattern": KEY_PATTERN},
                "additionalProperties": _object({"adaptive": texts, "technical": texts}, []),
            },
        },
        ["elements"],
    )
    rubrics = _object(
        {
            "rows": _list(
                _object(
                    {
                        "key": _key(ROW_KEY_PATTERN),
                        "habit": _key(),
                        "title": text,
                        "question": text,
                        "descriptors": texts,
                    },
                    ["key", "habit", "title", "question", "descriptors"],
                )
            )
        },
        ["rows"],
    )
    tools = _object(
        {
            "tools": _list(
                _object(
                    {"key": _key(), "habit": _key(), "name": text, "purpose": text},
                    ["key", "habit", "name", "purpose"],
                )
            ),
            # Filled by the loader from the worksheets/ folder and validated file by file
            # (see worksheets.py); a pack author never writes it in tools.yaml.
            "worksheets": {"type": "object"},
        },
        ["tools"],
    )
    leadership = _object(
        {
            "approaches": _list(
                _object(
                    {
                        "key": _key(),
                        "name": text,
                        "who": _list(text, min_items=1),
                        "how": _list(text, min_items=1),
                        "why": _list(text, min_items=1),
                    },
                    ["key", "name", "who", "how", "why"],
                ),
                min_items=1,
            ),
            "quiz": _object(
                {
                    "key": _key(),
                    "title": text,
                    "instructions": text,
                    "categories": _list(_key(), min_items=2),
                    "items": _list(
                        _object(
                            {"key": _key(), "statement": text, "answer": _key()},
                            ["key", "statement", "answer"],
                        ),
                        min_items=1,
                    ),
                },
                ["key", "title", "instructions", "categories", "items"],
            ),
        },
        ["approaches"],
    )
    # What the trainings teach beyond the framework's structure, keyed so that training slides
    # and the Learn pages show the same content.
    teaching = _object(
        {
            "topics": _list(
                _object(
                    {
                        "key": _key(),
                        "title": text,
                        "summary": text,
                        "points": texts,
                        "credit": text,
                    },
                    ["key", "title", "summary"],
                ),
                min_items=1,
            )
        },
        ["topics"],
    )
    return {
        "pack": manifest,
        "habits": habits,
        "depth_levels": depth_levels,
        "elements": elements,
        "rubrics": rubrics,
        "tools": tools,
        "leadership": leadership,
        "teaching": teaching,
    }
