"""What the activities app adds to the chronology: activities, milestones and circle moves.

``register()`` is called once from ActivitiesConfig.ready(). Each source reads with a fixed
number of queries whatever the size of the initiative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from convener.activities.models import Activity, Milestone
from convener.core.timeline import TimelineEntry, register_source
from convener.core.zones import zone_label
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Circle, CircleMove


def _url(name: str, **kwargs: object) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the page belongs to another area that may not route it yet
        return ""


def _range(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    if end is not None:
        q &= Q(**{f"{field}__lte": end})
    return q


def _times(activity: Activity) -> str:
    """The activity's time of day in the viewer's language format, with its time zone."""
    if activity.start_time is None:
        return ""
    text = formats.time_format(activity.start_time, "TIME_FORMAT")
    if activity.end_time is not None:
        text += "\u2013" + formats.time_format(activity.end_time, "TIME_FORMAT")
    moment = dt.datetime.combine(activity.starts_on, activity.start_time)
    return f"{text} ({zone_label(activity.zone_name, moment)})"


def activity_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield each activity with its habit and expected perspectives."""
    activities = (
        Activity.objects.filter(Q(initiative=initiative) & _range("starts_on", start, end))
        .prefetch_related("expected_perspectives")
        .order_by("starts_on", "id")
    )
    for a in activities:
        kind_label = a.custom_kind if a.kind == "custom" and a.custom_kind else a.get_kind_display()
        yield TimelineEntry(
            occurred_on=a.starts_on,
            kind="activity",
            title=a.title,
            habit=a.habit,
            perspective_keys=tuple(p.key for p in a.expected_perspectives.all()),
            detail=" · ".join(p for p in (str(kind_label), _times(a), a.place) if p),
            url=_url("activities:detail", slug=initiative.slug, activity_id=a.pk),
        )


def milestone_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield the milestones the team added, with what changed and the value produced."""
    milestones = (
        Milestone.objects.filter(Q(initiative=initiative) & _range("occurred_on", start, end))
        .prefetch_related("perspectives")
        .order_by("occurred_on", "id")
    )
    for m in milestones:
        parts = []
        if m.what_changed:
            parts.append(_("What changed: %(text)s") % {"text": m.what_changed})
        if m.value_produced:
            parts.append(_("Value produced: %(text)s") % {"text": m.value_produced})
        yield TimelineEntry(
            occurred_on=m.occurred_on,
            kind="milestone",
            title=m.title,
            habit=m.habit,
            perspective_keys=tuple(p.key for p in m.perspectives.all()),
            detail=" ".join(parts),
            url=_url("activities:milestone_edit", slug=initiative.slug, milestone_id=m.pk),
        )


def _circle_name(value: str) -> str:
    """Return the short name of a circle ("Key Participants"), without its nickname."""
    return str(Circle(value).label).split(" — ")[0]


def circle_move_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield moves into a circle, naming the stakeholder and nothing more about them."""
    moves = (
        CircleMove.objects.filter(
            Q(stakeholder__initiative=initiative)
            & ~Q(to_circle="")
            & _range("moved_at__date", start, end)
        )
        .values_list(
            "moved_at",
            "to_circle",
            "stakeholder__name",
            "stakeholder__erased_at",
            "stakeholder__perspective__key",
        )
        .order_by("moved_at", "id")
    )
    for moved_at, to_circle, name, erased_at, perspective_key in moves:
        who = _("Someone") if erased_at is not None or not name else name
        yield TimelineEntry(
            occurred_on=moved_at.date(),
            kind="circle_move",
            title=_("%(name)s moved to the %(circle)s circle")
            % {"name": who, "circle": _circle_name(to_circle)},
            perspective_keys=(perspective_key,) if perspective_key else (),
        )


def register() -> None:
    """Register the activities app's chronology sources (idempotent)."""
    register_source("activities", activity_entries)
    register_source("milestones", milestone_entries)
    register_source("circle_moves", circle_move_entries)
