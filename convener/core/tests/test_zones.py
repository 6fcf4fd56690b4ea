"""Time zones in words: the common US names in the page language, the offset of the day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

from django.utils import translation

from convener.core.zones import utc_offset, zone_label


def test_summer_time_moves_the_offset():
    assert (
        zone_label("America/New_York", dt.datetime(2026, 1, 15, 18)) == "Eastern time, UTC\u22125"
    )
    assert (
        zone_label("America/New_York", dt.datetime(2026, 7, 15, 18)) == "Eastern time, UTC\u22124"
    )


def test_a_zone_without_a_common_name_gives_its_offset_and_city():
    assert zone_label("Europe/Madrid", dt.datetime(2026, 1, 15, 12)) == "UTC+1, Madrid"
    assert zone_label("Asia/Kolkata", dt.datetime(2026, 1, 15, 12)) == "UTC+5:30, Kolkata"
    assert zone_label("America/Argentina/Buenos_Aires", dt.datetime(2026, 1, 15, 12)) == (
        "UTC\u22123, Buenos Aires"
    )
    assert zone_label("UTC", dt.datetime(2026, 1, 15, 12)) == "UTC"
    assert zone_label("Etc/GMT+5", dt.datetime(2026, 1, 15, 12)) == "UTC\u22125"


def test_spanish_names_the_zone_in_spanish():
    with translation.override("es"):
        assert zone_label("America/Chicago", dt.datetime(2026, 1, 15, 9)) == (
            "hora del Centro, UTC\u22126"
        )


def test_an_unknown_name_is_returned_as_it_is_rather_than_failing():
    assert utc_offset("Nowhere/Atlantis", dt.datetime(2026, 1, 15, 9)) == "Nowhere/Atlantis"


def test_every_zone_reads_as_an_offset_with_words_never_its_key():
    for name in sorted(available_timezones()):
        for moment in (dt.datetime(2026, 1, 15, 12), dt.datetime(2026, 7, 15, 12)):
            label = zone_label(name, moment)
            assert label.startswith("UTC") or ", UTC" in label, (name, label)
            assert "/" not in label, (name, label)
            assert "_" not in label, (name, label)
