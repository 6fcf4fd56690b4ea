"""Activities' figures and first step for the initiative's home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from convener.activities.models import Activity
from convener.core.home import HAPPENING, FirstStep, HomeFigure, HomeItem
from convener.initiatives.models import Initiative


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield the first-convening step and the upcoming convenings."""
    slug = initiative.slug
    activities = Activity.objects.filter(initiative=initiative)
    yield FirstStep(
        label=_("Plan a first convening"),
        description=_("Put a meeting, webinar or event in the calendar and invite people."),
        url=reverse("activities:create", args=[slug]),
        done=activities.exists(),
        order=30,
    )
    upcoming = activities.filter(starts_on__gte=dt.date.today()).order_by("starts_on", "id")
    count = upcoming.count()
    if not count:
        return
    first = upcoming.first()
    assert first is not None
    yield HomeFigure(
        section=HAPPENING,
        label=_("Upcoming convenings"),
        value=str(count),
        url=reverse("activities:detail", args=[slug, first.pk]),
        note=_("Next: %(title)s, %(date)s")
        % {"title": first.title, "date": formats.date_format(first.starts_on, "DATE_FORMAT")},
        order=10,
    )
