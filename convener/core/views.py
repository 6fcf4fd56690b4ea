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


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors can be trusted after an unknown failure: render plain.
    return render(request, "errors/500.html", status=500)
