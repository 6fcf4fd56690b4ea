"""The demo year of activities: one-way early, two-way later, and a few families who lead."""

import datetime as dt

from django.db.models import Count

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    EngagementEvent,
    Milestone,
    Relationship,
)
from convener.activities.services.network import network_report
from convener.demo.activities import load_activities
from convener.demo.convenings import NEXT_TITLE
from convener.demo.data import load_demo
from convener.demo.stakeholders import load_stakeholders


def test_the_demo_year_loads_once_with_attendance_and_ladder_movement(db):
    initiative = load_demo().initiative
    load_stakeholders(initiative)
    load_activities(initiative)
    activities = Activity.objects.filter(initiative=initiative)
    count = activities.count()
    load_activities(initiative)  # idempotent: a second load adds nothing
    assert activities.count() == count
    assert 22 <= count <= 28
    # The year's activities; the next family forum is always ahead of today (test_demo_convenings).
    days = sorted(activities.exclude(title=NEXT_TITLE).values_list("starts_on", flat=True))
    assert days[0] >= dt.date(2025, 9, 1)
    assert days[-1] <= dt.date(2026, 10, 31)

    # One-way early, two-way later.
    first_half = activities.filter(starts_on__lt=dt.date(2026, 3, 1))
    second_half = activities.filter(starts_on__gte=dt.date(2026, 3, 1))

    def two_way_share(qs):
        return qs.filter(direction="two_way").count() / qs.count()

    assert two_way_share(first_half) < two_way_share(second_half)
    assert activities.filter(next_activity__isnull=False).count() >= 3

    # Meetings have 20 to 40 people; family events fewer.
    sizes = activities.annotate(n=Count("attendance"))
    assert max(a.n for a in sizes) <= 45
    assert all(a.n < 20 for a in sizes if a.kind == "family_event")
    workgroups = activities.filter(kind="regional_workgroup").annotate(n=Count("attendance"))
    assert all(20 <= w.n <= 40 for w in workgroups)
    assert not Attendance.objects.filter(activity__kind__in=["email_list", "social_media"]).exists()
    assert Attendance.objects.filter(activity__initiative=initiative, walk_in=True).exists()
    statuses = set(
        ActivityInvitation.objects.filter(activity__initiative=initiative).values_list(
            "status", flat=True
        )
    )
    assert statuses >= {"accepted", "declined", "no_reply"}

    # Ladder: a couple of families move past "attended"; most stay.
    family_events = EngagementEvent.objects.filter(
        initiative=initiative, stakeholder__perspective__key="family_youth"
    )
    movers = set(
        family_events.exclude(kind__in=["accepted", "attended", "shared", "asked"]).values_list(
            "stakeholder_id", flat=True
        )
    )
    attended = set(family_events.filter(kind="attended").values_list("stakeholder_id", flat=True))
    assert len(movers) == 2
    assert len(attended) >= 4
    assert family_events.filter(kind="led").exists()

    assert 3 <= Milestone.objects.filter(initiative=initiative).count() <= 4
    assert all(m.what_changed and m.value_produced for m in Milestone.objects.all())
    assert 6 <= Relationship.objects.filter(initiative=initiative).count() <= 8

    report, _data = network_report(initiative=initiative)
    assert "Other has no connection to any other group." in [f.message for f in report.findings]
    assert any(e.kind == "recorded" for e in report.edges)
    assert any(e.kind == "derived" and e.weight > 5 for e in report.edges)
    assert report.findings
