"""What the measuring app adds to the chronology: each survey round.

``register()`` is called once from MeasuringConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from convener.core.timeline import TimelineEntry, register_source
from convener.initiatives.models import Initiative
from convener.measuring.models import Round


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def round_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield each survey round on the day it closed, or opened, or was set up."""
    rounds = (
        Round.objects.filter(initiative=initiative)
        .select_related("instrument")
        .prefetch_related("audience_perspectives")
        .order_by("created_at", "id")
    )
    for r in rounds:
        if r.closes_at is not None and r.status == "closed":
            day, what = _day(r.closes_at), _("survey round closed")
        elif r.opens_at is not None:
            day, what = _day(r.opens_at), _("survey round opened")
        else:
            day, what = _day(r.created_at), _("survey round set up")
        habits: list[str] = []
        for row in r.instrument.rows or []:
            habit = row.get("habit", "") if isinstance(row, dict) else ""
            if habit and habit not in habits:
                habits.append(habit)
        yield TimelineEntry(
            occurred_on=day,
            kind="survey_round",
            title=f"{r.name} — {what}",
            habit=",".join(habits),
            perspective_keys=tuple(p.key for p in r.audience_perspectives.all()),
            detail=str(r.get_kind_display()),
        )


def register() -> None:
    """Register the survey-round source (idempotent)."""
    register_source("survey_rounds", round_entries)
