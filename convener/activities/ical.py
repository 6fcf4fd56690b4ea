"""An activity as an RFC 5545 calendar entry, made with the icalendar library.

One event per activity, with a stable UID so that a calendar that already holds it replaces it
when the SEQUENCE rises (``Activity.calendar_sequence``). Timed activities carry their own time
zone (with its VTIMEZONE); an activity without times is an all-day event.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from convener.activities.models import Activity

PRODID = "-//Convener//Leading by Convening//EN"


def event_uid(activity: Activity) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "convener.invalid"
    return f"activity-{activity.pk}@{host}"


def activity_event(
    activity: Activity, *, page_url: str = "", cancelled: bool = False
) -> icalendar.Event:
    """Return the calendar event for ``activity``; ``page_url`` is where it is described."""
    event = icalendar.Event()
    event.add("uid", event_uid(activity))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("sequence", activity.calendar_sequence)
    event.add("summary", activity.title)
    starts, ends = activity.starts_at, activity.ends_at
    if starts is not None:
        event.add("dtstart", starts)
        event.add("dtend", ends or starts + dt.timedelta(hours=1))
    else:  # all day: DTEND is the day after the last day (RFC 5545, 3.6.1)
        event.add("dtstart", activity.starts_on)
        event.add("dtend", (activity.ends_on or activity.starts_on) + dt.timedelta(days=1))
    location = ", ".join(part for part in (activity.place, activity.link) if part)
    if location:
        event.add("location", location)
    if activity.link:
        event.add("url", activity.link)
    description = "\n\n".join(p for p in (activity.description, activity.link, page_url) if p)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_bytes(events: list[icalendar.Event], *, method: str = "PUBLISH") -> bytes:
    """Wrap events in a VCALENDAR with the time zones they use; ``method`` per RFC 5546."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def activity_calendar(activity: Activity, *, page_url: str = "") -> bytes:
    """Return a ``.ics`` file holding ``activity``, for a team member's own calendar."""
    return calendar_bytes([activity_event(activity, page_url=page_url)])


def calendar_response(activity: Activity, page_url: str) -> HttpResponse:
    """Return ``activity`` as a downloadable ``text/calendar`` response."""
    response = HttpResponse(
        activity_calendar(activity, page_url=page_url), content_type="text/calendar; charset=utf-8"
    )
    name = slugify(activity.title) or "activity"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response
