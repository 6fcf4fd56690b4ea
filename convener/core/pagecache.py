"""Serve a rendered page again while nothing it shows has changed.

Pages that read a lot and change little (the stakeholder registry is the first) render once per
*version* of their data and are then served from the cache. The caller supplies the version: a
counter that database triggers raise on every write the page depends on, so a cached page is
never stale. The permission check always runs first, in the view, on every request.

The key holds everything else a rendered page depends on: the user and their role, their CSRF
cookie (the page embeds a form token derived from it), the language, the time zone, whether
htmx asked for a fragment, and the query string. A request with messages waiting, or without a
CSRF cookie yet, is rendered normally: both change what the page shows or sets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

PAGE_CACHE_TIMEOUT = 10 * 60  # seconds; the version, not the timeout, keeps pages fresh
PREFIX = "page:"


def _has_messages(request: HttpRequest) -> bool:
    storage = get_messages(request)
    # len() loads the stored messages without marking them as shown.
    return len(storage) > 0


def page_key(request: HttpRequest, *, scope: str, version: object, role: str) -> str | None:
    """Return the cache key of this request's page, or None when it must not be cached."""
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if request.method != "GET" or not csrf_cookie or _has_messages(request):
        return None
    parts = (
        scope,
        str(version),
        str(getattr(request.user, "pk", "")),
        role,
        csrf_cookie,
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        # Sorted, so ?a=1&b=2 and ?b=2&a=1 share a page.
        "&".join(sorted(request.GET.urlencode().split("&"))),
    )
    return PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_page(
    request: HttpRequest,
    *,
    scope: str,
    version: object,
    role: str,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """Return the cached page for this request and ``version``, or ``render()`` and keep it."""
    key = page_key(request, scope=scope, version=version, role=role)
    if key is None:
        return render()
    hit = cache.get(key)
    if isinstance(hit, tuple):
        content, content_type = hit
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_TIMEOUT)
    return response
