"""Page: an activity's calendar entry (.ics) for the team's own calendars."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from convener.activities.ical import calendar_response
from convener.activities.models import Activity
from convener.initiatives.permissions import get_initiative_for


@login_required
def activity_calendar_file(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    activity = get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)
    page = request.build_absolute_uri(reverse("activities:detail", args=[slug, activity.pk]))
    return calendar_response(activity, page)
