"""The API reference page: the OpenAPI document of the JSON API, read as a page of the app.

Rendered on the server from ``api.get_openapi_schema()`` with the site's own stylesheet, so it
needs no script, no CDN and no change to the content security policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from convener.api import api

METHODS = ("get", "post", "put", "patch", "delete")
_CODE = re.compile(r"`([^`]+)`")


def prose(text: str) -> SafeString:
    """Return ``text`` escaped, with `backticked` spans as code."""
    return mark_safe(_CODE.sub(r"<code>\1</code>", escape(text)))


def type_label(schema: dict[str, Any]) -> str:
    """Return a short reading of a JSON schema's type: ``list of PersonOut``, ``string or null``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf") or []
        return " or ".join(type_label(option) for option in options)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_label(schema["allOf"][0])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_label(schema.get('items', {}))}"
    if kind == "null":
        return "null"
    return str(schema.get("format", kind)) if kind == "string" else str(kind)


@dataclass
class Field:
    name: str
    where: str
    type: str
    required: bool
    description: SafeString


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: SafeString
    anchor: str
    parameters: list[Field]
    body: str
    responses: list[tuple[str, str, str]]
    auth: list[str]


@dataclass
class Group:
    name: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Schema:
    name: str
    fields: list[Field]


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Field(
            name=param["name"],
            where=param.get("in", ""),
            type=type_label(param.get("schema", {})),
            required=bool(param.get("required")),
            description=prose(param.get("description", "")),
        )
        for param in spec.get("parameters", [])
    ]
    body_content = spec.get("requestBody", {}).get("content", {})
    body = ", ".join(
        f"{kind}: {type_label(content.get('schema', {}))}" for kind, content in body_content.items()
    )
    responses = []
    for code, response in spec.get("responses", {}).items():
        schemas = [type_label(c.get("schema", {})) for c in response.get("content", {}).values()]
        responses.append((str(code), str(response.get("description", "")), ", ".join(schemas)))
    return Operation(
        method=method.upper(),
        path=path,
        summary=str(spec.get("summary", "")),
        description=prose(spec.get("description", "")),
        anchor=str(spec.get("operationId", f"{method}-{path}")),
        parameters=parameters,
        body=body,
        responses=responses,
        auth=[name for entry in spec.get("security") or [] for name in entry],
    )


def _schema(name: str, spec: dict[str, Any]) -> Schema:
    required = set(spec.get("required", []))
    fields = [
        Field(
            name=prop_name,
            where="",
            type=type_label(prop),
            required=prop_name in required,
            description=prose(prop.get("description", "")),
        )
        for prop_name, prop in spec.get("properties", {}).items()
    ]
    return Schema(name=name, fields=fields)


@lru_cache(maxsize=1)
def reference() -> dict[str, Any]:
    """Return the API's operations grouped by tag, its schemas, title and description."""
    document = api.get_openapi_schema()
    groups: dict[str, Group] = {}
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            if method not in METHODS:
                continue
            tag = (spec.get("tags") or ["other"])[0]
            groups.setdefault(tag, Group(name=tag)).operations.append(
                _operation(path, method, spec)
            )
    schemas = [
        _schema(name, spec)
        for name, spec in sorted(document.get("components", {}).get("schemas", {}).items())
    ]
    return {
        "title": document["info"]["title"],
        "version": document["info"]["version"],
        "description": prose(document["info"].get("description", "")),
        "groups": sorted(groups.values(), key=lambda group: group.name),
        "schemas": schemas,
    }


def api_reference(request: HttpRequest) -> HttpResponse:
    """Show every API operation with its parameters, body and responses, and every schema."""
    return render(request, "api_reference.html", reference())
