"""Whether the service is up, and the status page of a background job."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report ok only when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def render_job_status(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a background job's status page; only its ``#status`` partial when htmx polls it."""
    if getattr(request, "htmx", False):
        template += "#status"
    return render(request, template, context)
