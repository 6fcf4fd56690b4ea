"""``{{ activity|zone_label }}``: an activity's time zone in words, with its offset that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from convener.core.zones import zone_label as _zone_label

register = template.Library()


@register.filter
def zone_label(activity: Any) -> str:
    """Return "Eastern time, UTC-5" for the activity's zone on its first day."""
    moment = dt.datetime.combine(activity.starts_on, activity.start_time or dt.time(12))
    return _zone_label(activity.zone_name, moment)
