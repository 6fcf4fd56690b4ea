"""The activities API: a second door onto the same services, with the same rules."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from convener.accounts.models import ApiToken
from convener.activities.api.events import api_access, api_sample_bodies
from convener.activities.models import Activity, Attendance, EngagementEvent
from convener.activities.services import events as services
from tests.factories import RegisteredStakeholderFactory

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
RANK = {"viewer": 0, "member": 1, "convener": 2, "owner": 3}


class Api:
    def __init__(self, cast, persona: str) -> None:
        self.token = ApiToken.issue(user=cast.users[persona], name="t")[1]
        self.base = f"/api/v1/initiatives/{cast.initiative.slug}"

    def __call__(self, method: str, path: str, body: object | None = None):
        headers = {"Authorization": f"Bearer {self.token}"}
        client = Client()
        if method == "GET":
            return client.get(self.base + path, headers=headers)
        return getattr(client, method.lower())(
            self.base + path,
            data=json.dumps(body or {}),
            content_type="application/json",
            headers=headers,
        )


def make(cast, on=YESTERDAY, **fields) -> Activity:
    return services.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": "Workgroup", "kind": "regional_workgroup", "starts_on": on, **fields},
    )


def _path(operation: str, initiative, activity_id: int) -> tuple[str, str]:
    method, template = operation.split(" ", 1)
    return method, template.replace("{slug}", initiative.slug).replace(
        "{activity_id}", str(activity_id)
    )


def _send(method: str, path: str, body: str, headers: dict[str, str]):
    if method == "GET":
        return Client().get(path, headers=headers)
    send = getattr(Client(), method.lower())
    return send(path, data=body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("persona", ["viewer", "member", "convener"])
def test_every_operation_refuses_lower_roles_and_other_initiatives(cast, persona) -> None:
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    headers = {"Authorization": f"Bearer {token}"}
    mine = make(cast)
    theirs = services.create_activity(
        initiative=cast.other,
        actor=None,
        fields={"title": "O", "kind": "meeting", "starts_on": TODAY},
    )
    for operation, least in api_access.items():
        body = json.dumps(api_sample_bodies.get(operation, {}))
        method, path = _path(operation, cast.other, theirs.pk)
        response = _send(method, path, body, headers)
        assert response.status_code == 404, operation
        if RANK[persona] < RANK[str(least)]:
            method, path = _path(operation, cast.initiative, mine.pk)
            response = _send(method, path, body, headers)
            assert response.status_code == 403, (persona, operation)
        anonymous = _send(method, path, body, {})
        assert anonymous.status_code == 401, operation


def test_create_read_patch_and_delete_an_activity(cast) -> None:
    member, convener = Api(cast, "member"), Api(cast, "convener")
    created = member(
        "POST",
        "/activities",
        {
            "title": "Regional workgroup",
            "kind": "regional_workgroup",
            "starts_on": "2026-03-02",
            "audience_circles": ["key"],
            "expected_perspectives": ["family_youth"],
            "formality": "formal",
            "learning": "with",
            "direction": "two_way",
            "habit": "work_together",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["quadrant"] == "formal_with"
    assert body["expected_perspectives"] == ["family_youth"]
    pk = body["id"]
    patched = member("PATCH", f"/activities/{pk}", {"title": "March workgroup", "formality": None})
    assert patched.status_code == 200
    assert patched.json()["title"] == "March workgroup"
    assert patched.json()["quadrant"] == ""
    assert Activity.objects.get(pk=pk).habit == "work_together"
    listed = Api(cast, "viewer")("GET", "/activities")
    assert [a["title"] for a in listed.json()] == ["March workgroup"]
    assert member("DELETE", f"/activities/{pk}").status_code == 403
    assert convener("DELETE", f"/activities/{pk}").status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()


def test_invalid_activities_get_422_in_the_one_error_shape(cast) -> None:
    member = Api(cast, "member")
    custom = member(
        "POST", "/activities", {"title": "X", "kind": "custom", "starts_on": "2026-03-02"}
    )
    assert custom.status_code == 422
    assert custom.json()["error"]["code"] == "invalid"
    unknown = member(
        "POST",
        "/activities",
        {
            "title": "X",
            "kind": "meeting",
            "starts_on": "2026-03-02",
            "expected_perspectives": ["nope"],
        },
    )
    assert unknown.status_code == 422
    assert "expected_perspectives" in unknown.json()["error"]["fields"]
    habit = member(
        "POST",
        "/activities",
        {"title": "X", "kind": "meeting", "starts_on": "2026-03-02", "habit": "nope"},
    )
    assert habit.status_code == 422
    assert not Activity.objects.filter(title="X").exists()


def test_invitations_and_attendance_through_the_api(cast) -> None:
    member = Api(cast, "member")
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    a = make(cast)
    invited = member("POST", f"/activities/{a.pk}/invitations", {"stakeholder_ids": [ana.pk]})
    assert invited.status_code == 201
    assert [i["name"] for i in invited.json()] == ["Ana"]
    stranger = RegisteredStakeholderFactory(initiative=cast.other, name="S")
    refused = member("POST", f"/activities/{a.pk}/invitations", {"stakeholder_ids": [stranger.pk]})
    assert refused.status_code == 422
    first = member("POST", f"/activities/{a.pk}/attendance", {"stakeholder_id": ana.pk})
    again = member("POST", f"/activities/{a.pk}/attendance", {"stakeholder_id": ana.pk})
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["walk_in"] is False
    walk_in = member(
        "POST",
        f"/activities/{a.pk}/attendance",
        {"walk_in": {"name": "Dee Walker", "perspective": "family_youth"}},
    )
    assert walk_in.status_code == 201
    assert walk_in.json()["walk_in"] is True
    assert Attendance.objects.filter(activity=a).count() == 2
    assert EngagementEvent.objects.filter(activity=a, kind="attended").count() == 2
    listed = Api(cast, "viewer")("GET", f"/activities/{a.pk}/attendance").json()
    assert [r["name"] for r in listed] == ["Ana", "Dee Walker"]
    both = member(
        "POST",
        f"/activities/{a.pk}/attendance",
        {"stakeholder_id": ana.pk, "walk_in": {"name": "X"}},
    )
    assert both.status_code == 422


def test_an_api_walk_in_matching_the_registry_is_409_until_confirmed(cast) -> None:
    member = Api(cast, "member")
    lupe = RegisteredStakeholderFactory(initiative=cast.initiative, name="Guadalupe Reyes")
    a = make(cast)
    path = f"/activities/{a.pk}/attendance"
    offered = member("POST", path, {"walk_in": {"name": "Guadalupe Reyes"}})
    assert offered.status_code == 409
    error = offered.json()["error"]
    assert error["code"] == "possible_duplicate"
    assert error["fields"]["matches"] == [f"{lupe.pk}: Guadalupe Reyes"]
    assert not Attendance.objects.exists()
    confirmed = member("POST", path, {"walk_in": {"name": "Guadalupe Reyes", "confirm_new": True}})
    assert confirmed.status_code == 201
    assert Attendance.objects.count() == 1


def test_attendance_for_a_future_activity_is_422(cast) -> None:
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    a = make(cast, on=TODAY + dt.timedelta(days=2))
    response = Api(cast, "member")(
        "POST", f"/activities/{a.pk}/attendance", {"stakeholder_id": ana.pk}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "future_activity"
    assert not Attendance.objects.exists()


def test_quadrants_give_shares_and_quarters(cast) -> None:
    for i in range(4):
        make(cast, title=f"F{i}", on=dt.date(2025, 2, 1), formality="formal", learning="from")
    make(cast, on=dt.date(2025, 5, 1), formality="informal", learning="with", direction="two_way")
    body = Api(cast, "viewer")("GET", "/quadrants?year=2025").json()
    assert body["dominant"] == "formal_from"
    shares = {s["quadrant"]: s["share"] for s in body["shares"]}
    assert shares["formal_from"] == 0.8
    assert [q["quarter"] for q in body["quarters"]] == ["2025 Q1", "2025 Q2"]
    assert body["quarters"][1]["two_way_share"] == 1.0


def test_the_operations_are_in_the_openapi_document(cast) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operations = {f"{m.upper()} {path}" for path, item in document["paths"].items() for m in item}
    assert set(api_access) <= operations
