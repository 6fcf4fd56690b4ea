"""The ladder overview's cache: keyed by a database fingerprint, so never stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.fixtures import Settings

from convener.accounts.models import User
from convener.activities import ladder
from convener.activities.models import Activity, ActivityInvitation, EngagementEvent, LadderChange
from convener.activities.services import events as event_services
from convener.activities.services import ladder as services
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services import registry, transfer
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_cache(settings: Settings) -> Iterator[None]:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ladder-cache-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


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
    out = [
        Stakeholder.objects.create(
            initiative=initiative, name=f"P{i}", perspective=perspective, circle="extended"
        )
        for i in range(4)
    ]
    for person in out:
        _event(person, "attended", 30)
    _event(out[0], "contributed", 10)
    return out


def _event(person: Stakeholder, kind: str, days_ago: int) -> EngagementEvent:
    return EngagementEvent.objects.create(
        initiative=person.initiative,
        stakeholder=person,
        kind=kind,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def _overview(initiative: Initiative, **filters: str) -> services.Overview:
    return services.ladder_overview(initiative=initiative, on=timezone.localdate(), **filters)


def _uncached(initiative: Initiative, **filters: str) -> services.Overview:
    return services.compute_overview(initiative=initiative, on=timezone.localdate(), **filters)


def _counts(overview: services.Overview) -> dict[str, int]:
    dist = ladder.summary_distribution(overview.everyone, key="all")
    return {level.key: dist.counts[level] for level in ladder.LEVELS}


def _ladder_queries(ctx: CaptureQueriesContext) -> list[str]:
    """The big aggregation is the one query that reads the events grouped by stakeholder."""
    table = EngagementEvent._meta.db_table
    return [q["sql"] for q in ctx.captured_queries if table in q["sql"] and "GROUP BY" in q["sql"]]


def test_second_call_skips_the_aggregation(initiative: Initiative, people: list[Stakeholder]):
    with CaptureQueriesContext(connection) as cold:
        first = _overview(initiative)
    with CaptureQueriesContext(connection) as warm:
        second = _overview(initiative)
    assert len(_ladder_queries(cold)) == 1
    assert _ladder_queries(warm) == []
    assert len(warm.captured_queries) == 2  # the perspectives and the fingerprint
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert second == first


def test_cached_equals_uncached(initiative: Initiative, people: list[Stakeholder]):
    for filters in ({}, {"circle": "extended"}, {"perspective": "families"}, {"circle": "core"}):
        uncached = _uncached(initiative, **filters)
        assert _overview(initiative, **filters) == uncached  # cold
        assert _overview(initiative, **filters) == uncached  # warm


def test_filters_have_their_own_entries(initiative: Initiative, people: list[Stakeholder]):
    everyone = _overview(initiative)
    nobody = _overview(initiative, circle="core")
    assert len(everyone.everyone) == 4
    assert nobody.everyone == []
    assert _overview(initiative) == everyone


def test_recording_an_event_invalidates(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    before = _overview(initiative)
    assert _counts(before)["partner"] == 1
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=people[1].pk,
        kind="contributed",
        occurred_on=timezone.localdate(),
    )
    after = _overview(initiative)
    assert _counts(after)["partner"] == 2
    assert after == _uncached(initiative)


def test_deleting_an_event_invalidates(initiative: Initiative, people: list[Stakeholder]):
    assert _counts(_overview(initiative))["partner"] == 1
    EngagementEvent.objects.filter(stakeholder=people[0], kind="contributed").delete()
    after = _overview(initiative)
    assert _counts(after)["partner"] == 0
    assert after == _uncached(initiative)


def test_deleting_one_event_and_recording_another_invalidates(
    initiative: Initiative, people: list[Stakeholder]
):
    assert _counts(_overview(initiative))["partner"] == 1
    EngagementEvent.objects.filter(stakeholder=people[0], kind="contributed").delete()
    _event(people[1], "led", 5)  # same count of events, a higher id
    after = _overview(initiative)
    assert _counts(after)["partner"] == 0
    assert _counts(after)["leader"] == 1
    assert after == _uncached(initiative)


def test_changing_an_invitation_status_invalidates(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    newcomer = Stakeholder.objects.create(initiative=initiative, name="New")
    activity = Activity.objects.create(
        initiative=initiative, title="Meeting", kind="meeting", starts_on=timezone.localdate()
    )
    invitation = ActivityInvitation.objects.create(activity=activity, stakeholder=newcomer)
    before = _overview(initiative)
    assert _counts(before)["invited"] == 1
    event_services.set_invitation_status(invitation=invitation, status="accepted", actor=owner)
    after = _overview(initiative)
    assert _counts(after)["invited"] == 0
    assert after == _uncached(initiative)


def test_status_change_without_responded_at_invalidates(
    initiative: Initiative, people: list[Stakeholder]
):
    newcomer = Stakeholder.objects.create(initiative=initiative, name="New")
    activity = Activity.objects.create(
        initiative=initiative, title="Meeting", kind="meeting", starts_on=timezone.localdate()
    )
    invitation = ActivityInvitation.objects.create(activity=activity, stakeholder=newcomer)
    assert _counts(_overview(initiative))["invited"] == 1
    ActivityInvitation.objects.filter(pk=invitation.pk).update(status="accepted")
    after = _overview(initiative)
    assert _counts(after)["invited"] == 0
    assert after == _uncached(initiative)


def test_moving_a_person_to_another_circle_invalidates(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    assert len(_overview(initiative, circle="extended").everyone) == 4
    assert _overview(initiative, circle="core").everyone == []
    registry.bulk_move_circle(
        initiative=initiative, stakeholder_ids=[people[0].pk], to_circle="core", actor=owner
    )
    assert len(_overview(initiative, circle="extended").everyone) == 3
    core = _overview(initiative, circle="core")
    assert [s.person_id for s in core.everyone] == [people[0].pk]
    assert core == _uncached(initiative, circle="core")


def test_another_day_is_another_entry(initiative: Initiative, people: list[Stakeholder]):
    today = timezone.localdate()
    services.ladder_overview(initiative=initiative, on=today)
    tomorrow = services.ladder_overview(initiative=initiative, on=today + dt.timedelta(days=1))
    assert tomorrow.on == today + dt.timedelta(days=1)


def test_initiatives_do_not_share_entries(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    other = make_initiative(owner=owner, title="Another initiative")
    assert len(_overview(initiative).everyone) == 4
    assert _overview(other).everyone == []


def test_an_import_merging_a_new_perspective_invalidates(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    """The import's merge writes with bulk_update, which leaves updated_at alone."""
    other = Perspective.objects.create(initiative=initiative, key="youth", label="young people")
    assert len(_overview(initiative, perspective="families").everyone) == 4
    assert _overview(initiative, perspective="youth").everyone == []
    stamp = Stakeholder.objects.get(pk=people[0].pk).updated_at
    transfer.import_rows(
        initiative=initiative,
        actor=owner,
        header=["name", "perspective"],
        rows=[(1, [people[0].name, other.label])],
        mapping=["name", "perspective"],
        default_choice="overwrite",
    )
    moved = Stakeholder.objects.get(pk=people[0].pk)
    assert moved.perspective_id == other.pk
    assert moved.updated_at == stamp  # hence the import audit entry in the fingerprint
    youth = _overview(initiative, perspective="youth")
    assert [s.person_id for s in youth.everyone] == [people[0].pk]
    assert len(_overview(initiative, perspective="families").everyone) == 3
    assert youth == _uncached(initiative, perspective="youth")


# --- The change log and the incremental snapshot ---


def _logged(initiative: Initiative) -> list[int]:
    return list(
        LadderChange.objects.filter(initiative_pk=initiative.pk)
        .order_by("id")
        .values_list("stakeholder_pk", flat=True)
    )


def test_triggers_log_inserts_updates_and_deletes_of_events_and_invitations(
    initiative: Initiative, people: list[Stakeholder]
):
    LadderChange.objects.all().delete()
    event = _event(people[1], "shared", 3)
    EngagementEvent.objects.filter(pk=event.pk).update(kind="asked")  # no signal, no save()
    EngagementEvent.objects.filter(pk=event.pk).delete()
    assert _logged(initiative) == [people[1].pk] * 4  # insert, update (old and new), delete
    activity = Activity.objects.create(
        initiative=initiative, title="Meeting", kind="meeting", starts_on=timezone.localdate()
    )
    LadderChange.objects.all().delete()
    ActivityInvitation.objects.bulk_create(
        [ActivityInvitation(activity=activity, stakeholder=people[2])]
    )
    assert _logged(initiative) == [people[2].pk]


def test_a_write_after_the_snapshot_recomputes_only_that_person(
    initiative: Initiative, people: list[Stakeholder], owner: User
):
    _overview(initiative)  # the snapshot of everyone
    services.record_event(
        initiative=initiative,
        actor=owner,
        stakeholder_id=people[2].pk,
        kind="led",
        occurred_on=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as after_write:
        after = _overview(initiative)
    [aggregation] = _ladder_queries(after_write)
    assert " IN (" in aggregation  # limited to the people the change log names
    assert _counts(after)["leader"] == 1
    assert after == _uncached(initiative)


def test_a_queryset_update_bypassing_signals_still_reaches_the_ladder(
    initiative: Initiative, people: list[Stakeholder]
):
    assert _counts(_overview(initiative))["partner"] == 1
    EngagementEvent.objects.filter(stakeholder=people[0], kind="contributed").update(kind="led")
    after = _overview(initiative)
    assert _counts(after)["partner"] == 0
    assert _counts(after)["leader"] == 1
    assert after == _uncached(initiative)


def test_deleting_a_stakeholder_drops_them_from_the_snapshot(
    initiative: Initiative, people: list[Stakeholder]
):
    assert len(_overview(initiative).everyone) == 4
    people[3].delete()
    after = _overview(initiative)
    assert [s.person_id for s in after.everyone] == [p.pk for p in people[:3]]
    assert after == _uncached(initiative)


def test_an_initiative_with_logged_changes_can_be_deleted(
    initiative: Initiative, people: list[Stakeholder]
):
    assert _logged(initiative)
    initiative.delete()  # the triggers log the cascade; plain integers block nothing
    assert not Initiative.objects.filter(pk=initiative.pk).exists()


def test_old_change_rows_are_pruned_on_a_full_recompute(
    initiative: Initiative, people: list[Stakeholder]
):
    LadderChange.objects.update(changed_at=timezone.now() - dt.timedelta(days=3))
    _overview(initiative)  # no snapshot yet: a full recompute, which prunes
    assert not LadderChange.objects.exists()
