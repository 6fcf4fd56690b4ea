import json

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import CircleMove, Kind, Stakeholder
from tests.factories import RegisteredStakeholderFactory


@pytest.fixture
def api(cast):
    """Return a function making API calls as a persona, with a bearer token."""
    tokens = {}

    def call(persona, method, path, body=None):
        if persona not in tokens:
            tokens[persona] = ApiToken.issue(user=cast.users[persona], name="test")[1]
        headers = {"Authorization": f"Bearer {tokens[persona]}"}
        kwargs = (
            {"content_type": "application/json", "data": json.dumps(body)}
            if body is not None
            else {}
        )
        base = f"/api/v1/initiatives/{cast.initiative.slug}/stakeholders"
        return getattr(Client(), method)(base + path, headers=headers, **kwargs)

    return call


def test_create_with_perspective_key_and_choice_values(api, cast):
    response = api(
        "member",
        "post",
        "",
        {
            "name": "Ana Ruiz",
            "perspective": "family_youth",
            "circle": "key",
            "stance": "critic",
            "concern_affected": True,
            "email": "ana@example.org",
            "tags": ["rural", "youth council"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["perspective"] == "family_youth"
    assert body["circle"] == "key"
    assert body["email"] == "ana@example.org"
    assert body["tags"] == ["rural", "youth council"]
    ana = Stakeholder.objects.get(pk=body["id"])
    assert ana.created_by == cast.users["member"]
    assert CircleMove.objects.filter(stakeholder=ana, to_circle="key").exists()
    assert AuditEntry.objects.filter(action="create", target_id=ana.pk).exists()


def test_creating_someone_the_registry_may_hold_is_409_until_confirmed(api, cast):
    """Issue 16, break 5: an API create that matches an existing person asks first."""
    lupe = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Guadalupe Reyes", phone="(520) 555-0101"
    )
    offered = api("member", "post", "", {"name": "Lupe R.", "phone": "+1 520 555 0101"})
    assert offered.status_code == 409
    error = offered.json()["error"]
    assert error["code"] == "possible_duplicate"
    assert error["fields"] == {"matches": [f"{lupe.pk}: Guadalupe Reyes"]}
    assert Stakeholder.objects.count() == 1
    created = api(
        "member", "post", "", {"name": "Lupe R.", "phone": "+1 520 555 0101", "confirm_new": True}
    )
    assert created.status_code == 201, created.content
    assert Stakeholder.objects.count() == 2
    # An organization of the same name as a person is not a name-only match.
    org = api("member", "post", "", {"name": "Guadalupe Reyes", "kind": "organization"})
    assert org.status_code == 201, org.content


def test_validation_errors_use_the_one_error_shape(api, cast):
    RegisteredStakeholderFactory(initiative=cast.initiative, name="First", email="ana@example.org")
    response = api(
        "member",
        "post",
        "",
        {"name": "Ana", "perspective": "nope", "circle": "middle", "email": "ana@example.org"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["perspective"]
    response = api("member", "post", "", {"name": "Ana", "circle": "middle", "email": "x"})
    fields = response.json()["error"]["fields"]
    assert response.json()["error"]["code"] == "invalid"
    assert set(fields) >= {"circle", "email"}
    response = api("member", "post", "", {"name": "Ana", "email": "ana@example.org"})
    assert "email" in response.json()["error"]["fields"]


def test_list_filters_and_paginates(api, cast):
    Stakeholder.objects.bulk_create(
        Stakeholder(initiative=cast.initiative, name=f"P{i:02}", circle="core" if i < 3 else "")
        for i in range(55)
    )
    body = api("viewer", "get", "?sort=-name").json()
    assert body["count"] == 55
    assert body["pages"] == 2
    assert len(body["items"]) == 50
    assert body["items"][0]["name"] == "P54"
    assert len(api("viewer", "get", "?page=2").json()["items"]) == 5
    core = api("viewer", "get", "?circle=core").json()
    assert [i["name"] for i in core["items"]] == ["P00", "P01", "P02"]


def test_viewers_get_no_contact_fields(api, cast):
    ana = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Ana", email="ana@example.org", phone="555-0101"
    )
    listed = api("viewer", "get", "").json()["items"][0]
    one = api("viewer", "get", f"/{ana.pk}").json()
    for item in (listed, one):
        assert "email" not in item
        assert "phone" not in item
    assert "ana@example.org" not in json.dumps(api("viewer", "get", "?q=ana@example").json())
    assert api("member", "get", f"/{ana.pk}").json()["email"] == "ana@example.org"


def test_patch_changes_only_what_is_sent(api, cast):
    org = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Parents United", kind=Kind.ORGANIZATION
    )
    ana = RegisteredStakeholderFactory(
        initiative=cast.initiative,
        name="Ana",
        position="Parent",
        email="ana@example.org",
        circle="key",
    )
    response = api(
        "member",
        "patch",
        f"/{ana.pk}",
        {"circle": "core", "organization_id": org.pk, "tags": ["rural"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["circle"] == "core"
    assert body["organization"] == {"id": org.pk, "name": "Parents United"}
    assert body["position"] == "Parent"
    assert body["email"] == "ana@example.org"
    entry = AuditEntry.objects.filter(action="update", target_id=ana.pk).first()
    assert entry.fields == ["circle", "organization", "tags"]


def test_patch_refuses_another_initiatives_organization(api, cast):
    foreign = Stakeholder.objects.create(
        initiative=cast.other, name="Elsewhere", kind=Kind.ORGANIZATION
    )
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    response = api("member", "patch", f"/{ana.pk}", {"organization_id": foreign.pk})
    assert response.status_code == 422
    assert "organization_id" in response.json()["error"]["fields"]


def test_delete_needs_a_convener(api, cast):
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    assert api("member", "delete", f"/{ana.pk}").status_code == 403
    assert api("convener", "delete", f"/{ana.pk}").status_code == 204
    assert not Stakeholder.objects.filter(pk=ana.pk).exists()


def test_operations_are_in_the_openapi_document(cast):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/initiatives/{slug}/stakeholders"]) == {"get", "post"}
    assert set(paths["/api/v1/initiatives/{slug}/stakeholders/{stakeholder_id}"]) == {
        "get",
        "patch",
        "delete",
    }


def test_the_detail_path_takes_only_numeric_ids(api):
    # Sibling paths such as /stakeholders/import belong to other operations.
    response = api("member", "get", "/not-a-number")
    assert response.status_code == 404
