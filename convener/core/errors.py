"""The one error shape, shared by the JSON API and JSON-speaking views.

{"error": {"code": "not_found", "message": "…", "fields": {"name": ["…"]}}}
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    """Return the error document for ``code`` with a human-readable ``message``."""
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def error_response(
    code: str, message: str, status: int, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    """Return a JSON response carrying the error document."""
    return JsonResponse(error_body(code, message, fields), status=status)
