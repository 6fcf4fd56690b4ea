"""Activities at scale: 10,000 stakeholders, 200 activities and 100,000 attendance rows.

Run: ``.venv/bin/python -m bench.activity_attendance`` (``--requests N`` for the sample).
Issue 4 asks the balance views to answer in p95 <= 300 ms at this size: the relevant
participation of one activity (500 people present) and the trend across all activities.
The list, the quadrants and a check-in at the door are timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from typing import TYPE_CHECKING, cast

from bench.harness import empty_view_baseline, measure, report, setup_django
from bench.registry_list import populate

if TYPE_CHECKING:
    from convener.initiatives.models import Initiative

ACTIVITIES = 200
PER_ACTIVITY = 500  # 200 x 500 = 100,000 attendance rows


def fill_activities(initiative: Initiative) -> list[int]:
    """Create the activities with their attendance and "attended" events; return their ids."""
    from convener.activities.models import Activity, Attendance, EngagementEvent
    from convener.stakeholders.models import Stakeholder

    rng = random.Random(4)  # noqa: S311 (reproducible fake data)
    people = list(
        Stakeholder.objects.filter(initiative=initiative, kind="person").values_list(
            "pk", flat=True
        )
    )
    start = dt.date(2025, 1, 6)
    activities = Activity.objects.bulk_create(
        Activity(
            initiative=initiative,
            title=f"Activity {i:03}",
            kind=rng.choice(["meeting", "webinar", "regional_workgroup", "family_event"]),
            starts_on=start + dt.timedelta(days=i * 2),
            formality=rng.choice(["formal", "formal", "informal", ""]),
            learning=rng.choice(["from", "from", "with"]),
            direction=rng.choice(["one_way", "two_way"]),
        )
        for i in range(ACTIVITIES)
    )
    for a in activities:
        present = rng.sample(people, PER_ACTIVITY)
        Attendance.objects.bulk_create(Attendance(activity=a, stakeholder_id=pk) for pk in present)
        EngagementEvent.objects.bulk_create(
            EngagementEvent(
                initiative=initiative,
                stakeholder_id=pk,
                activity=a,
                kind="attended",
                occurred_on=a.starts_on,
            )
            for pk in present
        )
    return [a.pk for a in activities]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from convener.accounts.models import User
    from convener.activities.models import Attendance
    from convener.initiatives.models import Membership
    from convener.initiatives.roles import Role
    from convener.stakeholders.models import Stakeholder
    from tests.factories import UserFactory, make_initiative

    owner, member = cast(User, UserFactory()), cast(User, UserFactory())
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    populate(initiative)
    ids = fill_activities(initiative)
    client = Client()
    client.force_login(member)
    base = f"/i/{initiative.slug}/activities/"
    latest = ids[-1]
    someone = (
        Stakeholder.objects.filter(initiative=initiative, kind="person")
        .exclude(attendance__activity_id=latest)
        .values_list("pk", flat=True)
        .first()
    )

    baseline = empty_view_baseline(client, repeat=args.requests)
    participation = measure(
        "participation of one activity (500 present)",
        lambda: client.get(f"{base}{latest}/participation/"),
        repeat=args.requests,
    )
    trend = measure(
        "participation trend (200 activities, 100k rows)",
        lambda: client.get(f"{base}participation-trend/"),
        repeat=args.requests,
    )
    rows = [
        baseline.line(),
        participation.line(),
        trend.line(),
        measure("activity list", lambda: client.get(base), repeat=args.requests).line(),
        measure(
            "quadrants page", lambda: client.get(f"{base}quadrants/"), repeat=args.requests
        ).line(),
        measure(
            "activity detail (500 present)",
            lambda: client.get(f"{base}{latest}/"),
            repeat=args.requests,
        ).line(),
        measure(
            "check-in POST (idempotent after the first)",
            lambda: client.post(
                f"{base}{latest}/check-in/", {"action": "one", "stakeholder": someone}
            ),
            repeat=args.requests,
        ).line(),
        f"participation p95 ratio to the empty view: {participation.p95 / baseline.p95:.1f}x",
        f"trend p95 ratio to the empty view: {trend.p95 / baseline.p95:.1f}x",
    ]
    report(
        f"Activities: {Stakeholder.objects.count():,} stakeholders, "
        f"{len(ids)} activities, {Attendance.objects.count():,} attendance rows",
        rows,
    )


if __name__ == "__main__":
    main()
