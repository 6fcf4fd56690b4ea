"""The ladder page, its service and its API, with a database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from convener.accounts.models import ApiToken
from convener.activities import ladder_rules
from convener.activities.models import Activity, ActivityInvitation, EngagementEvent
from convener.activities.selectors import ladder as selectors
from convener.activities.services import ladder as services
from convener.initiatives.models import AuditEntry, Initiative, Perspective
from convener.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def _family(initiative: Initiative) -> Perspective:
    perspective, _created = Perspective.objects.get_or_create(
        initiative=initiative,
        key="families",
        defaults={"label": "family members", "is_family_youth": True, "position": 99},
    )
    return perspective


def _people(
    initiative: Initiative, n: int, *, prefix: str = "P", circle: str = ""
) -> list[Stakeholder]:
    perspective = _family(initiative)
    return [
        Stakeholder.objects.create(
            initiative=initiative, name=f"{prefix}{i}", perspective=perspective, circle=circle
        )
        for i in range(n)
    ]


def _event(person: Stakeholder, kind: str, days_ago: int, activity: Activity | None = None) -> None:
    EngagementEvent.objects.create(
        initiative=person.initiative,
        stakeholder=person,
        kind=kind,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        activity=activity,
    )


def _eleven_families(initiative: Initiative) -> list[Stakeholder]:
    people = _people(initiative, 11)
    for person in people:
        _event(person, "attended", 30)
    for person in people[:2]:
        _event(person, "contributed", 10)
    return people


def test_the_page_says_how_many_moved_past_attended(cast):
    _eleven_families(cast.initiative)
    response = cast.client("viewer").get(reverse("activities:ladder", args=[cast.initiative.slug]))
    assert response.status_code == 200
    assert "Only 2 of 11 family members moved past “attended”." in response.content.decode()
    assert response.context["overall"].conversion.rate == pytest.approx(2 / 11)


def test_stalled_people_are_listed_with_links_to_the_registry(cast):
    people = _people(cast.initiative, 1, prefix="Stalled ")
    _event(people[0], "attended", 300)
    _event(people[0], "attended", 200)
    response = cast.client("viewer").get(reverse("activities:ladder", args=[cast.initiative.slug]))
    html = response.content.decode()
    assert "Stalled 0" in html
    assert reverse("stakeholders:detail", args=[cast.initiative.slug, people[0].pk]) in html
    history = reverse("activities:person_ladder", args=[cast.initiative.slug, people[0].pk])
    assert f'href="{history}"' in html
    assert response.context["stalled_total"] == 1


def test_filters_by_circle(cast):
    _eleven_families(cast.initiative)
    key = _people(cast.initiative, 3, prefix="K", circle="key")
    for person in key:
        _event(person, "led", 5)
    url = reverse("activities:ladder", args=[cast.initiative.slug])
    response = cast.client("viewer").get(url, {"circle": "key", "perspective": "families"})
    assert response.context["overall"].distribution.counts == (0, 0, 0, 0, 3)
    assert [row.key for row in response.context["rows"]] == ["families"]


def test_invitations_count_as_invited_and_accepted(cast):
    a, b = _people(cast.initiative, 2)
    activity = Activity.objects.create(
        initiative=cast.initiative, title="Workgroup", kind="meeting", starts_on=dt.date(2026, 1, 5)
    )
    ActivityInvitation.objects.create(activity=activity, stakeholder=a)
    ActivityInvitation.objects.create(activity=activity, stakeholder=b, status="accepted")
    events = selectors.load_events(initiative=cast.initiative)
    assert sorted((e.person_id, e.kind, e.activity_id) for e in events) == [
        (a.pk, "invited", activity.pk),
        (b.pk, "accepted", activity.pk),
    ]
    people = ladder_rules.group_events(events)
    today = timezone.localdate()
    assert ladder_rules.level_on(people[a.pk], today) == ladder_rules.Level.INVITED
    assert ladder_rules.level_on(people[b.pk], today) == ladder_rules.Level.PARTICIPANT


def test_the_page_query_count_does_not_grow_with_people(cast, django_assert_num_queries):
    client = cast.client("viewer")
    url = reverse("activities:ladder", args=[cast.initiative.slug])
    _eleven_families(cast.initiative)
    stalled = _people(cast.initiative, 2, prefix="S")
    for person in stalled:
        _event(person, "attended", 300)
        _event(person, "attended", 250)
    client.get(url)  # warm (content pack, session) and build the stored summaries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from convener.activities.services import ladder_summaries

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more = _people(cast.initiative, 40, prefix="M")
    for person in more:
        _event(person, "attended", 300)
        _event(person, "attended", 250)
        _event(person, "shared", 20)
    ladder_summaries.rebuild(initiative=cast.initiative)  # written without the services
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_the_person_page_shows_levels_over_time(cast):
    (person,) = _people(cast.initiative, 1, prefix="Ana ")
    _event(person, "attended", 100)
    _event(person, "led", 50)
    url = reverse("activities:person_ladder", args=[cast.initiative.slug, person.pk])
    response = cast.client("viewer").get(url)
    assert response.status_code == 200
    assert response.context["level"] == "Leader"
    assert [label for _day, label in response.context["history"]] == ["Participant", "Leader"]


def test_the_person_page_is_404_for_another_initiatives_stakeholder(cast):
    (person,) = _people(cast.other, 1)
    url = reverse("activities:person_ladder", args=[cast.initiative.slug, person.pk])
    assert cast.client("viewer").get(url).status_code == 404


# --- Service ---


def test_record_event_is_idempotent_per_activity_and_audited(cast):
    (person,) = _people(cast.initiative, 1)
    activity = Activity.objects.create(
        initiative=cast.initiative, title="Webinar", kind="webinar", starts_on=dt.date(2026, 1, 5)
    )
    kwargs = {
        "initiative": cast.initiative,
        "actor": cast.users["member"],
        "stakeholder_id": person.pk,
        "kind": "attended",
        "occurred_on": dt.date(2026, 1, 5),
        "activity_id": activity.pk,
    }
    first, created = services.record_event(**kwargs)
    again, created_again = services.record_event(**kwargs)
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert (
        AuditEntry.objects.filter(target_type="engagement_event", target_id=first.pk).count() == 1
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "waved"}, "kind"),
        ({"occurred_on": dt.date.today() + dt.timedelta(days=3)}, "occurred_on"),
        ({"stakeholder_id": 0}, "stakeholder_id"),
        ({"activity_id": 0}, "activity_id"),
    ],
)
def test_record_event_refuses_bad_input(cast, change, field):
    (person,) = _people(cast.initiative, 1)
    kwargs = {
        "initiative": cast.initiative,
        "actor": None,
        "stakeholder_id": person.pk,
        "kind": "attended",
        "occurred_on": dt.date(2026, 1, 5),
        **change,
    }
    with pytest.raises(services.LadderError) as error:
        services.record_event(**kwargs)
    assert error.value.field == field


def test_record_event_refuses_another_initiatives_stakeholder(cast):
    (outsider,) = _people(cast.other, 1)
    with pytest.raises(services.LadderError):
        services.record_event(
            initiative=cast.initiative,
            actor=None,
            stakeholder_id=outsider.pk,
            kind="attended",
            occurred_on=dt.date(2026, 1, 5),
        )


# --- API ---


def _api(cast, persona: str):
    from django.test import Client

    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_api_records_and_lists_events(cast):
    (person,) = _people(cast.initiative, 1)
    client = _api(cast, "member")
    base = f"/api/v1/initiatives/{cast.initiative.slug}"
    body = {"stakeholder_id": person.pk, "kind": "interacted", "occurred_on": "2026-01-05"}
    response = client.post(f"{base}/engagement-events", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["kind"] == "interacted"
    listed = client.get(f"{base}/engagement-events", {"stakeholder_id": person.pk}).json()
    assert [e["id"] for e in listed] == [response.json()["id"]]


def test_api_refuses_a_future_event_with_the_error_shape(cast):
    (person,) = _people(cast.initiative, 1)
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = _api(cast, "member").post(
        f"/api/v1/initiatives/{cast.initiative.slug}/engagement-events",
        {"stakeholder_id": person.pk, "kind": "attended", "occurred_on": future},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "occurred_on" in response.json()["error"]["fields"]


def test_api_ladder(cast):
    _eleven_families(cast.initiative)
    data = _api(cast, "viewer").get(f"/api/v1/initiatives/{cast.initiative.slug}/ladder").json()
    families = next(p for p in data["perspectives"] if p["perspective"] == "families")
    assert families["took_part"] == 11
    assert families["moved_past_attended"] == 2
    assert families["counts"]["partner"] == 2
    assert data["overall"]["conversion_rate"] == pytest.approx(2 / 11)
    assert len(data["trend"]) == 6
    assert data["trend"][-1]["counts"]["partner"] == 2


def test_api_is_in_the_openapi_document(cast):
    paths = _api(cast, "viewer").get("/api/v1/openapi.json").json()["paths"]
    for path in ("ladder", "engagement-events", "chronology", "milestones"):
        assert f"/api/v1/initiatives/{{slug}}/{path}" in paths
