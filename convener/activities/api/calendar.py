"""API: an activity's calendar entry, as ``text/calendar``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router

from convener.activities.ical import calendar_response
from convener.activities.models import Activity
from convener.core.api import ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for

router = Router()

PATH = "/api/v1/initiatives/{slug}/activities/{activity_id}/calendar"
_ICS = {
    "responses": {
        "200": {
            "description": "The activity as an RFC 5545 calendar (one VEVENT).",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    PATH.removeprefix("/api/v1"),
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra=_ICS,
)
def get_calendar(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    """Return the activity as a calendar entry (an all-day event when it has no times)."""
    access = get_initiative_for(request.user, slug)
    activity = get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)
    page = request.build_absolute_uri(reverse("activities:detail", args=[slug, activity.pk]))
    return calendar_response(activity, page)


api_access: dict[str, RouteAccess] = {f"GET {PATH}": "viewer"}
api_sample_bodies: dict[str, dict[str, object]] = {}
