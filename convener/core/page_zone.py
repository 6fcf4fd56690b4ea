"""The time zone a page shows times in: the initiative's, on that initiative's pages.

A convener in Boston reads a reply received "2:05 p.m." in Eastern time, not in the server's
zone. ``get_initiative_for`` (the one permission helper every initiative page calls) activates
the initiative's zone with :func:`show_times_in`; the middleware starts every request in the
site's zone and puts it back after, so that a zone never leaks from one request to the next.
Stored times stay in UTC; only what a page renders changes.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def show_times_in(zone_name: str) -> None:
    """Render this request's times in ``zone_name`` (an unknown name leaves the site's zone)."""
    try:
        timezone.activate(ZoneInfo(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class PageTimeZoneMiddleware:
    """Start each request in the site's zone, and leave it there when the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
