"""Today's ladder reads one stored summary per person, kept by the services that write steps."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from convener.accounts.models import User
from convener.activities import ladder_rules
from convener.activities.models import (
    Activity,
    EngagementEvent,
    InvitationStatus,
    LadderSummary,
)
from convener.activities.selectors import ladder_overview as overviews
from convener.activities.services import events as event_services
from convener.activities.services import ladder as services
from convener.activities.services import ladder_summaries
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Stakeholder
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> User:
    user = UserFactory()
    assert isinstance(user, User)
    return user


@pytest.fixture
def initiative(owner: User) -> Initiative:
    return make_initiative(owner=owner)


@pytest.fixture
def people(initiative: Initiative) -> list[Stakeholder]:
    perspective, _created = Perspective.objects.get_or_create(
        initiative=initiative,
        key="families",
        defaults={"label": "family members", "is_family_youth": True, "position": 99},
    )
    return [
        Stakeholder.objects.create(
            initiative=initiative, name=f"P{i}", perspective=perspective, circle="extended"
        )
        for i in range(4)
    ]


@pytest.fixture
def activity(initiative: Initiative, owner: User) -> Activity:
    return event_services.create_activity(
        initiative=initiative,
        actor=owner,
        fields={"title": "Forum", "starts_on": timezone.localdate() - dt.timedelta(days=3)},
    )


def _today() -> dt.date:
    return timezone.localdate()


def _overview(initiative: Initiative, **filters: str) -> overviews.Overview:
    return overviews.ladder_overview(initiative=initiative, on=_today(), **filters)


def _from_events(initiative: Initiative, **filters: str) -> overviews.Overview:
    return overviews.compute_overview(initiative=initiative, on=_today(), **filters)


def _stored_levels() -> dict[int, int | None]:
    return dict(LadderSummary.objects.values_list("stakeholder_id", "ever"))


def test_services_that_write_steps_keep_each_persons_row(
    initiative: Initiative, people: list[Stakeholder], activity: Activity, owner: User
):
    ana, bo, cy, _dee = people
    event_services.invite(activity=activity, actor=owner, stakeholder_ids=[ana.pk, bo.pk])
    assert _stored_levels() == {ana.pk: 0, bo.pk: 0}  # invited: on the ladder, level 0
    event_services.check_in(activity=activity, stakeholder=ana, actor=owner)
    event_services.record_roles(
        activity=activity, actor=owner, stakeholder_ids=[ana.pk], kind="contributed"
    )
    invitation = activity.invitations.get(stakeholder=bo)
    event_services.set_invitation_status(
        invitation=invitation, status=InvitationStatus.ACCEPTED, actor=owner
    )
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=cy.pk,
        kind="attended",
        occurred_on=_today() - dt.timedelta(days=1),
    )
    stored = _stored_levels()
    assert stored[ana.pk] == ladder_rules.KIND_LEVEL["contributed"]
    assert stored[bo.pk] == ladder_rules.Level.PARTICIPANT
    assert stored[cy.pk] == ladder_rules.Level.PARTICIPANT
    assert set(LadderSummary.objects.values_list("computed_on", flat=True)) == {_today()}
    for filters in ({}, {"circle": "extended"}, {"perspective": "families"}, {"circle": "core"}):
        assert _overview(initiative, **filters) == _from_events(initiative, **filters)


def test_deleting_an_activity_refreshes_the_people_it_invited(
    initiative: Initiative, people: list[Stakeholder], activity: Activity, owner: User
):
    ana = people[0]
    event_services.invite(activity=activity, actor=owner, stakeholder_ids=[ana.pk])
    assert _stored_levels() == {ana.pk: 0}
    event_services.delete_activity(activity=activity, actor=owner)
    assert _stored_levels() == {}  # no step left: no row
    assert _overview(initiative) == _from_events(initiative)


def test_a_ladder_read_is_one_query_of_stored_rows_without_the_events(
    initiative: Initiative, people: list[Stakeholder], activity: Activity, owner: User
):
    event_services.invite(activity=activity, actor=owner, stakeholder_ids=[p.pk for p in people])
    _overview(initiative)
    with CaptureQueriesContext(connection) as ctx:
        _overview(initiative)
    events = EngagementEvent._meta.db_table
    assert not [q for q in ctx.captured_queries if events in q["sql"]]
    # The day's check, the counts per perspective and day (with how many are stalled), the
    # perspectives; nobody is stalled, so no query for their list.
    assert len(ctx.captured_queries) == 3


def test_steps_written_in_bulk_are_read_by_rebuilding_the_initiative(
    initiative: Initiative, people: list[Stakeholder]
):
    # An import or the demo writes events without the services: no rows yet.
    EngagementEvent.objects.bulk_create(
        EngagementEvent(initiative=initiative, stakeholder=p, kind="attended", occurred_on=_today())
        for p in people
    )
    assert not LadderSummary.objects.exists()
    assert _overview(initiative) == _from_events(initiative)
    assert len(_stored_levels()) == 4


def test_a_new_day_rebuilds_on_first_read_and_the_nightly_task_does_it_for_everyone(
    initiative: Initiative,
    people: list[Stakeholder],
    activity: Activity,
    owner: User,
    django_capture_on_commit_callbacks,
):
    event_services.check_in(activity=activity, stakeholder=people[0], actor=owner)
    LadderSummary.objects.update(computed_on=_today() - dt.timedelta(days=1))
    assert _overview(initiative) == _from_events(initiative)
    assert set(LadderSummary.objects.values_list("computed_on", flat=True)) == {_today()}

    LadderSummary.objects.update(computed_on=_today() - dt.timedelta(days=1), ever=None)
    with django_capture_on_commit_callbacks(execute=True), StringIO() as out:
        call_command("daily", stdout=out)  # the immediate backend runs the tasks at commit
    assert set(LadderSummary.objects.values_list("computed_on", flat=True)) == {_today()}
    assert _stored_levels() == {people[0].pk: ladder_rules.Level.PARTICIPANT}
    assert ladder_summaries.rebuild_all() == 1


def test_another_day_is_computed_from_the_events(
    initiative: Initiative, people: list[Stakeholder], activity: Activity, owner: User
):
    event_services.check_in(activity=activity, stakeholder=people[0], actor=owner)
    earlier = _today() - dt.timedelta(days=200)
    assert overviews.ladder_overview(initiative=initiative, on=earlier) == (
        overviews.compute_overview(initiative=initiative, on=earlier)
    )


def _level_today_from_events(person: Stakeholder) -> int | None:
    """The person's level today, straight from their raw events (the ladder's own rules)."""
    events = [
        ladder_rules.Event(person.pk, e.kind, e.occurred_on)
        for e in EngagementEvent.objects.filter(stakeholder=person)
    ]
    grouped = ladder_rules.group_events(events)
    return ladder_rules.level_on(grouped[person.pk], _today()) if person.pk in grouped else None


def test_the_overview_counts_match_the_raw_events_and_follow_a_new_event(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    ana, bo, cy, dee = people
    days_ago = [40, 30, 20, 10]
    for person in (ana, bo, cy):  # three attended; Ana three times (stalled candidates)
        for ago in days_ago[: 3 if person == ana else 1]:
            services.record_event(
                initiative=initiative,
                actor=owner,
                stakeholder_id=person.pk,
                kind="attended",
                occurred_on=_today() - dt.timedelta(days=ago),
            )
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=bo.pk,
        kind="contributed",
        occurred_on=_today() - dt.timedelta(days=5),
    )
    overview = _overview(initiative)
    counts = [0] * len(ladder_rules.LEVELS)
    for person in people:
        if (level := _level_today_from_events(person)) is not None:
            counts[level] += 1
    assert overview.everyone.counts == tuple(counts) == (0, 2, 0, 1, 0)  # Bo: partner
    assert overview.everyone.size == 3  # Dee has no step
    assert overview.groups["families"].counts == tuple(counts)
    assert overview.trend[-1].distribution.counts == tuple(counts)  # today closes the trend
    assert (overview.everyone.participants, overview.everyone.partners) == (3, 1)
    # Ana attended three times, never engaged further: stalled; Cy attended once: not.
    assert [(s.person_id, s.times_attended) for s in overview.stalled] == [(ana.pk, 3)]
    assert overview.stalled_total == 1
    shortened = overviews.ladder_overview(initiative=initiative, on=_today(), stalled_limit=0)
    assert (shortened.stalled, shortened.stalled_total) == ([], 1)

    # A new event through the service: the next read shows it (no stale figures).
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=ana.pk,
        kind="led",
        occurred_on=_today(),
    )
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=dee.pk,
        kind="attended",
        occurred_on=_today(),
    )
    after = _overview(initiative)
    assert _level_today_from_events(ana) == ladder_rules.Level.LEADER
    assert after.everyone.counts == (0, 2, 0, 1, 1)
    assert after.everyone.size == 4
    assert (after.everyone.participants, after.everyone.partners) == (4, 2)
    assert (after.stalled, after.stalled_total) == ([], 0)
    assert after == _from_events(initiative)


def test_the_overview_groups_people_by_their_perspective_in_the_registry_now(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    for person in people[:2]:
        services.record_event(
            initiative=initiative,
            actor=owner,
            stakeholder_id=person.pk,
            kind="attended",
            occurred_on=_today(),
        )
    assert _overview(initiative).groups["families"].size == 2
    moved = people[0]
    moved.perspective = None
    moved.circle = "core"
    moved.save()  # a registry edit, not a ladder step: the stored row is unchanged
    overview = _overview(initiative)
    assert overview.groups["families"].size == 1
    assert overview.groups[""].counts == (0, 1, 0, 0, 0)
    assert _overview(initiative, circle="core").everyone.size == 1
    assert _overview(initiative, perspective="none").everyone.size == 1
    for filters in ({}, {"circle": "core"}, {"perspective": "none"}, {"perspective": "families"}):
        assert _overview(initiative, **filters) == _from_events(initiative, **filters)
