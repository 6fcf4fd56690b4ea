"""The engagement ladder and an activity's balance with 10,000 people and 100,000 attendances.

Fixture (bulk inserts): 10,000 stakeholders, 200 activities over two years, 100,000 attendance
rows (each with its "attended" engagement event) and 50,000 further engagement events, about
150,000 events in all. Times the ladder page and an activity-balance computation (the perspective
balance of one activity's attendance, through the registry's analytics) through the Django test
client, beside an empty view measured in the same run. Figures only, no assertions.

Today's ladder reads one stored summary row per person (``LadderSummary``), which the services
that write events keep up to date and the nightly task rebuilds. Situations timed:

- "reads": repeated reads;
- "after a write": someone is checked in to an activity (untimed) before each read;
- "first read of a new day": every row is marked as yesterday's before each read, so the read
  rebuilds the initiative's rows from every event — what happens when the nightly task has not
  run yet that day;
- the check-in itself (with its summary refresh), and the nightly rebuild task.

Run: ``.venv/bin/python -m bench.ladder`` (add ``--requests N`` to change the sample, >= 100).
Target (issues 4 and 17): p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from convener.initiatives.models import Initiative

from bench.harness import empty_view_baseline, measure, measure_after, report, setup_django

PEOPLE = 10_000
ACTIVITIES = 200
ATTENDANCE = 100_000
EXTRA_EVENTS = 50_000
EXTRA_KINDS = (
    ["shared"] * 6
    + ["asked"] * 6
    + ["interacted"] * 5
    + ["contributed"] * 3
    + ["initiated", "stayed_connected", "led", "leadership_role"]
)


def populate(initiative: Initiative) -> list[int]:
    """Fill the initiative; return the activity ids."""
    from convener.activities.models import Activity, Attendance, EngagementEvent
    from convener.stakeholders.models import Circle, Stakeholder

    rng = random.Random(4)  # noqa: S311 (reproducible fake data)
    perspectives = list(initiative.perspectives.all())
    weights = [4, 20, 14, 10, 6, 8, 12, 9, 5, 7, 5][: len(perspectives)]
    circles = [*Circle.values, ""]
    people = Stakeholder.objects.bulk_create(
        (
            Stakeholder(
                initiative=initiative,
                name=f"Person {i:05}",
                perspective=rng.choices(perspectives, weights)[0],
                circle=rng.choices(circles, [3, 10, 30, 30, 27])[0],
            )
            for i in range(PEOPLE)
        ),
        batch_size=2000,
    )
    today = dt.date.today()
    activities = Activity.objects.bulk_create(
        Activity(
            initiative=initiative,
            title=f"Meeting {i:03}",
            kind="meeting",
            starts_on=today - dt.timedelta(days=730 * i // ACTIVITIES + 1),
            habit=rng.choice(["coalescing", "participation", "work_together"]),
        )
        for i in range(ACTIVITIES)
    )
    ids = [p.pk for p in people]
    per_activity = ATTENDANCE // ACTIVITIES
    attendance, events = [], []
    for activity in activities:
        for sid in rng.sample(ids, per_activity):
            attendance.append(Attendance(activity_id=activity.pk, stakeholder_id=sid))
            events.append(
                EngagementEvent(
                    initiative=initiative,
                    stakeholder_id=sid,
                    activity_id=activity.pk,
                    kind="attended",
                    occurred_on=activity.starts_on,
                )
            )
    for _ in range(EXTRA_EVENTS):
        events.append(
            EngagementEvent(
                initiative=initiative,
                stakeholder_id=rng.choice(ids),
                kind=rng.choice(EXTRA_KINDS),
                occurred_on=today - dt.timedelta(days=rng.randint(1, 730)),
            )
        )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    EngagementEvent.objects.bulk_create(events, batch_size=5000)
    return [a.pk for a in activities]


def activity_balance(initiative: Initiative, activity_id: int) -> object:
    """Return the perspective balance of one activity's attendance (one query + analytics)."""
    from convener.activities.models import Attendance
    from convener.stakeholders.analytics import PerspectiveTarget, StakeholderFacts, balance

    taxonomy = [
        PerspectiveTarget(p.key, p.label, p.is_family_youth, p.target_percent)
        for p in initiative.perspectives.all()
    ]
    facts = [
        StakeholderFacts(
            perspective_key=key or "",
            perspective_label="",
            is_family_youth=bool(fy),
            circle=circle,
            side="",
            power="",
            stance="",
            scale="",
            interest=False,
            affected=False,
            can_affect=False,
            organization_id=None,
            id=sid,
        )
        for sid, key, fy, circle in Attendance.objects.filter(activity_id=activity_id).values_list(
            "stakeholder_id",
            "stakeholder__perspective__key",
            "stakeholder__perspective__is_family_youth",
            "stakeholder__circle",
        )
    ]
    return balance(facts, taxonomy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.http import HttpRequest, HttpResponse
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from bench import urls as bench_urls
    from convener.accounts.models import User
    from convener.activities.models import Activity, Attendance, EngagementEvent, LadderSummary
    from convener.activities.services import events as event_services
    from convener.activities.services import ladder_summaries
    from convener.initiatives.models import Membership
    from convener.initiatives.roles import Role
    from convener.stakeholders.models import Stakeholder
    from tests.factories import UserFactory, make_initiative

    owner, viewer = cast(User, UserFactory()), cast(User, UserFactory())
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=viewer, role=Role.VIEWER)
    activity_ids = populate(initiative)

    # The activity-balance computation through the same client: part 1's activity page when it
    # routes one, else a bench-only view around the same computation.
    def balance_view(request: HttpRequest, activity_id: int) -> HttpResponse:
        result = activity_balance(initiative, activity_id)
        return HttpResponse(str(getattr(result, "people", "")).encode())

    from django.urls import clear_url_caches, path

    bench_urls.urlpatterns.insert(0, path("__bench__/balance/<int:activity_id>", balance_view))
    clear_url_caches()
    try:
        reverse(
            "activities:detail", kwargs={"slug": initiative.slug, "activity_id": activity_ids[0]}
        )
        balance_label = "activity page (part 1, with its balance)"

        def balance_url(aid: int) -> str:
            return reverse(
                "activities:detail", kwargs={"slug": initiative.slug, "activity_id": aid}
            )
    except NoReverseMatch:
        balance_label = "activity balance (500 attendees, analytics)"

        def balance_url(aid: int) -> str:
            return f"/__bench__/balance/{aid}"

    client = Client()
    client.force_login(viewer)
    ladder_url = reverse("activities:ladder", kwargs={"slug": initiative.slug})
    first = client.get(ladder_url)
    assert first.status_code == 200, first.status_code

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(ladder_url)
    warm_queries = len(queries)
    yesterday = dt.date.today() - dt.timedelta(days=1)

    def new_day() -> None:
        LadderSummary.objects.update(computed_on=yesterday)

    new_day()
    queries.clear()
    with connection.execute_wrapper(count):
        client.get(ladder_url)
    cold_queries = len(queries)

    rng = random.Random(9)  # noqa: S311 (reproducible request mix)
    people_ids = list(
        Stakeholder.objects.filter(initiative=initiative).values_list("pk", flat=True)
    )
    activities = list(Activity.objects.filter(pk__in=activity_ids))

    def check_in_someone() -> None:
        event_services.check_in(
            activity=rng.choice(activities),
            stakeholder=Stakeholder.objects.get(pk=rng.choice(people_ids)),
            actor=owner,
        )

    baseline = empty_view_baseline(client, repeat=args.requests)
    ladder_timing = measure(
        "ladder page: all perspectives", lambda: client.get(ladder_url), repeat=args.requests
    )
    filtered = measure(
        "ladder page: one circle",
        lambda: client.get(ladder_url, {"circle": "extended"}),
        repeat=args.requests,
    )
    after_write = measure_after(
        "ladder page: all perspectives, after a write",
        check_in_someone,
        lambda: client.get(ladder_url),
        repeat=args.requests,
    )
    after_write_filtered = measure_after(
        "ladder page: one circle, after a write",
        check_in_someone,
        lambda: client.get(ladder_url, {"circle": "extended"}),
        repeat=args.requests,
    )
    cold_timing = measure_after(
        "ladder page: all perspectives, first read of a new day (rebuilds)",
        new_day,
        lambda: client.get(ladder_url),
        repeat=max(10, args.requests // 5),
    )
    write_timing = measure(
        "check-in (the write, with its summary refresh)", check_in_someone, repeat=args.requests
    )
    nightly_timing = measure(
        "nightly rebuild task (every person, no request)",
        ladder_summaries.rebuild_all,
        repeat=5,
    )
    balance_timing = measure(
        balance_label,
        lambda: client.get(balance_url(rng.choice(activity_ids))),
        repeat=args.requests,
    )
    report(
        f"Engagement ladder: {PEOPLE:,} stakeholders, {Attendance.objects.count():,} attendance "
        f"rows, {EngagementEvent.objects.count():,} engagement events",
        [
            baseline.line(),
            ladder_timing.line(),
            filtered.line(),
            balance_timing.line(),
            after_write.line(),
            after_write_filtered.line(),
            cold_timing.line(),
            write_timing.line(),
            nightly_timing.line(),
            f"queries per ladder request: {warm_queries} (new day: {cold_queries})",
            f"ladder p95 {ladder_timing.p95:.1f} ms = {ladder_timing.p95 / baseline.p95:.1f}x the "
            f"empty view (target p95 <= 300 ms)",
            *(
                f"ladder {name}: p50 {t.p50:.1f} ms = {t.p50 / baseline.p50:.1f}x, "
                f"p95 {t.p95:.1f} ms = {t.p95 / baseline.p95:.1f}x the empty view "
                f"(p50 {baseline.p50:.2f} ms, p95 {baseline.p95:.2f} ms)"
                for name, t in (
                    ("after a write, all perspectives", after_write),
                    ("after a write, one circle", after_write_filtered),
                    ("first read of a new day, all perspectives", cold_timing),
                    ("reads, all perspectives", ladder_timing),
                    ("reads, one circle", filtered),
                )
            ),
            f"balance p95 {balance_timing.p95:.1f} ms = "
            f"{balance_timing.p95 / baseline.p95:.1f}x the empty view (target p95 <= 300 ms)",
        ],
    )


if __name__ == "__main__":
    main()
