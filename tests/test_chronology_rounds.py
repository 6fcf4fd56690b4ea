"""Survey rounds in the chronology (the measuring app's source, convener/measuring/chronology.py).

Kept at project level: the activities tests may not import the measuring app.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from convener.activities import chronology as activity_chronology
from convener.core.timeline import build_timeline, entry_habits, filter_entries
from convener.measuring import chronology
from convener.measuring.models import Instrument, Round


def _instrument(initiative):
    return Instrument.objects.create(
        initiative=initiative,
        version=1,
        rows=[{"key": "r1", "habit": "coalescing"}, {"key": "r2", "habit": "participation"}],
        pack_key="lbc",
        pack_version="1",
    )


def test_each_round_is_an_entry_with_the_habits_of_its_rows(cast):
    chronology.register()
    activity_chronology.register()
    instrument = _instrument(cast.initiative)
    Round.objects.create(initiative=cast.initiative, instrument=instrument, name="Baseline survey")
    closes = timezone.make_aware(dt.datetime(2026, 3, 20, 12))
    Round.objects.create(
        initiative=cast.initiative,
        instrument=instrument,
        name="Spring survey",
        status="closed",
        opens_at=timezone.make_aware(dt.datetime(2026, 3, 1, 12)),
        closes_at=closes,
    )
    entries = [e for e in build_timeline(cast.initiative) if e.kind == "survey_round"]
    titles = {e.title: e for e in entries}
    assert set(titles) == {
        "Baseline survey — survey round set up",
        "Spring survey — survey round closed",
    }
    spring = titles["Spring survey — survey round closed"]
    assert spring.occurred_on == dt.date(2026, 3, 20)
    assert entry_habits(spring) == ("coalescing", "participation")
    assert filter_entries(entries, habit="participation") == entries
    assert build_timeline(cast.other) == []


def test_rounds_show_on_the_chronology_page(cast):
    chronology.register()
    Round.objects.create(
        initiative=cast.initiative, instrument=_instrument(cast.initiative), name="Baseline survey"
    )
    url = reverse("activities:chronology", args=[cast.initiative.slug])
    assert (
        "Baseline survey"
        in cast.client("viewer").get(url, {"habit": "coalescing"}).content.decode()
    )
