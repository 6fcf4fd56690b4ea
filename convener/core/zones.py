"""Time zones in words a reader understands, in the page language.

Stakeholder pages and e-mails say "Eastern time, UTC-5" ("hora del Este, UTC-5") rather than
the IANA name ("America/New_York"), which is a key, not words. The offset is the one in force
on the day, so summer time shows as UTC-4.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _

# The zones US state agencies and their partners plan in, named as people say them.
_NAMES = {
    "America/New_York": _("Eastern time"),
    "America/Detroit": _("Eastern time"),
    "America/Indiana/Indianapolis": _("Eastern time"),
    "America/Kentucky/Louisville": _("Eastern time"),
    "America/Chicago": _("Central time"),
    "America/Denver": _("Mountain time"),
    "America/Boise": _("Mountain time"),
    "America/Phoenix": _("Arizona time"),
    "America/Los_Angeles": _("Pacific time"),
    "America/Anchorage": _("Alaska time"),
    "Pacific/Honolulu": _("Hawaii time"),
    "America/Puerto_Rico": _("Atlantic time"),
    "Pacific/Guam": _("Chamorro time"),
}


def utc_offset(zone_name: str, moment: dt.datetime) -> str:
    """Return the zone's offset from UTC at ``moment`` (naive: read in the zone), as "UTC-5"."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return zone_name
    offset = (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).utcoffset()
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"  # a true minus sign, read as "minus"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(zone_name: str, moment: dt.datetime) -> str:
    """Return the zone in words with its offset on the day: "Eastern time, UTC-5".

    A zone without a common name is shown by its offset and its main city ("UTC+1, Madrid");
    UTC and the fixed ``Etc/…`` zones by their offset alone ("Etc/GMT+5" is UTC-5).
    """
    offset = utc_offset(zone_name, moment)
    name = _NAMES.get(zone_name)
    if name is not None:
        return f"{name}, {offset}"
    if "/" not in zone_name or zone_name.startswith("Etc/"):
        return offset
    city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{offset}, {city}"
