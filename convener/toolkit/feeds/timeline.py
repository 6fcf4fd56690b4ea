"""What the toolkit adds to the chronology: worksheets started and completed, invitations and
brand pulses. Registered when the feeds package is imported (from the app's ready())."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.core.timeline import TimelineEntry, register_source
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative
from convener.toolkit.models import BrandPulse, InvitationLogEntry, Worksheet


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _inside(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def toolkit_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield the worksheets (started, and completed), invitations sent and brand pulses."""
    habits = {tool.key: tool.habit for tool in active_pack().tools}
    for sheet in Worksheet.objects.filter(initiative=initiative, team__isnull=True).order_by("id"):
        url = reverse(
            "toolkit:worksheet", kwargs={"slug": initiative.slug, "worksheet_id": sheet.pk}
        )
        moments = [(_day(sheet.created_at), _("worksheet started: %(title)s"))]
        if sheet.is_complete:
            moments.append((_day(sheet.updated_at), _("worksheet completed: %(title)s")))
        for day, title in moments:
            if _inside(day, start, end):
                yield TimelineEntry(
                    occurred_on=day,
                    kind="worksheet",
                    title=title % {"title": sheet.title},
                    habit=habits.get(sheet.tool_key, ""),
                    url=url,
                )
    invitations = InvitationLogEntry.objects.filter(initiative=initiative).select_related(
        "stakeholder"
    )
    for entry in invitations.order_by("invited_on", "id"):
        if _inside(entry.invited_on, start, end):
            yield TimelineEntry(
                occurred_on=entry.invited_on,
                kind="invitation",
                title=_("%(group)s invited") % {"group": entry.stakeholder.name},
                habit="coalescing",
                detail=f"{entry.channel} · {entry.get_response_display()}".strip(" ·"),
            )
    for pulse in BrandPulse.objects.filter(initiative=initiative).order_by("taken_on", "id"):
        if _inside(pulse.taken_on, start, end):
            yield TimelineEntry(
                occurred_on=pulse.taken_on,
                kind="brand_pulse",
                title=_("How %(group)s describes us") % {"group": pulse.group_name},
                detail=", ".join(pulse.words),
            )


def register() -> None:
    """Register the toolkit's chronology source (idempotent)."""
    register_source("toolkit", toolkit_entries)
