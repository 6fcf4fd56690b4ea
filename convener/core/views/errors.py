"""The error pages (400, 403, 404, 500, a refused form post), in the person's language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation


def error_language(request: HttpRequest) -> str:
    """Return the language of an error page: ``?lang=``, else the request's own language."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language_from_request(request)


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    with translation.override(error_language(request)):
        return render(request, template, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/403.html", 403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/400.html", 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form post (an old page, or cookies off), said in the person's language."""
    return _error_page(request, "errors/403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors can be trusted after an unknown failure: render plain.
    with translation.override(error_language(request)):
        body = render_to_string("errors/500.html", {"language": translation.get_language()})
    return HttpResponse(body, status=500)
